-- Versions of stays and accommodations: each real change keeps the old row.
-- Re-applied whole whenever a definition file changes (docs/architecture.md "Changing SQL").

-- pantau_bump_version: a real change of a row makes its next version
-- (BEFORE UPDATE, for each row the trigger's WHEN finds changed).
CREATE OR REPLACE FUNCTION pantau_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  NEW.updated_at := now();
  RETURN NEW;
END $$;

-- pantau_keep_history: the statement's old rows go into <table>_history
-- (the columns both tables have, and change; valid_to takes its default):
-- every deleted row, and every updated row that got a new version. One
-- INSERT per statement, for stays and accommodations alike.
CREATE OR REPLACE FUNCTION pantau_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE hist text := format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME || '_history'); cols text;
BEGIN
  SELECT string_agg(quote_ident(h.attname), ', ' ORDER BY h.attnum) INTO cols
    FROM pg_attribute h JOIN pg_attribute t ON t.attrelid = TG_RELID AND t.attname = h.attname
   WHERE h.attrelid = hist::regclass AND h.attnum > 0 AND NOT h.attisdropped AND t.attnum > 0 AND NOT t.attisdropped;
  EXECUTE format('INSERT INTO %s (%s, change) SELECT %s, %L FROM old_rows o', hist, cols, cols, lower(TG_OP))
    || CASE TG_OP WHEN 'UPDATE' THEN ' WHERE EXISTS (SELECT FROM new_rows n WHERE n.id = o.id AND n.version <> o.version)' ELSE '' END;
  RETURN NULL;
END $$;

-- Only real changes make a version; re-assigning a desa alone does not.
-- Geometries are compared as EWKB: PostGIS's = operator is not found by
-- pg_restore, which builds triggers with an empty search_path.
CREATE OR REPLACE TRIGGER stays_version BEFORE UPDATE ON stays FOR EACH ROW
  WHEN ((OLD.source_id, OLD.full_name, OLD.passport_no, OLD.nationality, OLD.sex, OLD.birth_date,
         OLD.permit_type, OLD.permit_expiry, OLD.arrival_date, OLD.departure_date,
         OLD.accommodation_id, ST_AsEWKB(OLD.geom))
        IS DISTINCT FROM
        (NEW.source_id, NEW.full_name, NEW.passport_no, NEW.nationality, NEW.sex, NEW.birth_date,
         NEW.permit_type, NEW.permit_expiry, NEW.arrival_date, NEW.departure_date,
         NEW.accommodation_id, ST_AsEWKB(NEW.geom)))
  EXECUTE FUNCTION pantau_bump_version();

CREATE OR REPLACE TRIGGER stays_history_update AFTER UPDATE ON stays REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_keep_history();

CREATE OR REPLACE TRIGGER stays_history_delete AFTER DELETE ON stays REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_keep_history();

CREATE OR REPLACE TRIGGER accommodations_version BEFORE UPDATE ON accommodations FOR EACH ROW
  WHEN ((OLD.name, OLD.kind, OLD.licensed, OLD.apoa_registered, OLD.capacity, OLD.owner_name, ST_AsEWKB(OLD.geom))
        IS DISTINCT FROM
        (NEW.name, NEW.kind, NEW.licensed, NEW.apoa_registered, NEW.capacity, NEW.owner_name, ST_AsEWKB(NEW.geom)))
  EXECUTE FUNCTION pantau_bump_version();

CREATE OR REPLACE TRIGGER accommodations_history_update AFTER UPDATE ON accommodations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_keep_history();

CREATE OR REPLACE TRIGGER accommodations_history_delete AFTER DELETE ON accommodations REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_keep_history();
