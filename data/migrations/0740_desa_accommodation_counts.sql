-- Accommodations per desa, kept current by the accommodations' own writes.
-- The desa and kecamatan figures (tiles and /density/areas) counted every
-- accommodation on every request — a quarter of the all-desa figures (13 of
-- 48 ms on the benchmark's 50,000 accommodations) and of each uncached
-- desa tile — though these counts do not depend on the date asked.
--
-- Each statement on accommodations adds its rows' difference per desa
-- (new rows +1, old rows −1) to the desa's row: concurrent writers add up
-- correctly, since each upsert waits for the other's row lock and then adds
-- to the committed count. Rows are upserted in desa order so two writers
-- take the row locks in the same order; a desa whose counts do not change
-- (an accommodation renamed) is not touched.
CREATE TABLE desa_accommodation_counts (
  desa_code    text PRIMARY KEY,
  n            bigint NOT NULL,
  unregistered bigint NOT NULL -- not APOA-registered
);
INSERT INTO desa_accommodation_counts
SELECT desa_code, count(*), count(*) FILTER (WHERE NOT apoa_registered)
FROM accommodations WHERE desa_code IS NOT NULL GROUP BY 1;

CREATE FUNCTION pantau_acc_counts_add(delta text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    INSERT INTO desa_accommodation_counts AS c (desa_code, n, unregistered)
    SELECT desa_code, sum(d), sum(u) FROM (%s) x WHERE desa_code IS NOT NULL
    GROUP BY 1 HAVING sum(d) <> 0 OR sum(u) <> 0 ORDER BY 1
    ON CONFLICT (desa_code) DO UPDATE SET n = c.n + EXCLUDED.n, unregistered = c.unregistered + EXCLUDED.unregistered $f$, delta)
$$;

CREATE FUNCTION pantau_acc_counts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE pantau_acc_counts_add(CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT desa_code, 1 AS d, (NOT apoa_registered)::int AS u FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT desa_code, -1 AS d, -(NOT apoa_registered)::int AS u FROM old_rows'
    ELSE 'SELECT desa_code, 1 AS d, (NOT apoa_registered)::int AS u FROM new_rows
          UNION ALL SELECT desa_code, -1, -(NOT apoa_registered)::int FROM old_rows' END);
  RETURN NULL;
END $$;

CREATE FUNCTION pantau_acc_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM desa_accommodation_counts;
  RETURN NULL;
END $$;

CREATE TRIGGER accommodations_counts_ins AFTER INSERT ON accommodations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_acc_counts_changed();
CREATE TRIGGER accommodations_counts_upd AFTER UPDATE ON accommodations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_acc_counts_changed();
CREATE TRIGGER accommodations_counts_del AFTER DELETE ON accommodations REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_acc_counts_changed();
CREATE TRIGGER accommodations_counts_truncate AFTER TRUNCATE ON accommodations
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_acc_counts_truncated();

-- pantau_area_figures (0002), reading the kept counts. Same result.
CREATE OR REPLACE FUNCTION pantau_area_figures(p_level text, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[])
RETURNS TABLE (code text, name text, parent_code text, area_km2 double precision, present bigint,
               per_km2 double precision, overstays bigint, accommodations bigint, unregistered bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH s AS (
    SELECT CASE WHEN p_level = 'desa' THEN m.desa_code ELSE substr(m.desa_code, 1, 8) END AS code,
           count(*) AS present,
           count(*) FILTER (WHERE pantau_is_overstay(m.permit_expiry, m.departure_date, p_to)) AS overstays
    FROM pantau_stays_matching(p_from, p_to, p_nat, p_permit, p_status) m
    WHERE m.desa_code IS NOT NULL
    GROUP BY 1
  ), acc AS (
    SELECT CASE WHEN p_level = 'desa' THEN c.desa_code ELSE substr(c.desa_code, 1, 8) END AS code,
           sum(c.n)::bigint AS n, sum(c.unregistered)::bigint AS unregistered
    FROM desa_accommodation_counts c
    GROUP BY 1
  )
  SELECT a.code, a.name, a.parent_code, a.area_km2,
         coalesce(s.present, 0), coalesce(s.present, 0) / nullif(a.area_km2, 0),
         coalesce(s.overstays, 0), coalesce(acc.n, 0), coalesce(acc.unregistered, 0)
  FROM areas a
  LEFT JOIN s ON s.code = a.code
  LEFT JOIN acc ON acc.code = a.code
  WHERE a.level = p_level
$$;
