-- Geofence alerts: rule evaluation in statement triggers on stays and accommodations, the outbox, the daily sweep.
-- Re-applied whole whenever a definition file changes (docs/architecture.md "Changing SQL").

-- Business time: the rules and the sweep read the time only through
-- pantau_now() and pantau_today(), so a session (a test, the sweep with the
-- server's clock, data/clock.go) can fix it. Delivery leases, retries and
-- row timestamps use now().

-- The current instant, or the pantau.now setting when a session fixes it.
CREATE OR REPLACE FUNCTION pantau_now() RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('pantau.now', true), '')::timestamptz, now())
$$;

-- Today's date in WIB (UTC+7) at pantau_now(), or the pantau.today setting
-- when a session fixes the date alone.
CREATE OR REPLACE FUNCTION pantau_today() RETURNS date LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('pantau.today', true), '')::date,
                  ((pantau_now() AT TIME ZONE 'UTC') + interval '7 hours')::date)
$$;

CREATE OR REPLACE FUNCTION pantau_fence_active(active_from timestamptz, active_to timestamptz) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT (active_from IS NULL OR active_from <= pantau_now()) AND (active_to IS NULL OR pantau_now() < active_to)
$$;

-- A rule's nationality and permit filters (absent or empty: any).
CREATE OR REPLACE FUNCTION pantau_rule_admits(r jsonb, nat bpchar, permit text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT (coalesce(jsonb_array_length(r->'nationality'), 0) = 0 OR (r->'nationality') ? nat::text)
     AND (coalesce(jsonb_array_length(r->'permit'), 0) = 0 OR (r->'permit') ? permit)
$$;

-- The alert rules, defined here once (data/rules_test.go runs them over a
-- table of cases; the triggers below apply them set-based). Dates are
-- calendar days in WIB (pantau_today). "Inside" means: the stay's point is
-- covered by the fence (boundary counts as inside), the fence is active and
-- the stay passes the rule's nationality and permit filters. A stay is
-- present on today when inside and not departed before today (the day of
-- departure counts); one reported ahead of its arrival is present from its
-- report on. Repeats are harmless: every alert has an idempotency key (rule,
-- subject, fence, period), so a rule that fires twice raises one alert.

-- pantau_stay_events returns the rules a stay's change fires, in the order
-- stay_started, stay_ended, overstay. o_inside NULL stands for "no old
-- version" (a new report); a deleted stay fires nothing and never gets here.
--   stay_started: present inside now and not before (so a stay first
--     reported already inside fires; a late report of a stay that left
--     before today does not, and nor does a repeated report).
--   stay_ended: a departure is reported for a stay that was inside with none
--     and is still inside.
--   overstay: present inside with a permit that expired before today; the
--     sweep evaluates it again every day with old = new.
CREATE OR REPLACE FUNCTION pantau_stay_events(o_inside boolean, o_departure date, n_inside boolean, n_departure date,
                                   n_expiry date, today date) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT array_remove(ARRAY[
    CASE WHEN (coalesce(n_inside, false) AND (n_departure IS NULL OR n_departure >= today))
          AND NOT (coalesce(o_inside, false) AND (o_departure IS NULL OR o_departure >= today))
         THEN 'stay_started' END,
    CASE WHEN coalesce(o_inside, false) AND o_departure IS NULL AND coalesce(n_inside, false) AND n_departure IS NOT NULL
         THEN 'stay_ended' END,
    CASE WHEN (coalesce(n_inside, false) AND (n_departure IS NULL OR n_departure >= today)) AND n_expiry < today
         THEN 'overstay' END], NULL)
$$;

-- pantau_accommodation_events: unregistered_accommodation fires when an
-- accommodation inside is not APOA-registered and was not so before (new,
-- moved in, or its registration withdrawn).
CREATE OR REPLACE FUNCTION pantau_accommodation_events(o_inside boolean, o_registered boolean, n_inside boolean, n_registered boolean)
RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN coalesce(n_inside, false) AND NOT n_registered
               AND NOT (coalesce(o_inside, false) AND NOT o_registered)
              THEN ARRAY['unregistered_accommodation'] ELSE ARRAY[]::text[] END
$$;

-- pantau_count_step is the count_above state machine with hysteresis:
-- given whether the fence was above, the present count and the rule's
-- threshold and band, fire when count > threshold while not above; re-arm
-- (now_above false) when count <= threshold - band. Each re-arming opens a
-- new episode, which is part of the alert's key.
CREATE OR REPLACE FUNCTION pantau_count_step(above boolean, n bigint, threshold integer, band integer,
                                  OUT fire boolean, OUT now_above boolean)
LANGUAGE sql IMMUTABLE AS $$
  SELECT NOT above AND n > threshold,
         CASE WHEN NOT above AND n > threshold THEN true
              WHEN above AND n <= threshold - band THEN false
              ELSE above END
$$;

-- pantau_rule_band: a count_above rule's hysteresis when set, else a tenth
-- of its threshold, at least 1.
CREATE OR REPLACE FUNCTION pantau_rule_band(r jsonb) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(nullif((r->>'hysteresis')::integer, 0), greatest(1, (r->>'threshold')::integer / 10))
$$;

-- The JSON of an alert, as the API lists it and the SSE stream and webhooks
-- carry it. No personal data: stays appear by id and attributes only.
CREATE OR REPLACE FUNCTION pantau_alert_json(a alerts) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', a.id, 'idempotency_key', a.idempotency_key, 'rule', a.rule,
    'geofence_id', a.geofence_id,
    'geofence_name', (SELECT g.name FROM geofences g WHERE g.id = a.geofence_id),
    'geofence_kind', (SELECT g.kind FROM geofences g WHERE g.id = a.geofence_id),
    'stay_id', a.stay_id, 'accommodation_id', a.accommodation_id,
    'accommodation_name', (SELECT m.name FROM accommodations m WHERE m.id = a.accommodation_id),
    'desa_code', a.desa_code, 'desa_name', (SELECT d.name FROM areas d WHERE d.code = a.desa_code),
    'nationality_alpha2', (SELECT c.alpha2 FROM countries c WHERE c.code = a.details->>'nationality'),
    'lon', ST_X(a.geom), 'lat', ST_Y(a.geom), 'details', a.details, 'state', a.state,
    'created_at', a.created_at,
    'acknowledged_by', a.acknowledged_by, 'acknowledged_at', a.acknowledged_at,
    'resolved_by', a.resolved_by, 'resolved_at', a.resolved_at)
