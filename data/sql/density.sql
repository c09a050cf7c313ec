-- Density: breakdowns by area, grids and polygons over the stays of pantau_stays_matching.
-- Re-applied whole whenever a definition file changes (docs/architecture.md "Changing SQL").

-- pantau_stay_key: the breakdown key of a stay for p_by:
--   nationality (ISO alpha-3), permit (permit type code),
--   status ('overstay' or 'in_permit', judged on p_to as in 0002),
--   accommodation_kind (the kind of the stay's accommodation, 'none'
--   for stays reported at a bare point).
CREATE OR REPLACE FUNCTION pantau_stay_key(p_by text, nationality bpchar, permit_type text, permit_expiry date,
                                departure_date date, kind text, p_to date) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE p_by
    WHEN 'nationality' THEN nationality::text
    WHEN 'permit' THEN permit_type
    WHEN 'status' THEN CASE WHEN pantau_is_overstay(permit_expiry, departure_date, p_to) THEN 'overstay' ELSE 'in_permit' END
    WHEN 'accommodation_kind' THEN coalesce(kind, 'none')
  END
$$;

-- pantau_area_breakdown: per area of p_level and breakdown key the stays
-- that pantau_area_figures counts as present there (same rows, same desa
-- assignment); only non-zero pairs are returned.
CREATE OR REPLACE FUNCTION pantau_area_breakdown(p_level text, p_by text, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[])
RETURNS TABLE (code text, key text, present bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN p_level = 'desa' THEN m.desa_code ELSE substr(m.desa_code, 1, 8) END,
         pantau_stay_key(p_by, m.nationality, m.permit_type, m.permit_expiry, m.departure_date, a.kind, p_to),
         count(*)
  FROM pantau_stays_matching(p_from, p_to, p_nat, p_permit, p_status) m
  LEFT JOIN accommodations a ON p_by = 'accommodation_kind' AND a.id = m.accommodation_id
  WHERE m.desa_code IS NOT NULL
  GROUP BY 1, 2
$$;

-- pantau_grid_search_box: the EPSG:4326 box to search for stays that fall in
-- the grid cells touching p_bounds (EPSG:4326): the bounds in UTM 48S grown
-- by two cells.
CREATE OR REPLACE FUNCTION pantau_grid_search_box(p_bounds geometry, p_cell double precision) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ST_Transform(ST_Expand(ST_Envelope(ST_Transform(p_bounds, 32748)), 2 * p_cell), 4326)
$$;

-- pantau_grid_stays, searching by the stays' UTM position (a condition of
-- the period index) instead of their EPSG:4326 box (the place index): see
-- above. The UTM box is the bounds' grown by two cells, as before; every
-- cell touching the bounds is complete in it. The cell arithmetic is the
-- same, computed in steps that each end in OFFSET 0 (inlined into each
-- other, the expressions were evaluated many times per stay) and in float8
-- throughout (the literals 0.5 and 1.5 made numeric arithmetic; the values
-- are exact either way). Same result.
CREATE OR REPLACE FUNCTION pantau_grid_stays(p_shape text, p_cell double precision, p_bounds geometry,
                                  p_from date, p_to date, p_nat text[], p_permit text[], p_status text[])
