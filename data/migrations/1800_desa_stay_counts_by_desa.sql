-- desa_stay_counts by desa: a tile's desa layer asks the figures of the few
-- desa it shows (pantau_area_figures' p_codes), whose counters this index
-- holds together — about a hundred entries per desa for one date, read by
-- index alone, instead of the 36,000 counters of all 360 desa that every
-- desa tile read (10–45 ms at 10,000,000 stays, more with a cold cache).
CREATE INDEX desa_stay_counts_desa_idx ON desa_stay_counts (desa_code, span, bucket)
  INCLUDE (started, ended, over_started, over_ended);

-- New arguments (data/sql/figures.sql): the desa codes to read.
DROP FUNCTION IF EXISTS pantau_stay_counts_upto(date);
DROP FUNCTION IF EXISTS pantau_desa_presence(date, date);
DROP FUNCTION IF EXISTS pantau_area_figures(text, date, date, text[], text[], text[]);