$$;

-- Takes the outbox lock (see the top of this file) and says true, so it can
-- sit in the WHERE clause of the SELECT that feeds the outbox INSERT: the
-- lock is held before the first outbox id is drawn.
CREATE OR REPLACE FUNCTION pantau_outbox_lock() RETURNS boolean LANGUAGE sql VOLATILE AS $$
  SELECT pg_advisory_xact_lock(7243400);
  SELECT true
$$;

-- pantau_emit inserts the alerts of evs that do not exist yet and an outbox
-- row for each (under the outbox lock, in alert id order), then wakes the
-- listeners (NOTIFY is delivered on commit). Returns the number of new
-- alerts. The payload is pantau_alert_json's document, built inline here
-- because a per-row function call costs more than the insert.
CREATE OR REPLACE FUNCTION pantau_emit(evs pantau_event[]) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE new_ids bigint[];
BEGIN
  IF cardinality(evs) = 0 THEN RETURN 0; END IF;
  WITH ins AS (
    INSERT INTO alerts (idempotency_key, geofence_id, rule, stay_id, accommodation_id, geom, desa_code, details)
    SELECT DISTINCT ON (e.idempotency_key) e.idempotency_key, e.geofence_id, e.rule, e.stay_id,
           e.accommodation_id, e.geom, e.desa_code, coalesce(e.details, '{}')
    FROM unnest(evs) e ORDER BY e.idempotency_key
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id)
  SELECT array_agg(id ORDER BY id) INTO new_ids FROM ins;
  IF new_ids IS NULL THEN RETURN 0; END IF;
  PERFORM pg_advisory_xact_lock(7243400);
  INSERT INTO outbox (topic, alert_id, payload)
  SELECT 'alert', a.id, jsonb_build_object(
    'id', a.id, 'idempotency_key', a.idempotency_key, 'rule', a.rule,
    'geofence_id', a.geofence_id, 'geofence_name', g.name, 'geofence_kind', g.kind,
    'stay_id', a.stay_id, 'accommodation_id', a.accommodation_id, 'accommodation_name', m.name,
    'desa_code', a.desa_code, 'desa_name', d.name, 'nationality_alpha2', c.alpha2,
    'lon', ST_X(a.geom), 'lat', ST_Y(a.geom), 'details', a.details, 'state', a.state,
    'created_at', a.created_at,
    'acknowledged_by', a.acknowledged_by, 'acknowledged_at', a.acknowledged_at,
    'resolved_by', a.resolved_by, 'resolved_at', a.resolved_at)
  FROM unnest(new_ids) AS n(id)
  JOIN alerts a ON a.id = n.id
  LEFT JOIN geofences g ON g.id = a.geofence_id
  LEFT JOIN accommodations m ON m.id = a.accommodation_id
  LEFT JOIN areas d ON d.code = a.desa_code
  LEFT JOIN countries c ON c.code = a.details->>'nationality'
  ORDER BY a.id;
  PERFORM pg_notify('pantau_outbox', '');
  RETURN cardinality(new_ids);
