-- Desa assignment of a point.
-- Re-applied whole whenever a definition file changes (README "Changing SQL").

-- pantau_desa_for returns the desa a point belongs to, deterministically:
--  1. the desa whose polygon covers the point (boundary counts as inside);
--     where neighbouring desa overlap, the lowest Kemendagri code wins;
--  2. otherwise (a gap between neighbours) the nearest desa within 100 m,
--     ties to the lowest code;
--  3. otherwise NULL: the point lies outside every desa and is flagged so.
CREATE OR REPLACE FUNCTION pantau_desa_for(p geometry) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(
    (SELECT a.code FROM areas a
      WHERE a.level = 'desa' AND ST_Covers(a.geom, p)
      ORDER BY a.code LIMIT 1),
    (SELECT a.code FROM areas a
      WHERE a.level = 'desa' AND ST_DWithin(a.geom::geography, p::geography, 100)
      ORDER BY ST_Distance(a.geom::geography, p::geography), a.code LIMIT 1))
$$;
