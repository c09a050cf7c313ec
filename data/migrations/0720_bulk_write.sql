-- Bulk write costs, measured on 1,000,000 stays written by one statement.
--
-- The nationality list as a CHECK (migration 0700) cost 2.3 s there: a
-- CHECK compares with the 251 codes one by one (PostgreSQL hashes such
-- lists in queries, not in constraints). The same list as a bitmap over
-- the 26³ three-letter codes (bit (c1·676 + c2·26 + c3) set for a country)
-- is one lookup: 0.5 s. Built from the countries table here.
ALTER TABLE stays DROP CONSTRAINT stays_nationality_check;
DO $$
DECLARE bits text;
BEGIN
  SELECT string_agg(CASE WHEN c.code IS NULL THEN '0' ELSE '1' END, '' ORDER BY i) INTO bits
  FROM generate_series(0, 17575) i
  LEFT JOIN countries c ON c.code = chr(65 + i / 676) || chr(65 + (i / 26) % 26) || chr(65 + i % 26);
  EXECUTE format($c$ALTER TABLE stays ADD CONSTRAINT stays_nationality_check CHECK (
    CASE WHEN nationality ~ '^[A-Z]{3}$'
         THEN get_bit(%L::bit(17576), (ascii(substr(nationality, 1, 1)) - 65) * 676
                                    + (ascii(substr(nationality, 2, 1)) - 65) * 26 + ascii(substr(nationality, 3, 1)) - 65) = 1
         ELSE false END)$c$, bits);
END $$;

-- Tile invalidation: a statement that writes more than 100,000 stays (a
-- bulk load) flushes the tile caches instead of recording the boxes it
-- touched — it touches nearly every tile, and grouping its rows cost 1.8 s
-- per million. Smaller statements are recorded exactly, as before.
CREATE OR REPLACE FUNCTION pantau_tiles_stays_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ch text := pantau_tiles_rows(TG_OP, 'geom_3857 AS g, desa_code, accommodation_id'); lo bigint; hi bigint; n bigint;
BEGIN
  EXECUTE format('SELECT count(*) FROM (%s) c', pantau_tiles_rows(TG_OP, '1')) INTO n;
  IF n > 100000 THEN
    PERFORM pg_notify('pantau_tiles', 'flush');
    RETURN NULL;
  END IF;
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