END $$;

-- pantau_count_eval re-counts the present stays inside the given fences for
-- their count_above rules (one set-based count) and steps each rule's state
-- with pantau_count_step, firing where it says so.
CREATE OR REPLACE FUNCTION pantau_count_eval(fence_ids bigint[], today date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  f record; st record; step record; evs pantau_event[] := '{}';
BEGIN
  IF cardinality(fence_ids) = 0 THEN RETURN 0; END IF;
  FOR f IN
    SELECT c.id, c.rule, c.threshold, c.band, c.rk, c.label,
           (SELECT count(*) FROM stays s
             WHERE ST_Covers(c.geom, s.geom)
               -- "+ 0" keeps the planner on the spatial index: the dates
               -- select most rows and only slow a BitmapAnd down.
               AND s.arrival_date + 0 <= today AND (s.departure_date IS NULL OR s.departure_date + 0 >= today)
               AND pantau_rule_admits(c.rule, s.nationality, s.permit_type)) AS cnt
    FROM (SELECT g.id, g.geom, r AS rule, (r->>'threshold')::integer AS threshold, pantau_rule_band(r) AS band,
                 left(md5(r::text), 12) AS rk, ST_PointOnSurface(g.geom) AS label
          FROM geofences g CROSS JOIN LATERAL jsonb_array_elements(g.rules) r
          WHERE g.id = ANY (fence_ids) AND r->>'rule' = 'count_above' AND pantau_fence_active(g.active_from, g.active_to)) c
    ORDER BY c.id, c.rk
  LOOP
    INSERT INTO geofence_count_state (geofence_id, rule_key) VALUES (f.id, f.rk) ON CONFLICT DO NOTHING;
    SELECT * INTO st FROM geofence_count_state WHERE geofence_id = f.id AND rule_key = f.rk FOR UPDATE;
    step := pantau_count_step(st.above, f.cnt, f.threshold, f.band);
    IF step.now_above IS DISTINCT FROM st.above OR st.last_count <> f.cnt THEN
      UPDATE geofence_count_state SET above = step.now_above, last_count = f.cnt, updated_at = now(),
        episode = episode + CASE WHEN st.above AND NOT step.now_above THEN 1 ELSE 0 END
        WHERE geofence_id = f.id AND rule_key = f.rk;
    END IF;
    IF step.fire THEN
      evs := evs || ROW('count_above', format('count_above:fence:%s:n%s:r%s:e%s', f.id, f.threshold, f.rk, st.episode),
        f.id, NULL::bigint, NULL::bigint, f.label, pantau_desa_for(f.label),
        jsonb_build_object('count', f.cnt, 'threshold', f.threshold, 'hysteresis', f.band, 'episode', st.episode,
                           'as_of', today, 'nationality', f.rule->'nationality', 'permit', f.rule->'permit'))::pantau_event;
    END IF;
  END LOOP;
  RETURN pantau_emit(evs);
END $$;

CREATE OR REPLACE FUNCTION pantau_stay_details(nat bpchar, permit text, arrival date, departure date, expiry date) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('nationality', nat, 'permit_type', permit, 'arrival_date', arrival,
                            'departure_date', departure, 'permit_expiry', expiry)
$$;

-- An alert's idempotency key is rule + subject (stay, accommodation, or the
-- fence itself for counts) + fence + period: the stay for stay_started and
-- stay_ended, the permit expiry for overstay (an extended permit that
-- expires again is a new overstay), "unregistered" for
-- unregistered_accommodation and "n<threshold>:r<rule>:e<episode>" for
-- count_above. pantau_stay_key builds the stays' keys.
CREATE OR REPLACE FUNCTION pantau_stay_key(rule text, stay_id bigint, fence_id bigint, expiry date) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN rule = 'overstay' THEN format('overstay:stay:%s:fence:%s:permit:%s', stay_id, fence_id, expiry)
              ELSE format('%s:stay:%s:fence:%s:stay', rule, stay_id, fence_id) END
