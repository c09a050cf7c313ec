-- Patrol planning: present stays per desa and per hexagon cell.
-- Re-applied whole whenever a definition file changes (docs/architecture.md "Changing SQL").

-- pantau_patrol_desa: every desa with its patrol point (label point, else a
-- point on its surface; EPSG:4326), kecamatan name, present stays and
-- overstays over [p_from, p_to], unregistered accommodations, open alerts
-- (state 'open', counted by the alert's desa_code) and present stays over
-- [p_from − 30, p_to − 30].
CREATE OR REPLACE FUNCTION pantau_patrol_desa(p_from date, p_to date, p_nat text[], p_permit text[])
RETURNS TABLE (code text, name text, kecamatan_name text, pt geometry, present bigint, overstays bigint,
               unregistered bigint, open_alerts bigint, present_before bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT f.code, f.name, coalesce(k.name, ''), coalesce(a.label_point, ST_PointOnSurface(a.geom)),
         f.present, f.overstays, f.unregistered, coalesce(al.n, 0), b.present
  FROM pantau_area_figures('desa', p_from, p_to, p_nat, p_permit, '{}') f
  JOIN pantau_area_figures('desa', p_from - 30, p_to - 30, p_nat, p_permit, '{}') b ON b.code = f.code
  JOIN areas a ON a.code = f.code
  LEFT JOIN areas k ON k.code = a.parent_code
  LEFT JOIN (SELECT desa_code, count(*) AS n FROM alerts WHERE state = 'open' AND desa_code IS NOT NULL
             GROUP BY desa_code) al ON al.desa_code = f.code
$$;

-- pantau_patrol_hex: hexagon cells of p_cell_m metres (centre-to-vertex,
-- built in UTM 48S, EPSG:32748, anchored at that projection's origin as
-- ST_HexagonGrid does) holding at least one present stay, stay present 30
-- days before, unregistered accommodation or open alert inside p_bounds
-- (EPSG:4326). Stays are those of pantau_stays_matching. A point on an
-- edge shared by two cells counts once, in the cell with the lowest (i, j).
-- Returns each cell's index, its centre (EPSG:4326) and the desa of the
-- centre (pantau_desa_for; NULL outside every desa).
CREATE OR REPLACE FUNCTION pantau_patrol_hex(p_cell_m double precision, p_from date, p_to date, p_nat text[], p_permit text[],
                                  p_bounds geometry)
RETURNS TABLE (i integer, j integer, pt geometry, desa_code text, present bigint, overstays bigint,
               unregistered bigint, open_alerts bigint, present_before bigint)
LANGUAGE sql STABLE AS $$
  WITH pts AS (
    SELECT 's' || m.id AS k, m.geom, 1 AS present,
           pantau_is_overstay(m.permit_expiry, m.departure_date, p_to)::int AS overstays,
           0 AS unregistered, 0 AS open_alerts, 0 AS present_before
      FROM pantau_stays_matching(p_from, p_to, p_nat, p_permit, '{}') m
     WHERE ST_Intersects(m.geom, p_bounds)
    UNION ALL
    SELECT 'b' || m.id, m.geom, 0, 0, 0, 0, 1
      FROM pantau_stays_matching(p_from - 30, p_to - 30, p_nat, p_permit, '{}') m
     WHERE ST_Intersects(m.geom, p_bounds)
    UNION ALL
    SELECT 'a' || a.id, a.geom, 0, 0, 1, 0, 0
      FROM accommodations a WHERE NOT a.apoa_registered AND ST_Intersects(a.geom, p_bounds)
    UNION ALL
    SELECT 'l' || l.id, l.geom, 0, 0, 0, 1, 0
      FROM alerts l WHERE l.state = 'open' AND l.geom IS NOT NULL AND ST_Intersects(l.geom, p_bounds)
  ), located AS (
    SELECT DISTINCT ON (p.k) p.*, h.i, h.j
      FROM (SELECT pts.*, ST_Transform(pts.geom, 32748) AS g FROM pts) p
      CROSS JOIN LATERAL ST_HexagonGrid(p_cell_m, ST_Expand(p.g, 1)) h
     WHERE ST_Intersects(h.geom, p.g)
     ORDER BY p.k, h.i, h.j
  ), cells AS (
    SELECT l.i, l.j, sum(l.present)::bigint AS present, sum(l.overstays)::bigint AS overstays,
           sum(l.unregistered)::bigint AS unregistered, sum(l.open_alerts)::bigint AS open_alerts,
           sum(l.present_before)::bigint AS present_before
      FROM located l GROUP BY l.i, l.j
  )
  SELECT c.i, c.j, x.pt, pantau_desa_for(x.pt), c.present, c.overstays, c.unregistered, c.open_alerts, c.present_before
    FROM cells c
    CROSS JOIN LATERAL (SELECT ST_Transform(ST_Centroid(ST_Hexagon(p_cell_m, c.i, c.j,
                               ST_SetSRID(ST_Point(0, 0), 32748))), 4326) AS pt) x
$$;
