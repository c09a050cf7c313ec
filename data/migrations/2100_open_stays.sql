-- Open stays (no departure yet) in an index of their own. A stay's period
-- key (0900) puts an open stay at departure 10,000,000; on the 10M
-- benchmark set the day's 76,060 present stays are 74,375 open ones whose
-- arrivals spread over years, and the period index's sorted build
-- interleaves them with closed stays: the day's selection read 9,331 index
-- pages (1,535 at 1M for as many stays), 20,028 when the index was grown
-- by insertion as daily imports grow it. Split by departure, each stay
-- lies in exactly two GiST indexes as before:
--   closed stays: the period index and the place index (0900), now partial;
--   open stays:   stays_open_idx, keyed on both positions (EPSG:3857 for the
--                 low-zoom tiles, EPSG:4326 for the place searches), with
--                 every column those readers take.
-- pantau_stays_matching (data/sql/figures.sql) reads open stays by arrival
-- and closed stays by the period box, as a UNION ALL; a search by place
-- reaches the place index for the closed stays and stays_open_idx for the
-- open ones. Readers must name the departure (IS NULL / IS NOT NULL) to
-- reach these indexes: every reader of stays by period goes through
-- pantau_stays_matching.
DROP INDEX stays_period_cover_idx;
DROP INDEX stays_geom_period_cover_idx;
CREATE INDEX stays_period_cover_idx ON stays USING gist (pantau_period_key(arrival_date, departure_date))
  INCLUDE (arrival_date, departure_date, desa_code, nationality, permit_type, permit_expiry, accommodation_id,
           geom_3857, utm_x, utm_y)
  WHERE departure_date IS NOT NULL;
CREATE INDEX stays_geom_period_cover_idx ON stays USING gist (geom, pantau_period_place_key(arrival_date, departure_date))
  INCLUDE (arrival_date, departure_date, desa_code, nationality, permit_type, permit_expiry, accommodation_id, geom)
  WHERE departure_date IS NOT NULL;
CREATE INDEX stays_open_idx ON stays USING gist (geom_3857, geom)
  INCLUDE (arrival_date, departure_date, desa_code, nationality, permit_type, permit_expiry, accommodation_id,
           geom_3857, utm_x, utm_y, geom)
  WHERE departure_date IS NULL;
