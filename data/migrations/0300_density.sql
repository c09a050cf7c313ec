-- Density: breakdowns, metric grids and polygon figures. Every count here
-- selects its stays through pantau_stays_matching (0002), the one copy of
-- the counting rules that the desa/kecamatan tiles use too; these functions
-- only group what it returns differently.
--
-- Metric work is done in UTM zone 48S (EPSG:32748): grid cell sizes and
-- buffers are metres there. Grids are anchored at the projection's origin,
-- so a cell of a given shape and size is the same cell in every request.

-- A stay's position in UTM 48S metres, stored so grids never project per
-- row at query time.
ALTER TABLE stays
  ADD COLUMN utm_x double precision GENERATED ALWAYS AS (ST_X(ST_Transform(geom, 32748))) STORED,
  ADD COLUMN utm_y double precision GENERATED ALWAYS AS (ST_Y(ST_Transform(geom, 32748))) STORED;

-- Covering indexes: the all-desa figures for a date read only the index
-- (index-only scan), and polygon queries find stays by place and period in
-- one GiST descent.
CREATE INDEX stays_period_cover_idx ON stays USING gist (period)
  INCLUDE (desa_code, nationality, permit_type, permit_expiry, departure_date, accommodation_id);
-- geom is repeated in INCLUDE because a GiST key holds only its box; so
-- included, polygon and grid queries are index-only scans too.
CREATE INDEX stays_geom_period_cover_idx ON stays USING gist (geom, period)
  INCLUDE (desa_code, nationality, permit_type, permit_expiry, departure_date, accommodation_id, geom, utm_x, utm_y);
CREATE INDEX accommodations_desa_cover_idx ON accommodations (desa_code) INCLUDE (apoa_registered, kind, licensed);

