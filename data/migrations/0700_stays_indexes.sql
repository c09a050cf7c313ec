-- Stays indexes, consolidated so that writes maintain two GiST indexes
-- instead of seven (each GiST costs a bulk import about as much as the
-- table write itself; measured on 200,000 stays: 0.97 s with no secondary
-- index, 11.0 s with the eleven of migrations 0001–0300).
--
-- What remains, and who reads it:
--  * stays_period_cover_idx, on the period as an expression, INCLUDE every
--    column the figures, grids and large tiles read: "present during
--    [a, b]" over a large area — the desa and kecamatan figures (tiles and
--    /density/areas), metric grids and stays tiles up to z12 — is an
--    index-only scan of the present stays. pantau_stays_matching states
--    presence with the same expression. Replaces stays_period_idx,
--    stays_tiles_period_idx and the old stays_period_cover_idx.
--  * stays_geom_period_cover_idx (geom, period) INCLUDE …: place-first
--    searches over small areas — polygons, stays tiles from z13 (searching
--    the tile's box in EPSG:4326, see tiles/query.go), geofence counts and
--    sweeps. Replaces stays_geom_idx, stays_geom_3857_idx and
--    stays_tiles_idx.
--    A GiST over (geom, period) prunes by place well and by period poorly
--    (its pages group stays by place), so over a large area it visits
--    every stay of every date: 100 ms for a kecamatan against 30 ms for
--    the period index. PostgreSQL's estimate cannot see that, and picked it
--    over the period index even for the all-desa figures. Hence the period
--    index is keyed on an expression this index cannot serve, presence is
--    written with that expression, and queries over small areas add the
--    column test "period && …" to reach this one.
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
DROP INDEX stays_geom_period_cover_idx;
-- (The expression equals the period column: a CHECK of 0001 keeps
-- departure_date >= arrival_date.)
CREATE INDEX stays_period_cover_idx ON stays USING gist (daterange(arrival_date, departure_date, '[]'))
  INCLUDE (arrival_date, departure_date, desa_code, nationality, permit_type, permit_expiry, accommodation_id,
           geom_3857, utm_x, utm_y);
CREATE INDEX stays_geom_period_cover_idx ON stays USING gist (geom, period)
  INCLUDE (arrival_date, departure_date, desa_code, nationality, permit_type, permit_expiry, accommodation_id, geom);

-- pantau_stays_matching (0002), with presence stated as the period index's
-- expression. Same rows.
CREATE OR REPLACE FUNCTION pantau_stays_matching(p_from date, p_to date, p_nat text[], p_permit text[], p_status text[])
RETURNS SETOF stays LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT s.* FROM stays s
  WHERE daterange(s.arrival_date, s.departure_date, '[]') && daterange(p_from, p_to, '[]')
    AND (cardinality(p_nat) = 0 OR s.nationality = ANY (p_nat::bpchar[]))
    AND (cardinality(p_permit) = 0 OR s.permit_type = ANY (p_permit))
    AND (cardinality(p_status) = 0 OR 'present' = ANY (p_status)
      OR ('overstay' = ANY (p_status) AND s.permit_expiry < least(p_to, coalesce(s.departure_date, p_to)))
      OR ('in_permit' = ANY (p_status) AND (s.permit_expiry IS NULL OR s.permit_expiry >= least(p_to, coalesce(s.departure_date, p_to)))))
$$;

-- pantau_grid_stays, searching by the stays' UTM position (a condition of
-- the period index) instead of their EPSG:4326 box (the place index): see
-- above. The UTM box is the bounds' grown by two cells, as before; every
-- cell touching the bounds is complete in it. The cell arithmetic is the
-- same, computed in steps that each end in OFFSET 0 (inlined into each
-- other, the expressions were evaluated many times per stay) and in float8
-- throughout (the literals 0.5 and 1.5 made numeric arithmetic; the values
-- are exact either way). Same result.
CREATE OR REPLACE FUNCTION pantau_grid_stays(p_shape text, p_cell double precision, p_bounds geometry,
                                  p_from date, p_to date, p_nat text[], p_permit text[], p_status text[])
