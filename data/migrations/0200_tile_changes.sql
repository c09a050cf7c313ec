-- Tile cache invalidation, driven by the database so that writes from any
-- process (the server, `pantau import`, psql) reach every server's cache.
--
-- Statement-level triggers on stays, accommodations, areas and geofences
-- record, per tile layer, the EPSG:3857 boxes a statement changed (old and
-- new positions) in tile_changes, then NOTIFY channel pantau_tiles with the
-- payload "<first id> <last id>" of the rows just recorded. NOTIFY is
-- delivered on commit, so a listener that reads that id range sees the rows.
-- A TRUNCATE notifies "flush".
--
-- Which layers a write touches:
--   stays          → stays (the points), desa and kecamatan (the boxes of the
--                    old and new desa / kecamatan polygons: their figures
--                    change), accommodations (the boxes of the old and new
--                    accommodation: its present-guest count changes)
--   accommodations → accommodations (the points), desa and kecamatan
--   areas          → desa (desa rows) or kecamatan (kecamatan rows)
--   geofences      → geofences
-- Point boxes are exact for statements of up to 10,000 rows (points within
-- one metre share a box); larger statements group points by a 2,446 m grid
-- (a zoom-14 tile) and record each group's exact extent. The listener widens
-- each box per zoom by how far a change reaches in that layer (a hexagon,
-- a cluster cell) plus the tile buffer.
CREATE TABLE tile_changes (
  id    bigserial PRIMARY KEY,
  layer text NOT NULL,
  minx  double precision NOT NULL,
  miny  double precision NOT NULL,
  maxx  double precision NOT NULL,
  maxy  double precision NOT NULL,
  at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tile_changes_at_idx ON tile_changes (at);

-- pantau_tiles_record returns the statement that stores the boxes selected
-- by the query q (columns layer text, b box2d) and yields their id range.
-- Triggers EXECUTE it themselves: transition tables are visible only to
-- the trigger function's own statements.
CREATE FUNCTION pantau_tiles_record(q text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    WITH ins AS (
      INSERT INTO tile_changes (layer, minx, miny, maxx, maxy)
      SELECT layer, ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (%s) c WHERE b IS NOT NULL
      RETURNING id)
    SELECT min(id), max(id) FROM ins $f$, q)
$$;

-- pantau_tiles_notify tells the listeners which ids to read.
CREATE FUNCTION pantau_tiles_notify(lo bigint, hi bigint) RETURNS void LANGUAGE sql AS $$
  SELECT pg_notify('pantau_tiles', lo || ' ' || hi) WHERE lo IS NOT NULL
$$;

-- pantau_tiles_rows names the transition tables a trigger may read.
CREATE FUNCTION pantau_tiles_rows(op text, cols text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE op
    WHEN 'INSERT' THEN format('SELECT %s FROM new_rows', cols)
    WHEN 'DELETE' THEN format('SELECT %s FROM old_rows', cols)
    ELSE format('SELECT %s FROM old_rows UNION ALL SELECT %s FROM new_rows', cols, cols) END
$$;

-- pantau_tiles_points groups the points of relation r (column g) into boxes.
CREATE FUNCTION pantau_tiles_points(layer text, r text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    SELECT %L AS layer, ST_Extent(g)::box2d AS b FROM (%s) p
    GROUP BY floor(ST_X(g) / (SELECT CASE WHEN count(*) > 10000 THEN 2446 ELSE 1 END FROM (%s) n)),
             floor(ST_Y(g) / (SELECT CASE WHEN count(*) > 10000 THEN 2446 ELSE 1 END FROM (%s) n)) $f$,
    layer, r, r, r)
$$;

CREATE FUNCTION pantau_tiles_stays_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ch text := pantau_tiles_rows(TG_OP, 'geom_3857 AS g, desa_code, accommodation_id'); lo bigint; hi bigint;
BEGIN
  EXECUTE pantau_tiles_record(format($f$
    WITH ch AS MATERIALIZED (%s)
    %s
    UNION ALL
    SELECT a.level, a.geom_3857::box2d FROM areas a
    WHERE a.code IN (SELECT desa_code FROM ch UNION SELECT substr(desa_code, 1, 8) FROM ch)
    UNION ALL
    %s $f$,
    ch,
    pantau_tiles_points('stays', 'SELECT g FROM ch'),
    pantau_tiles_points('accommodations',
      'SELECT geom_3857 AS g FROM accommodations WHERE id IN (SELECT accommodation_id FROM ch)'))) INTO lo, hi;
  PERFORM pantau_tiles_notify(lo, hi);
  RETURN NULL;
END $$;

CREATE FUNCTION pantau_tiles_accommodations_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE FUNCTION pantau_tiles_areas_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE lo bigint; hi bigint;
BEGIN
  EXECUTE pantau_tiles_record(format(
    'SELECT level AS layer, b FROM (%s) c WHERE level IN (''desa'', ''kecamatan'')',
    pantau_tiles_rows(TG_OP, 'level, geom_3857::box2d AS b'))) INTO lo, hi;
  PERFORM pantau_tiles_notify(lo, hi);
  RETURN NULL;
END $$;

CREATE FUNCTION pantau_tiles_geofences_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE lo bigint; hi bigint;
BEGIN
  EXECUTE pantau_tiles_record(format('SELECT ''geofences'' AS layer, b FROM (%s) c',
    pantau_tiles_rows(TG_OP, 'geom_3857::box2d AS b'))) INTO lo, hi;
  PERFORM pantau_tiles_notify(lo, hi);
  RETURN NULL;
END $$;

CREATE FUNCTION pantau_tiles_flush() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pantau_tiles', 'flush');
  RETURN NULL;
END $$;

-- Transition tables allow one event per trigger, hence three per table.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['stays', 'accommodations', 'areas', 'geofences'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_%s_changed()', t || '_tiles_ins', t, t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_%s_changed()', t || '_tiles_upd', t, t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_%s_changed()', t || '_tiles_del', t, t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION pantau_tiles_flush()', t || '_tiles_truncate', t);
  END LOOP;
END $$;