RETURNS TABLE (i integer, j integer, id bigint, nationality bpchar, permit_type text, permit_expiry date,
               departure_date date, accommodation_id bigint, desa_code text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN p_shape = 'square' THEN floor(h.x / p_cell)::int
              WHEN h.d0 <= h.d1 THEN h.q0 ELSE h.q0 + 1 END,
         CASE WHEN p_shape = 'square' THEN floor(h.y / p_cell)::int
              WHEN h.d0 <= h.d1 THEN h.j0 ELSE h.j1 END,
         h.id, h.nationality, h.permit_type, h.permit_expiry, h.departure_date, h.accommodation_id, h.desa_code
  FROM (
    -- Hexagon (i, j) has its centre at (1.5·s·i, √3·s·(j + ½·(i mod 2))).
    -- The cell holding a point is one of columns q0 and q0 + 1; within a
    -- column the nearest centre is the rounded row; d0, d1 are the squared
    -- distances to the two candidate centres.
    SELECT c.*,
           (c.x - 1.5::float8 * p_cell * c.q0) * (c.x - 1.5::float8 * p_cell * c.q0)
             + (c.y - sqrt(3) * p_cell * (c.j0 + 0.5::float8 * (c.q0 & 1))) * (c.y - sqrt(3) * p_cell * (c.j0 + 0.5::float8 * (c.q0 & 1))) AS d0,
           (c.x - 1.5::float8 * p_cell * (c.q0 + 1)) * (c.x - 1.5::float8 * p_cell * (c.q0 + 1))
             + (c.y - sqrt(3) * p_cell * (c.j1 + 0.5::float8 * ((c.q0 + 1) & 1))) * (c.y - sqrt(3) * p_cell * (c.j1 + 0.5::float8 * ((c.q0 + 1) & 1))) AS d1
    FROM (
      SELECT q.*,
             round(q.y / (sqrt(3) * p_cell) - 0.5::float8 * (q.q0 & 1))::int AS j0,
             round(q.y / (sqrt(3) * p_cell) - 0.5::float8 * ((q.q0 + 1) & 1))::int AS j1
      FROM (
        SELECT m.id, m.nationality, m.permit_type, m.permit_expiry, m.departure_date, m.accommodation_id, m.desa_code,
               m.utm_x AS x, m.utm_y AS y, floor(m.utm_x / (1.5::float8 * p_cell))::int AS q0
        FROM pantau_stays_matching(p_from, p_to, p_nat, p_permit, p_status) m,
             (SELECT ST_Expand(ST_Envelope(ST_Transform(p_bounds, 32748)), 2 * p_cell) AS b) sb
        WHERE m.utm_x BETWEEN ST_XMin(sb.b) AND ST_XMax(sb.b) AND m.utm_y BETWEEN ST_YMin(sb.b) AND ST_YMax(sb.b)
        OFFSET 0) q
      OFFSET 0) c
    OFFSET 0) h
$$;

-- The whole polygon is the one strip from −∞ to +∞ (one copy of the body).
CREATE OR REPLACE FUNCTION pantau_polygon_stays(p_area geometry, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[])
RETURNS TABLE (dim text, key text, present bigint, overstays bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT * FROM pantau_polygon_stays(p_area, p_from, p_to, p_nat, p_permit, p_status, '-Infinity', 'Infinity')
$$;

-- pantau_polygon_desa: each desa p_area touches, with the share (0..1) of
-- p_area's area that lies in it and that area in km² (share × p_area's
-- geodesic area). Shares are ratios of planar areas in degrees, exact
-- enough at a desa's scale (the cos(latitude) factor cancels); each desa is
-- clipped to p_area's box before the intersection to keep it cheap.
CREATE OR REPLACE FUNCTION pantau_polygon_desa(p_area geometry)
RETURNS TABLE (code text, name text, parent_code text, area_km2 double precision, inside_km2 double precision, share double precision)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH p AS MATERIALIZED (SELECT ST_Area(p_area::geography) / 1e6 AS km2, ST_Area(p_area) AS deg2, ST_Envelope(p_area) AS box)
  SELECT a.code, a.name, a.parent_code, a.area_km2, x.share * p.km2, x.share
  FROM areas a, p,
       LATERAL (SELECT ST_Area(ST_Intersection(ST_ClipByBox2D(a.geom, p.box), p_area)) / nullif(p.deg2, 0) AS share) x
  WHERE a.level = 'desa' AND a.geom && p_area AND ST_Intersects(a.geom, p_area)
$$;

-- pantau_polygon_accommodations: accommodations inside p_area (boundary
-- included) by kind, licence and APOA registration.
CREATE OR REPLACE FUNCTION pantau_polygon_accommodations(p_area geometry)
RETURNS TABLE (kind text, licensed boolean, apoa_registered boolean, n bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT a.kind, a.licensed, a.apoa_registered, count(*)
  FROM accommodations a
  WHERE a.geom @ p_area AND _ST_Covers(p_area, a.geom)
  GROUP BY 1, 2, 3
$$;

-- pantau_polygon_stays over a strip (0730), reaching the place index by the
-- place key. Same rows.
CREATE OR REPLACE FUNCTION pantau_polygon_stays(p_area geometry, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[],
                                     p_x0 double precision, p_x1 double precision)
RETURNS TABLE (dim text, key text, present bigint, overstays bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH s AS MATERIALIZED (
    SELECT coalesce(m.desa_code, '') AS desa, m.nationality::text AS nationality, m.permit_type AS permit,
           pantau_stay_key('status', m.nationality, m.permit_type, m.permit_expiry, m.departure_date, NULL, p_to) AS status,
           m.accommodation_id,
           pantau_is_overstay(m.permit_expiry, m.departure_date, p_to) AS over
    FROM pantau_stays_matching(p_from, p_to, p_nat, p_permit, p_status) m
    WHERE m.geom @ ST_MakeEnvelope(greatest(p_x0, ST_XMin(p_area)), ST_YMin(p_area), least(p_x1, ST_XMax(p_area)), ST_YMax(p_area), 4326)
      AND pantau_period_place_key(m.arrival_date, m.departure_date) && pantau_period_box(p_from, p_to)
      AND ST_X(m.geom) >= p_x0 AND ST_X(m.geom) < p_x1
      AND _ST_Covers(p_area, m.geom)
  ), per_acc AS (
    SELECT s.accommodation_id, count(*) AS n, count(*) FILTER (WHERE s.over) AS o FROM s GROUP BY 1
  )
  SELECT CASE WHEN grouping(desa) = 0 THEN 'desa' WHEN grouping(nationality) = 0 THEN 'nationality'
              WHEN grouping(permit) = 0 THEN 'permit' WHEN grouping(status) = 0 THEN 'status'
              ELSE 'total' END,
         coalesce(desa, nationality, permit, status, ''),
         count(*), count(*) FILTER (WHERE over)
  FROM s
  GROUP BY GROUPING SETS ((), (desa), (nationality), (permit), (status))
  UNION ALL
  SELECT 'accommodation_kind', coalesce(a.kind, 'none'), sum(p.n)::bigint, sum(p.o)::bigint
  FROM per_acc p LEFT JOIN accommodations a ON a.id = p.accommodation_id
  GROUP BY 2
$$;

CREATE OR REPLACE FUNCTION pantau_grid_figures(p_shape text, p_cell double precision, p_bounds geometry,
                                    p_from date, p_to date, p_nat text[], p_permit text[], p_status text[],
                                    p_scope text DEFAULT '')
RETURNS TABLE (i integer, j integer, geom geometry, present bigint, overstays bigint, present_in bigint, overstays_in bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH c AS MATERIALIZED ( -- fence: the cell test below must not run per stay
    SELECT g.i, g.j, count(*) AS present,
           count(*) FILTER (WHERE pantau_is_overstay(g.permit_expiry, g.departure_date, p_to)) AS overstays,
           count(*) FILTER (WHERE pantau_in_scope(g.desa_code, p_scope)) AS present_in,
           count(*) FILTER (WHERE pantau_in_scope(g.desa_code, p_scope) AND pantau_is_overstay(g.permit_expiry, g.departure_date, p_to)) AS overstays_in
    FROM pantau_grid_stays(p_shape, p_cell, p_bounds, p_from, p_to, p_nat, p_permit, p_status) g
    GROUP BY 1, 2
  ), b AS MATERIALIZED (
    SELECT ST_Transform(p_bounds, 32748) AS g
  ), p AS (
    SELECT c.*, CASE WHEN p_shape = 'square' THEN ST_Square(p_cell, c.i, c.j, ST_SetSRID(ST_Point(0, 0), 32748))
                     ELSE ST_Hexagon(p_cell, c.i, c.j, ST_SetSRID(ST_Point(0, 0), 32748)) END AS g
    FROM c
  )
  SELECT p.i, p.j, ST_Transform(p.g, 4326), p.present, p.overstays, p.present_in, p.overstays_in
  FROM p, b
  WHERE ST_Intersects(p.g, b.g)
$$;

CREATE OR REPLACE FUNCTION pantau_grid_breakdown(p_shape text, p_cell double precision, p_area geometry,
                                      p_from date, p_to date, p_nat text[], p_permit text[], p_status text[],
                                      p_scope text DEFAULT '')
RETURNS TABLE (i integer, j integer, dim text, key text, present bigint, overstays bigint, present_in bigint, overstays_in bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH s AS MATERIALIZED (
    SELECT g.i, g.j, g.nationality::text AS nationality, g.permit_type AS permit,
           pantau_stay_key('status', g.nationality, g.permit_type, g.permit_expiry, g.departure_date, NULL, p_to) AS status,
           coalesce(a.kind, 'none') AS kind,
           pantau_is_overstay(g.permit_expiry, g.departure_date, p_to) AS over,
           coalesce(pantau_in_scope(g.desa_code, p_scope), false) AS inscope
    FROM pantau_grid_stays(p_shape, p_cell, p_area, p_from, p_to, p_nat, p_permit, p_status) g
    LEFT JOIN accommodations a ON a.id = g.accommodation_id
  ), cells AS MATERIALIZED (
    SELECT DISTINCT s.i, s.j FROM s
  ), inside AS MATERIALIZED ( -- the centre test runs once per cell
    SELECT cells.i, cells.j FROM cells
    WHERE ST_Covers(p_area, ST_Transform(ST_Centroid(
      CASE WHEN p_shape = 'square' THEN ST_Square(p_cell, cells.i, cells.j, ST_SetSRID(ST_Point(0, 0), 32748))
           ELSE ST_Hexagon(p_cell, cells.i, cells.j, ST_SetSRID(ST_Point(0, 0), 32748)) END), 4326))
  )
  SELECT s.i, s.j,
         CASE WHEN grouping(s.nationality) = 0 THEN 'nationality' WHEN grouping(s.permit) = 0 THEN 'permit'
              WHEN grouping(s.status) = 0 THEN 'status' WHEN grouping(s.kind) = 0 THEN 'accommodation_kind'
              ELSE 'total' END,
         coalesce(s.nationality, s.permit, s.status, s.kind, ''),
         count(*), count(*) FILTER (WHERE s.over), count(*) FILTER (WHERE s.inscope), count(*) FILTER (WHERE s.over AND s.inscope)
  FROM s
  WHERE (s.i, s.j) IN (SELECT inside.i, inside.j FROM inside)
  GROUP BY GROUPING SETS ((s.i, s.j), (s.i, s.j, s.nationality), (s.i, s.j, s.permit), (s.i, s.j, s.status), (s.i, s.j, s.kind))
$$;
