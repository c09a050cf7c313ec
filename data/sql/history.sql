-- Versions of stays and accommodations: each real change keeps the old row.
-- Re-applied whole whenever a definition file changes (docs/architecture.md "Changing SQL").

CREATE OR REPLACE FUNCTION pantau_keep_stay_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stays_history (id, source, source_id, full_name, passport_no, nationality, sex, birth_date,
    permit_type, permit_expiry, arrival_date, departure_date, accommodation_id, geom, desa_code,
    reported_at, version, created_at, updated_at, change)
  VALUES (OLD.id, OLD.source, OLD.source_id, OLD.full_name, OLD.passport_no, OLD.nationality, OLD.sex,
    OLD.birth_date, OLD.permit_type, OLD.permit_expiry, OLD.arrival_date, OLD.departure_date,
    OLD.accommodation_id, OLD.geom, OLD.desa_code, OLD.reported_at, OLD.version, OLD.created_at,
    OLD.updated_at, lower(TG_OP));
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  NEW.version := OLD.version + 1;
  NEW.updated_at := now();
  RETURN NEW;
END $$;

-- Only real changes make a version; re-assigning a desa alone does not.
-- Geometries are compared as EWKB: PostGIS's = operator is not found by
-- pg_restore, which builds triggers with an empty search_path.
CREATE OR REPLACE TRIGGER stays_history BEFORE UPDATE ON stays FOR EACH ROW
  WHEN ((OLD.source_id, OLD.full_name, OLD.passport_no, OLD.nationality, OLD.sex, OLD.birth_date,
         OLD.permit_type, OLD.permit_expiry, OLD.arrival_date, OLD.departure_date,
         OLD.accommodation_id, ST_AsEWKB(OLD.geom))
        IS DISTINCT FROM
        (NEW.source_id, NEW.full_name, NEW.passport_no, NEW.nationality, NEW.sex, NEW.birth_date,
         NEW.permit_type, NEW.permit_expiry, NEW.arrival_date, NEW.departure_date,
         NEW.accommodation_id, ST_AsEWKB(NEW.geom)))
  EXECUTE FUNCTION pantau_keep_stay_history();

CREATE OR REPLACE TRIGGER stays_history_delete BEFORE DELETE ON stays FOR EACH ROW
  EXECUTE FUNCTION pantau_keep_stay_history();

CREATE OR REPLACE FUNCTION pantau_keep_accommodation_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO accommodations_history (id, source, source_id, name, kind, licensed, apoa_registered,
    capacity, owner_name, geom, desa_code, version, created_at, updated_at, change)
  VALUES (OLD.id, OLD.source, OLD.source_id, OLD.name, OLD.kind, OLD.licensed, OLD.apoa_registered,
    OLD.capacity, OLD.owner_name, OLD.geom, OLD.desa_code, OLD.version, OLD.created_at, OLD.updated_at,
    lower(TG_OP));
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  NEW.version := OLD.version + 1;
  NEW.updated_at := now();
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER accommodations_history BEFORE UPDATE ON accommodations FOR EACH ROW
  WHEN ((OLD.name, OLD.kind, OLD.licensed, OLD.apoa_registered, OLD.capacity, OLD.owner_name, ST_AsEWKB(OLD.geom))
        IS DISTINCT FROM
        (NEW.name, NEW.kind, NEW.licensed, NEW.apoa_registered, NEW.capacity, NEW.owner_name, ST_AsEWKB(NEW.geom)))
  EXECUTE FUNCTION pantau_keep_accommodation_history();

CREATE OR REPLACE TRIGGER accommodations_history_delete BEFORE DELETE ON accommodations FOR EACH ROW
  EXECUTE FUNCTION pantau_keep_accommodation_history();
