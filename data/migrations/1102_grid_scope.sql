-- The grid functions also count, per cell (and per key), the stays inside
-- a scope (pantau_in_scope; '' = all): an officer sees its own area
-- exactly, so a cell that mixes its area with others is shown as the exact
-- in-area part plus the disclosed rest (geo.DiscloseMixed, README "Small
-- counts") — showing the whole cell disclosed would let the officer
-- subtract its own, exactly known stays and read the rest. Bodies as in
-- 0300 (pantau_grid_figures) and 0301 (pantau_grid_breakdown), plus the
-- in-scope counts.
DROP FUNCTION pantau_grid_figures(text, double precision, geometry, date, date, text[], text[], text[]);
CREATE FUNCTION pantau_grid_figures(p_shape text, p_cell double precision, p_bounds geometry,
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

DROP FUNCTION pantau_grid_breakdown(text, double precision, geometry, date, date, text[], text[], text[]);
CREATE FUNCTION pantau_grid_breakdown(p_shape text, p_cell double precision, p_area geometry,
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
