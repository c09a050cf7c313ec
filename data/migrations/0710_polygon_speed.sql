-- Polygon figures, faster (benchmark: 1,000-vertex polygon of 20 km² over
-- Cipanas on 1,000,000 stays). The stays count itself is redefined in 0730.

-- Accommodations inside a polygon: an index-only scan (the kind, licence
-- and registration counts need no table row).
CREATE INDEX accommodations_geom_cover_idx ON accommodations USING gist (geom)
  INCLUDE (kind, licensed, apoa_registered, geom);
DROP INDEX accommodations_geom_idx;

-- The kinds of the accommodations of the stays inside (0730 looks each
-- accommodation up once): index-only lookups.
CREATE INDEX accommodations_id_kind_idx ON accommodations (id) INCLUDE (kind);
