-- Bulk loads drop and rebuild the secondary indexes and foreign keys of stays inside their transaction.
-- Re-applied whole whenever a definition file changes (docs/architecture.md "Changing SQL").

-- Bulk loads. Building an index over a million rows at once costs far less
-- than a million single index inserts (measured on 1,000,000 stays: 22 s of
-- index maintenance against 13 s to build the same indexes afterwards);
-- likewise adding a foreign key checks every row in one join, where a kept
-- one checks each inserted row with its own locking lookup (2.7 s per
-- million), as PostgreSQL's "Populating a Database" advises. Re-adding the
-- key checks the rows that were there before too, so nothing unchecked
-- commits. An
-- import that brings at least as many stays as the table holds (and 100,000
-- or more, see importer/stays.go) therefore drops the secondary indexes
-- and foreign keys of stays, writes, and builds them again — all inside its
-- own transaction, so a failure or a kill restores them untouched. Meanwhile the table is
-- locked (ACCESS EXCLUSIVE): readers wait for the import's commit.
-- Only the owner may drop and build indexes, hence SECURITY DEFINER; the
-- definitions are kept in a temporary table the caller cannot write, so the
-- restore builds exactly what was dropped, and a deferred trigger on it
-- refuses to commit a transaction that dropped indexes without restoring
-- them.
CREATE OR REPLACE FUNCTION pantau_dropped_indexes_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT FROM pantau_dropped_indexes WHERE name = NEW.name) THEN
    RAISE EXCEPTION 'index or constraint % of stays was dropped for a bulk load and not built again', NEW.name
      USING HINT = 'call pantau_stays_indexes_restore() before commit';
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION pantau_stays_indexes_drop() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE r record; n integer := 0; st oid := to_regclass('public.stays');
BEGIN
  IF to_regclass('pg_temp.pantau_dropped_indexes') IS NULL THEN
    CREATE TEMP TABLE pantau_dropped_indexes (name text PRIMARY KEY, def text NOT NULL) ON COMMIT DROP;
    CREATE CONSTRAINT TRIGGER pantau_dropped_indexes_restored AFTER INSERT ON pantau_dropped_indexes
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pantau_dropped_indexes_check();
  END IF;
  LOCK TABLE stays IN ACCESS EXCLUSIVE MODE;
  FOR r IN SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
           WHERE i.indrelid = st AND NOT i.indisunique AND NOT i.indisprimary LOOP
    INSERT INTO pantau_dropped_indexes VALUES (r.name, r.def);
    EXECUTE format('DROP INDEX public.%I', r.name);
    n := n + 1;
  END LOOP;
  FOR r IN SELECT conname AS name, format('ALTER TABLE public.stays ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(oid)) AS def
           FROM pg_constraint WHERE conrelid = st AND contype = 'f' LOOP
    INSERT INTO pantau_dropped_indexes VALUES (r.name, r.def);
    EXECUTE format('ALTER TABLE public.stays DROP CONSTRAINT %I', r.name);
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;

CREATE OR REPLACE FUNCTION pantau_stays_indexes_restore() RETURNS integer
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

-- pantau_stays_lock: LOCK TABLE stays IN mode, politely. A lock request
-- that waits makes every later request it conflicts with queue behind it:
-- the swap's ACCESS EXCLUSIVE behind a long reader would hold up every
-- reader after it, a bulk import's SHARE ROW EXCLUSIVE behind a long
-- SHARE UPDATE EXCLUSIVE (a REINDEX CONCURRENTLY of the index upkeep, a
-- manual VACUUM) every writer of a single stay. So it waits at most 20 ms
-- at a time, lets them through for 5 ms and tries again; after
-- patient_after tries (NULL: never) it waits as long as it takes — the
-- swap's ACCESS EXCLUSIVE, which every reader conflicts with, could
-- otherwise be starved by a steady stream of them.
CREATE OR REPLACE FUNCTION pantau_stays_lock(mode text, patient_after integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE waited text := current_setting('lock_timeout'); tries integer := 0;
BEGIN
  IF mode NOT IN ('SHARE ROW EXCLUSIVE', 'ACCESS EXCLUSIVE') THEN
    RAISE EXCEPTION 'pantau_stays_lock: unexpected lock mode %', mode;
  END IF;
  PERFORM set_config('lock_timeout', '20ms', true);
  LOOP
    BEGIN
      EXECUTE format('LOCK TABLE public.stays IN %s MODE', mode);
      EXIT;
    EXCEPTION WHEN lock_not_available THEN
      tries := tries + 1;
      IF tries >= patient_after THEN
        PERFORM set_config('lock_timeout', '0', true);
      END IF;
      PERFORM pg_sleep(0.005);
    END;
  END LOOP;
  PERFORM set_config('lock_timeout', waited, true);
END $$;

REVOKE ALL ON FUNCTION pantau_stays_lock(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pantau_stays_lock(text, integer) TO pantau_app;

-- Build beside and swap: the bulk path of an import that brings at least
-- as many stays as the table holds, none of them stored yet
-- (importer/stays.go). Writing a million stays through the indexes of
-- stays costs ~25 s of index maintenance (two covering GiST indexes); the
-- same rows written into a bare table and indexed afterwards cost ~5 s
-- plus ~10 s of sorted builds. While other writers are held out (SHARE ROW
-- EXCLUSIVE, as the bulk path always did), pantau_stays_build creates
-- pantau_stays_next with the columns, defaults, generated columns and
-- checks of stays and the same grants, copies the stored stays into it and
-- returns their highest id (the import then writes its own rows into
-- pantau_stays_next), or NULL where a swap could not keep the schema
-- whole: a view or rule reads stays, a column has its own grants, a
-- row-level INSERT trigger would change the written rows, or an exclusion
-- constraint. pantau_stays_swap(last, added) builds every index, foreign
-- key and trigger of stays on it, analyses it, then — in a short ACCESS
-- EXCLUSIVE lock — hands over the sequences, the foreign keys that point
-- at stays and the functions typed by its rows, drops stays, renames
-- pantau_stays_next to stays and its indexes to their names. The INSERT
-- statement triggers of stays fire over the rows above last as the INSERT
-- would have fired them: kept counts and tiles' changes over the rows
-- above last before the swap, alerts replayed after it (see below). The
-- OIDs of stays are looked up at each call (a regclass literal would stay
-- the dropped table's in the session's cached plans).
--
-- In one transaction (pantau_stays_build(false), the import's write,
-- pantau_stays_swap) a failure leaves stays untouched, but every step
-- runs on one core. Detached, the import uses both: another transaction
-- (the holder) takes the writers' lock first and keeps it to the end;
-- the import's own transaction runs pantau_stays_build(true), writes the
-- rows beside and commits them (nobody reads pantau_stays_next); then the
-- import's connection builds indexes one statement at a time
-- (pantau_stays_next_index) while the holder counts the new rows
-- (pantau_stays_swap_prepare) and builds the others, and the holder ends
-- with pantau_stays_swap_finish and commits. A failure after the rows
-- were committed beside leaves stays untouched too; pantau_stays_next_drop
-- removes the table beside (as does the next pantau_stays_build). The
-- holder's lock is what keeps other writers' rows from being lost by the
-- swap, so a detached build refuses to start without it; and INSERT
-- statement triggers of others, which would commit their own writes with
-- the rows beside, make it return NULL (the import then writes stays in
-- its own transaction). pantau_stays_next is created with autovacuum off
-- (an autovacuum of it would stall the index builds) and takes the
-- storage parameters of stays at the swap.

DROP FUNCTION IF EXISTS pantau_stays_build();

CREATE OR REPLACE FUNCTION pantau_stays_build(detached boolean) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE cols text; last bigint; r record; st oid := to_regclass('public.stays');
  own text[] := '{stays_alerts_insert, stays_counts_ins, stays_tiles_ins}'; -- replayed by pantau_stays_swap_prepare
BEGIN
  IF NOT detached THEN
    LOCK TABLE stays IN SHARE ROW EXCLUSIVE MODE;
  ELSIF NOT EXISTS (SELECT FROM pg_locks WHERE locktype = 'relation' AND relation = st AND granted AND pid <> pg_backend_pid()
                      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                      AND mode IN ('ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')) THEN
    RAISE EXCEPTION 'pantau_stays_build: a detached build needs another transaction holding stays in SHARE ROW EXCLUSIVE mode';
  END IF;
  IF EXISTS (SELECT FROM pg_depend WHERE refobjid = st AND classid = 'pg_rewrite'::regclass)
     OR EXISTS (SELECT FROM pg_attribute WHERE attrelid = st AND attacl IS NOT NULL)
     OR EXISTS (SELECT FROM pg_trigger WHERE tgrelid = st AND NOT tgisinternal
                  AND tgtype & 1 = 1 AND tgtype & 4 = 4)
     OR EXISTS (SELECT FROM pg_constraint WHERE conrelid = st AND contype = 'x')
     OR (detached AND EXISTS (SELECT FROM pg_trigger WHERE tgrelid = st AND NOT tgisinternal AND tgtype & 1 = 0 AND tgtype & 4 = 4
                                AND tgname <> ALL (own))) THEN
    RETURN NULL;
  END IF;
  DROP TABLE IF EXISTS pantau_stays_next; -- left by a detached import that died
  CREATE TABLE pantau_stays_next (LIKE stays INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING CONSTRAINTS
    INCLUDING STORAGE INCLUDING COMPRESSION INCLUDING STATISTICS INCLUDING COMMENTS) WITH (autovacuum_enabled = false);
  FOR r IN SELECT CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE quote_ident(a.grantee::regrole::text) END AS grantee,
                  a.privilege_type AS priv
           FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = st AND a.grantee <> c.relowner LOOP
    EXECUTE format('GRANT %s ON pantau_stays_next TO %s', r.priv, r.grantee);
  END LOOP;
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols FROM pg_attribute
   WHERE attrelid = st AND attnum > 0 AND NOT attisdropped AND attgenerated = '';
  EXECUTE format('INSERT INTO pantau_stays_next (%s) SELECT %s FROM stays', cols, cols);
  SELECT coalesce(max(id), 0) INTO last FROM pantau_stays_next;
  -- Other INSERT statement triggers that only write their own tables
  -- fire on the import's own write into pantau_stays_next, as they would
  -- have on stays: created now, after the stored stays were copied. Not
  -- pantau's own three, which pantau_stays_swap runs over the new rows
  -- without a transition table (a million rows kept in a tuplestore, ~0.5
  -- s): the kept counts (on two workers), the tiles' changes, and the
  -- alerts, which read stays and wait for the swap.
  FOR r IN SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgrelid = st AND NOT tgisinternal
             AND tgtype & 1 = 0 AND tgtype & 4 = 4 AND tgname <> ALL (own) LOOP
    EXECUTE replace(r.def, ' ON public.stays ', ' ON public.pantau_stays_next ');
  END LOOP;
  RETURN last;
END $$;

-- The indexes of stays, numbered: index k is built on pantau_stays_next as
-- pantau_stays_next_k and takes its name (or its constraint) at the swap.
-- gist marks the costly ones (a sorted GiST build of a million covering
-- entries takes seconds, a B-tree's well under one).
CREATE OR REPLACE FUNCTION pantau_stays_next_plan()
RETURNS TABLE (k integer, name name, def text, conname name, contype "char", gist boolean)
LANGUAGE sql STABLE AS $$
  SELECT row_number() OVER (ORDER BY c.relname)::integer, c.relname, pg_get_indexdef(i.indexrelid), con.conname, con.contype,
         am.amname = 'gist'
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
  LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
  WHERE i.indrelid = to_regclass('public.stays')
$$;

-- Builds index p_k of stays (pantau_stays_next_plan) on pantau_stays_next,
-- unless this transaction already sees it.
CREATE OR REPLACE FUNCTION pantau_stays_next_index(p_k integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET maintenance_work_mem = '512MB' AS $$
DECLARE d text;
BEGIN
  SELECT p.def INTO d FROM pantau_stays_next_plan() p WHERE p.k = p_k;
  IF d IS NULL OR to_regclass('public.pantau_stays_next') IS NULL THEN
    RAISE EXCEPTION 'pantau_stays_next_index: no index % of stays, or no pantau_stays_next', p_k;
  END IF;
  IF to_regclass('public.pantau_stays_next_' || p_k) IS NULL THEN
    EXECUTE regexp_replace(d, '^(CREATE (UNIQUE )?INDEX )\S+ ON public\.stays ', '\1pantau_stays_next_' || p_k || ' ON public.pantau_stays_next ');
  END IF;
END $$;

DROP FUNCTION IF EXISTS pantau_stays_swap(bigint);

-- Before the swap, without DDL on pantau_stays_next (indexes may be
-- building beside it): the kept counts of the new rows, the tiles'
-- changes, and the rows that lie in some fence.
CREATE OR REPLACE FUNCTION pantau_stays_swap_prepare(last bigint, added bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET work_mem = '128MB' AS $$
DECLARE r record; lo bigint; hi bigint; st oid := to_regclass('public.stays');
BEGIN
  -- The kept counts of the new rows, as the trigger stays_counts_ins would
  -- have added them: their events grouped by desa and day in a CREATE
  -- TABLE AS, which runs on two workers where neither the trigger (a
  -- transition table) nor an INSERT can (a million new stays: ~2.5 s
  -- instead of ~3.4, docs/benchmarks.md session 10), then added to the
  -- counters by the trigger's own statement.
  IF EXISTS (SELECT FROM pg_trigger WHERE tgrelid = st AND tgname = 'stays_counts_ins') THEN
    EXECUTE 'CREATE TEMP TABLE pantau_stays_next_days ON COMMIT DROP AS ' || pantau_stay_days(pantau_stay_delta(
      format('(SELECT * FROM pantau_stays_next WHERE id > %s)', last), NULL));
    EXECUTE pantau_stay_counts_add_days('SELECT * FROM pantau_stays_next_days');
  END IF;
  -- The tiles' changes, as the trigger stays_tiles_ins would have
  -- recorded them (tiles.sql): a flush for a bulk load, else the boxes.
  IF EXISTS (SELECT FROM pg_trigger WHERE tgrelid = st AND tgname = 'stays_tiles_ins') THEN
    IF added > pantau_tiles_flush_above() THEN
      PERFORM pg_notify('pantau_tiles', 'flush');
    ELSE
      EXECUTE pantau_tiles_stays_statement(format('SELECT * FROM pantau_stays_next WHERE id > %s', last)) INTO lo, hi;
      PERFORM pantau_tiles_notify(lo, hi);
    END IF;
  END IF;
  -- Other INSERT triggers that only write their own tables fired on the
  -- import's write (pantau_stays_build created them on pantau_stays_next).
  -- The alert trigger reads stays (count_above) and writes
  -- alerts that reference it, so it replays after the swap, over the new
  -- rows that lie in some fence (it matches no other: the same alerts, a
  -- shorter lock).
  CREATE TEMP TABLE pantau_stays_fenced (LIKE stays) ON COMMIT DROP;
  FOR r IN SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgrelid = st AND tgname = 'stays_alerts_insert' LOOP
    EXECUTE replace(r.def, ' ON public.stays ', ' ON pg_temp.pantau_stays_fenced ');
  END LOOP;
  CREATE TEMP TABLE pantau_stays_in_fences ON COMMIT DROP AS
    SELECT * FROM pantau_stays_next s WHERE s.id > last AND EXISTS (SELECT FROM geofences g WHERE ST_Covers(g.geom, s.geom))
      AND EXISTS (SELECT FROM geofences); -- with no fence, not a probe a row (0.3 s a million)
END $$;

-- The swap: every index of stays not yet built on pantau_stays_next, its
-- foreign keys and triggers, statistics and storage parameters; then, in a
-- short ACCESS EXCLUSIVE lock, the hand-over. After
-- pantau_stays_swap_prepare in the same transaction.
CREATE OR REPLACE FUNCTION pantau_stays_swap_finish() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET maintenance_work_mem = '512MB' AS $$
DECLARE r record; k integer; after text[] := '{}'; fns text[] := '{}'; opts text[];
  st oid := to_regclass('public.stays'); ty oid := (SELECT reltype FROM pg_class WHERE oid = st);
BEGIN
  -- Only the transaction that holds the writers out may swap: any other
  -- would drop the rows they wrote since the stored stays were copied.
  IF NOT EXISTS (SELECT FROM pg_locks WHERE locktype = 'relation' AND relation = st AND granted AND pid = pg_backend_pid()
                   AND mode IN ('ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')) THEN
    RAISE EXCEPTION 'pantau_stays_swap_finish: this transaction does not hold stays in SHARE ROW EXCLUSIVE mode';
  END IF;
  FOR r IN SELECT * FROM pantau_stays_next_plan() ORDER BY 1 LOOP
    PERFORM pantau_stays_next_index(r.k);
    after := after || CASE WHEN r.conname IS NULL THEN format('ALTER INDEX pantau_stays_next_%s RENAME TO %I', r.k, r.name)
      ELSE format('ALTER TABLE stays ADD CONSTRAINT %I %s USING INDEX pantau_stays_next_%s', r.conname,
                  CASE r.contype WHEN 'p' THEN 'PRIMARY KEY' ELSE 'UNIQUE' END, r.k) END;
  END LOOP;
  FOR r IN SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
           WHERE conrelid = st AND contype = 'f' LOOP
    EXECUTE format('ALTER TABLE pantau_stays_next ADD CONSTRAINT %I %s', r.conname, r.def);
  END LOOP;
  FOR r IN SELECT pg_get_triggerdef(t.oid) AS def FROM pg_trigger t WHERE t.tgrelid = st AND NOT t.tgisinternal
             AND NOT EXISTS (SELECT FROM pg_trigger n WHERE n.tgrelid = 'public.pantau_stays_next'::regclass AND n.tgname = t.tgname) LOOP
    EXECUTE replace(r.def, ' ON public.stays ', ' ON public.pantau_stays_next ');
  END LOOP;
  ALTER TABLE pantau_stays_next RESET (autovacuum_enabled);
  SELECT reloptions INTO opts FROM pg_class WHERE oid = st;
  IF opts IS NOT NULL THEN
    EXECUTE format('ALTER TABLE pantau_stays_next SET (%s)', array_to_string(opts, ', '));
  END IF;
  ANALYZE pantau_stays_next;

  -- Readers that arrive while the swap waits for the lock would queue
  -- behind it: after 200 polite tries (~5 s) it waits as long as it takes.
  PERFORM pantau_stays_lock('ACCESS EXCLUSIVE', 200);
  FOR r IN SELECT conrelid::regclass AS t, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
           WHERE confrelid = st AND conrelid <> st AND contype = 'f' LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.t, r.conname);
    after := after || format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.t, r.conname, r.def);
  END LOOP;
  FOR r IN SELECT s.oid::regclass AS seq, a.attname FROM pg_depend d
           JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
           JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
           WHERE d.classid = 'pg_class'::regclass AND d.refobjid = st AND d.deptype = 'a' LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNED BY pantau_stays_next.%I', r.seq, r.attname);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS f, pg_get_functiondef(p.oid) AS def, p.proacl FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
           WHERE d.classid = 'pg_proc'::regclass AND d.refobjid = ty LOOP
    fns := fns || r.def;
    IF r.proacl IS NOT NULL THEN
      fns := fns || format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', r.f) || ARRAY(
        SELECT format('GRANT EXECUTE ON FUNCTION %s TO %s', r.f, CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE quote_ident(a.grantee::regrole::text) END)
        FROM aclexplode(r.proacl) a JOIN pg_proc p ON p.oid = r.f::oid WHERE a.grantee <> p.proowner);
    END IF;
    EXECUTE format('DROP FUNCTION %s', r.f);
  END LOOP;
  DROP TABLE stays;
  ALTER TABLE pantau_stays_next RENAME TO stays;
  FOR k IN 1 .. cardinality(after) LOOP EXECUTE after[k]; END LOOP;
  FOR k IN 1 .. cardinality(fns) LOOP EXECUTE fns[k]; END LOOP;
  INSERT INTO pantau_stays_fenced SELECT * FROM pantau_stays_in_fences;
END $$;

-- added: how many rows the import wrote above last.
CREATE OR REPLACE FUNCTION pantau_stays_swap(last bigint, added bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM pantau_stays_swap_prepare(last, added);
  PERFORM pantau_stays_swap_finish();
END $$;

-- Drops the table beside left by a detached import that failed after
-- writing it, once no other import holds the writers' lock (that import
-- may be using it).
CREATE OR REPLACE FUNCTION pantau_stays_next_drop() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM pantau_stays_lock('SHARE ROW EXCLUSIVE', NULL);
  DROP TABLE IF EXISTS pantau_stays_next;
END $$;

REVOKE ALL ON FUNCTION pantau_stays_build(boolean), pantau_stays_swap(bigint, bigint), pantau_stays_next_index(integer),
  pantau_stays_swap_prepare(bigint, bigint), pantau_stays_swap_finish(), pantau_stays_next_drop() FROM PUBLIC;

GRANT EXECUTE ON FUNCTION pantau_stays_build(boolean), pantau_stays_swap(bigint, bigint), pantau_stays_next_index(integer),
  pantau_stays_swap_prepare(bigint, bigint), pantau_stays_swap_finish(), pantau_stays_next_drop() TO pantau_app;
