-- pantau_disclose: the disclosure rule of geo.Disclose in SQL, for the tile
-- layers (README "Small counts"). For a caller that sees aggregates only, a
-- count n of people is shown as: 0 for 0; NULL (hidden) for 1..k−1;
-- n − n mod k (a multiple of k) for k or more. With k ≤ 1, n.
CREATE FUNCTION pantau_disclose(n bigint, k int) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN k <= 1 OR n <= 0 THEN n WHEN n < k THEN NULL ELSE n - n % k END
$$;
