-- Accommodations per desa, kept by the accommodations' own writes (statement triggers).
-- Re-applied whole whenever a definition file changes (docs/architecture.md "Changing SQL").

CREATE OR REPLACE FUNCTION pantau_acc_counts_add(delta text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    INSERT INTO desa_accommodation_counts AS c (desa_code, n, unregistered)
    SELECT desa_code, sum(d), sum(u) FROM (%s) x WHERE desa_code IS NOT NULL
    GROUP BY 1 HAVING sum(d) <> 0 OR sum(u) <> 0 ORDER BY 1
    ON CONFLICT (desa_code) DO UPDATE SET n = c.n + EXCLUDED.n, unregistered = c.unregistered + EXCLUDED.unregistered $f$, delta)
$$;

CREATE OR REPLACE FUNCTION pantau_acc_counts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE pantau_acc_counts_add(CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT desa_code, 1 AS d, (NOT apoa_registered)::int AS u FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT desa_code, -1 AS d, -(NOT apoa_registered)::int AS u FROM old_rows'
    ELSE 'SELECT desa_code, 1 AS d, (NOT apoa_registered)::int AS u FROM new_rows
          UNION ALL SELECT desa_code, -1, -(NOT apoa_registered)::int FROM old_rows' END);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION pantau_acc_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM desa_accommodation_counts;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER accommodations_counts_ins AFTER INSERT ON accommodations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_acc_counts_changed();

CREATE OR REPLACE TRIGGER accommodations_counts_upd AFTER UPDATE ON accommodations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_acc_counts_changed();

CREATE OR REPLACE TRIGGER accommodations_counts_del AFTER DELETE ON accommodations REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_acc_counts_changed();

CREATE OR REPLACE TRIGGER accommodations_counts_truncate AFTER TRUNCATE ON accommodations
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_acc_counts_truncated();
