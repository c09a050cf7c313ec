-- The shared filter (pantau_stays_matching) and area figures that tiles and the density API both use.
-- Re-applied whole whenever a definition file changes (docs/architecture.md "Changing SQL").

-- pantau_stays_matching: the stays present on some day of [p_from, p_to]
-- (NULL: unbounded) that pass the filter. Open stays (no departure) are
-- present from their arrival on and are read from their own index;
-- closed stays by the period box (migrations 0900, 2100). A caller that
-- narrows by place adds the place key test (pantau_period_place_key &&
-- pantau_period_box) and a test on geom or geom_3857: the planner pushes
-- both into each branch, so the closed stays come from the place index and
-- the open ones from stays_open_idx.
CREATE OR REPLACE FUNCTION pantau_stays_matching(p_from date, p_to date, p_nat text[], p_permit text[], p_status text[])
RETURNS SETOF stays LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT s.* FROM (
    SELECT * FROM stays WHERE departure_date IS NULL AND (p_to IS NULL OR arrival_date <= p_to)
    UNION ALL
    SELECT * FROM stays WHERE departure_date IS NOT NULL
      AND pantau_period_key(arrival_date, departure_date) && pantau_period_box(p_from, p_to)
  ) s
  WHERE (cardinality(p_nat) = 0 OR s.nationality = ANY (p_nat::bpchar[]))
    AND (cardinality(p_permit) = 0 OR s.permit_type = ANY (p_permit))
    AND (cardinality(p_status) = 0 OR 'present' = ANY (p_status)
      OR ('overstay' = ANY (p_status) AND s.permit_expiry < least(p_to, coalesce(s.departure_date, p_to)))
      OR ('in_permit' = ANY (p_status) AND (s.permit_expiry IS NULL OR s.permit_expiry >= least(p_to, coalesce(s.departure_date, p_to)))))
$$;

-- pantau_is_overstay: the stay's permit expired before its last present day
-- in the window ending p_to.
CREATE OR REPLACE FUNCTION pantau_is_overstay(permit_expiry date, departure_date date, p_to date) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(permit_expiry < least(p_to, coalesce(departure_date, p_to)), false)
$$;

-- pantau_stay_counts_spans: the buckets of desa_stay_counts that together
-- hold every event on or before x, and none after, as (span, first bucket,
-- last bucket): the years before x's, the months of x's year before x's,
-- the days of x's month through x.
CREATE OR REPLACE FUNCTION pantau_stay_counts_spans(x date) RETURNS TABLE (span smallint, lo date, hi date)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  VALUES (2::smallint, '-infinity'::date, pantau_year_of(x) - 1),
         (1::smallint, pantau_year_of(x), pantau_month_of(x) - 1),
         (0::smallint, pantau_month_of(x), x)
$$;

