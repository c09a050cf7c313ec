-- Indexes for the stays tile layer (measured on the 1,000,000-stay
-- benchmark, stays layer alone: z12 tiles 238 → 75 ms, z15 30 → 7 ms).
--  * stays_tiles_idx: tile bounds (EPSG:3857) and period in one GiST
--    descent, for small tiles (z13+) where few stays lie in the tile.
--  * stays_tiles_period_idx: the period with every column the stays layer
--    reads included (3857 position, filter columns, overstay inputs), so
--    large tiles (z8–z12) over all present stays are index-only scans
--    instead of fetches of wide heap rows. (The area figures use
--    stays_period_cover_idx of migration 0300.)
CREATE INDEX stays_tiles_idx ON stays USING gist (geom_3857, period);
CREATE INDEX stays_tiles_period_idx ON stays USING gist (period)
  INCLUDE (geom_3857, nationality, permit_type, permit_expiry, departure_date);
