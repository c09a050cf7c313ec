-- Present stays and overstays per desa, kept by the stays' own writes
-- (statement triggers in data/sql/stay_counts.sql), so that the desa and
-- kecamatan figures (every desa and kecamatan tile, /density/areas, the
-- patrol hotspots) read a few thousand counters instead of every present
-- stay's index entry: at 10,000,000 stays the period index holds six times
-- the pages per present stay that it holds at 1,000,000.
--
-- A stay is present on the days [arrival, departure] (an open stay for
-- ever) and overstays on [greatest(arrival, permit_expiry + 1), departure]
-- when that is not empty. Each is counted by its start and its end: the
-- stays present on some day of [f, t] (f ≤ t) are those started by t less
-- those ended before f. The counts are kept per desa and day, month and
-- year (span 0, 1, 2; bucket = the first day), so that "started by x" adds
-- the years before x's, the months of x's year before x's and the days of
-- x's month through x: at most a few dozen counters per desa.
CREATE TABLE desa_stay_counts (
  span         smallint NOT NULL CHECK (span IN (0, 1, 2)),
  bucket       date NOT NULL,
  desa_code    text NOT NULL,
  started      bigint NOT NULL, -- stays arriving in the bucket
  ended        bigint NOT NULL, -- stays whose departure (last present day) is in the bucket
  over_started bigint NOT NULL, -- overstays beginning in the bucket
  over_ended   bigint NOT NULL, -- overstays ending (departure) in the bucket
  PRIMARY KEY (span, bucket, desa_code)
);

-- The counts of the stays already stored: their events per desa and day
-- first, then the day counts summed into months and years.
CREATE TEMP TABLE desa_stay_days ON COMMIT DROP AS
SELECT s.desa_code, ev.day, sum(ev.a) AS a, sum(ev.d) AS d, sum(ev.os) AS os, sum(ev.oe) AS oe
FROM stays s
CROSS JOIN LATERAL (VALUES
  (s.arrival_date, 1, 0, 0, 0),
  (s.departure_date, 0, 1, 0, 0),
  (CASE WHEN s.permit_expiry < coalesce(s.departure_date, 'infinity') THEN greatest(s.arrival_date, s.permit_expiry + 1) END, 0, 0, 1, 0),
  (CASE WHEN s.permit_expiry < s.departure_date THEN s.departure_date END, 0, 0, 0, 1)) ev(day, a, d, os, oe)
WHERE s.desa_code IS NOT NULL AND ev.day IS NOT NULL
GROUP BY 1, 2;

INSERT INTO desa_stay_counts (span, bucket, desa_code, started, ended, over_started, over_ended)
SELECT k.span, k.bucket, t.desa_code, sum(t.a), sum(t.d), sum(t.os), sum(t.oe)
FROM desa_stay_days t
CROSS JOIN LATERAL (VALUES (0, t.day), (1, (t.day - extract(day FROM t.day)::int + 1)),
                           (2, make_date(extract(year FROM t.day)::int, 1, 1))) k(span, bucket)
GROUP BY 1, 2, 3;
