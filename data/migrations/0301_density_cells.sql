-- pantau_grid_breakdown, replaced: with a generic plan (prepared
-- statements) PostgreSQL joined every stay to every cell and re-ran the
-- cell-centre test per pair; the centre test now runs once per cell in a
-- materialized step and the stays join it by hash. Same result.
CREATE OR REPLACE FUNCTION pantau_grid_breakdown(p_shape text, p_cell double precision, p_area geometry,
                                      p_from date, p_to date, p_nat text[], p_permit text[], p_status text[])
RETURNS TABLE (i integer, j integer, dim text, key text, present bigint, overstays bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH s AS MATERIALIZED (
    SELECT g.i, g.j, g.nationality::text AS nationality, g.permit_type AS permit,
           pantau_stay_key('status', g.nationality, g.permit_type, g.permit_expiry, g.departure_date, NULL, p_to) AS status,
           coalesce(a.kind, 'none') AS kind,
           pantau_is_overstay(g.permit_expiry, g.departure_date, p_to) AS over
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
         count(*), count(*) FILTER (WHERE s.over)
  FROM s
  WHERE (s.i, s.j) IN (SELECT inside.i, inside.j FROM inside)
  GROUP BY GROUPING SETS ((s.i, s.j), (s.i, s.j, s.nationality), (s.i, s.j, s.permit), (s.i, s.j, s.status), (s.i, s.j, s.kind))
$$;
