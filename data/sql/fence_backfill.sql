-- A new or changed geofence raises what its present stays and accommodations already meet.
-- Re-applied whole whenever a definition file changes (docs/architecture.md "Changing SQL").

-- pantau_fence_backfill evaluates the fences fence_ids (those active now)
-- for `today`: stay_started and overstay for present stays inside,
-- unregistered_accommodation for unregistered accommodations inside, and a
-- re-count of their count_above rules. Returns the number of new alerts.
CREATE OR REPLACE FUNCTION pantau_fence_backfill(fence_ids bigint[], today date) RETURNS integer LANGUAGE plpgsql AS $$
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
    SELECT pantau_unregistered_event(a, g.id)
    FROM geofences g
    JOIN accommodations a ON ST_Covers(g.geom, a.geom)
    WHERE g.id = ANY (fence_ids)
      AND g.rules @> '[{"rule": "unregistered_accommodation"}]'
      AND pantau_fence_active(g.active_from, g.active_to)
      AND cardinality(pantau_accommodation_events(NULL, NULL, true, a.apoa_registered)) > 0
    ORDER BY g.id, a.id));
  RETURN n + pantau_count_eval(fence_ids, today);
END $$;

CREATE OR REPLACE FUNCTION pantau_geofences_backfill_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pantau_fence_backfill(ARRAY(SELECT id FROM new_rows ORDER BY id), pantau_today());
  RETURN NULL;
END $$;

-- Only a change that can put something inside a fence: its shape, rules or
-- active window (a rename changes nothing).
CREATE OR REPLACE FUNCTION pantau_geofences_backfill_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pantau_fence_backfill(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE ST_AsEWKB(n.geom) IS DISTINCT FROM ST_AsEWKB(o.geom)
       OR (n.rules, n.active_from, n.active_to) IS DISTINCT FROM (o.rules, o.active_from, o.active_to)
    ORDER BY n.id), pantau_today());
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER geofences_backfill_insert AFTER INSERT ON geofences REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_geofences_backfill_insert();

CREATE OR REPLACE TRIGGER geofences_backfill_update AFTER UPDATE ON geofences
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_geofences_backfill_update();