-- pantau_stay_counts_upto: the counters of pantau_stay_counts_spans(x), of
-- every desa (p_codes NULL: the primary key's ranges) or of the desa p_codes
-- only (desa_stay_counts_desa_idx, migration 1800: a few dozen entries per
-- desa, so a tile showing 2 desa reads 200 counters instead of 36,000).
CREATE OR REPLACE FUNCTION pantau_stay_counts_upto(x date, p_codes text[]) RETURNS SETOF desa_stay_counts
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT c.* FROM pantau_stay_counts_spans(x) r
  JOIN desa_stay_counts c ON c.span = r.span AND c.bucket BETWEEN r.lo AND r.hi
  WHERE p_codes IS NULL
  UNION ALL
  SELECT c.* FROM pantau_stay_counts_spans(x) r CROSS JOIN unnest(p_codes) d(code)
  JOIN desa_stay_counts c ON c.desa_code = d.code AND c.span = r.span AND c.bucket BETWEEN r.lo AND r.hi
$$;

-- pantau_desa_presence: per desa (every desa, or those of p_codes) the
-- stays present on some day of [p_from, p_to] and how many of them overstay
-- (pantau_is_overstay on p_to), from the kept counters: those started by
-- p_to less those ended before p_from (p_from ≤ p_to). Exactly what the stays themselves give
-- with no filter (TestDesaStayCountsMatchStays). Never parallel: a few
-- dozen thousand index entries are read in 20 ms, and starting workers for
-- them made it 115–290 ms on the 10M dataset.
CREATE OR REPLACE FUNCTION pantau_desa_presence(p_from date, p_to date, p_codes text[] DEFAULT NULL)
RETURNS TABLE (desa_code text, present bigint, overstays bigint)
LANGUAGE sql STABLE PARALLEL SAFE SET max_parallel_workers_per_gather = 0 AS $$
  SELECT c.desa_code, sum(c.started - c.ended)::bigint, sum(c.over_started - c.over_ended)::bigint
  FROM (SELECT u.desa_code, u.started, 0 AS ended, u.over_started, 0 AS over_ended FROM pantau_stay_counts_upto(p_to, p_codes) u
        UNION ALL
        SELECT b.desa_code, 0, b.ended, 0, b.over_ended FROM pantau_stay_counts_upto(p_from - 1, p_codes) b) c
  GROUP BY 1
$$;

-- pantau_area_figures (0002), reading the kept counts: the accommodations
-- always (desa_accommodation_counts), the present stays and overstays when
-- no filter narrows them (pantau_desa_presence), else the stays. Same
-- result. p_codes: only the areas of p_level with these codes (NULL: all);
-- at desa level only their counters and stays are counted (a tile's desa),
-- tested with a hashed subplan: `= ANY` of the array compared each stay
-- with every code (a z10 tile's 169 desa: 316 → 90 ms at 10M).
CREATE OR REPLACE FUNCTION pantau_area_figures(p_level text, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[],
                                               p_codes text[] DEFAULT NULL)
RETURNS TABLE (code text, name text, parent_code text, area_km2 double precision, present bigint,
               per_km2 double precision, overstays bigint, accommodations bigint, unregistered bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH d AS (SELECT CASE WHEN p_level = 'desa' THEN p_codes END AS codes), s AS (
    SELECT CASE WHEN p_level = 'desa' THEN k.desa_code ELSE substr(k.desa_code, 1, 8) END AS code,
           sum(k.present)::bigint AS present, sum(k.overstays)::bigint AS overstays
    FROM pantau_desa_presence(p_from, p_to, (SELECT codes FROM d)) k
    WHERE p_from <= p_to AND cardinality(p_nat) = 0 AND cardinality(p_permit) = 0 AND cardinality(p_status) = 0
    GROUP BY 1
    UNION ALL
    SELECT CASE WHEN p_level = 'desa' THEN m.desa_code ELSE substr(m.desa_code, 1, 8) END AS code,
           count(*) AS present,
           count(*) FILTER (WHERE pantau_is_overstay(m.permit_expiry, m.departure_date, p_to)) AS overstays
    FROM pantau_stays_matching(p_from, p_to, p_nat, p_permit, p_status) m
    WHERE m.desa_code IS NOT NULL
      AND ((SELECT codes FROM d) IS NULL OR m.desa_code IN (SELECT unnest(codes) FROM d))
      AND NOT coalesce(p_from <= p_to AND cardinality(p_nat) = 0 AND cardinality(p_permit) = 0 AND cardinality(p_status) = 0, false)
    GROUP BY 1
  ), acc AS (
    SELECT CASE WHEN p_level = 'desa' THEN c.desa_code ELSE substr(c.desa_code, 1, 8) END AS code,
           sum(c.n)::bigint AS n, sum(c.unregistered)::bigint AS unregistered
    FROM desa_accommodation_counts c
    GROUP BY 1
  )
  SELECT a.code, a.name, a.parent_code, a.area_km2,
         coalesce(s.present, 0), coalesce(s.present, 0) / nullif(a.area_km2, 0),
         coalesce(s.overstays, 0), coalesce(acc.n, 0), coalesce(acc.unregistered, 0)
  FROM areas a
  LEFT JOIN s ON s.code = a.code
  LEFT JOIN acc ON acc.code = a.code
  WHERE a.level = p_level AND (p_codes IS NULL OR a.code = ANY (p_codes))
$$;
