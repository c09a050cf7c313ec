-- Polygon figures, faster (benchmark: 1,000-vertex polygon of 20 km² over
-- Cipanas on 1,000,000 stays).
--
-- pantau_polygon_stays: the accommodation kind of each stay came from one
-- accommodations lookup per stay (5,572 in the benchmark, a quarter of the
-- query); now the stays inside are counted per accommodation first and each
-- accommodation is looked up once. Same rows, same result.
CREATE OR REPLACE FUNCTION pantau_polygon_stays(p_area geometry, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[])
RETURNS TABLE (dim text, key text, present bigint, overstays bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH s AS MATERIALIZED (
    SELECT coalesce(m.desa_code, '') AS desa, m.nationality::text AS nationality, m.permit_type AS permit,
           pantau_stay_key('status', m.nationality, m.permit_type, m.permit_expiry, m.departure_date, NULL, p_to) AS status,
           m.accommodation_id,
           pantau_is_overstay(m.permit_expiry, m.departure_date, p_to) AS over
    FROM pantau_stays_matching(p_from, p_to, p_nat, p_permit, p_status) m
    -- The bounding-box and period tests use the (geom, period) index (the
    -- period test repeats the one of pantau_stays_matching, see 0700);
    -- _ST_Covers then tests exactly.
    WHERE m.geom @ p_area AND m.period && daterange(p_from, p_to, '[]') AND _ST_Covers(p_area, m.geom)
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

-- Accommodations inside a polygon: an index-only scan (the kind, licence
-- and registration counts need no table row).
CREATE INDEX accommodations_geom_cover_idx ON accommodations USING gist (geom)
  INCLUDE (kind, licensed, apoa_registered, geom);
DROP INDEX accommodations_geom_idx;

-- The kinds of the accommodations of the stays inside: index-only lookups.
CREATE INDEX accommodations_id_kind_idx ON accommodations (id) INCLUDE (kind);