-- pantau_stay_key: the breakdown key of a stay for p_by:
--   nationality (ISO alpha-3), permit (permit type code),
--   status ('overstay' or 'in_permit', judged on p_to as in 0002),
--   accommodation_kind (the kind of the stay's accommodation, 'none'
--   for stays reported at a bare point).
CREATE FUNCTION pantau_stay_key(p_by text, nationality bpchar, permit_type text, permit_expiry date,
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
CREATE FUNCTION pantau_area_breakdown(p_level text, p_by text, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[])
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
CREATE FUNCTION pantau_grid_search_box(p_bounds geometry, p_cell double precision) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ST_Transform(ST_Expand(ST_Envelope(ST_Transform(p_bounds, 32748)), 2 * p_cell), 4326)
$$;

-- pantau_grid_stays: the stays a filter selects near p_bounds, each with the
-- (i, j) of the grid cell that holds it. Cells are those of ST_SquareGrid /
-- ST_HexagonGrid with origin (0, 0) in EPSG:32748, p_cell metres (the side of
-- a square, the edge = circumradius of a flat-topped hexagon). A point on a
-- shared edge belongs to exactly one cell: squares are closed below/left and
-- open above/right; for hexagons the nearest centre wins, ties to the lower
-- column. Use ST_Square / ST_Hexagon(p_cell, i, j) for a cell's polygon.
CREATE FUNCTION pantau_grid_stays(p_shape text, p_cell double precision, p_bounds geometry,
                                  p_from date, p_to date, p_nat text[], p_permit text[], p_status text[])
RETURNS TABLE (i integer, j integer, id bigint, nationality bpchar, permit_type text, permit_expiry date,
               departure_date date, accommodation_id bigint, desa_code text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN p_shape = 'square' THEN floor(u.x / p_cell)::int
              WHEN h.d0 <= h.d1 THEN h.q0 ELSE h.q0 + 1 END,
         CASE WHEN p_shape = 'square' THEN floor(u.y / p_cell)::int
              WHEN h.d0 <= h.d1 THEN h.j0 ELSE h.j1 END,
         m.id, m.nationality, m.permit_type, m.permit_expiry, m.departure_date, m.accommodation_id, m.desa_code
  FROM pantau_stays_matching(p_from, p_to, p_nat, p_permit, p_status) m
  CROSS JOIN LATERAL (SELECT m.utm_x AS x, m.utm_y AS y) u
  CROSS JOIN LATERAL (
    -- Hexagon (i, j) has its centre at (1.5·s·i, √3·s·(j + ½·(i mod 2))).
    -- The cell holding a point is one of columns q0 and q0 + 1; within a
    -- column the nearest centre is the rounded row.
    SELECT c.q0, c.j0, c.j1,
           (u.x - 1.5 * p_cell * c.q0) ^ 2 + (u.y - sqrt(3) * p_cell * (c.j0 + 0.5 * (c.q0 & 1))) ^ 2 AS d0,
           (u.x - 1.5 * p_cell * (c.q0 + 1)) ^ 2 + (u.y - sqrt(3) * p_cell * (c.j1 + 0.5 * ((c.q0 + 1) & 1))) ^ 2 AS d1
    FROM (SELECT q.q0,
                 round(u.y / (sqrt(3) * p_cell) - 0.5 * (q.q0 & 1))::int AS j0,
                 round(u.y / (sqrt(3) * p_cell) - 0.5 * ((q.q0 + 1) & 1))::int AS j1
          FROM (SELECT floor(u.x / (1.5 * p_cell))::int AS q0) q) c
  ) h
  WHERE m.geom && pantau_grid_search_box(p_bounds, p_cell)
$$;

-- pantau_grid_figures: per grid cell touching p_bounds (EPSG:4326) with at
-- least one matching stay: its cell index, polygon (EPSG:4326), present
-- stays and overstays. Cells with no stay are not returned.
CREATE FUNCTION pantau_grid_figures(p_shape text, p_cell double precision, p_bounds geometry,
                                    p_from date, p_to date, p_nat text[], p_permit text[], p_status text[])
RETURNS TABLE (i integer, j integer, geom geometry, present bigint, overstays bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH c AS MATERIALIZED ( -- fence: the cell test below must not run per stay
    SELECT g.i, g.j, count(*) AS present,
           count(*) FILTER (WHERE pantau_is_overstay(g.permit_expiry, g.departure_date, p_to)) AS overstays
    FROM pantau_grid_stays(p_shape, p_cell, p_bounds, p_from, p_to, p_nat, p_permit, p_status) g
    GROUP BY 1, 2
  ), b AS MATERIALIZED (
    SELECT ST_Transform(p_bounds, 32748) AS g
  ), p AS (
    SELECT c.*, CASE WHEN p_shape = 'square' THEN ST_Square(p_cell, c.i, c.j, ST_SetSRID(ST_Point(0, 0), 32748))
                     ELSE ST_Hexagon(p_cell, c.i, c.j, ST_SetSRID(ST_Point(0, 0), 32748)) END AS g
    FROM c
  )
  SELECT p.i, p.j, ST_Transform(p.g, 4326), p.present, p.overstays
  FROM p, b
  WHERE ST_Intersects(p.g, b.g)
$$;

-- pantau_grid_breakdown: per grid cell whose centre lies in p_area
-- (EPSG:4326, boundary included) the stays of the whole cell: dim 'total'
-- (key ''), and per key of nationality, permit, status and
-- accommodation_kind. It is how polygon figures are built for roles that see
-- aggregates only: whole fixed cells, never a cut through one.
CREATE FUNCTION pantau_grid_breakdown(p_shape text, p_cell double precision, p_area geometry,
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
  ), inside AS (
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
  FROM s JOIN inside USING (i, j)
  GROUP BY GROUPING SETS ((s.i, s.j), (s.i, s.j, s.nationality), (s.i, s.j, s.permit), (s.i, s.j, s.status), (s.i, s.j, s.kind))
$$;

-- pantau_polygon_stays: the stays a filter selects inside p_area (EPSG:4326
-- (Multi)Polygon, boundary included): dim 'total' (key ''), 'desa' (key =
-- the stay's assigned desa, '' outside every desa), and per key of
-- nationality, permit, status and accommodation_kind.
CREATE FUNCTION pantau_polygon_stays(p_area geometry, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[])
RETURNS TABLE (dim text, key text, present bigint, overstays bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH s AS (
    SELECT coalesce(m.desa_code, '') AS desa, m.nationality::text AS nationality, m.permit_type AS permit,
           pantau_stay_key('status', m.nationality, m.permit_type, m.permit_expiry, m.departure_date, NULL, p_to) AS status,
           coalesce(a.kind, 'none') AS kind,
           pantau_is_overstay(m.permit_expiry, m.departure_date, p_to) AS over
    FROM pantau_stays_matching(p_from, p_to, p_nat, p_permit, p_status) m
    LEFT JOIN accommodations a ON a.id = m.accommodation_id
    -- The bounding-box test uses the (geom, period) index; _ST_Covers then
    -- tests exactly (ST_Covers would let the planner pick the geom index).
    WHERE m.geom @ p_area AND _ST_Covers(p_area, m.geom)
  )
  SELECT CASE WHEN grouping(desa) = 0 THEN 'desa' WHEN grouping(nationality) = 0 THEN 'nationality'
              WHEN grouping(permit) = 0 THEN 'permit' WHEN grouping(status) = 0 THEN 'status'
              WHEN grouping(kind) = 0 THEN 'accommodation_kind' ELSE 'total' END,
         coalesce(desa, nationality, permit, status, kind, ''),
         count(*), count(*) FILTER (WHERE over)
  FROM s
  GROUP BY GROUPING SETS ((), (desa), (nationality), (permit), (status), (kind))
$$;

-- pantau_polygon_desa: each desa p_area touches, with the share (0..1) of
-- p_area's area that lies in it and that area in km² (share × p_area's
-- geodesic area). Shares are ratios of planar areas in degrees, exact
-- enough at a desa's scale (the cos(latitude) factor cancels); each desa is
-- clipped to p_area's box before the intersection to keep it cheap.
CREATE FUNCTION pantau_polygon_desa(p_area geometry)
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
CREATE FUNCTION pantau_polygon_accommodations(p_area geometry)
RETURNS TABLE (kind text, licensed boolean, apoa_registered boolean, n bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT a.kind, a.licensed, a.apoa_registered, count(*)
  FROM accommodations a
  WHERE a.geom @ p_area AND _ST_Covers(p_area, a.geom)
  GROUP BY 1, 2, 3
$$;
