-- Schema of a database migrated by Pantau at commit 4e50ab4 (`pantau migrate` in a
-- worktree at that commit), dumped with pg_dump --schema-only plus the rows
-- the migrations insert (reference tables, schema_migrations). psql commands
-- and the search_path reset are removed so PostGIS operators in trigger
-- conditions resolve. data/upgrade_test.go upgrades it to head.
--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: postgis; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;


--
-- Name: EXTENSION postgis; Type: COMMENT; Schema: -; Owner: 
--

COMMENT ON EXTENSION postgis IS 'PostGIS geometry and geography spatial types and functions';


--
-- Name: pantau_event; Type: TYPE; Schema: public; Owner: pantau
--

CREATE TYPE public.pantau_event AS (
	rule text,
	idempotency_key text,
	geofence_id bigint,
	stay_id bigint,
	accommodation_id bigint,
	geom public.geometry,
	desa_code text,
	details jsonb
);


ALTER TYPE public.pantau_event OWNER TO pantau;

--
-- Name: pantau_accommodation_events(boolean, boolean, boolean, boolean); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_accommodation_events(o_inside boolean, o_registered boolean, n_inside boolean, n_registered boolean) RETURNS text[]
    LANGUAGE sql IMMUTABLE
    AS $$
  SELECT CASE WHEN coalesce(n_inside, false) AND NOT n_registered
               AND NOT (coalesce(o_inside, false) AND NOT o_registered)
              THEN ARRAY['unregistered_accommodation'] ELSE ARRAY[]::text[] END
$$;


ALTER FUNCTION public.pantau_accommodation_events(o_inside boolean, o_registered boolean, n_inside boolean, n_registered boolean) OWNER TO pantau;

--
-- Name: pantau_accommodations_alert_insert(); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_accommodations_alert_insert() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  PERFORM pantau_emit(ARRAY(
    SELECT ROW('unregistered_accommodation',
               format('unregistered_accommodation:accommodation:%s:fence:%s:unregistered', n.id, g.id),
               g.id, NULL::bigint, n.id, n.geom, n.desa_code,
               jsonb_build_object('kind', n.kind, 'licensed', n.licensed, 'apoa_registered', n.apoa_registered,
                                  'capacity', n.capacity))::pantau_event
    FROM new_rows n
    JOIN geofences g ON ST_Covers(g.geom, n.geom)
    WHERE g.rules @> '[{"rule": "unregistered_accommodation"}]'
      AND pantau_fence_active(g.active_from, g.active_to)
      AND cardinality(pantau_accommodation_events(NULL, NULL, true, n.apoa_registered)) > 0));
  RETURN NULL;
END $$;


ALTER FUNCTION public.pantau_accommodations_alert_insert() OWNER TO pantau;

--
-- Name: pantau_accommodations_alert_update(); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_accommodations_alert_update() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  PERFORM pantau_emit(ARRAY(
    SELECT ROW('unregistered_accommodation',
               format('unregistered_accommodation:accommodation:%s:fence:%s:unregistered', n.id, g.id),
               g.id, NULL::bigint, n.id, n.geom, n.desa_code,
               jsonb_build_object('kind', n.kind, 'licensed', n.licensed, 'apoa_registered', n.apoa_registered,
                                  'capacity', n.capacity))::pantau_event
    FROM new_rows n
    JOIN old_rows o ON o.id = n.id
    JOIN geofences g ON g.geom && ST_Collect(n.geom, o.geom)
    WHERE g.rules @> '[{"rule": "unregistered_accommodation"}]'
      AND pantau_fence_active(g.active_from, g.active_to)
      AND cardinality(pantau_accommodation_events(ST_Covers(g.geom, o.geom), o.apoa_registered,
                                                  ST_Covers(g.geom, n.geom), n.apoa_registered)) > 0));
  RETURN NULL;
END $$;


ALTER FUNCTION public.pantau_accommodations_alert_update() OWNER TO pantau;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: alerts; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.alerts (
    id bigint NOT NULL,
    idempotency_key text NOT NULL,
    geofence_id bigint,
    rule text NOT NULL,
    stay_id bigint,
    accommodation_id bigint,
    geom public.geometry(Point,4326),
    desa_code text,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    state text DEFAULT 'open'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    acknowledged_by text,
    acknowledged_at timestamp with time zone,
    resolved_by text,
    resolved_at timestamp with time zone,
    CONSTRAINT alerts_rule_check CHECK ((rule = ANY (ARRAY['stay_started'::text, 'stay_ended'::text, 'overstay'::text, 'unregistered_accommodation'::text, 'count_above'::text]))),
    CONSTRAINT alerts_state_check CHECK ((state = ANY (ARRAY['open'::text, 'acknowledged'::text, 'resolved'::text])))
);


ALTER TABLE public.alerts OWNER TO pantau;

--
-- Name: pantau_alert_json(public.alerts); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_alert_json(a public.alerts) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
  SELECT jsonb_build_object(
    'id', a.id, 'idempotency_key', a.idempotency_key, 'rule', a.rule,
    'geofence_id', a.geofence_id,
    'geofence_name', (SELECT g.name FROM geofences g WHERE g.id = a.geofence_id),
    'geofence_kind', (SELECT g.kind FROM geofences g WHERE g.id = a.geofence_id),
    'stay_id', a.stay_id, 'accommodation_id', a.accommodation_id, 'desa_code', a.desa_code,
    'lon', ST_X(a.geom), 'lat', ST_Y(a.geom), 'details', a.details, 'state', a.state,
    'created_at', a.created_at,
    'acknowledged_by', a.acknowledged_by, 'acknowledged_at', a.acknowledged_at,
    'resolved_by', a.resolved_by, 'resolved_at', a.resolved_at)
$$;


ALTER FUNCTION public.pantau_alert_json(a public.alerts) OWNER TO pantau;

