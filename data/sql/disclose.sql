-- Count suppression for viewers: the one SQL form of geo.Disclose.
-- Re-applied whole whenever a definition file changes (docs/architecture.md "Changing SQL").

-- pantau_disclose (migration 1100) without STRICT, so PostgreSQL inlines it
-- into the tile queries instead of calling a SQL function once per hexagon
-- or cluster (a STRICT function whose body is a CASE cannot be inlined). A
-- NULL n or k still gives NULL.
CREATE OR REPLACE FUNCTION pantau_disclose(n bigint, k int) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN k <= 1 OR n <= 0 THEN n WHEN n < k THEN NULL ELSE n - n % k END
$$;
