-- Period keys: a stay's [arrival, departure] as a point, so a GiST index finds the stays of a period.
-- Re-applied whole whenever a definition file changes (docs/architecture.md "Changing SQL").
-- Index expressions use these keys, so their PostGIS calls are schema-qualified:
-- pg_restore builds the indexes with an empty search_path.

CREATE OR REPLACE FUNCTION pantau_period_key(a date, d date) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT public.ST_MakePoint((a - date '2000-01-01')::float8, coalesce(d - date '2000-01-01', 10000000)::float8)
$$;

CREATE OR REPLACE FUNCTION pantau_period_place_key(a date, d date) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT public.ST_Point((a - date '2000-01-01')::float8, coalesce(d - date '2000-01-01', 10000000)::float8)
$$;

-- The keys present on some day of [f, t] (NULL: unbounded). f is held
-- below the open stays' 10,000,000, which are present on every later day.
CREATE OR REPLACE FUNCTION pantau_period_box(f date, t date) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT public.ST_MakeEnvelope(-20000000, least(coalesce(f - date '2000-01-01', -20000000), 10000000)::float8,
                         coalesce(t - date '2000-01-01', 20000000)::float8, 20000000)
$$;
