-- Tile invalidation: statement triggers record the boxes each write changed and notify pantau_tiles.
-- Re-applied whole whenever a definition file changes (docs/architecture.md "Changing SQL").

-- pantau_tiles_record returns the statement that stores the boxes selected
-- by the query q (columns layer text, b box2d) and yields their id range.
-- Triggers EXECUTE it themselves: transition tables are visible only to
-- the trigger function's own statements.
CREATE OR REPLACE FUNCTION pantau_tiles_record(q text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    WITH ins AS (
      INSERT INTO tile_changes (layer, minx, miny, maxx, maxy)
      SELECT layer, ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (%s) c WHERE b IS NOT NULL
      RETURNING id)
    SELECT min(id), max(id) FROM ins $f$, q)
$$;

-- pantau_tiles_notify tells the listeners which ids to read.
CREATE OR REPLACE FUNCTION pantau_tiles_notify(lo bigint, hi bigint) RETURNS void LANGUAGE sql AS $$
  SELECT pg_notify('pantau_tiles', lo || ' ' || hi) WHERE lo IS NOT NULL
$$;

-- pantau_tiles_rows names the transition tables a trigger may read.
CREATE OR REPLACE FUNCTION pantau_tiles_rows(op text, cols text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE op
    WHEN 'INSERT' THEN format('SELECT %s FROM new_rows', cols)
    WHEN 'DELETE' THEN format('SELECT %s FROM old_rows', cols)
    ELSE format('SELECT %s FROM old_rows UNION ALL SELECT %s FROM new_rows', cols, cols) END
$$;

-- pantau_tiles_points groups the points of relation r (column g) into boxes.
CREATE OR REPLACE FUNCTION pantau_tiles_points(layer text, r text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    SELECT %L AS layer, ST_Extent(g)::box2d AS b FROM (%s) p
    GROUP BY floor(ST_X(g) / (SELECT CASE WHEN count(*) > 10000 THEN 2446 ELSE 1 END FROM (%s) n)),
             floor(ST_Y(g) / (SELECT CASE WHEN count(*) > 10000 THEN 2446 ELSE 1 END FROM (%s) n)) $f$,
    layer, r, r, r)
$$;

-- Tile invalidation: a statement that writes more than
-- pantau_tiles_flush_above() stays (a bulk load) flushes the tile caches
-- instead of recording the boxes it touched — it touches nearly every
-- tile, and grouping its rows cost 1.8 s per million. Smaller statements
-- are recorded exactly, as before.
CREATE OR REPLACE FUNCTION pantau_tiles_flush_above() RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT 100000::bigint
$$;

-- pantau_tiles_stays_statement returns the statement that records the
-- boxes the stays of the query ch (stays rows) changed: their points,
-- their desa and kecamatan, their accommodations. The triggers EXECUTE it over their transition tables,
-- the bulk swap over the new rows of the table beside (stays_indexes.sql).
CREATE OR REPLACE FUNCTION pantau_tiles_stays_statement(ch text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT pantau_tiles_record(format($f$
    WITH ch AS MATERIALIZED (SELECT geom_3857 AS g, desa_code, accommodation_id FROM (%s) r)
    %s
    UNION ALL
    SELECT a.level, a.geom_3857::box2d FROM areas a
    WHERE a.code IN (SELECT desa_code FROM ch UNION SELECT substr(desa_code, 1, 8) FROM ch)
    UNION ALL
    %s $f$,
    ch,
    pantau_tiles_points('stays', 'SELECT g FROM ch'),
    pantau_tiles_points('accommodations',
      'SELECT geom_3857 AS g FROM accommodations WHERE id IN (SELECT accommodation_id FROM ch)')))
$$;

CREATE OR REPLACE FUNCTION pantau_tiles_stays_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE lo bigint; hi bigint; n bigint;
BEGIN
  EXECUTE format('SELECT count(*) FROM (%s) c', pantau_tiles_rows(TG_OP, '1')) INTO n;
  IF n > pantau_tiles_flush_above() THEN
    PERFORM pg_notify('pantau_tiles', 'flush');
    RETURN NULL;
  END IF;
  EXECUTE pantau_tiles_stays_statement(pantau_tiles_rows(TG_OP, '*')) INTO lo, hi;
  PERFORM pantau_tiles_notify(lo, hi);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION pantau_tiles_accommodations_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ch text := pantau_tiles_rows(TG_OP, 'geom_3857 AS g, desa_code'); lo bigint; hi bigint;
BEGIN
  EXECUTE pantau_tiles_record(format($f$
    WITH ch AS MATERIALIZED (%s)
    %s
    UNION ALL
    SELECT a.level, a.geom_3857::box2d FROM areas a
    WHERE a.code IN (SELECT desa_code FROM ch UNION SELECT substr(desa_code, 1, 8) FROM ch) $f$,
    ch, pantau_tiles_points('accommodations', 'SELECT g FROM ch'))) INTO lo, hi;
  PERFORM pantau_tiles_notify(lo, hi);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION pantau_tiles_areas_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE lo bigint; hi bigint;
BEGIN
  EXECUTE pantau_tiles_record(format(
    'SELECT level AS layer, b FROM (%s) c WHERE level IN (''desa'', ''kecamatan'')',
    pantau_tiles_rows(TG_OP, 'level, geom_3857::box2d AS b'))) INTO lo, hi;
  PERFORM pantau_tiles_notify(lo, hi);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION pantau_tiles_geofences_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE lo bigint; hi bigint;
BEGIN
  EXECUTE pantau_tiles_record(format('SELECT ''geofences'' AS layer, b FROM (%s) c',
    pantau_tiles_rows(TG_OP, 'geom_3857::box2d AS b'))) INTO lo, hi;
  PERFORM pantau_tiles_notify(lo, hi);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION pantau_tiles_flush() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pantau_tiles', 'flush');
  RETURN NULL;
END $$;

-- Transition tables allow one event per trigger, hence three per table.
CREATE OR REPLACE TRIGGER stays_tiles_ins AFTER INSERT ON stays REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_stays_changed();
CREATE OR REPLACE TRIGGER stays_tiles_upd AFTER UPDATE ON stays REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_stays_changed();
CREATE OR REPLACE TRIGGER stays_tiles_del AFTER DELETE ON stays REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_stays_changed();
CREATE OR REPLACE TRIGGER stays_tiles_truncate AFTER TRUNCATE ON stays
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_flush();

CREATE OR REPLACE TRIGGER accommodations_tiles_ins AFTER INSERT ON accommodations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_accommodations_changed();
CREATE OR REPLACE TRIGGER accommodations_tiles_upd AFTER UPDATE ON accommodations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_accommodations_changed();
CREATE OR REPLACE TRIGGER accommodations_tiles_del AFTER DELETE ON accommodations REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_accommodations_changed();
CREATE OR REPLACE TRIGGER accommodations_tiles_truncate AFTER TRUNCATE ON accommodations
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_flush();

CREATE OR REPLACE TRIGGER areas_tiles_ins AFTER INSERT ON areas REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_areas_changed();
CREATE OR REPLACE TRIGGER areas_tiles_upd AFTER UPDATE ON areas REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_areas_changed();
CREATE OR REPLACE TRIGGER areas_tiles_del AFTER DELETE ON areas REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_areas_changed();
CREATE OR REPLACE TRIGGER areas_tiles_truncate AFTER TRUNCATE ON areas
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_flush();

CREATE OR REPLACE TRIGGER geofences_tiles_ins AFTER INSERT ON geofences REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_geofences_changed();
CREATE OR REPLACE TRIGGER geofences_tiles_upd AFTER UPDATE ON geofences REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_geofences_changed();
CREATE OR REPLACE TRIGGER geofences_tiles_del AFTER DELETE ON geofences REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_geofences_changed();
CREATE OR REPLACE TRIGGER geofences_tiles_truncate AFTER TRUNCATE ON geofences
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_flush();

-- pantau_tile_search_box: the EPSG:4326 box that holds every point whose
-- EPSG:3857 position lies in the EPSG:3857 box b, for searching the stays'
-- 4326 index from a tile. Web Mercator maps boxes to boxes; x is clamped
-- inside the world first (beyond it longitudes would wrap around) and the
-- result grown by 1e-6° against rounding.
CREATE OR REPLACE FUNCTION pantau_tile_search_box(b geometry) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ST_Expand(ST_Transform(ST_MakeEnvelope(
    greatest(ST_XMin(b), -20037508.3), ST_YMin(b), least(ST_XMax(b), 20037508.3), ST_YMax(b), 3857), 4326), 1e-6)
$$;
