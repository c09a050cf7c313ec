-- Present stays and overstays per desa (desa_stay_counts), kept by the stays' own writes (statement triggers).
-- Re-applied whole whenever a definition file changes (README "Changing SQL").
-- What the counters mean: migration 1750; how they are read: pantau_desa_presence (figures.sql).

-- pantau_month_of, pantau_year_of: the first day of d's month and year
-- (date_trunc would go through timestamptz and the session's time zone).
CREATE OR REPLACE FUNCTION pantau_month_of(d date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT d - extract(day FROM d)::int + 1
$$;

CREATE OR REPLACE FUNCTION pantau_year_of(d date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT make_date(extract(year FROM d)::int, 1, 1)
$$;

-- pantau_stay_days: the statement grouping by desa and day the events of
-- the rows of delta (a query of desa_code, arrival_date, departure_date,
-- permit_expiry and n: +1 for a new row, −1 for an old one) as (desa_code,
-- day, a, d, os, oe): arrivals, departures, overstays begun and ended.
CREATE OR REPLACE FUNCTION pantau_stay_days(delta text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
      SELECT x.desa_code, v.day, sum(v.a * x.n) AS a, sum(v.d * x.n) AS d, sum(v.os * x.n) AS os, sum(v.oe * x.n) AS oe
      FROM (%s) x,
           LATERAL (SELECT x.permit_expiry < coalesce(x.departure_date, 'infinity') AS over) o,
           LATERAL (VALUES (x.arrival_date, 1, 0, 0, 0), (x.departure_date, 0, 1, 0, 0),
                           (CASE WHEN o.over THEN greatest(x.arrival_date, x.permit_expiry + 1) END, 0, 0, 1, 0),
                           (CASE WHEN o.over THEN x.departure_date END, 0, 0, 0, 1)) v(day, a, d, os, oe)
      WHERE x.desa_code IS NOT NULL AND v.day IS NOT NULL
      GROUP BY 1, 2 $f$, delta)
$$;

-- pantau_stay_counts_add_days: the statement adding to desa_stay_counts
-- the events of days (a query shaped as pantau_stay_days gives them: one
-- row per desa and day) to the day counters as they are and to the month
-- and year counters summed. Counters that do not change (an update that
-- moves no date and no desa) are not touched. Every writer upserts its
-- counters in one order — years, then months, then days, each by bucket
-- and desa, the primary key's order within a span —, so two writers never
-- wait for each other in a cycle, and a writer of one desa's stays (a
-- single POST) waits, if at all, for its first counter, holding none.
-- Writing in the primary key's order also keeps the inserts of a large
-- import on neighbouring index pages. A million new stays' 198,608
-- desa-days become 213,310 counters in 1.9–3.0 s (psql, into an empty
-- table), against 2.8–4.7 when every day was expanded into its three
-- counters and all were grouped and written by desa first
-- (docs/benchmarks.md, session 10).
CREATE OR REPLACE FUNCTION pantau_stay_counts_add_days(days text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    WITH e AS (%s)
    INSERT INTO desa_stay_counts AS c (span, bucket, desa_code, started, ended, over_started, over_ended)
    SELECT * FROM (
      SELECT 0, e.day, e.desa_code, e.a, e.d, e.os, e.oe FROM e
      WHERE e.a <> 0 OR e.d <> 0 OR e.os <> 0 OR e.oe <> 0
      UNION ALL
      SELECT 1, pantau_month_of(e.day), e.desa_code, sum(e.a)::bigint, sum(e.d)::bigint, sum(e.os)::bigint, sum(e.oe)::bigint FROM e
      GROUP BY 2, 3 HAVING sum(e.a) <> 0 OR sum(e.d) <> 0 OR sum(e.os) <> 0 OR sum(e.oe) <> 0
      UNION ALL
      SELECT 2, pantau_year_of(e.day), e.desa_code, sum(e.a)::bigint, sum(e.d)::bigint, sum(e.os)::bigint, sum(e.oe)::bigint FROM e
      GROUP BY 2, 3 HAVING sum(e.a) <> 0 OR sum(e.d) <> 0 OR sum(e.os) <> 0 OR sum(e.oe) <> 0
    ) k (span, bucket, desa_code, a, d, os, oe)
    ORDER BY 1 DESC, 2, 3
    ON CONFLICT (span, bucket, desa_code) DO UPDATE SET started = c.started + EXCLUDED.started, ended = c.ended + EXCLUDED.ended,
      over_started = c.over_started + EXCLUDED.over_started, over_ended = c.over_ended + EXCLUDED.over_ended $f$, days)
$$;

-- pantau_stay_delta: the query of delta rows pantau_stay_days reads, over
-- the stays in added (+1) and those in removed (−1): each a relation or a
-- parenthesised query of stays rows, or NULL.
CREATE OR REPLACE FUNCTION pantau_stay_delta(added text, removed text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws(' UNION ALL ',
    CASE WHEN added IS NOT NULL THEN format('SELECT desa_code, arrival_date, departure_date, permit_expiry, 1 AS n FROM %s a', added) END,
    CASE WHEN removed IS NOT NULL THEN format('SELECT desa_code, arrival_date, departure_date, permit_expiry, -1 AS n FROM %s r', removed) END)
$$;

-- pantau_stay_counts_add: the statement adding to desa_stay_counts the
-- events of the rows of delta (as pantau_stay_days reads them).
CREATE OR REPLACE FUNCTION pantau_stay_counts_add(delta text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT pantau_stay_counts_add_days(pantau_stay_days(delta))
$$;

-- work_mem: the counters of a million new stays (~600,000 rows before the
-- last grouping, ~80 MB) are sorted in memory instead of spilling to disk.
CREATE OR REPLACE FUNCTION pantau_stay_counts_changed() RETURNS trigger LANGUAGE plpgsql SET work_mem = '128MB' AS $$
BEGIN
  EXECUTE pantau_stay_counts_add(pantau_stay_delta(CASE WHEN TG_OP <> 'DELETE' THEN 'new_rows' END,
                                                   CASE WHEN TG_OP <> 'INSERT' THEN 'old_rows' END));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION pantau_stay_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM desa_stay_counts;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER stays_counts_ins AFTER INSERT ON stays REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_stay_counts_changed();

CREATE OR REPLACE TRIGGER stays_counts_upd AFTER UPDATE ON stays REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_stay_counts_changed();

CREATE OR REPLACE TRIGGER stays_counts_del AFTER DELETE ON stays REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_stay_counts_changed();

CREATE OR REPLACE TRIGGER stays_counts_truncate AFTER TRUNCATE ON stays
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_stay_counts_truncated();