$$;

-- New stays are matched against the active fences; with none active there
-- is nothing to match (the join otherwise probes the empty fence index once
-- per new stay: 2 s of a 1,000,000-stay import).
CREATE OR REPLACE FUNCTION pantau_stays_alert_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE today date := pantau_today(); evs pantau_event[]; counted bigint[];
BEGIN
  IF NOT EXISTS (SELECT FROM geofences g WHERE pantau_fence_active(g.active_from, g.active_to)) THEN
    RETURN NULL;
  END IF;
  WITH pairs AS MATERIALIZED (
    SELECT n.id, n.accommodation_id, n.geom, n.desa_code, n.nationality, n.permit_type, n.arrival_date,
           n.departure_date, n.permit_expiry, g.id AS fence_id, g.rules
    FROM new_rows n
    JOIN geofences g ON ST_Covers(g.geom, n.geom)
    WHERE pantau_fence_active(g.active_from, g.active_to)
  )
  SELECT ARRAY(
    SELECT ROW(c.rule, pantau_stay_key(c.rule, c.id, c.fence_id, c.permit_expiry), c.fence_id, c.id,
               c.accommodation_id, c.geom, c.desa_code,
               pantau_stay_details(c.nationality, c.permit_type, c.arrival_date, c.departure_date, c.permit_expiry))::pantau_event
    FROM (SELECT p.*, r->>'rule' AS rule FROM pairs p CROSS JOIN LATERAL jsonb_array_elements(p.rules) r
          WHERE r->>'rule' IN ('stay_started', 'stay_ended', 'overstay')
            AND pantau_rule_admits(r, p.nationality, p.permit_type)) c
    WHERE c.rule = ANY (pantau_stay_events(NULL, NULL, true, c.departure_date, c.permit_expiry, today))),
    ARRAY(SELECT DISTINCT p.fence_id FROM pairs p WHERE p.rules @> '[{"rule": "count_above"}]')
  INTO evs, counted;
  PERFORM pantau_emit(evs);
  PERFORM pantau_count_eval(counted, today);
  RETURN NULL;
END $$;

-- Stays: corrections and departures (also the UPDATE arm of an importer's
-- INSERT … ON CONFLICT DO UPDATE).
CREATE OR REPLACE FUNCTION pantau_stays_alert_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE today date := pantau_today(); evs pantau_event[]; counted bigint[];
BEGIN
  WITH pairs AS MATERIALIZED (
    SELECT n.id, n.accommodation_id, n.geom, n.desa_code, n.nationality, n.permit_type, n.arrival_date,
           n.departure_date, n.permit_expiry, g.id AS fence_id, g.rules,
           ST_Covers(g.geom, o.geom) AS o_covered, ST_Covers(g.geom, n.geom) AS n_covered,
           o.departure_date AS o_departure, o.nationality AS o_nationality, o.permit_type AS o_permit_type,
           (n.geom, n.arrival_date, n.departure_date, n.nationality, n.permit_type)
             IS DISTINCT FROM (o.geom, o.arrival_date, o.departure_date, o.nationality, o.permit_type) AS changed
    FROM new_rows n
    JOIN old_rows o ON o.id = n.id
    JOIN geofences g ON g.geom && ST_Collect(n.geom, o.geom)
    WHERE pantau_fence_active(g.active_from, g.active_to)
  )
  SELECT ARRAY(
    SELECT ROW(c.rule, pantau_stay_key(c.rule, c.id, c.fence_id, c.permit_expiry), c.fence_id, c.id,
               c.accommodation_id, c.geom, c.desa_code,
               pantau_stay_details(c.nationality, c.permit_type, c.arrival_date, c.departure_date, c.permit_expiry))::pantau_event
    FROM (SELECT p.*, r->>'rule' AS rule,
                 p.o_covered AND pantau_rule_admits(r, p.o_nationality, p.o_permit_type) AS o_inside,
                 p.n_covered AND pantau_rule_admits(r, p.nationality, p.permit_type) AS n_inside
          FROM pairs p CROSS JOIN LATERAL jsonb_array_elements(p.rules) r
          WHERE r->>'rule' IN ('stay_started', 'stay_ended', 'overstay') AND (p.o_covered OR p.n_covered)) c
    WHERE c.rule = ANY (pantau_stay_events(c.o_inside, c.o_departure, c.n_inside, c.departure_date, c.permit_expiry, today))),
    ARRAY(SELECT DISTINCT p.fence_id FROM pairs p
          WHERE p.changed AND (p.o_covered OR p.n_covered) AND p.rules @> '[{"rule": "count_above"}]')
  INTO evs, counted;
  PERFORM pantau_emit(evs);
  PERFORM pantau_count_eval(counted, today);
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER stays_alerts_insert AFTER INSERT ON stays REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_stays_alert_insert();

