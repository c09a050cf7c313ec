-- Bulk loads (0700) also drop the foreign keys of stays and add them again
-- after the write, as PostgreSQL's "Populating a Database" advises: adding
-- a foreign key checks every row in one join, where a kept one checks each
-- inserted row with its own locking lookup (2.7 s per million stays). The
-- transaction holds stays exclusively meanwhile; re-adding the key also
-- checks the rows that were there before, so nothing unchecked commits.
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