RETURNS TABLE (i integer, j integer, id bigint, nationality bpchar, permit_type text, permit_expiry date,
               departure_date date, accommodation_id bigint, desa_code text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN p_shape = 'square' THEN floor(h.x / p_cell)::int
              WHEN h.d0 <= h.d1 THEN h.q0 ELSE h.q0 + 1 END,
         CASE WHEN p_shape = 'square' THEN floor(h.y / p_cell)::int
              WHEN h.d0 <= h.d1 THEN h.j0 ELSE h.j1 END,
         h.id, h.nationality, h.permit_type, h.permit_expiry, h.departure_date, h.accommodation_id, h.desa_code
  FROM (
    -- Hexagon (i, j) has its centre at (1.5·s·i, √3·s·(j + ½·(i mod 2))).
    -- The cell holding a point is one of columns q0 and q0 + 1; within a
    -- column the nearest centre is the rounded row; d0, d1 are the squared
    -- distances to the two candidate centres.
    SELECT c.*,
           (c.x - 1.5::float8 * p_cell * c.q0) * (c.x - 1.5::float8 * p_cell * c.q0)
             + (c.y - sqrt(3) * p_cell * (c.j0 + 0.5::float8 * (c.q0 & 1))) * (c.y - sqrt(3) * p_cell * (c.j0 + 0.5::float8 * (c.q0 & 1))) AS d0,
           (c.x - 1.5::float8 * p_cell * (c.q0 + 1)) * (c.x - 1.5::float8 * p_cell * (c.q0 + 1))
             + (c.y - sqrt(3) * p_cell * (c.j1 + 0.5::float8 * ((c.q0 + 1) & 1))) * (c.y - sqrt(3) * p_cell * (c.j1 + 0.5::float8 * ((c.q0 + 1) & 1))) AS d1
    FROM (
      SELECT q.*,
             round(q.y / (sqrt(3) * p_cell) - 0.5::float8 * (q.q0 & 1))::int AS j0,
             round(q.y / (sqrt(3) * p_cell) - 0.5::float8 * ((q.q0 + 1) & 1))::int AS j1
      FROM (
        SELECT m.id, m.nationality, m.permit_type, m.permit_expiry, m.departure_date, m.accommodation_id, m.desa_code,
               m.utm_x AS x, m.utm_y AS y, floor(m.utm_x / (1.5::float8 * p_cell))::int AS q0
        FROM pantau_stays_matching(p_from, p_to, p_nat, p_permit, p_status) m,
             (SELECT ST_Expand(ST_Envelope(ST_Transform(p_bounds, 32748)), 2 * p_cell) AS b) sb
        WHERE m.utm_x BETWEEN ST_XMin(sb.b) AND ST_XMax(sb.b) AND m.utm_y BETWEEN ST_YMin(sb.b) AND ST_YMax(sb.b)
        OFFSET 0) q
      OFFSET 0) c
    OFFSET 0) h
$$;

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

-- Bulk loads. Building an index over a million rows at once costs far less
-- than a million single index inserts (measured on 1,000,000 stays: 22 s of
-- index maintenance against 13 s to build the same indexes afterwards);
-- likewise adding a foreign key checks every row in one join, where a kept
-- one checks each inserted row with its own locking lookup (2.7 s per
-- million), as PostgreSQL's "Populating a Database" advises. Re-adding the
-- key checks the rows that were there before too, so nothing unchecked
-- commits. An
-- import that brings at least as many stays as the table holds (and 100,000
-- or more, see data/importstays.go) therefore drops the secondary indexes
-- and foreign keys of stays, writes, and builds them again — all inside its
-- own transaction, so a failure or a kill restores them untouched. Meanwhile the table is
-- locked (ACCESS EXCLUSIVE): readers wait for the import's commit.
-- Only the owner may drop and build indexes, hence SECURITY DEFINER; the
-- definitions are kept in a temporary table the caller cannot write, so the
-- restore builds exactly what was dropped, and a deferred trigger on it
-- refuses to commit a transaction that dropped indexes without restoring
-- them.
CREATE FUNCTION pantau_dropped_indexes_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT FROM pantau_dropped_indexes WHERE name = NEW.name) THEN
    RAISE EXCEPTION 'index or constraint % of stays was dropped for a bulk load and not built again', NEW.name
      USING HINT = 'call pantau_stays_indexes_restore() before commit';
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION pantau_stays_indexes_drop() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE r record; n integer := 0;
BEGIN
  IF to_regclass('pg_temp.pantau_dropped_indexes') IS NULL THEN
    CREATE TEMP TABLE pantau_dropped_indexes (name text PRIMARY KEY, def text NOT NULL) ON COMMIT DROP;
    CREATE CONSTRAINT TRIGGER pantau_dropped_indexes_restored AFTER INSERT ON pantau_dropped_indexes
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pantau_dropped_indexes_check();
  END IF;
  LOCK TABLE stays IN ACCESS EXCLUSIVE MODE;
  FOR r IN SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
           WHERE i.indrelid = 'public.stays'::regclass AND NOT i.indisunique AND NOT i.indisprimary LOOP
    INSERT INTO pantau_dropped_indexes VALUES (r.name, r.def);
    EXECUTE format('DROP INDEX public.%I', r.name);
    n := n + 1;
  END LOOP;
  FOR r IN SELECT conname AS name, format('ALTER TABLE public.stays ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(oid)) AS def
           FROM pg_constraint WHERE conrelid = 'public.stays'::regclass AND contype = 'f' LOOP
    INSERT INTO pantau_dropped_indexes VALUES (r.name, r.def);
    EXECUTE format('ALTER TABLE public.stays DROP CONSTRAINT %I', r.name);
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;

CREATE FUNCTION pantau_stays_indexes_restore() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET maintenance_work_mem = '512MB' AS $$
DECLARE r record; n integer := 0;
BEGIN
  IF to_regclass('pg_temp.pantau_dropped_indexes') IS NULL THEN RETURN 0; END IF;
  FOR r IN DELETE FROM pantau_dropped_indexes RETURNING def LOOP
    EXECUTE r.def;
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
REVOKE ALL ON FUNCTION pantau_stays_indexes_drop(), pantau_stays_indexes_restore() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pantau_stays_indexes_drop(), pantau_stays_indexes_restore() TO pantau_app;

-- New stays are matched against the active fences; with none active there
-- is nothing to match (the join otherwise probes the empty fence index once
-- per new stay: 2 s of a 1,000,000-stay import).
CREATE OR REPLACE FUNCTION pantau_stays_alert_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE today date := pantau_today(); evs pantau_event[]; counted bigint[];
BEGIN
  IF NOT EXISTS (SELECT FROM geofences g WHERE pantau_fence_active(g.active_from, g.active_to)) THEN
    RETURN NULL;
  END IF;
  WITH pairs AS MATERIALIZED (
    SELECT n.id, n.accommodation_id, n.geom, n.desa_code, n.nationality, n.permit_type, n.arrival_date,
           n.departure_date, n.permit_expiry, g.id AS fence_id, g.rules
    FROM new_rows n
    JOIN geofences g ON ST_Covers(g.geom, n.geom)
    WHERE pantau_fence_active(g.active_from, g.active_to)
  )
  SELECT ARRAY(
    SELECT ROW(c.rule, pantau_stay_key(c.rule, c.id, c.fence_id, c.permit_expiry), c.fence_id, c.id,
               c.accommodation_id, c.geom, c.desa_code,
               pantau_stay_details(c.nationality, c.permit_type, c.arrival_date, c.departure_date, c.permit_expiry))::pantau_event
    FROM (SELECT p.*, r->>'rule' AS rule FROM pairs p CROSS JOIN LATERAL jsonb_array_elements(p.rules) r
          WHERE r->>'rule' IN ('stay_started', 'stay_ended', 'overstay')
            AND pantau_rule_admits(r, p.nationality, p.permit_type)) c
    WHERE c.rule = ANY (pantau_stay_events(NULL, NULL, true, c.departure_date, c.permit_expiry, today))),
    ARRAY(SELECT DISTINCT p.fence_id FROM pairs p WHERE p.rules @> '[{"rule": "count_above"}]')
  INTO evs, counted;
  PERFORM pantau_emit(evs);
  PERFORM pantau_count_eval(counted, today);
  RETURN NULL;
END $$;
