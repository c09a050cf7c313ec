-- Stays indexes, consolidated so that writes maintain two GiST indexes
-- instead of seven (each GiST costs a bulk import about as much as the
-- table write itself; measured on 200,000 stays: 0.97 s with no secondary
-- index, 11.0 s with the eleven of migrations 0001–0300).
--
-- What remains, and who reads it:
--  * stays_period_cover_idx (period) INCLUDE the filter, figure and tile
--    columns: "present during [a, b]" scans over a whole area — the desa and
--    kecamatan figures (tiles and /density/areas) and large stays tiles
--    (z8–z12) are index-only scans of it. Replaces stays_period_idx,
--    stays_tiles_period_idx and the old stays_period_cover_idx.
--  * stays_geom_period_cover_idx (geom, period) INCLUDE …: place-first
--    searches — polygons, grids, small stays tiles (z13+, which search by
--    the tile's box in EPSG:4326, see tiles/layer_stays.go), geofence
--    counts and sweeps. Replaces stays_geom_idx, stays_geom_3857_idx and
--    stays_tiles_idx.
--  * B-trees: the primary key, (source, source_id), accommodation_id (the
--    accommodations foreign key) and passport_no (a person's stays).
--    stays_desa_idx and stays_dates_idx had no reader.
DROP INDEX stays_geom_idx;
DROP INDEX stays_geom_3857_idx;
DROP INDEX stays_period_idx;
DROP INDEX stays_tiles_idx;
DROP INDEX stays_tiles_period_idx;
DROP INDEX stays_desa_idx;
DROP INDEX stays_dates_idx;
DROP INDEX stays_period_cover_idx;
CREATE INDEX stays_period_cover_idx ON stays USING gist (period)
  INCLUDE (desa_code, nationality, permit_type, permit_expiry, departure_date, accommodation_id, geom_3857);

-- Code lists as CHECK constraints instead of foreign keys. A foreign key
-- check is a locking lookup per row (12 µs a stay for the three of stays);
-- the countries and permit types are fixed reference lists, so each column
-- now carries the list itself, taken from the tables at migration time. The
-- importers still check codes against the tables first, with messages that
-- name the line and field; these constraints are the last line of defence.
ALTER TABLE stays DROP CONSTRAINT stays_nationality_fkey;
ALTER TABLE stays DROP CONSTRAINT stays_permit_type_fkey;
DO $$ BEGIN
  EXECUTE format('ALTER TABLE stays ADD CONSTRAINT stays_nationality_check CHECK (nationality = ANY (%L::bpchar[]))',
    (SELECT array_agg(code ORDER BY code) FROM countries));
  EXECUTE format('ALTER TABLE stays ADD CONSTRAINT stays_permit_type_check CHECK (permit_type = ANY (%L::text[]))',
    (SELECT array_agg(code ORDER BY code) FROM permit_types));
END $$;

-- pantau_tile_search_box: the EPSG:4326 box that holds every point whose
-- EPSG:3857 position lies in the EPSG:3857 box b, for searching the stays'
-- 4326 index from a tile. Web Mercator maps boxes to boxes; x is clamped
-- inside the world first (beyond it longitudes would wrap around) and the
-- result grown by 1e-6° against rounding.
CREATE FUNCTION pantau_tile_search_box(b geometry) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ST_Expand(ST_Transform(ST_MakeEnvelope(
    greatest(ST_XMin(b), -20037508.3), ST_YMin(b), least(ST_XMax(b), 20037508.3), ST_YMax(b), 3857), 4326), 1e-6)
$$;
