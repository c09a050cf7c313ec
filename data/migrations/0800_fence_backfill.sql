-- A fence that appears, changes shape, changes rules or becomes active sees
-- what is already inside it.
--
-- The stay and accommodation triggers of 0400_alerts.sql only look at the
-- rows being written, so a fence drawn around people who were reported
-- earlier raised nothing until they wrote again (and never stay_started).
-- Statement-level triggers on geofences now evaluate each new or changed
-- fence (geometry, rules or active window) against the stays and
-- accommodations already stored, in the transaction of the fence write:
-- the same pure rules as a stay report with no old version
-- (pantau_stay_events(NULL, NULL, true, …), i.e. geo.StayEvents with no
-- previous version), so a fence drawn before a report and one drawn after it
-- raise the same alerts with the same idempotency keys, and saving a fence
-- again raises nothing new. "Present" is the 0400 definition: not departed
-- before the evaluation day (pantau_today(), which a writer fixes with the
-- pantau.today setting); announced arrivals count, departed stays do not.
--
-- A fence whose active window opens later (active_from in the future) is
-- evaluated by the sweep that first runs after active_from.

-- pantau_fence_backfill evaluates the fences fence_ids (those active now)
-- for `today`: stay_started and overstay for present stays inside,
-- unregistered_accommodation for unregistered accommodations inside, and a
-- re-count of their count_above rules. Returns the number of new alerts.
CREATE FUNCTION pantau_fence_backfill(fence_ids bigint[], today date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE n integer;
BEGIN
  IF cardinality(fence_ids) = 0 THEN RETURN 0; END IF;
  n := pantau_emit(ARRAY(
    SELECT ROW(c.rule, pantau_stay_key(c.rule, c.id, c.fence_id, c.permit_expiry), c.fence_id, c.id,
               c.accommodation_id, c.geom, c.desa_code,
               pantau_stay_details(c.nationality, c.permit_type, c.arrival_date, c.departure_date, c.permit_expiry))::pantau_event
    FROM (SELECT s.id, s.accommodation_id, s.geom, s.desa_code, s.nationality, s.permit_type, s.arrival_date,
                 s.departure_date, s.permit_expiry, g.id AS fence_id, r->>'rule' AS rule
          FROM geofences g
          CROSS JOIN LATERAL jsonb_array_elements(g.rules) r
          JOIN stays s ON ST_Covers(g.geom, s.geom)
          WHERE g.id = ANY (fence_ids)
            AND pantau_fence_active(g.active_from, g.active_to)
            AND r->>'rule' IN ('stay_started', 'overstay')
            -- "+ 0" keeps the planner on the spatial index (as in 0400).
            AND (s.departure_date IS NULL OR s.departure_date + 0 >= today)
            AND pantau_rule_admits(r, s.nationality, s.permit_type)) c
    WHERE c.rule = ANY (pantau_stay_events(NULL, NULL, true, c.departure_date, c.permit_expiry, today))
    ORDER BY c.fence_id, c.id, c.rule))
  + pantau_emit(ARRAY(
    SELECT ROW('unregistered_accommodation',
               format('unregistered_accommodation:accommodation:%s:fence:%s:unregistered', a.id, g.id),
               g.id, NULL::bigint, a.id, a.geom, a.desa_code,
               jsonb_build_object('kind', a.kind, 'licensed', a.licensed, 'apoa_registered', a.apoa_registered,
                                  'capacity', a.capacity))::pantau_event
    FROM geofences g
    JOIN accommodations a ON ST_Covers(g.geom, a.geom)
    WHERE g.id = ANY (fence_ids)
      AND g.rules @> '[{"rule": "unregistered_accommodation"}]'
      AND pantau_fence_active(g.active_from, g.active_to)
      AND cardinality(pantau_accommodation_events(NULL, NULL, true, a.apoa_registered)) > 0
    ORDER BY g.id, a.id));
  RETURN n + pantau_count_eval(fence_ids, today);
END $$;

CREATE FUNCTION pantau_geofences_backfill_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pantau_fence_backfill(ARRAY(SELECT id FROM new_rows ORDER BY id), pantau_today());
  RETURN NULL;
END $$;

-- Only a change that can put something inside a fence: its shape, rules or
-- active window (a rename changes nothing).
CREATE FUNCTION pantau_geofences_backfill_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pantau_fence_backfill(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE ST_AsEWKB(n.geom) IS DISTINCT FROM ST_AsEWKB(o.geom)
       OR (n.rules, n.active_from, n.active_to) IS DISTINCT FROM (o.rules, o.active_from, o.active_to)
    ORDER BY n.id), pantau_today());
  RETURN NULL;
END $$;

CREATE TRIGGER geofences_backfill_insert AFTER INSERT ON geofences REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_geofences_backfill_insert();
CREATE TRIGGER geofences_backfill_update AFTER UPDATE ON geofences
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_geofences_backfill_update();

-- When the sweep last ran (one row): fences whose active_from falls after
-- it became active by the calendar, with no write, and are evaluated by the
-- next sweep.
CREATE TABLE pantau_sweep_state (
  one      boolean PRIMARY KEY DEFAULT true CHECK (one),
  swept_at timestamptz NOT NULL
);

-- pantau_sweep (0400) plus the fences that opened since the last sweep.
CREATE OR REPLACE FUNCTION pantau_sweep(today date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE n integer; since timestamptz; opened bigint[];
BEGIN
  INSERT INTO pantau_sweep_state (swept_at) VALUES ('-infinity') ON CONFLICT DO NOTHING;
  SELECT swept_at INTO since FROM pantau_sweep_state FOR UPDATE; -- one sweep at a time
  opened := ARRAY(SELECT id FROM geofences
                  WHERE active_from IS NOT NULL AND active_from > since AND active_from <= now() ORDER BY id);
  UPDATE pantau_sweep_state SET swept_at = now();
  n := pantau_fence_backfill(opened, today);
  n := n + pantau_emit(ARRAY(
    SELECT ROW('overstay', pantau_stay_key('overstay', s.id, g.id, s.permit_expiry), g.id, s.id,
               s.accommodation_id, s.geom, s.desa_code,
               pantau_stay_details(s.nationality, s.permit_type, s.arrival_date, s.departure_date, s.permit_expiry))::pantau_event
    FROM geofences g
    CROSS JOIN LATERAL jsonb_array_elements(g.rules) r
    JOIN stays s ON ST_Covers(g.geom, s.geom)
    WHERE r->>'rule' = 'overstay'
      AND pantau_fence_active(g.active_from, g.active_to)
      AND s.permit_expiry < today
      AND pantau_rule_admits(r, s.nationality, s.permit_type)
      AND 'overstay' = ANY (pantau_stay_events(true, s.departure_date, true, s.departure_date, s.permit_expiry, today))));
  RETURN n + pantau_count_eval(ARRAY(SELECT id FROM geofences WHERE rules @> '[{"rule": "count_above"}]'), today);
END $$;