--
-- Name: pantau_area_breakdown(text, text, date, date, text[], text[], text[]); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_area_breakdown(p_level text, p_by text, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[]) RETURNS TABLE(code text, key text, present bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  SELECT CASE WHEN p_level = 'desa' THEN m.desa_code ELSE substr(m.desa_code, 1, 8) END,
         pantau_stay_key(p_by, m.nationality, m.permit_type, m.permit_expiry, m.departure_date, a.kind, p_to),
         count(*)
  FROM pantau_stays_matching(p_from, p_to, p_nat, p_permit, p_status) m
  LEFT JOIN accommodations a ON p_by = 'accommodation_kind' AND a.id = m.accommodation_id
  WHERE m.desa_code IS NOT NULL
  GROUP BY 1, 2
$$;


ALTER FUNCTION public.pantau_area_breakdown(p_level text, p_by text, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[]) OWNER TO pantau;

--
-- Name: pantau_area_figures(text, date, date, text[], text[], text[]); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_area_figures(p_level text, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[]) RETURNS TABLE(code text, name text, parent_code text, area_km2 double precision, present bigint, per_km2 double precision, overstays bigint, accommodations bigint, unregistered bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  WITH s AS (
    SELECT CASE WHEN p_level = 'desa' THEN m.desa_code ELSE substr(m.desa_code, 1, 8) END AS code,
           count(*) AS present,
           count(*) FILTER (WHERE pantau_is_overstay(m.permit_expiry, m.departure_date, p_to)) AS overstays
    FROM pantau_stays_matching(p_from, p_to, p_nat, p_permit, p_status) m
    WHERE m.desa_code IS NOT NULL
    GROUP BY 1
  ), acc AS (
    SELECT CASE WHEN p_level = 'desa' THEN desa_code ELSE substr(desa_code, 1, 8) END AS code,
           count(*) AS n, count(*) FILTER (WHERE NOT apoa_registered) AS unregistered
    FROM accommodations
    WHERE desa_code IS NOT NULL
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


ALTER FUNCTION public.pantau_area_figures(p_level text, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[]) OWNER TO pantau;

--
-- Name: pantau_audit_is_append_only(); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_audit_is_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;


ALTER FUNCTION public.pantau_audit_is_append_only() OWNER TO pantau;

--
-- Name: pantau_count_eval(bigint[], date); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_count_eval(fence_ids bigint[], today date) RETURNS integer
    LANGUAGE plpgsql
    AS $$
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


ALTER FUNCTION public.pantau_count_eval(fence_ids bigint[], today date) OWNER TO pantau;

--
-- Name: pantau_count_step(boolean, bigint, integer, integer); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_count_step(above boolean, n bigint, threshold integer, band integer, OUT fire boolean, OUT now_above boolean) RETURNS record
    LANGUAGE sql IMMUTABLE
    AS $$
  SELECT NOT above AND n > threshold,
         CASE WHEN NOT above AND n > threshold THEN true
              WHEN above AND n <= threshold - band THEN false
              ELSE above END
$$;


ALTER FUNCTION public.pantau_count_step(above boolean, n bigint, threshold integer, band integer, OUT fire boolean, OUT now_above boolean) OWNER TO pantau;

--
-- Name: pantau_desa_for(public.geometry); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_desa_for(p public.geometry) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  SELECT coalesce(
    (SELECT a.code FROM areas a
      WHERE a.level = 'desa' AND ST_Covers(a.geom, p)
      ORDER BY a.code LIMIT 1),
    (SELECT a.code FROM areas a
      WHERE a.level = 'desa' AND ST_DWithin(a.geom::geography, p::geography, 100)
      ORDER BY ST_Distance(a.geom::geography, p::geography), a.code LIMIT 1))
$$;


ALTER FUNCTION public.pantau_desa_for(p public.geometry) OWNER TO pantau;

--
-- Name: pantau_emit(public.pantau_event[]); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_emit(evs public.pantau_event[]) RETURNS integer
    LANGUAGE plpgsql
    AS $$
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
    'stay_id', a.stay_id, 'accommodation_id', a.accommodation_id, 'desa_code', a.desa_code,
    'lon', ST_X(a.geom), 'lat', ST_Y(a.geom), 'details', a.details, 'state', a.state,
    'created_at', a.created_at,
    'acknowledged_by', a.acknowledged_by, 'acknowledged_at', a.acknowledged_at,
    'resolved_by', a.resolved_by, 'resolved_at', a.resolved_at)
  FROM unnest(new_ids) AS n(id)
  JOIN alerts a ON a.id = n.id
  LEFT JOIN geofences g ON g.id = a.geofence_id
  ORDER BY a.id;
  PERFORM pg_notify('pantau_outbox', '');
  RETURN cardinality(new_ids);
END $$;


ALTER FUNCTION public.pantau_emit(evs public.pantau_event[]) OWNER TO pantau;

--
-- Name: pantau_fence_active(timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_fence_active(active_from timestamp with time zone, active_to timestamp with time zone) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
  SELECT (active_from IS NULL OR active_from <= now()) AND (active_to IS NULL OR now() < active_to)
$$;


ALTER FUNCTION public.pantau_fence_active(active_from timestamp with time zone, active_to timestamp with time zone) OWNER TO pantau;

--
-- Name: pantau_grid_breakdown(text, double precision, public.geometry, date, date, text[], text[], text[]); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_grid_breakdown(p_shape text, p_cell double precision, p_area public.geometry, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[]) RETURNS TABLE(i integer, j integer, dim text, key text, present bigint, overstays bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  WITH s AS MATERIALIZED (
    SELECT g.i, g.j, g.nationality::text AS nationality, g.permit_type AS permit,
           pantau_stay_key('status', g.nationality, g.permit_type, g.permit_expiry, g.departure_date, NULL, p_to) AS status,
           coalesce(a.kind, 'none') AS kind,
           pantau_is_overstay(g.permit_expiry, g.departure_date, p_to) AS over
    FROM pantau_grid_stays(p_shape, p_cell, p_area, p_from, p_to, p_nat, p_permit, p_status) g
    LEFT JOIN accommodations a ON a.id = g.accommodation_id
  ), cells AS MATERIALIZED (
    SELECT DISTINCT s.i, s.j FROM s
  ), inside AS MATERIALIZED ( -- the centre test runs once per cell
    SELECT cells.i, cells.j FROM cells
    WHERE ST_Covers(p_area, ST_Transform(ST_Centroid(
      CASE WHEN p_shape = 'square' THEN ST_Square(p_cell, cells.i, cells.j, ST_SetSRID(ST_Point(0, 0), 32748))
           ELSE ST_Hexagon(p_cell, cells.i, cells.j, ST_SetSRID(ST_Point(0, 0), 32748)) END), 4326))
  )
  SELECT s.i, s.j,
         CASE WHEN grouping(s.nationality) = 0 THEN 'nationality' WHEN grouping(s.permit) = 0 THEN 'permit'
              WHEN grouping(s.status) = 0 THEN 'status' WHEN grouping(s.kind) = 0 THEN 'accommodation_kind'
              ELSE 'total' END,
         coalesce(s.nationality, s.permit, s.status, s.kind, ''),
         count(*), count(*) FILTER (WHERE s.over)
  FROM s
  WHERE (s.i, s.j) IN (SELECT inside.i, inside.j FROM inside)
  GROUP BY GROUPING SETS ((s.i, s.j), (s.i, s.j, s.nationality), (s.i, s.j, s.permit), (s.i, s.j, s.status), (s.i, s.j, s.kind))
$$;


ALTER FUNCTION public.pantau_grid_breakdown(p_shape text, p_cell double precision, p_area public.geometry, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[]) OWNER TO pantau;

--
-- Name: pantau_grid_figures(text, double precision, public.geometry, date, date, text[], text[], text[]); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_grid_figures(p_shape text, p_cell double precision, p_bounds public.geometry, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[]) RETURNS TABLE(i integer, j integer, geom public.geometry, present bigint, overstays bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  WITH c AS MATERIALIZED ( -- fence: the cell test below must not run per stay
    SELECT g.i, g.j, count(*) AS present,
           count(*) FILTER (WHERE pantau_is_overstay(g.permit_expiry, g.departure_date, p_to)) AS overstays
    FROM pantau_grid_stays(p_shape, p_cell, p_bounds, p_from, p_to, p_nat, p_permit, p_status) g
    GROUP BY 1, 2
  ), b AS MATERIALIZED (
    SELECT ST_Transform(p_bounds, 32748) AS g
  ), p AS (
    SELECT c.*, CASE WHEN p_shape = 'square' THEN ST_Square(p_cell, c.i, c.j, ST_SetSRID(ST_Point(0, 0), 32748))
                     ELSE ST_Hexagon(p_cell, c.i, c.j, ST_SetSRID(ST_Point(0, 0), 32748)) END AS g
    FROM c
  )
  SELECT p.i, p.j, ST_Transform(p.g, 4326), p.present, p.overstays
  FROM p, b
  WHERE ST_Intersects(p.g, b.g)
$$;


ALTER FUNCTION public.pantau_grid_figures(p_shape text, p_cell double precision, p_bounds public.geometry, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[]) OWNER TO pantau;

--
-- Name: pantau_grid_search_box(public.geometry, double precision); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_grid_search_box(p_bounds public.geometry, p_cell double precision) RETURNS public.geometry
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  SELECT ST_Transform(ST_Expand(ST_Envelope(ST_Transform(p_bounds, 32748)), 2 * p_cell), 4326)
$$;


ALTER FUNCTION public.pantau_grid_search_box(p_bounds public.geometry, p_cell double precision) OWNER TO pantau;

--
-- Name: pantau_grid_stays(text, double precision, public.geometry, date, date, text[], text[], text[]); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_grid_stays(p_shape text, p_cell double precision, p_bounds public.geometry, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[]) RETURNS TABLE(i integer, j integer, id bigint, nationality character, permit_type text, permit_expiry date, departure_date date, accommodation_id bigint, desa_code text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  SELECT CASE WHEN p_shape = 'square' THEN floor(u.x / p_cell)::int
              WHEN h.d0 <= h.d1 THEN h.q0 ELSE h.q0 + 1 END,
         CASE WHEN p_shape = 'square' THEN floor(u.y / p_cell)::int
              WHEN h.d0 <= h.d1 THEN h.j0 ELSE h.j1 END,
         m.id, m.nationality, m.permit_type, m.permit_expiry, m.departure_date, m.accommodation_id, m.desa_code
  FROM pantau_stays_matching(p_from, p_to, p_nat, p_permit, p_status) m
  CROSS JOIN LATERAL (SELECT m.utm_x AS x, m.utm_y AS y) u
  CROSS JOIN LATERAL (
    -- Hexagon (i, j) has its centre at (1.5·s·i, √3·s·(j + ½·(i mod 2))).
    -- The cell holding a point is one of columns q0 and q0 + 1; within a
    -- column the nearest centre is the rounded row.
    SELECT c.q0, c.j0, c.j1,
           (u.x - 1.5 * p_cell * c.q0) ^ 2 + (u.y - sqrt(3) * p_cell * (c.j0 + 0.5 * (c.q0 & 1))) ^ 2 AS d0,
           (u.x - 1.5 * p_cell * (c.q0 + 1)) ^ 2 + (u.y - sqrt(3) * p_cell * (c.j1 + 0.5 * ((c.q0 + 1) & 1))) ^ 2 AS d1
    FROM (SELECT q.q0,
                 round(u.y / (sqrt(3) * p_cell) - 0.5 * (q.q0 & 1))::int AS j0,
                 round(u.y / (sqrt(3) * p_cell) - 0.5 * ((q.q0 + 1) & 1))::int AS j1
          FROM (SELECT floor(u.x / (1.5 * p_cell))::int AS q0) q) c
  ) h
  WHERE m.geom && pantau_grid_search_box(p_bounds, p_cell)
$$;


ALTER FUNCTION public.pantau_grid_stays(p_shape text, p_cell double precision, p_bounds public.geometry, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[]) OWNER TO pantau;

--
-- Name: pantau_in_scope(text, text); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_in_scope(code text, scope text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  SELECT coalesce(scope, '') = '' OR code = scope OR starts_with(code, scope || '.')
$$;


ALTER FUNCTION public.pantau_in_scope(code text, scope text) OWNER TO pantau;

--
-- Name: pantau_is_overstay(date, date, date); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_is_overstay(permit_expiry date, departure_date date, p_to date) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  SELECT coalesce(permit_expiry < least(p_to, coalesce(departure_date, p_to)), false)
$$;


ALTER FUNCTION public.pantau_is_overstay(permit_expiry date, departure_date date, p_to date) OWNER TO pantau;

--
-- Name: pantau_keep_accommodation_history(); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_keep_accommodation_history() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  INSERT INTO accommodations_history (id, source, source_id, name, kind, licensed, apoa_registered,
    capacity, owner_name, geom, desa_code, version, created_at, updated_at, change)
  VALUES (OLD.id, OLD.source, OLD.source_id, OLD.name, OLD.kind, OLD.licensed, OLD.apoa_registered,
    OLD.capacity, OLD.owner_name, OLD.geom, OLD.desa_code, OLD.version, OLD.created_at, OLD.updated_at,
    lower(TG_OP));
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  NEW.version := OLD.version + 1;
  NEW.updated_at := now();
  RETURN NEW;
END $$;


ALTER FUNCTION public.pantau_keep_accommodation_history() OWNER TO pantau;

--
-- Name: pantau_keep_stay_history(); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_keep_stay_history() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  INSERT INTO stays_history (id, source, source_id, full_name, passport_no, nationality, sex, birth_date,
    permit_type, permit_expiry, arrival_date, departure_date, accommodation_id, geom, desa_code,
    reported_at, version, created_at, updated_at, change)
  VALUES (OLD.id, OLD.source, OLD.source_id, OLD.full_name, OLD.passport_no, OLD.nationality, OLD.sex,
    OLD.birth_date, OLD.permit_type, OLD.permit_expiry, OLD.arrival_date, OLD.departure_date,
    OLD.accommodation_id, OLD.geom, OLD.desa_code, OLD.reported_at, OLD.version, OLD.created_at,
    OLD.updated_at, lower(TG_OP));
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  NEW.version := OLD.version + 1;
  NEW.updated_at := now();
  RETURN NEW;
END $$;


ALTER FUNCTION public.pantau_keep_stay_history() OWNER TO pantau;

--
-- Name: pantau_outbox_fanout(); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_outbox_fanout() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  INSERT INTO webhook_deliveries (webhook_id, outbox_id, expires_at)
  SELECT w.id, n.id, now() + make_interval(days => w.expiry_days)
  FROM new_rows n CROSS JOIN webhooks w WHERE w.active
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;


ALTER FUNCTION public.pantau_outbox_fanout() OWNER TO pantau;

--
-- Name: pantau_outbox_lock(); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_outbox_lock() RETURNS boolean
    LANGUAGE sql
    AS $$
  SELECT pg_advisory_xact_lock(7243400);
  SELECT true
$$;


ALTER FUNCTION public.pantau_outbox_lock() OWNER TO pantau;

--
-- Name: pantau_patrol_desa(date, date, text[], text[]); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_patrol_desa(p_from date, p_to date, p_nat text[], p_permit text[]) RETURNS TABLE(code text, name text, kecamatan_name text, pt public.geometry, present bigint, overstays bigint, unregistered bigint, open_alerts bigint, present_before bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  SELECT f.code, f.name, coalesce(k.name, ''), coalesce(a.label_point, ST_PointOnSurface(a.geom)),
         f.present, f.overstays, f.unregistered, coalesce(al.n, 0), b.present
  FROM pantau_area_figures('desa', p_from, p_to, p_nat, p_permit, '{}') f
  JOIN pantau_area_figures('desa', p_from - 30, p_to - 30, p_nat, p_permit, '{}') b ON b.code = f.code
  JOIN areas a ON a.code = f.code
  LEFT JOIN areas k ON k.code = a.parent_code
  LEFT JOIN (SELECT desa_code, count(*) AS n FROM alerts WHERE state = 'open' AND desa_code IS NOT NULL
             GROUP BY desa_code) al ON al.desa_code = f.code
$$;


ALTER FUNCTION public.pantau_patrol_desa(p_from date, p_to date, p_nat text[], p_permit text[]) OWNER TO pantau;

--
-- Name: pantau_patrol_hex(double precision, date, date, text[], text[], public.geometry); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_patrol_hex(p_cell_m double precision, p_from date, p_to date, p_nat text[], p_permit text[], p_bounds public.geometry) RETURNS TABLE(i integer, j integer, pt public.geometry, desa_code text, present bigint, overstays bigint, unregistered bigint, open_alerts bigint, present_before bigint)
    LANGUAGE sql STABLE
    AS $$
  WITH pts AS (
    SELECT 's' || m.id AS k, m.geom, 1 AS present,
           pantau_is_overstay(m.permit_expiry, m.departure_date, p_to)::int AS overstays,
           0 AS unregistered, 0 AS open_alerts, 0 AS present_before
      FROM pantau_stays_matching(p_from, p_to, p_nat, p_permit, '{}') m
     WHERE ST_Intersects(m.geom, p_bounds)
    UNION ALL
    SELECT 'b' || m.id, m.geom, 0, 0, 0, 0, 1
      FROM pantau_stays_matching(p_from - 30, p_to - 30, p_nat, p_permit, '{}') m
     WHERE ST_Intersects(m.geom, p_bounds)
    UNION ALL
    SELECT 'a' || a.id, a.geom, 0, 0, 1, 0, 0
      FROM accommodations a WHERE NOT a.apoa_registered AND ST_Intersects(a.geom, p_bounds)
    UNION ALL
    SELECT 'l' || l.id, l.geom, 0, 0, 0, 1, 0
      FROM alerts l WHERE l.state = 'open' AND l.geom IS NOT NULL AND ST_Intersects(l.geom, p_bounds)
  ), located AS (
    SELECT DISTINCT ON (p.k) p.*, h.i, h.j
      FROM (SELECT pts.*, ST_Transform(pts.geom, 32748) AS g FROM pts) p
      CROSS JOIN LATERAL ST_HexagonGrid(p_cell_m, ST_Expand(p.g, 1)) h
     WHERE ST_Intersects(h.geom, p.g)
     ORDER BY p.k, h.i, h.j
  ), cells AS (
    SELECT l.i, l.j, sum(l.present)::bigint AS present, sum(l.overstays)::bigint AS overstays,
           sum(l.unregistered)::bigint AS unregistered, sum(l.open_alerts)::bigint AS open_alerts,
           sum(l.present_before)::bigint AS present_before
      FROM located l GROUP BY l.i, l.j
  )
  SELECT c.i, c.j, x.pt, pantau_desa_for(x.pt), c.present, c.overstays, c.unregistered, c.open_alerts, c.present_before
    FROM cells c
    CROSS JOIN LATERAL (SELECT ST_Transform(ST_Centroid(ST_Hexagon(p_cell_m, c.i, c.j,
                               ST_SetSRID(ST_Point(0, 0), 32748))), 4326) AS pt) x
$$;


ALTER FUNCTION public.pantau_patrol_hex(p_cell_m double precision, p_from date, p_to date, p_nat text[], p_permit text[], p_bounds public.geometry) OWNER TO pantau;

--
-- Name: pantau_polygon_accommodations(public.geometry); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_polygon_accommodations(p_area public.geometry) RETURNS TABLE(kind text, licensed boolean, apoa_registered boolean, n bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  SELECT a.kind, a.licensed, a.apoa_registered, count(*)
  FROM accommodations a
  WHERE a.geom @ p_area AND _ST_Covers(p_area, a.geom)
  GROUP BY 1, 2, 3
$$;


ALTER FUNCTION public.pantau_polygon_accommodations(p_area public.geometry) OWNER TO pantau;

--
-- Name: pantau_polygon_desa(public.geometry); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_polygon_desa(p_area public.geometry) RETURNS TABLE(code text, name text, parent_code text, area_km2 double precision, inside_km2 double precision, share double precision)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  WITH p AS MATERIALIZED (SELECT ST_Area(p_area::geography) / 1e6 AS km2, ST_Area(p_area) AS deg2, ST_Envelope(p_area) AS box)
  SELECT a.code, a.name, a.parent_code, a.area_km2, x.share * p.km2, x.share
  FROM areas a, p,
       LATERAL (SELECT ST_Area(ST_Intersection(ST_ClipByBox2D(a.geom, p.box), p_area)) / nullif(p.deg2, 0) AS share) x
  WHERE a.level = 'desa' AND a.geom && p_area AND ST_Intersects(a.geom, p_area)
$$;


ALTER FUNCTION public.pantau_polygon_desa(p_area public.geometry) OWNER TO pantau;

--
-- Name: pantau_polygon_stays(public.geometry, date, date, text[], text[], text[]); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_polygon_stays(p_area public.geometry, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[]) RETURNS TABLE(dim text, key text, present bigint, overstays bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  WITH s AS (
    SELECT coalesce(m.desa_code, '') AS desa, m.nationality::text AS nationality, m.permit_type AS permit,
           pantau_stay_key('status', m.nationality, m.permit_type, m.permit_expiry, m.departure_date, NULL, p_to) AS status,
           coalesce(a.kind, 'none') AS kind,
           pantau_is_overstay(m.permit_expiry, m.departure_date, p_to) AS over
    FROM pantau_stays_matching(p_from, p_to, p_nat, p_permit, p_status) m
    LEFT JOIN accommodations a ON a.id = m.accommodation_id
    -- The bounding-box test uses the (geom, period) index; _ST_Covers then
    -- tests exactly (ST_Covers would let the planner pick the geom index).
    WHERE m.geom @ p_area AND _ST_Covers(p_area, m.geom)
  )
  SELECT CASE WHEN grouping(desa) = 0 THEN 'desa' WHEN grouping(nationality) = 0 THEN 'nationality'
              WHEN grouping(permit) = 0 THEN 'permit' WHEN grouping(status) = 0 THEN 'status'
              WHEN grouping(kind) = 0 THEN 'accommodation_kind' ELSE 'total' END,
         coalesce(desa, nationality, permit, status, kind, ''),
         count(*), count(*) FILTER (WHERE over)
  FROM s
  GROUP BY GROUPING SETS ((), (desa), (nationality), (permit), (status), (kind))
$$;


ALTER FUNCTION public.pantau_polygon_stays(p_area public.geometry, p_from date, p_to date, p_nat text[], p_permit text[], p_status text[]) OWNER TO pantau;

--
-- Name: pantau_rule_admits(jsonb, character, text); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_rule_admits(r jsonb, nat character, permit text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$
  SELECT (coalesce(jsonb_array_length(r->'nationality'), 0) = 0 OR (r->'nationality') ? nat::text)
     AND (coalesce(jsonb_array_length(r->'permit'), 0) = 0 OR (r->'permit') ? permit)
$$;


ALTER FUNCTION public.pantau_rule_admits(r jsonb, nat character, permit text) OWNER TO pantau;

--
-- Name: pantau_rule_band(jsonb); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_rule_band(r jsonb) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$
  SELECT coalesce(nullif((r->>'hysteresis')::integer, 0), greatest(1, (r->>'threshold')::integer / 10))
$$;


ALTER FUNCTION public.pantau_rule_band(r jsonb) OWNER TO pantau;

--
-- Name: pantau_stay_details(character, text, date, date, date); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_stay_details(nat character, permit text, arrival date, departure date, expiry date) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    AS $$
  SELECT jsonb_build_object('nationality', nat, 'permit_type', permit, 'arrival_date', arrival,
                            'departure_date', departure, 'permit_expiry', expiry)
$$;


ALTER FUNCTION public.pantau_stay_details(nat character, permit text, arrival date, departure date, expiry date) OWNER TO pantau;

--
-- Name: pantau_stay_events(boolean, date, boolean, date, date, date); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_stay_events(o_inside boolean, o_departure date, n_inside boolean, n_departure date, n_expiry date, today date) RETURNS text[]
    LANGUAGE sql IMMUTABLE
    AS $$
  SELECT array_remove(ARRAY[
    CASE WHEN (coalesce(n_inside, false) AND (n_departure IS NULL OR n_departure >= today))
          AND NOT (coalesce(o_inside, false) AND (o_departure IS NULL OR o_departure >= today))
         THEN 'stay_started' END,
    CASE WHEN coalesce(o_inside, false) AND o_departure IS NULL AND coalesce(n_inside, false) AND n_departure IS NOT NULL
         THEN 'stay_ended' END,
    CASE WHEN (coalesce(n_inside, false) AND (n_departure IS NULL OR n_departure >= today)) AND n_expiry < today
         THEN 'overstay' END], NULL)
$$;


ALTER FUNCTION public.pantau_stay_events(o_inside boolean, o_departure date, n_inside boolean, n_departure date, n_expiry date, today date) OWNER TO pantau;

--
-- Name: pantau_stay_key(text, bigint, bigint, date); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_stay_key(rule text, stay_id bigint, fence_id bigint, expiry date) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
  SELECT CASE WHEN rule = 'overstay' THEN format('overstay:stay:%s:fence:%s:permit:%s', stay_id, fence_id, expiry)
              ELSE format('%s:stay:%s:fence:%s:stay', rule, stay_id, fence_id) END
$$;


ALTER FUNCTION public.pantau_stay_key(rule text, stay_id bigint, fence_id bigint, expiry date) OWNER TO pantau;

--
-- Name: pantau_stay_key(text, character, text, date, date, text, date); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_stay_key(p_by text, nationality character, permit_type text, permit_expiry date, departure_date date, kind text, p_to date) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  SELECT CASE p_by
    WHEN 'nationality' THEN nationality::text
    WHEN 'permit' THEN permit_type
    WHEN 'status' THEN CASE WHEN pantau_is_overstay(permit_expiry, departure_date, p_to) THEN 'overstay' ELSE 'in_permit' END
    WHEN 'accommodation_kind' THEN coalesce(kind, 'none')
  END
$$;


ALTER FUNCTION public.pantau_stay_key(p_by text, nationality character, permit_type text, permit_expiry date, departure_date date, kind text, p_to date) OWNER TO pantau;

--
-- Name: pantau_stays_alert_insert(); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_stays_alert_insert() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE today date := pantau_today(); evs pantau_event[]; counted bigint[];
BEGIN
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


ALTER FUNCTION public.pantau_stays_alert_insert() OWNER TO pantau;

--
-- Name: pantau_stays_alert_update(); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_stays_alert_update() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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


ALTER FUNCTION public.pantau_stays_alert_update() OWNER TO pantau;

--
-- Name: stays; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.stays (
    id bigint NOT NULL,
    source text DEFAULT 'apoa'::text NOT NULL,
    source_id text NOT NULL,
    full_name text NOT NULL,
    passport_no text NOT NULL,
    nationality character(3) NOT NULL,
    sex character(1),
    birth_date date,
    permit_type text NOT NULL,
    permit_expiry date,
    arrival_date date NOT NULL,
    departure_date date,
    accommodation_id bigint,
    geom public.geometry(Point,4326) NOT NULL,
    geom_3857 public.geometry(Point,3857) GENERATED ALWAYS AS (public.st_transform(geom, 3857)) STORED,
    desa_code text,
    reported_at timestamp with time zone DEFAULT now() NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    period daterange GENERATED ALWAYS AS (
CASE
    WHEN (departure_date < arrival_date) THEN NULL::daterange
    ELSE daterange(arrival_date, departure_date, '[]'::text)
END) STORED,
    utm_x double precision GENERATED ALWAYS AS (public.st_x(public.st_transform(geom, 32748))) STORED,
    utm_y double precision GENERATED ALWAYS AS (public.st_y(public.st_transform(geom, 32748))) STORED,
    CONSTRAINT stays_check CHECK (((departure_date IS NULL) OR (departure_date >= arrival_date))),
    CONSTRAINT stays_check1 CHECK (((birth_date IS NULL) OR (birth_date <= arrival_date))),
    CONSTRAINT stays_full_name_check CHECK ((full_name <> ''::text)),
    CONSTRAINT stays_geom_check CHECK (((NOT public.st_isempty(geom)) AND ((public.st_x(geom) >= ('-180'::integer)::double precision) AND (public.st_x(geom) <= (180)::double precision)) AND ((public.st_y(geom) >= ('-90'::integer)::double precision) AND (public.st_y(geom) <= (90)::double precision)))),
    CONSTRAINT stays_passport_no_check CHECK ((passport_no <> ''::text)),
    CONSTRAINT stays_sex_check CHECK ((sex = ANY (ARRAY['M'::bpchar, 'F'::bpchar, 'X'::bpchar]))),
    CONSTRAINT stays_source_check CHECK ((source <> ''::text)),
    CONSTRAINT stays_source_id_check CHECK ((source_id <> ''::text))
);


ALTER TABLE public.stays OWNER TO pantau;

--
-- Name: pantau_stays_matching(date, date, text[], text[], text[]); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_stays_matching(p_from date, p_to date, p_nat text[], p_permit text[], p_status text[]) RETURNS SETOF public.stays
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  SELECT s.* FROM stays s
  WHERE s.period && daterange(p_from, p_to, '[]')
    AND (cardinality(p_nat) = 0 OR s.nationality = ANY (p_nat::bpchar[]))
    AND (cardinality(p_permit) = 0 OR s.permit_type = ANY (p_permit))
    AND (cardinality(p_status) = 0 OR 'present' = ANY (p_status)
      OR ('overstay' = ANY (p_status) AND s.permit_expiry < least(p_to, coalesce(s.departure_date, p_to)))
      OR ('in_permit' = ANY (p_status) AND (s.permit_expiry IS NULL OR s.permit_expiry >= least(p_to, coalesce(s.departure_date, p_to)))))
$$;


ALTER FUNCTION public.pantau_stays_matching(p_from date, p_to date, p_nat text[], p_permit text[], p_status text[]) OWNER TO pantau;

--
-- Name: pantau_sweep(date); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_sweep(today date) RETURNS integer
    LANGUAGE plpgsql
    AS $$
DECLARE n integer;
BEGIN
  n := pantau_emit(ARRAY(
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


ALTER FUNCTION public.pantau_sweep(today date) OWNER TO pantau;

--
-- Name: pantau_tiles_accommodations_changed(); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_tiles_accommodations_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $_$
DECLARE ch text := pantau_tiles_rows(TG_OP, 'geom_3857 AS g, desa_code'); lo bigint; hi bigint;
BEGIN
  EXECUTE pantau_tiles_record(format($f$
    WITH ch AS MATERIALIZED (%s)
    %s
    UNION ALL
    SELECT a.level, a.geom_3857::box2d FROM areas a
    WHERE a.code IN (SELECT desa_code FROM ch UNION SELECT substr(desa_code, 1, 8) FROM ch) $f$,
    ch, pantau_tiles_points('accommodations', 'SELECT g FROM ch'))) INTO lo, hi;
  PERFORM pantau_tiles_notify(lo, hi);
  RETURN NULL;
END $_$;


ALTER FUNCTION public.pantau_tiles_accommodations_changed() OWNER TO pantau;

--
-- Name: pantau_tiles_areas_changed(); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_tiles_areas_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE lo bigint; hi bigint;
BEGIN
  EXECUTE pantau_tiles_record(format(
    'SELECT level AS layer, b FROM (%s) c WHERE level IN (''desa'', ''kecamatan'')',
    pantau_tiles_rows(TG_OP, 'level, geom_3857::box2d AS b'))) INTO lo, hi;
  PERFORM pantau_tiles_notify(lo, hi);
  RETURN NULL;
END $$;


ALTER FUNCTION public.pantau_tiles_areas_changed() OWNER TO pantau;

--
-- Name: pantau_tiles_flush(); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_tiles_flush() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  PERFORM pg_notify('pantau_tiles', 'flush');
  RETURN NULL;
END $$;


ALTER FUNCTION public.pantau_tiles_flush() OWNER TO pantau;

--
-- Name: pantau_tiles_geofences_changed(); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_tiles_geofences_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE lo bigint; hi bigint;
BEGIN
  EXECUTE pantau_tiles_record(format('SELECT ''geofences'' AS layer, b FROM (%s) c',
    pantau_tiles_rows(TG_OP, 'geom_3857::box2d AS b'))) INTO lo, hi;
  PERFORM pantau_tiles_notify(lo, hi);
  RETURN NULL;
END $$;


ALTER FUNCTION public.pantau_tiles_geofences_changed() OWNER TO pantau;

--
-- Name: pantau_tiles_notify(bigint, bigint); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_tiles_notify(lo bigint, hi bigint) RETURNS void
    LANGUAGE sql
    AS $$
  SELECT pg_notify('pantau_tiles', lo || ' ' || hi) WHERE lo IS NOT NULL
$$;


ALTER FUNCTION public.pantau_tiles_notify(lo bigint, hi bigint) OWNER TO pantau;

--
-- Name: pantau_tiles_points(text, text); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_tiles_points(layer text, r text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $_$
  SELECT format($f$
    SELECT %L AS layer, ST_Extent(g)::box2d AS b FROM (%s) p
    GROUP BY floor(ST_X(g) / (SELECT CASE WHEN count(*) > 10000 THEN 2446 ELSE 1 END FROM (%s) n)),
             floor(ST_Y(g) / (SELECT CASE WHEN count(*) > 10000 THEN 2446 ELSE 1 END FROM (%s) n)) $f$,
    layer, r, r, r)
$_$;


ALTER FUNCTION public.pantau_tiles_points(layer text, r text) OWNER TO pantau;

--
-- Name: pantau_tiles_record(text); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_tiles_record(q text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $_$
  SELECT format($f$
    WITH ins AS (
      INSERT INTO tile_changes (layer, minx, miny, maxx, maxy)
      SELECT layer, ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (%s) c WHERE b IS NOT NULL
      RETURNING id)
    SELECT min(id), max(id) FROM ins $f$, q)
$_$;


ALTER FUNCTION public.pantau_tiles_record(q text) OWNER TO pantau;

--
-- Name: pantau_tiles_rows(text, text); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_tiles_rows(op text, cols text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
  SELECT CASE op
    WHEN 'INSERT' THEN format('SELECT %s FROM new_rows', cols)
    WHEN 'DELETE' THEN format('SELECT %s FROM old_rows', cols)
    ELSE format('SELECT %s FROM old_rows UNION ALL SELECT %s FROM new_rows', cols, cols) END
$$;


ALTER FUNCTION public.pantau_tiles_rows(op text, cols text) OWNER TO pantau;

--
-- Name: pantau_tiles_stays_changed(); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_tiles_stays_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $_$
DECLARE ch text := pantau_tiles_rows(TG_OP, 'geom_3857 AS g, desa_code, accommodation_id'); lo bigint; hi bigint;
BEGIN
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
END $_$;


ALTER FUNCTION public.pantau_tiles_stays_changed() OWNER TO pantau;

--
-- Name: pantau_today(); Type: FUNCTION; Schema: public; Owner: pantau
--

CREATE FUNCTION public.pantau_today() RETURNS date
    LANGUAGE sql STABLE
    AS $$
  SELECT coalesce(nullif(current_setting('pantau.today', true), '')::date,
                  ((now() AT TIME ZONE 'UTC') + interval '7 hours')::date)
$$;


ALTER FUNCTION public.pantau_today() OWNER TO pantau;

--
-- Name: accommodation_kinds; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.accommodation_kinds (
    code text NOT NULL
);


ALTER TABLE public.accommodation_kinds OWNER TO pantau;

--
-- Name: accommodations; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.accommodations (
    id bigint NOT NULL,
    source text DEFAULT 'register'::text NOT NULL,
    source_id text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    licensed boolean DEFAULT false NOT NULL,
    apoa_registered boolean DEFAULT false NOT NULL,
    capacity integer,
    owner_name text,
    geom public.geometry(Point,4326) NOT NULL,
    geom_3857 public.geometry(Point,3857) GENERATED ALWAYS AS (public.st_transform(geom, 3857)) STORED,
    desa_code text,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT accommodations_capacity_check CHECK ((capacity >= 0)),
    CONSTRAINT accommodations_geom_check CHECK (((NOT public.st_isempty(geom)) AND ((public.st_x(geom) >= ('-180'::integer)::double precision) AND (public.st_x(geom) <= (180)::double precision)) AND ((public.st_y(geom) >= ('-90'::integer)::double precision) AND (public.st_y(geom) <= (90)::double precision)))),
    CONSTRAINT accommodations_name_check CHECK ((name <> ''::text)),
    CONSTRAINT accommodations_source_check CHECK ((source <> ''::text)),
    CONSTRAINT accommodations_source_id_check CHECK ((source_id <> ''::text))
);


ALTER TABLE public.accommodations OWNER TO pantau;

--
-- Name: accommodations_history; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.accommodations_history (
    id bigint NOT NULL,
    source text NOT NULL,
    source_id text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    licensed boolean NOT NULL,
    apoa_registered boolean NOT NULL,
    capacity integer,
    owner_name text,
    geom public.geometry(Point,4326) NOT NULL,
    desa_code text,
    version integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    valid_to timestamp with time zone DEFAULT now() NOT NULL,
    change text DEFAULT 'update'::text NOT NULL
);


ALTER TABLE public.accommodations_history OWNER TO pantau;

--
-- Name: accommodations_id_seq; Type: SEQUENCE; Schema: public; Owner: pantau
--

CREATE SEQUENCE public.accommodations_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.accommodations_id_seq OWNER TO pantau;

--
-- Name: accommodations_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: pantau
--

ALTER SEQUENCE public.accommodations_id_seq OWNED BY public.accommodations.id;


--
-- Name: alerts_id_seq; Type: SEQUENCE; Schema: public; Owner: pantau
--

CREATE SEQUENCE public.alerts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.alerts_id_seq OWNER TO pantau;

--
-- Name: alerts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: pantau
--

ALTER SEQUENCE public.alerts_id_seq OWNED BY public.alerts.id;


--
-- Name: areas; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.areas (
    code text NOT NULL,
    level text NOT NULL,
    parent_code text,
    name text NOT NULL,
    kind text,
    approximate boolean DEFAULT false NOT NULL,
    geom public.geometry(MultiPolygon,4326) NOT NULL,
    geom_3857 public.geometry(MultiPolygon,3857) GENERATED ALWAYS AS (public.st_transform(geom, 3857)) STORED,
    area_km2 double precision GENERATED ALWAYS AS ((public.st_area((geom)::public.geography) / ('1000000'::numeric)::double precision)) STORED,
    label_point public.geometry(Point,4326),
    source text DEFAULT 'import'::text NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT areas_check CHECK ((((level = 'kabupaten'::text) AND (code ~ '^\d{2}\.\d{2}$'::text) AND (parent_code IS NULL)) OR ((level = 'kecamatan'::text) AND (code ~ '^\d{2}\.\d{2}\.\d{2}$'::text) AND (parent_code = substr(code, 1, 5))) OR ((level = 'desa'::text) AND (code ~ '^\d{2}\.\d{2}\.\d{2}\.\d{4}$'::text) AND (parent_code = substr(code, 1, 8))))),
    CONSTRAINT areas_geom_check CHECK (((NOT public.st_isempty(geom)) AND public.st_isvalid(geom))),
    CONSTRAINT areas_level_check CHECK ((level = ANY (ARRAY['kabupaten'::text, 'kecamatan'::text, 'desa'::text]))),
    CONSTRAINT areas_name_check CHECK ((name <> ''::text))
);


ALTER TABLE public.areas OWNER TO pantau;

--
-- Name: audit_log; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    actor text NOT NULL,
    role text,
    action text NOT NULL,
    resource text,
    params jsonb DEFAULT '{}'::jsonb NOT NULL,
    outcome text NOT NULL,
    client_addr text,
    request_id text
);


ALTER TABLE public.audit_log OWNER TO pantau;

--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: public; Owner: pantau
--

CREATE SEQUENCE public.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.audit_log_id_seq OWNER TO pantau;

--
-- Name: audit_log_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: pantau
--

ALTER SEQUENCE public.audit_log_id_seq OWNED BY public.audit_log.id;


--
-- Name: countries; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.countries (
    code character(3) NOT NULL,
    alpha2 character(2),
    name text NOT NULL,
    CONSTRAINT countries_code_check CHECK ((code ~ '^[A-Z]{3}$'::text))
);


ALTER TABLE public.countries OWNER TO pantau;

--
-- Name: geofence_count_state; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.geofence_count_state (
    geofence_id bigint NOT NULL,
    rule_key text NOT NULL,
    above boolean DEFAULT false NOT NULL,
    episode integer DEFAULT 1 NOT NULL,
    last_count bigint DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE public.geofence_count_state OWNER TO pantau;

--
-- Name: geofences; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.geofences (
    id bigint NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    geom public.geometry(MultiPolygon,4326) NOT NULL,
    geom_3857 public.geometry(MultiPolygon,3857) GENERATED ALWAYS AS (public.st_transform(geom, 3857)) STORED,
    center public.geometry(Point,4326),
    radius_m double precision,
    desa_code text,
    rules jsonb DEFAULT '[]'::jsonb NOT NULL,
    active_from timestamp with time zone,
    active_to timestamp with time zone,
    created_by text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT geofences_check CHECK (((active_to IS NULL) OR (active_from IS NULL) OR (active_to > active_from))),
    CONSTRAINT geofences_check1 CHECK (((center IS NULL) = (radius_m IS NULL))),
    CONSTRAINT geofences_geom_check CHECK (((NOT public.st_isempty(geom)) AND public.st_isvalid(geom))),
    CONSTRAINT geofences_kind_check CHECK ((kind = ANY (ARRAY['watch_zone'::text, 'restricted_zone'::text, 'guided_village'::text]))),
    CONSTRAINT geofences_name_check CHECK ((name <> ''::text)),
    CONSTRAINT geofences_radius_m_check CHECK (((radius_m > (0)::double precision) AND (radius_m <= (50000)::double precision))),
    CONSTRAINT geofences_rules_check CHECK ((jsonb_typeof(rules) = 'array'::text))
);


ALTER TABLE public.geofences OWNER TO pantau;

--
-- Name: geofences_id_seq; Type: SEQUENCE; Schema: public; Owner: pantau
--

CREATE SEQUENCE public.geofences_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.geofences_id_seq OWNER TO pantau;

--
-- Name: geofences_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: pantau
--

ALTER SEQUENCE public.geofences_id_seq OWNED BY public.geofences.id;


--
-- Name: outbox; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.outbox (
    id bigint NOT NULL,
    topic text NOT NULL,
    alert_id bigint,
    payload jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE public.outbox OWNER TO pantau;

--
-- Name: outbox_id_seq; Type: SEQUENCE; Schema: public; Owner: pantau
--

CREATE SEQUENCE public.outbox_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.outbox_id_seq OWNER TO pantau;

--
-- Name: outbox_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: pantau
--

ALTER SEQUENCE public.outbox_id_seq OWNED BY public.outbox.id;


--
-- Name: permit_types; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.permit_types (
    code text NOT NULL,
    name text NOT NULL
);


ALTER TABLE public.permit_types OWNER TO pantau;

--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.schema_migrations (
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE public.schema_migrations OWNER TO pantau;

--
-- Name: sessions; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.sessions (
    id_hash bytea NOT NULL,
    user_id bigint NOT NULL,
    csrf_token text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_seen timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    CONSTRAINT sessions_id_hash_check CHECK ((length(id_hash) = 32))
);


ALTER TABLE public.sessions OWNER TO pantau;

--
-- Name: stays_history; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.stays_history (
    id bigint NOT NULL,
    source text NOT NULL,
    source_id text NOT NULL,
    full_name text NOT NULL,
    passport_no text NOT NULL,
    nationality character(3) NOT NULL,
    sex character(1),
    birth_date date,
    permit_type text NOT NULL,
    permit_expiry date,
    arrival_date date NOT NULL,
    departure_date date,
    accommodation_id bigint,
    geom public.geometry(Point,4326) NOT NULL,
    desa_code text,
    reported_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    valid_to timestamp with time zone DEFAULT now() NOT NULL,
    change text DEFAULT 'update'::text NOT NULL
);


ALTER TABLE public.stays_history OWNER TO pantau;

--
-- Name: stays_id_seq; Type: SEQUENCE; Schema: public; Owner: pantau
--

CREATE SEQUENCE public.stays_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.stays_id_seq OWNER TO pantau;

--
-- Name: stays_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: pantau
--

ALTER SEQUENCE public.stays_id_seq OWNED BY public.stays.id;


--
-- Name: tile_changes; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.tile_changes (
    id bigint NOT NULL,
    layer text NOT NULL,
    minx double precision NOT NULL,
    miny double precision NOT NULL,
    maxx double precision NOT NULL,
    maxy double precision NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE public.tile_changes OWNER TO pantau;

--
-- Name: tile_changes_id_seq; Type: SEQUENCE; Schema: public; Owner: pantau
--

CREATE SEQUENCE public.tile_changes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.tile_changes_id_seq OWNER TO pantau;

--
-- Name: tile_changes_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: pantau
--

ALTER SEQUENCE public.tile_changes_id_seq OWNED BY public.tile_changes.id;


--
-- Name: tokens; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.tokens (
    id bigint NOT NULL,
    user_id bigint,
    name text NOT NULL,
    role text NOT NULL,
    area_code text,
    token_hash bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone,
    revoked_at timestamp with time zone,
    last_used_at timestamp with time zone,
    CONSTRAINT tokens_role_check CHECK ((role = ANY (ARRAY['viewer'::text, 'officer'::text, 'analyst'::text, 'admin'::text]))),
    CONSTRAINT tokens_token_hash_check CHECK ((length(token_hash) = 32))
);


ALTER TABLE public.tokens OWNER TO pantau;

--
-- Name: tokens_id_seq; Type: SEQUENCE; Schema: public; Owner: pantau
--

CREATE SEQUENCE public.tokens_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.tokens_id_seq OWNER TO pantau;

--
-- Name: tokens_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: pantau
--

ALTER SEQUENCE public.tokens_id_seq OWNED BY public.tokens.id;


--
-- Name: users; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.users (
    id bigint NOT NULL,
    username text NOT NULL,
    display_name text,
    password_hash text NOT NULL,
    role text NOT NULL,
    area_code text,
    failed_logins integer DEFAULT 0 NOT NULL,
    locked_until timestamp with time zone,
    disabled boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT users_role_check CHECK ((role = ANY (ARRAY['viewer'::text, 'officer'::text, 'analyst'::text, 'admin'::text]))),
    CONSTRAINT users_username_check CHECK ((username ~ '^[a-z0-9._-]{2,64}$'::text))
);


ALTER TABLE public.users OWNER TO pantau;

--
-- Name: users_id_seq; Type: SEQUENCE; Schema: public; Owner: pantau
--

CREATE SEQUENCE public.users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.users_id_seq OWNER TO pantau;

--
-- Name: users_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: pantau
--

ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;


--
-- Name: webhook_attempts; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.webhook_attempts (
    id bigint NOT NULL,
    delivery_id bigint NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    status integer,
    error text,
    duration_ms integer
);


ALTER TABLE public.webhook_attempts OWNER TO pantau;

--
-- Name: webhook_attempts_id_seq; Type: SEQUENCE; Schema: public; Owner: pantau
--

CREATE SEQUENCE public.webhook_attempts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.webhook_attempts_id_seq OWNER TO pantau;

--
-- Name: webhook_attempts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: pantau
--

ALTER SEQUENCE public.webhook_attempts_id_seq OWNED BY public.webhook_attempts.id;


--
-- Name: webhook_deliveries; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.webhook_deliveries (
    id bigint NOT NULL,
    webhook_id bigint NOT NULL,
    outbox_id bigint NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    delivered_at timestamp with time zone,
    expires_at timestamp with time zone NOT NULL,
    last_status integer,
    last_error text
);


ALTER TABLE public.webhook_deliveries OWNER TO pantau;

--
-- Name: webhook_deliveries_id_seq; Type: SEQUENCE; Schema: public; Owner: pantau
--

CREATE SEQUENCE public.webhook_deliveries_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.webhook_deliveries_id_seq OWNER TO pantau;

--
-- Name: webhook_deliveries_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: pantau
--

ALTER SEQUENCE public.webhook_deliveries_id_seq OWNED BY public.webhook_deliveries.id;


--
-- Name: webhooks; Type: TABLE; Schema: public; Owner: pantau
--

CREATE TABLE public.webhooks (
    id bigint NOT NULL,
    url text NOT NULL,
    secret text NOT NULL,
    active boolean DEFAULT true NOT NULL,
    expiry_days integer DEFAULT 3 NOT NULL,
    created_by text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    name text,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT webhooks_expiry_days_check CHECK (((expiry_days >= 1) AND (expiry_days <= 30))),
    CONSTRAINT webhooks_url_check CHECK ((url ~ '^https?://'::text))
);


ALTER TABLE public.webhooks OWNER TO pantau;

--
-- Name: webhooks_id_seq; Type: SEQUENCE; Schema: public; Owner: pantau
--

CREATE SEQUENCE public.webhooks_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.webhooks_id_seq OWNER TO pantau;

--
-- Name: webhooks_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: pantau
--

ALTER SEQUENCE public.webhooks_id_seq OWNED BY public.webhooks.id;


--
-- Name: accommodations id; Type: DEFAULT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.accommodations ALTER COLUMN id SET DEFAULT nextval('public.accommodations_id_seq'::regclass);


--
-- Name: alerts id; Type: DEFAULT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.alerts ALTER COLUMN id SET DEFAULT nextval('public.alerts_id_seq'::regclass);


--
-- Name: audit_log id; Type: DEFAULT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.audit_log ALTER COLUMN id SET DEFAULT nextval('public.audit_log_id_seq'::regclass);


--
-- Name: geofences id; Type: DEFAULT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.geofences ALTER COLUMN id SET DEFAULT nextval('public.geofences_id_seq'::regclass);


--
-- Name: outbox id; Type: DEFAULT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.outbox ALTER COLUMN id SET DEFAULT nextval('public.outbox_id_seq'::regclass);


--
-- Name: stays id; Type: DEFAULT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.stays ALTER COLUMN id SET DEFAULT nextval('public.stays_id_seq'::regclass);


--
-- Name: tile_changes id; Type: DEFAULT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.tile_changes ALTER COLUMN id SET DEFAULT nextval('public.tile_changes_id_seq'::regclass);


--
-- Name: tokens id; Type: DEFAULT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.tokens ALTER COLUMN id SET DEFAULT nextval('public.tokens_id_seq'::regclass);


--
-- Name: users id; Type: DEFAULT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);


--
-- Name: webhook_attempts id; Type: DEFAULT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.webhook_attempts ALTER COLUMN id SET DEFAULT nextval('public.webhook_attempts_id_seq'::regclass);


--
-- Name: webhook_deliveries id; Type: DEFAULT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.webhook_deliveries ALTER COLUMN id SET DEFAULT nextval('public.webhook_deliveries_id_seq'::regclass);


--
-- Name: webhooks id; Type: DEFAULT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.webhooks ALTER COLUMN id SET DEFAULT nextval('public.webhooks_id_seq'::regclass);


--
-- Name: accommodation_kinds accommodation_kinds_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.accommodation_kinds
    ADD CONSTRAINT accommodation_kinds_pkey PRIMARY KEY (code);


--
-- Name: accommodations accommodations_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.accommodations
    ADD CONSTRAINT accommodations_pkey PRIMARY KEY (id);


--
-- Name: accommodations accommodations_source_source_id_key; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.accommodations
    ADD CONSTRAINT accommodations_source_source_id_key UNIQUE (source, source_id);


--
-- Name: alerts alerts_idempotency_key_key; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_idempotency_key_key UNIQUE (idempotency_key);


--
-- Name: alerts alerts_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_pkey PRIMARY KEY (id);


--
-- Name: areas areas_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.areas
    ADD CONSTRAINT areas_pkey PRIMARY KEY (code);


--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);


--
-- Name: countries countries_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.countries
    ADD CONSTRAINT countries_pkey PRIMARY KEY (code);


--
-- Name: geofence_count_state geofence_count_state_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.geofence_count_state
    ADD CONSTRAINT geofence_count_state_pkey PRIMARY KEY (geofence_id, rule_key);


--
-- Name: geofences geofences_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.geofences
    ADD CONSTRAINT geofences_pkey PRIMARY KEY (id);


--
-- Name: outbox outbox_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (id);


--
-- Name: permit_types permit_types_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.permit_types
    ADD CONSTRAINT permit_types_pkey PRIMARY KEY (code);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (name);


--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id_hash);


--
-- Name: stays stays_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.stays
    ADD CONSTRAINT stays_pkey PRIMARY KEY (id);


--
-- Name: stays stays_source_source_id_key; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.stays
    ADD CONSTRAINT stays_source_source_id_key UNIQUE (source, source_id);


--
-- Name: tile_changes tile_changes_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.tile_changes
    ADD CONSTRAINT tile_changes_pkey PRIMARY KEY (id);


--
-- Name: tokens tokens_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.tokens
    ADD CONSTRAINT tokens_pkey PRIMARY KEY (id);


--
-- Name: tokens tokens_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.tokens
    ADD CONSTRAINT tokens_token_hash_key UNIQUE (token_hash);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: users users_username_key; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_username_key UNIQUE (username);


--
-- Name: webhook_attempts webhook_attempts_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.webhook_attempts
    ADD CONSTRAINT webhook_attempts_pkey PRIMARY KEY (id);


--
-- Name: webhook_deliveries webhook_deliveries_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (id);


--
-- Name: webhook_deliveries webhook_deliveries_webhook_id_outbox_id_key; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_webhook_id_outbox_id_key UNIQUE (webhook_id, outbox_id);


--
-- Name: webhooks webhooks_pkey; Type: CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.webhooks
    ADD CONSTRAINT webhooks_pkey PRIMARY KEY (id);


--
-- Name: accommodations_desa_cover_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX accommodations_desa_cover_idx ON public.accommodations USING btree (desa_code) INCLUDE (apoa_registered, kind, licensed);


--
-- Name: accommodations_desa_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX accommodations_desa_idx ON public.accommodations USING btree (desa_code);


--
-- Name: accommodations_geom_3857_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX accommodations_geom_3857_idx ON public.accommodations USING gist (geom_3857);


--
-- Name: accommodations_geom_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX accommodations_geom_idx ON public.accommodations USING gist (geom);


--
-- Name: accommodations_history_id_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX accommodations_history_id_idx ON public.accommodations_history USING btree (id, version);


--
-- Name: alerts_geofence_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX alerts_geofence_idx ON public.alerts USING btree (geofence_id, created_at);


--
-- Name: alerts_state_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX alerts_state_idx ON public.alerts USING btree (state, created_at);


--
-- Name: alerts_stay_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX alerts_stay_idx ON public.alerts USING btree (stay_id) WHERE (stay_id IS NOT NULL);


--
-- Name: areas_geom_3857_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX areas_geom_3857_idx ON public.areas USING gist (geom_3857);


--
-- Name: areas_geom_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX areas_geom_idx ON public.areas USING gist (geom);


--
-- Name: areas_level_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX areas_level_idx ON public.areas USING btree (level, code);


--
-- Name: areas_parent_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX areas_parent_idx ON public.areas USING btree (parent_code);


--
-- Name: audit_log_action_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX audit_log_action_idx ON public.audit_log USING btree (action, at);


--
-- Name: audit_log_actor_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX audit_log_actor_idx ON public.audit_log USING btree (actor, at);


--
-- Name: audit_log_at_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX audit_log_at_idx ON public.audit_log USING btree (at);


--
-- Name: audit_log_resource_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX audit_log_resource_idx ON public.audit_log USING btree (resource) WHERE (resource ~~ 'stay/%'::text);


--
-- Name: geofences_geom_3857_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX geofences_geom_3857_idx ON public.geofences USING gist (geom_3857);


--
-- Name: geofences_geom_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX geofences_geom_idx ON public.geofences USING gist (geom);


--
-- Name: sessions_last_seen_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX sessions_last_seen_idx ON public.sessions USING btree (last_seen);


--
-- Name: sessions_user_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX sessions_user_idx ON public.sessions USING btree (user_id);


--
-- Name: stays_accommodation_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX stays_accommodation_idx ON public.stays USING btree (accommodation_id);


--
-- Name: stays_dates_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX stays_dates_idx ON public.stays USING btree (arrival_date, departure_date);


--
-- Name: stays_desa_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX stays_desa_idx ON public.stays USING btree (desa_code, arrival_date);


--
-- Name: stays_geom_3857_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX stays_geom_3857_idx ON public.stays USING gist (geom_3857);


--
-- Name: stays_geom_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX stays_geom_idx ON public.stays USING gist (geom);


--
-- Name: stays_geom_period_cover_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX stays_geom_period_cover_idx ON public.stays USING gist (geom, period) INCLUDE (desa_code, nationality, permit_type, permit_expiry, departure_date, accommodation_id, geom, utm_x, utm_y);


--
-- Name: stays_history_id_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX stays_history_id_idx ON public.stays_history USING btree (id, version);


--
-- Name: stays_passport_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX stays_passport_idx ON public.stays USING btree (passport_no);


--
-- Name: stays_period_cover_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX stays_period_cover_idx ON public.stays USING gist (period) INCLUDE (desa_code, nationality, permit_type, permit_expiry, departure_date, accommodation_id);


--
-- Name: stays_period_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX stays_period_idx ON public.stays USING gist (period);


--
-- Name: stays_tiles_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX stays_tiles_idx ON public.stays USING gist (geom_3857, period);


--
-- Name: stays_tiles_period_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX stays_tiles_period_idx ON public.stays USING gist (period) INCLUDE (geom_3857, nationality, permit_type, permit_expiry, departure_date);


--
-- Name: tile_changes_at_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX tile_changes_at_idx ON public.tile_changes USING btree (at);


--
-- Name: webhook_deliveries_due_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX webhook_deliveries_due_idx ON public.webhook_deliveries USING btree (next_attempt_at) WHERE (delivered_at IS NULL);


--
-- Name: webhook_deliveries_outbox_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX webhook_deliveries_outbox_idx ON public.webhook_deliveries USING btree (outbox_id);


--
-- Name: accommodations accommodations_alerts_insert; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER accommodations_alerts_insert AFTER INSERT ON public.accommodations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_accommodations_alert_insert();


--
-- Name: accommodations accommodations_alerts_update; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER accommodations_alerts_update AFTER UPDATE ON public.accommodations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_accommodations_alert_update();


--
-- Name: accommodations accommodations_history; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER accommodations_history BEFORE UPDATE ON public.accommodations FOR EACH ROW WHEN ((((((((old.name IS DISTINCT FROM new.name) OR (old.kind IS DISTINCT FROM new.kind)) OR (old.licensed IS DISTINCT FROM new.licensed)) OR (old.apoa_registered IS DISTINCT FROM new.apoa_registered)) OR (old.capacity IS DISTINCT FROM new.capacity)) OR (old.owner_name IS DISTINCT FROM new.owner_name)) OR (old.geom IS DISTINCT FROM new.geom))) EXECUTE FUNCTION public.pantau_keep_accommodation_history();


--
-- Name: accommodations accommodations_history_delete; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER accommodations_history_delete BEFORE DELETE ON public.accommodations FOR EACH ROW EXECUTE FUNCTION public.pantau_keep_accommodation_history();


--
-- Name: accommodations accommodations_tiles_del; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER accommodations_tiles_del AFTER DELETE ON public.accommodations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_tiles_accommodations_changed();


--
-- Name: accommodations accommodations_tiles_ins; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER accommodations_tiles_ins AFTER INSERT ON public.accommodations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_tiles_accommodations_changed();


--
-- Name: accommodations accommodations_tiles_truncate; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER accommodations_tiles_truncate AFTER TRUNCATE ON public.accommodations FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_tiles_flush();


--
-- Name: accommodations accommodations_tiles_upd; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER accommodations_tiles_upd AFTER UPDATE ON public.accommodations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_tiles_accommodations_changed();


--
-- Name: areas areas_tiles_del; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER areas_tiles_del AFTER DELETE ON public.areas REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_tiles_areas_changed();


--
-- Name: areas areas_tiles_ins; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER areas_tiles_ins AFTER INSERT ON public.areas REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_tiles_areas_changed();


--
-- Name: areas areas_tiles_truncate; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER areas_tiles_truncate AFTER TRUNCATE ON public.areas FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_tiles_flush();


--
-- Name: areas areas_tiles_upd; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER areas_tiles_upd AFTER UPDATE ON public.areas REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_tiles_areas_changed();


--
-- Name: audit_log audit_log_append_only; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER audit_log_append_only BEFORE DELETE OR UPDATE ON public.audit_log FOR EACH ROW EXECUTE FUNCTION public.pantau_audit_is_append_only();


--
-- Name: audit_log audit_log_no_truncate; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_audit_is_append_only();


--
-- Name: geofences geofences_tiles_del; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER geofences_tiles_del AFTER DELETE ON public.geofences REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_tiles_geofences_changed();


--
-- Name: geofences geofences_tiles_ins; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER geofences_tiles_ins AFTER INSERT ON public.geofences REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_tiles_geofences_changed();


--
-- Name: geofences geofences_tiles_truncate; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER geofences_tiles_truncate AFTER TRUNCATE ON public.geofences FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_tiles_flush();


--
-- Name: geofences geofences_tiles_upd; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER geofences_tiles_upd AFTER UPDATE ON public.geofences REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_tiles_geofences_changed();


--
-- Name: outbox outbox_fanout; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER outbox_fanout AFTER INSERT ON public.outbox REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_outbox_fanout();


--
-- Name: stays stays_alerts_insert; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER stays_alerts_insert AFTER INSERT ON public.stays REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_stays_alert_insert();


--
-- Name: stays stays_alerts_update; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER stays_alerts_update AFTER UPDATE ON public.stays REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_stays_alert_update();


--
-- Name: stays stays_history; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER stays_history BEFORE UPDATE ON public.stays FOR EACH ROW WHEN (((((((((((((old.source_id IS DISTINCT FROM new.source_id) OR (old.full_name IS DISTINCT FROM new.full_name)) OR (old.passport_no IS DISTINCT FROM new.passport_no)) OR (old.nationality IS DISTINCT FROM new.nationality)) OR (old.sex IS DISTINCT FROM new.sex)) OR (old.birth_date IS DISTINCT FROM new.birth_date)) OR (old.permit_type IS DISTINCT FROM new.permit_type)) OR (old.permit_expiry IS DISTINCT FROM new.permit_expiry)) OR (old.arrival_date IS DISTINCT FROM new.arrival_date)) OR (old.departure_date IS DISTINCT FROM new.departure_date)) OR (old.accommodation_id IS DISTINCT FROM new.accommodation_id)) OR (old.geom IS DISTINCT FROM new.geom))) EXECUTE FUNCTION public.pantau_keep_stay_history();


--
-- Name: stays stays_history_delete; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER stays_history_delete BEFORE DELETE ON public.stays FOR EACH ROW EXECUTE FUNCTION public.pantau_keep_stay_history();


--
-- Name: stays stays_tiles_del; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER stays_tiles_del AFTER DELETE ON public.stays REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_tiles_stays_changed();


--
-- Name: stays stays_tiles_ins; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER stays_tiles_ins AFTER INSERT ON public.stays REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_tiles_stays_changed();


--
-- Name: stays stays_tiles_truncate; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER stays_tiles_truncate AFTER TRUNCATE ON public.stays FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_tiles_flush();


--
-- Name: stays stays_tiles_upd; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER stays_tiles_upd AFTER UPDATE ON public.stays REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_tiles_stays_changed();


--
-- Name: accommodations accommodations_kind_fkey; Type: FK CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.accommodations
    ADD CONSTRAINT accommodations_kind_fkey FOREIGN KEY (kind) REFERENCES public.accommodation_kinds(code);


--
-- Name: alerts alerts_accommodation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_accommodation_id_fkey FOREIGN KEY (accommodation_id) REFERENCES public.accommodations(id) ON DELETE SET NULL;


--
-- Name: alerts alerts_geofence_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_geofence_id_fkey FOREIGN KEY (geofence_id) REFERENCES public.geofences(id) ON DELETE SET NULL;


--
-- Name: alerts alerts_stay_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_stay_id_fkey FOREIGN KEY (stay_id) REFERENCES public.stays(id) ON DELETE SET NULL;


--
-- Name: areas areas_parent_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.areas
    ADD CONSTRAINT areas_parent_code_fkey FOREIGN KEY (parent_code) REFERENCES public.areas(code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;


--
-- Name: geofence_count_state geofence_count_state_geofence_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.geofence_count_state
    ADD CONSTRAINT geofence_count_state_geofence_id_fkey FOREIGN KEY (geofence_id) REFERENCES public.geofences(id) ON DELETE CASCADE;


--
-- Name: outbox outbox_alert_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.outbox
    ADD CONSTRAINT outbox_alert_id_fkey FOREIGN KEY (alert_id) REFERENCES public.alerts(id) ON DELETE CASCADE;


--
-- Name: sessions sessions_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: stays stays_accommodation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.stays
    ADD CONSTRAINT stays_accommodation_id_fkey FOREIGN KEY (accommodation_id) REFERENCES public.accommodations(id);


--
-- Name: stays stays_nationality_fkey; Type: FK CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.stays
    ADD CONSTRAINT stays_nationality_fkey FOREIGN KEY (nationality) REFERENCES public.countries(code);


--
-- Name: stays stays_permit_type_fkey; Type: FK CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.stays
    ADD CONSTRAINT stays_permit_type_fkey FOREIGN KEY (permit_type) REFERENCES public.permit_types(code);


--
-- Name: tokens tokens_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.tokens
    ADD CONSTRAINT tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: users users_area_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_area_code_fkey FOREIGN KEY (area_code) REFERENCES public.areas(code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;


--
-- Name: webhook_attempts webhook_attempts_delivery_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.webhook_attempts
    ADD CONSTRAINT webhook_attempts_delivery_id_fkey FOREIGN KEY (delivery_id) REFERENCES public.webhook_deliveries(id) ON DELETE CASCADE;


--
-- Name: webhook_deliveries webhook_deliveries_outbox_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_outbox_id_fkey FOREIGN KEY (outbox_id) REFERENCES public.outbox(id) ON DELETE CASCADE;


--
-- Name: webhook_deliveries webhook_deliveries_webhook_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: pantau
--

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_webhook_id_fkey FOREIGN KEY (webhook_id) REFERENCES public.webhooks(id) ON DELETE CASCADE;


--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: pg_database_owner
--

GRANT USAGE ON SCHEMA public TO pantau_app;


--
-- Name: TABLE alerts; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.alerts TO pantau_app;


--
-- Name: TABLE stays; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.stays TO pantau_app;


--
-- Name: TABLE accommodation_kinds; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.accommodation_kinds TO pantau_app;


--
-- Name: TABLE accommodations; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.accommodations TO pantau_app;


--
-- Name: TABLE accommodations_history; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.accommodations_history TO pantau_app;


--
-- Name: SEQUENCE accommodations_id_seq; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,USAGE ON SEQUENCE public.accommodations_id_seq TO pantau_app;


--
-- Name: SEQUENCE alerts_id_seq; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,USAGE ON SEQUENCE public.alerts_id_seq TO pantau_app;


--
-- Name: TABLE areas; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.areas TO pantau_app;


--
-- Name: TABLE audit_log; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT ON TABLE public.audit_log TO pantau_app;


--
-- Name: SEQUENCE audit_log_id_seq; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,USAGE ON SEQUENCE public.audit_log_id_seq TO pantau_app;


--
-- Name: TABLE countries; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.countries TO pantau_app;


--
-- Name: TABLE geofence_count_state; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.geofence_count_state TO pantau_app;


--
-- Name: TABLE geofences; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.geofences TO pantau_app;


--
-- Name: SEQUENCE geofences_id_seq; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,USAGE ON SEQUENCE public.geofences_id_seq TO pantau_app;


--
-- Name: TABLE geography_columns; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.geography_columns TO pantau_app;


--
-- Name: TABLE geometry_columns; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.geometry_columns TO pantau_app;


--
-- Name: TABLE outbox; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.outbox TO pantau_app;


--
-- Name: SEQUENCE outbox_id_seq; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,USAGE ON SEQUENCE public.outbox_id_seq TO pantau_app;


--
-- Name: TABLE permit_types; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.permit_types TO pantau_app;


--
-- Name: TABLE schema_migrations; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT ON TABLE public.schema_migrations TO pantau_app;


--
-- Name: TABLE sessions; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.sessions TO pantau_app;


--
-- Name: TABLE spatial_ref_sys; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.spatial_ref_sys TO pantau_app;


--
-- Name: TABLE stays_history; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.stays_history TO pantau_app;


--
-- Name: SEQUENCE stays_id_seq; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,USAGE ON SEQUENCE public.stays_id_seq TO pantau_app;


--
-- Name: TABLE tile_changes; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.tile_changes TO pantau_app;


--
-- Name: SEQUENCE tile_changes_id_seq; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,USAGE ON SEQUENCE public.tile_changes_id_seq TO pantau_app;


--
-- Name: TABLE tokens; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.tokens TO pantau_app;


--
-- Name: SEQUENCE tokens_id_seq; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,USAGE ON SEQUENCE public.tokens_id_seq TO pantau_app;


--
-- Name: TABLE users; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.users TO pantau_app;


--
-- Name: SEQUENCE users_id_seq; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,USAGE ON SEQUENCE public.users_id_seq TO pantau_app;


--
-- Name: TABLE webhook_attempts; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.webhook_attempts TO pantau_app;


--
-- Name: SEQUENCE webhook_attempts_id_seq; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,USAGE ON SEQUENCE public.webhook_attempts_id_seq TO pantau_app;


--
-- Name: TABLE webhook_deliveries; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.webhook_deliveries TO pantau_app;


--
-- Name: SEQUENCE webhook_deliveries_id_seq; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,USAGE ON SEQUENCE public.webhook_deliveries_id_seq TO pantau_app;


--
-- Name: TABLE webhooks; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.webhooks TO pantau_app;


--
-- Name: SEQUENCE webhooks_id_seq; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,USAGE ON SEQUENCE public.webhooks_id_seq TO pantau_app;


--
-- Name: DEFAULT PRIVILEGES FOR SEQUENCES; Type: DEFAULT ACL; Schema: public; Owner: pantau
--

ALTER DEFAULT PRIVILEGES FOR ROLE pantau IN SCHEMA public GRANT SELECT,USAGE ON SEQUENCES  TO pantau_app;


--
-- Name: DEFAULT PRIVILEGES FOR TABLES; Type: DEFAULT ACL; Schema: public; Owner: pantau
--

ALTER DEFAULT PRIVILEGES FOR ROLE pantau IN SCHEMA public GRANT SELECT,INSERT,DELETE,UPDATE ON TABLES  TO pantau_app;


--
-- PostgreSQL database dump complete
--


--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Data for Name: accommodation_kinds; Type: TABLE DATA; Schema: public; Owner: pantau
--

INSERT INTO public.accommodation_kinds VALUES ('villa');
INSERT INTO public.accommodation_kinds VALUES ('hotel');
INSERT INTO public.accommodation_kinds VALUES ('guesthouse');
INSERT INTO public.accommodation_kinds VALUES ('kos');
INSERT INTO public.accommodation_kinds VALUES ('house');


--
-- Data for Name: countries; Type: TABLE DATA; Schema: public; Owner: pantau
--

INSERT INTO public.countries VALUES ('AND', 'AD', 'Andorra');
INSERT INTO public.countries VALUES ('ARE', 'AE', 'United Arab Emirates');
INSERT INTO public.countries VALUES ('AFG', 'AF', 'Afghanistan');
INSERT INTO public.countries VALUES ('ATG', 'AG', 'Antigua & Barbuda');
INSERT INTO public.countries VALUES ('AIA', 'AI', 'Anguilla');
INSERT INTO public.countries VALUES ('ALB', 'AL', 'Albania');
INSERT INTO public.countries VALUES ('ARM', 'AM', 'Armenia');
INSERT INTO public.countries VALUES ('AGO', 'AO', 'Angola');
INSERT INTO public.countries VALUES ('ATA', 'AQ', 'Antarctica');
INSERT INTO public.countries VALUES ('ARG', 'AR', 'Argentina');
INSERT INTO public.countries VALUES ('ASM', 'AS', 'American Samoa');
INSERT INTO public.countries VALUES ('AUT', 'AT', 'Austria');
INSERT INTO public.countries VALUES ('AUS', 'AU', 'Australia');
INSERT INTO public.countries VALUES ('ABW', 'AW', 'Aruba');
INSERT INTO public.countries VALUES ('ALA', 'AX', 'Åland Islands');
INSERT INTO public.countries VALUES ('AZE', 'AZ', 'Azerbaijan');
INSERT INTO public.countries VALUES ('BIH', 'BA', 'Bosnia & Herzegovina');
INSERT INTO public.countries VALUES ('BRB', 'BB', 'Barbados');
INSERT INTO public.countries VALUES ('BGD', 'BD', 'Bangladesh');
INSERT INTO public.countries VALUES ('BEL', 'BE', 'Belgium');
INSERT INTO public.countries VALUES ('BFA', 'BF', 'Burkina Faso');
INSERT INTO public.countries VALUES ('BGR', 'BG', 'Bulgaria');
INSERT INTO public.countries VALUES ('BHR', 'BH', 'Bahrain');
INSERT INTO public.countries VALUES ('BDI', 'BI', 'Burundi');
INSERT INTO public.countries VALUES ('BEN', 'BJ', 'Benin');
INSERT INTO public.countries VALUES ('BLM', 'BL', 'St. Barthélemy');
INSERT INTO public.countries VALUES ('BMU', 'BM', 'Bermuda');
INSERT INTO public.countries VALUES ('BRN', 'BN', 'Brunei');
INSERT INTO public.countries VALUES ('BOL', 'BO', 'Bolivia');
INSERT INTO public.countries VALUES ('BES', 'BQ', 'Caribbean Netherlands');
INSERT INTO public.countries VALUES ('BRA', 'BR', 'Brazil');
INSERT INTO public.countries VALUES ('BHS', 'BS', 'Bahamas');
INSERT INTO public.countries VALUES ('BTN', 'BT', 'Bhutan');
INSERT INTO public.countries VALUES ('BVT', 'BV', 'Bouvet Island');
INSERT INTO public.countries VALUES ('BWA', 'BW', 'Botswana');
INSERT INTO public.countries VALUES ('BLR', 'BY', 'Belarus');
INSERT INTO public.countries VALUES ('BLZ', 'BZ', 'Belize');
INSERT INTO public.countries VALUES ('CAN', 'CA', 'Canada');
INSERT INTO public.countries VALUES ('CCK', 'CC', 'Cocos (Keeling) Islands');
INSERT INTO public.countries VALUES ('COD', 'CD', 'Congo - Kinshasa');
INSERT INTO public.countries VALUES ('CAF', 'CF', 'Central African Republic');
INSERT INTO public.countries VALUES ('COG', 'CG', 'Congo - Brazzaville');
INSERT INTO public.countries VALUES ('CHE', 'CH', 'Switzerland');
INSERT INTO public.countries VALUES ('CIV', 'CI', 'Côte d’Ivoire');
INSERT INTO public.countries VALUES ('COK', 'CK', 'Cook Islands');
INSERT INTO public.countries VALUES ('CHL', 'CL', 'Chile');
INSERT INTO public.countries VALUES ('CMR', 'CM', 'Cameroon');
INSERT INTO public.countries VALUES ('CHN', 'CN', 'China');
INSERT INTO public.countries VALUES ('COL', 'CO', 'Colombia');
INSERT INTO public.countries VALUES ('CRI', 'CR', 'Costa Rica');
INSERT INTO public.countries VALUES ('CUB', 'CU', 'Cuba');
INSERT INTO public.countries VALUES ('CPV', 'CV', 'Cape Verde');
INSERT INTO public.countries VALUES ('CUW', 'CW', 'Curaçao');
INSERT INTO public.countries VALUES ('CXR', 'CX', 'Christmas Island');
INSERT INTO public.countries VALUES ('CYP', 'CY', 'Cyprus');
INSERT INTO public.countries VALUES ('CZE', 'CZ', 'Czechia');
INSERT INTO public.countries VALUES ('DEU', 'DE', 'Germany');
INSERT INTO public.countries VALUES ('DJI', 'DJ', 'Djibouti');
INSERT INTO public.countries VALUES ('DNK', 'DK', 'Denmark');
INSERT INTO public.countries VALUES ('DMA', 'DM', 'Dominica');
INSERT INTO public.countries VALUES ('DOM', 'DO', 'Dominican Republic');
INSERT INTO public.countries VALUES ('DZA', 'DZ', 'Algeria');
INSERT INTO public.countries VALUES ('ECU', 'EC', 'Ecuador');
INSERT INTO public.countries VALUES ('EST', 'EE', 'Estonia');
INSERT INTO public.countries VALUES ('EGY', 'EG', 'Egypt');
INSERT INTO public.countries VALUES ('ESH', 'EH', 'Western Sahara');
INSERT INTO public.countries VALUES ('ERI', 'ER', 'Eritrea');
INSERT INTO public.countries VALUES ('ESP', 'ES', 'Spain');
INSERT INTO public.countries VALUES ('ETH', 'ET', 'Ethiopia');
INSERT INTO public.countries VALUES ('FIN', 'FI', 'Finland');
INSERT INTO public.countries VALUES ('FJI', 'FJ', 'Fiji');
INSERT INTO public.countries VALUES ('FLK', 'FK', 'Falkland Islands');
INSERT INTO public.countries VALUES ('FSM', 'FM', 'Micronesia');
INSERT INTO public.countries VALUES ('FRO', 'FO', 'Faroe Islands');
INSERT INTO public.countries VALUES ('FRA', 'FR', 'France');
INSERT INTO public.countries VALUES ('GAB', 'GA', 'Gabon');
INSERT INTO public.countries VALUES ('GBR', 'GB', 'United Kingdom');
INSERT INTO public.countries VALUES ('GRD', 'GD', 'Grenada');
INSERT INTO public.countries VALUES ('GEO', 'GE', 'Georgia');
INSERT INTO public.countries VALUES ('GUF', 'GF', 'French Guiana');
INSERT INTO public.countries VALUES ('GGY', 'GG', 'Guernsey');
INSERT INTO public.countries VALUES ('GHA', 'GH', 'Ghana');
INSERT INTO public.countries VALUES ('GIB', 'GI', 'Gibraltar');
INSERT INTO public.countries VALUES ('GRL', 'GL', 'Greenland');
INSERT INTO public.countries VALUES ('GMB', 'GM', 'Gambia');
INSERT INTO public.countries VALUES ('GIN', 'GN', 'Guinea');
INSERT INTO public.countries VALUES ('GLP', 'GP', 'Guadeloupe');
INSERT INTO public.countries VALUES ('GNQ', 'GQ', 'Equatorial Guinea');
INSERT INTO public.countries VALUES ('GRC', 'GR', 'Greece');
INSERT INTO public.countries VALUES ('SGS', 'GS', 'South Georgia & South Sandwich Islands');
INSERT INTO public.countries VALUES ('GTM', 'GT', 'Guatemala');
INSERT INTO public.countries VALUES ('GUM', 'GU', 'Guam');
INSERT INTO public.countries VALUES ('GNB', 'GW', 'Guinea-Bissau');
INSERT INTO public.countries VALUES ('GUY', 'GY', 'Guyana');
INSERT INTO public.countries VALUES ('HKG', 'HK', 'Hong Kong SAR China');
INSERT INTO public.countries VALUES ('HMD', 'HM', 'Heard & McDonald Islands');
INSERT INTO public.countries VALUES ('HND', 'HN', 'Honduras');
INSERT INTO public.countries VALUES ('HRV', 'HR', 'Croatia');
INSERT INTO public.countries VALUES ('HTI', 'HT', 'Haiti');
INSERT INTO public.countries VALUES ('HUN', 'HU', 'Hungary');
INSERT INTO public.countries VALUES ('IDN', 'ID', 'Indonesia');
INSERT INTO public.countries VALUES ('IRL', 'IE', 'Ireland');
INSERT INTO public.countries VALUES ('ISR', 'IL', 'Israel');
INSERT INTO public.countries VALUES ('IMN', 'IM', 'Isle of Man');
INSERT INTO public.countries VALUES ('IND', 'IN', 'India');
INSERT INTO public.countries VALUES ('IOT', 'IO', 'British Indian Ocean Territory');
INSERT INTO public.countries VALUES ('IRQ', 'IQ', 'Iraq');
INSERT INTO public.countries VALUES ('IRN', 'IR', 'Iran');
INSERT INTO public.countries VALUES ('ISL', 'IS', 'Iceland');
INSERT INTO public.countries VALUES ('ITA', 'IT', 'Italy');
INSERT INTO public.countries VALUES ('JEY', 'JE', 'Jersey');
INSERT INTO public.countries VALUES ('JAM', 'JM', 'Jamaica');
INSERT INTO public.countries VALUES ('JOR', 'JO', 'Jordan');
INSERT INTO public.countries VALUES ('JPN', 'JP', 'Japan');
INSERT INTO public.countries VALUES ('KEN', 'KE', 'Kenya');
INSERT INTO public.countries VALUES ('KGZ', 'KG', 'Kyrgyzstan');
INSERT INTO public.countries VALUES ('KHM', 'KH', 'Cambodia');
INSERT INTO public.countries VALUES ('KIR', 'KI', 'Kiribati');
INSERT INTO public.countries VALUES ('COM', 'KM', 'Comoros');
INSERT INTO public.countries VALUES ('KNA', 'KN', 'St. Kitts & Nevis');
INSERT INTO public.countries VALUES ('PRK', 'KP', 'North Korea');
INSERT INTO public.countries VALUES ('KOR', 'KR', 'South Korea');
INSERT INTO public.countries VALUES ('KWT', 'KW', 'Kuwait');
INSERT INTO public.countries VALUES ('CYM', 'KY', 'Cayman Islands');
INSERT INTO public.countries VALUES ('KAZ', 'KZ', 'Kazakhstan');
INSERT INTO public.countries VALUES ('LAO', 'LA', 'Laos');
INSERT INTO public.countries VALUES ('LBN', 'LB', 'Lebanon');
INSERT INTO public.countries VALUES ('LCA', 'LC', 'St. Lucia');
INSERT INTO public.countries VALUES ('LIE', 'LI', 'Liechtenstein');
INSERT INTO public.countries VALUES ('LKA', 'LK', 'Sri Lanka');
INSERT INTO public.countries VALUES ('LBR', 'LR', 'Liberia');
INSERT INTO public.countries VALUES ('LSO', 'LS', 'Lesotho');
INSERT INTO public.countries VALUES ('LTU', 'LT', 'Lithuania');
INSERT INTO public.countries VALUES ('LUX', 'LU', 'Luxembourg');
INSERT INTO public.countries VALUES ('LVA', 'LV', 'Latvia');
INSERT INTO public.countries VALUES ('LBY', 'LY', 'Libya');
INSERT INTO public.countries VALUES ('MAR', 'MA', 'Morocco');
INSERT INTO public.countries VALUES ('MCO', 'MC', 'Monaco');
INSERT INTO public.countries VALUES ('MDA', 'MD', 'Moldova');
INSERT INTO public.countries VALUES ('MNE', 'ME', 'Montenegro');
INSERT INTO public.countries VALUES ('MAF', 'MF', 'St. Martin');
INSERT INTO public.countries VALUES ('MDG', 'MG', 'Madagascar');
INSERT INTO public.countries VALUES ('MHL', 'MH', 'Marshall Islands');
INSERT INTO public.countries VALUES ('MKD', 'MK', 'Macedonia');
INSERT INTO public.countries VALUES ('MLI', 'ML', 'Mali');
INSERT INTO public.countries VALUES ('MMR', 'MM', 'Myanmar (Burma)');
INSERT INTO public.countries VALUES ('MNG', 'MN', 'Mongolia');
INSERT INTO public.countries VALUES ('MAC', 'MO', 'Macau SAR China');
INSERT INTO public.countries VALUES ('MNP', 'MP', 'Northern Mariana Islands');
INSERT INTO public.countries VALUES ('MTQ', 'MQ', 'Martinique');
INSERT INTO public.countries VALUES ('MRT', 'MR', 'Mauritania');
INSERT INTO public.countries VALUES ('MSR', 'MS', 'Montserrat');
INSERT INTO public.countries VALUES ('MLT', 'MT', 'Malta');
INSERT INTO public.countries VALUES ('MUS', 'MU', 'Mauritius');
INSERT INTO public.countries VALUES ('MDV', 'MV', 'Maldives');
INSERT INTO public.countries VALUES ('MWI', 'MW', 'Malawi');
INSERT INTO public.countries VALUES ('MEX', 'MX', 'Mexico');
INSERT INTO public.countries VALUES ('MYS', 'MY', 'Malaysia');
INSERT INTO public.countries VALUES ('MOZ', 'MZ', 'Mozambique');
INSERT INTO public.countries VALUES ('NAM', 'NA', 'Namibia');
INSERT INTO public.countries VALUES ('NCL', 'NC', 'New Caledonia');
INSERT INTO public.countries VALUES ('NER', 'NE', 'Niger');
INSERT INTO public.countries VALUES ('NFK', 'NF', 'Norfolk Island');
INSERT INTO public.countries VALUES ('NGA', 'NG', 'Nigeria');
INSERT INTO public.countries VALUES ('NIC', 'NI', 'Nicaragua');
INSERT INTO public.countries VALUES ('NLD', 'NL', 'Netherlands');
INSERT INTO public.countries VALUES ('NOR', 'NO', 'Norway');
INSERT INTO public.countries VALUES ('NPL', 'NP', 'Nepal');
INSERT INTO public.countries VALUES ('NRU', 'NR', 'Nauru');
INSERT INTO public.countries VALUES ('NIU', 'NU', 'Niue');
INSERT INTO public.countries VALUES ('NZL', 'NZ', 'New Zealand');
INSERT INTO public.countries VALUES ('OMN', 'OM', 'Oman');
INSERT INTO public.countries VALUES ('PAN', 'PA', 'Panama');
INSERT INTO public.countries VALUES ('PER', 'PE', 'Peru');
INSERT INTO public.countries VALUES ('PYF', 'PF', 'French Polynesia');
INSERT INTO public.countries VALUES ('PNG', 'PG', 'Papua New Guinea');
INSERT INTO public.countries VALUES ('PHL', 'PH', 'Philippines');
INSERT INTO public.countries VALUES ('PAK', 'PK', 'Pakistan');
INSERT INTO public.countries VALUES ('POL', 'PL', 'Poland');
INSERT INTO public.countries VALUES ('SPM', 'PM', 'St. Pierre & Miquelon');
INSERT INTO public.countries VALUES ('PCN', 'PN', 'Pitcairn Islands');
INSERT INTO public.countries VALUES ('PRI', 'PR', 'Puerto Rico');
INSERT INTO public.countries VALUES ('PSE', 'PS', 'Palestinian Territories');
INSERT INTO public.countries VALUES ('PRT', 'PT', 'Portugal');
INSERT INTO public.countries VALUES ('PLW', 'PW', 'Palau');
INSERT INTO public.countries VALUES ('PRY', 'PY', 'Paraguay');
INSERT INTO public.countries VALUES ('QAT', 'QA', 'Qatar');
INSERT INTO public.countries VALUES ('REU', 'RE', 'Réunion');
INSERT INTO public.countries VALUES ('ROU', 'RO', 'Romania');
INSERT INTO public.countries VALUES ('SRB', 'RS', 'Serbia');
INSERT INTO public.countries VALUES ('RUS', 'RU', 'Russia');
INSERT INTO public.countries VALUES ('RWA', 'RW', 'Rwanda');
INSERT INTO public.countries VALUES ('SAU', 'SA', 'Saudi Arabia');
INSERT INTO public.countries VALUES ('SLB', 'SB', 'Solomon Islands');
INSERT INTO public.countries VALUES ('SYC', 'SC', 'Seychelles');
INSERT INTO public.countries VALUES ('SDN', 'SD', 'Sudan');
INSERT INTO public.countries VALUES ('SWE', 'SE', 'Sweden');
INSERT INTO public.countries VALUES ('SGP', 'SG', 'Singapore');
INSERT INTO public.countries VALUES ('SHN', 'SH', 'St. Helena');
INSERT INTO public.countries VALUES ('SVN', 'SI', 'Slovenia');
INSERT INTO public.countries VALUES ('SJM', 'SJ', 'Svalbard & Jan Mayen');
INSERT INTO public.countries VALUES ('SVK', 'SK', 'Slovakia');
INSERT INTO public.countries VALUES ('SLE', 'SL', 'Sierra Leone');
INSERT INTO public.countries VALUES ('SMR', 'SM', 'San Marino');
INSERT INTO public.countries VALUES ('SEN', 'SN', 'Senegal');
INSERT INTO public.countries VALUES ('SOM', 'SO', 'Somalia');
INSERT INTO public.countries VALUES ('SUR', 'SR', 'Suriname');
INSERT INTO public.countries VALUES ('SSD', 'SS', 'South Sudan');
INSERT INTO public.countries VALUES ('STP', 'ST', 'São Tomé & Príncipe');
INSERT INTO public.countries VALUES ('SLV', 'SV', 'El Salvador');
INSERT INTO public.countries VALUES ('SXM', 'SX', 'Sint Maarten');
INSERT INTO public.countries VALUES ('SYR', 'SY', 'Syria');
INSERT INTO public.countries VALUES ('SWZ', 'SZ', 'Swaziland');
INSERT INTO public.countries VALUES ('TCA', 'TC', 'Turks & Caicos Islands');
INSERT INTO public.countries VALUES ('TCD', 'TD', 'Chad');
INSERT INTO public.countries VALUES ('ATF', 'TF', 'French Southern Territories');
INSERT INTO public.countries VALUES ('TGO', 'TG', 'Togo');
INSERT INTO public.countries VALUES ('THA', 'TH', 'Thailand');
INSERT INTO public.countries VALUES ('TJK', 'TJ', 'Tajikistan');
INSERT INTO public.countries VALUES ('TKL', 'TK', 'Tokelau');
INSERT INTO public.countries VALUES ('TLS', 'TL', 'Timor-Leste');
INSERT INTO public.countries VALUES ('TKM', 'TM', 'Turkmenistan');
INSERT INTO public.countries VALUES ('TUN', 'TN', 'Tunisia');
INSERT INTO public.countries VALUES ('TON', 'TO', 'Tonga');
INSERT INTO public.countries VALUES ('TUR', 'TR', 'Turkey');
INSERT INTO public.countries VALUES ('TTO', 'TT', 'Trinidad & Tobago');
INSERT INTO public.countries VALUES ('TUV', 'TV', 'Tuvalu');
INSERT INTO public.countries VALUES ('TWN', 'TW', 'Taiwan');
INSERT INTO public.countries VALUES ('TZA', 'TZ', 'Tanzania');
INSERT INTO public.countries VALUES ('UKR', 'UA', 'Ukraine');
INSERT INTO public.countries VALUES ('UGA', 'UG', 'Uganda');
INSERT INTO public.countries VALUES ('UMI', 'UM', 'U.S. Outlying Islands');
INSERT INTO public.countries VALUES ('USA', 'US', 'United States');
INSERT INTO public.countries VALUES ('URY', 'UY', 'Uruguay');
INSERT INTO public.countries VALUES ('UZB', 'UZ', 'Uzbekistan');
INSERT INTO public.countries VALUES ('VAT', 'VA', 'Vatican City');
INSERT INTO public.countries VALUES ('VCT', 'VC', 'St. Vincent & Grenadines');
INSERT INTO public.countries VALUES ('VEN', 'VE', 'Venezuela');
INSERT INTO public.countries VALUES ('VGB', 'VG', 'British Virgin Islands');
INSERT INTO public.countries VALUES ('VIR', 'VI', 'U.S. Virgin Islands');
INSERT INTO public.countries VALUES ('VNM', 'VN', 'Vietnam');
INSERT INTO public.countries VALUES ('VUT', 'VU', 'Vanuatu');
INSERT INTO public.countries VALUES ('WLF', 'WF', 'Wallis & Futuna');
INSERT INTO public.countries VALUES ('WSM', 'WS', 'Samoa');
INSERT INTO public.countries VALUES ('YEM', 'YE', 'Yemen');
INSERT INTO public.countries VALUES ('MYT', 'YT', 'Mayotte');
INSERT INTO public.countries VALUES ('ZAF', 'ZA', 'South Africa');
INSERT INTO public.countries VALUES ('ZMB', 'ZM', 'Zambia');
INSERT INTO public.countries VALUES ('ZWE', 'ZW', 'Zimbabwe');
INSERT INTO public.countries VALUES ('XXA', NULL, 'Stateless person');
INSERT INTO public.countries VALUES ('XXB', NULL, 'Refugee');


--
-- Data for Name: permit_types; Type: TABLE DATA; Schema: public; Owner: pantau
--

INSERT INTO public.permit_types VALUES ('visa_free', 'Visa-exempt visit');
INSERT INTO public.permit_types VALUES ('voa', 'Visa on arrival');
INSERT INTO public.permit_types VALUES ('visit_visa', 'Visit visa (B211 / C-index)');
INSERT INTO public.permit_types VALUES ('itas', 'Limited stay permit (ITAS/KITAS)');
INSERT INTO public.permit_types VALUES ('itap', 'Permanent stay permit (ITAP/KITAP)');
INSERT INTO public.permit_types VALUES ('diplomatic', 'Diplomatic or service visa');
INSERT INTO public.permit_types VALUES ('other', 'Other or unknown');


--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: public; Owner: pantau
--

INSERT INTO public.schema_migrations VALUES ('0001_init.sql', 'f86b441d110d5bfe240f4bfc10015e04047dcf7df40d6d299e9fd88a36d59fc2', '2026-12-04 20:22:11.688607+00');
INSERT INTO public.schema_migrations VALUES ('0002_figures.sql', '65956f6d48224eddb28a34db4b47dfde15a0c30391d416d8b95b472dc5a1aa98', '2026-12-04 20:22:12.09754+00');
INSERT INTO public.schema_migrations VALUES ('0200_tile_changes.sql', '88f6e01baf2850a28f90d8a6860bf4716654e3d07ca39e3fbdf1d1ca5349f78c', '2026-12-04 20:22:12.108111+00');
INSERT INTO public.schema_migrations VALUES ('0201_tile_indexes.sql', '4539a4c895ae765a2e08fb6b7144e3e73b4aa96d852979c1d3bc7cb99ffd64a5', '2026-12-04 20:22:12.114434+00');
INSERT INTO public.schema_migrations VALUES ('0300_density.sql', '45a76de5443cfab6b43fbe554cce278006012d43267c2267e1aa75298d21c100', '2026-12-04 20:22:12.116126+00');
INSERT INTO public.schema_migrations VALUES ('0301_density_cells.sql', '16eadf1106c22a776a814f082e6fc8dfe8a129f4276950452a97389520dbf7ce', '2026-12-04 20:22:12.130713+00');
INSERT INTO public.schema_migrations VALUES ('0400_alerts.sql', '1b553dd45545de554990fc7061ae7820a71790a542027b0e83a115ed5ee5ee05', '2026-12-04 20:22:12.132091+00');
INSERT INTO public.schema_migrations VALUES ('0500_auth.sql', '3c341a468c2b48abd12e08983dbfdffdbb9efd183ac12d9c75d105a99b30dbc8', '2026-12-04 20:22:12.141007+00');
INSERT INTO public.schema_migrations VALUES ('0600_patrols.sql', '77d624ca7b90461c772ff0222ce890f3d5088251f1f1f3d89e0e819270050d44', '2026-12-04 20:22:12.144623+00');


--
-- PostgreSQL database dump complete
--