CREATE OR REPLACE TRIGGER stays_alerts_update AFTER UPDATE ON stays REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_stays_alert_update();

-- Accommodations: unregistered_accommodation. pantau_unregistered_event is
-- the event of accommodation a inside fence fence_id.
CREATE OR REPLACE FUNCTION pantau_unregistered_event(a accommodations, fence_id bigint) RETURNS pantau_event
LANGUAGE sql IMMUTABLE AS $$
  SELECT ROW('unregistered_accommodation',
             format('unregistered_accommodation:accommodation:%s:fence:%s:unregistered', a.id, fence_id),
             fence_id, NULL::bigint, a.id, a.geom, a.desa_code,
             jsonb_build_object('kind', a.kind, 'licensed', a.licensed, 'apoa_registered', a.apoa_registered,
                                'capacity', a.capacity))::pantau_event
$$;

CREATE OR REPLACE FUNCTION pantau_accommodations_alert_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pantau_emit(ARRAY(
    SELECT pantau_unregistered_event(n, g.id)
    FROM new_rows n
    JOIN geofences g ON ST_Covers(g.geom, n.geom)
    WHERE g.rules @> '[{"rule": "unregistered_accommodation"}]'
      AND pantau_fence_active(g.active_from, g.active_to)
      AND cardinality(pantau_accommodation_events(NULL, NULL, true, n.apoa_registered)) > 0));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION pantau_accommodations_alert_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pantau_emit(ARRAY(
    SELECT pantau_unregistered_event(n, g.id)
    FROM new_rows n
    JOIN old_rows o ON o.id = n.id
    JOIN geofences g ON g.geom && ST_Collect(n.geom, o.geom)
    WHERE g.rules @> '[{"rule": "unregistered_accommodation"}]'
      AND pantau_fence_active(g.active_from, g.active_to)
      AND cardinality(pantau_accommodation_events(ST_Covers(g.geom, o.geom), o.apoa_registered,
                                                  ST_Covers(g.geom, n.geom), n.apoa_registered)) > 0));
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER accommodations_alerts_insert AFTER INSERT ON accommodations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_accommodations_alert_insert();

CREATE OR REPLACE TRIGGER accommodations_alerts_update AFTER UPDATE ON accommodations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_accommodations_alert_update();

-- Every outbox row becomes one pending delivery per active webhook, in the
-- same transaction: a crash cannot lose a delivery.
CREATE OR REPLACE FUNCTION pantau_outbox_fanout() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_deliveries (webhook_id, outbox_id, expires_at)
  SELECT w.id, n.id, now() + make_interval(days => w.expiry_days)
  FROM new_rows n CROSS JOIN webhooks w WHERE w.active
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER outbox_fanout AFTER INSERT ON outbox REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_outbox_fanout();

-- pantau_sweep (0400) plus the fences that opened since the last sweep.
CREATE OR REPLACE FUNCTION pantau_sweep(today date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE n integer; since timestamptz; opened bigint[];
BEGIN
  INSERT INTO pantau_sweep_state (swept_at) VALUES ('-infinity') ON CONFLICT DO NOTHING;
  SELECT swept_at INTO since FROM pantau_sweep_state FOR UPDATE; -- one sweep at a time
  opened := ARRAY(SELECT id FROM geofences
                  WHERE active_from IS NOT NULL AND active_from > since AND active_from <= pantau_now() ORDER BY id);
  UPDATE pantau_sweep_state SET swept_at = pantau_now();
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
