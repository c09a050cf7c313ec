-- The aggregations that tiles and the JSON API share live here, once, so a
-- tile and a density query can never disagree.

-- A stay's period as a closed date range; an open stay (no departure) is
-- unbounded above. The GiST index answers "present on d / during [a, b]".
ALTER TABLE stays ADD COLUMN period daterange
  GENERATED ALWAYS AS (CASE WHEN departure_date < arrival_date THEN NULL -- rejected by a CHECK of 0001
    ELSE daterange(arrival_date, departure_date, '[]') END) STORED;
CREATE INDEX stays_period_idx ON stays USING gist (period);

-- pantau_stays_matching returns the stays a filter selects:
--   present on some day of [p_from, p_to] (a stay is present from its arrival
--   day through its departure day, both included);
--   nationality in p_nat, permit_type in p_permit (empty array: any);
--   status: 'present' (default) every present stay; 'overstay' those whose
--   permit expired before their last present day in the window;
--   'in_permit' the others. Several statuses select their union.
-- Written as one SELECT so PostgreSQL inlines it and pushes spatial
-- predicates of the caller (tile bounds, polygons) down to the indexes.
CREATE FUNCTION pantau_stays_matching(p_from date, p_to date, p_nat text[], p_permit text[], p_status text[])
RETURNS SETOF stays LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT s.* FROM stays s
  WHERE s.period && daterange(p_from, p_to, '[]')
    AND (cardinality(p_nat) = 0 OR s.nationality = ANY (p_nat::bpchar[]))
    AND (cardinality(p_permit) = 0 OR s.permit_type = ANY (p_permit))
    AND (cardinality(p_status) = 0 OR 'present' = ANY (p_status)
      OR ('overstay' = ANY (p_status) AND s.permit_expiry < least(p_to, coalesce(s.departure_date, p_to)))
      OR ('in_permit' = ANY (p_status) AND (s.permit_expiry IS NULL OR s.permit_expiry >= least(p_to, coalesce(s.departure_date, p_to)))))
$$;

-- pantau_is_overstay: the stay's permit expired before its last present day
-- in the window ending p_to.
CREATE FUNCTION pantau_is_overstay(permit_expiry date, departure_date date, p_to date) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(permit_expiry < least(p_to, coalesce(departure_date, p_to)), false)
$$;

-- pantau_area_figures: per area of p_level ('desa' or 'kecamatan') the
-- figures of the desa/kecamatan tile layers and of GET /api/v1/density/areas:
-- present stays, stays per km², overstays, accommodations and unregistered
-- (not APOA-registered) accommodations. Stays outside every desa count in
-- no area. Every area of the level appears, with zeros where empty.
CREATE FUNCTION pantau_area_figures(p_level text, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[])
RETURNS TABLE (code text, name text, parent_code text, area_km2 double precision, present bigint,
               per_km2 double precision, overstays bigint, accommodations bigint, unregistered bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH s AS (
    SELECT CASE WHEN p_level = 'desa' THEN m.desa_code ELSE substr(m.desa_code, 1, 8) END AS code,
           count(*) AS present,
           count(*) FILTER (WHERE pantau_is_overstay(m.permit_expiry, m.departure_date, p_to)) AS overstays
    FROM pantau_stays_matching(p_from, p_to, p_nat, p_permit, p_status) m
    WHERE m.desa_code IS NOT NULL
    GROUP BY 1
  ), acc AS (
    SELECT CASE WHEN p_level = 'desa' THEN desa_code ELSE substr(desa_code, 1, 8) END AS code,
           count(*) AS n, count(*) FILTER (WHERE NOT apoa_registered) AS unregistered
    FROM accommodations
    WHERE desa_code IS NOT NULL
    GROUP BY 1
  )
  SELECT a.code, a.name, a.parent_code, a.area_km2,
         coalesce(s.present, 0), coalesce(s.present, 0) / nullif(a.area_km2, 0),
         coalesce(s.overstays, 0), coalesce(acc.n, 0), coalesce(acc.unregistered, 0)
  FROM areas a
  LEFT JOIN s ON s.code = a.code
  LEFT JOIN acc ON acc.code = a.code
  WHERE a.level = p_level
$$;
