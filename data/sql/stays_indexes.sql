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
