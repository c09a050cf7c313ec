-- Schema of a database migrated by Pantau at commit df1e729 (`pantau migrate` in a
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

SET default_tablespace = '';

SET default_table_access_method = heap;

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
-- Name: alerts_state_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX alerts_state_idx ON public.alerts USING btree (state, created_at);


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
-- Name: audit_log_actor_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX audit_log_actor_idx ON public.audit_log USING btree (actor, at);


--
-- Name: audit_log_at_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX audit_log_at_idx ON public.audit_log USING btree (at);


--
-- Name: geofences_geom_3857_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX geofences_geom_3857_idx ON public.geofences USING gist (geom_3857);


--
-- Name: geofences_geom_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX geofences_geom_idx ON public.geofences USING gist (geom);


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
-- Name: stays_history_id_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX stays_history_id_idx ON public.stays_history USING btree (id, version);


--
-- Name: stays_passport_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX stays_passport_idx ON public.stays USING btree (passport_no);


--
-- Name: webhook_deliveries_due_idx; Type: INDEX; Schema: public; Owner: pantau
--

CREATE INDEX webhook_deliveries_due_idx ON public.webhook_deliveries USING btree (next_attempt_at) WHERE (delivered_at IS NULL);


--
-- Name: accommodations accommodations_history; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER accommodations_history BEFORE UPDATE ON public.accommodations FOR EACH ROW WHEN ((((((((old.name IS DISTINCT FROM new.name) OR (old.kind IS DISTINCT FROM new.kind)) OR (old.licensed IS DISTINCT FROM new.licensed)) OR (old.apoa_registered IS DISTINCT FROM new.apoa_registered)) OR (old.capacity IS DISTINCT FROM new.capacity)) OR (old.owner_name IS DISTINCT FROM new.owner_name)) OR (old.geom IS DISTINCT FROM new.geom))) EXECUTE FUNCTION public.pantau_keep_accommodation_history();


--
-- Name: accommodations accommodations_history_delete; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER accommodations_history_delete BEFORE DELETE ON public.accommodations FOR EACH ROW EXECUTE FUNCTION public.pantau_keep_accommodation_history();


--
-- Name: audit_log audit_log_append_only; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER audit_log_append_only BEFORE DELETE OR UPDATE ON public.audit_log FOR EACH ROW EXECUTE FUNCTION public.pantau_audit_is_append_only();


--
-- Name: audit_log audit_log_no_truncate; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log FOR EACH STATEMENT EXECUTE FUNCTION public.pantau_audit_is_append_only();


--
-- Name: stays stays_history; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER stays_history BEFORE UPDATE ON public.stays FOR EACH ROW WHEN (((((((((((((old.source_id IS DISTINCT FROM new.source_id) OR (old.full_name IS DISTINCT FROM new.full_name)) OR (old.passport_no IS DISTINCT FROM new.passport_no)) OR (old.nationality IS DISTINCT FROM new.nationality)) OR (old.sex IS DISTINCT FROM new.sex)) OR (old.birth_date IS DISTINCT FROM new.birth_date)) OR (old.permit_type IS DISTINCT FROM new.permit_type)) OR (old.permit_expiry IS DISTINCT FROM new.permit_expiry)) OR (old.arrival_date IS DISTINCT FROM new.arrival_date)) OR (old.departure_date IS DISTINCT FROM new.departure_date)) OR (old.accommodation_id IS DISTINCT FROM new.accommodation_id)) OR (old.geom IS DISTINCT FROM new.geom))) EXECUTE FUNCTION public.pantau_keep_stay_history();


--
-- Name: stays stays_history_delete; Type: TRIGGER; Schema: public; Owner: pantau
--

CREATE TRIGGER stays_history_delete BEFORE DELETE ON public.stays FOR EACH ROW EXECUTE FUNCTION public.pantau_keep_stay_history();


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
-- Name: TABLE alerts; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.alerts TO pantau_app;


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
-- Name: TABLE stays; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.stays TO pantau_app;


--
-- Name: TABLE stays_history; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.stays_history TO pantau_app;


--
-- Name: SEQUENCE stays_id_seq; Type: ACL; Schema: public; Owner: pantau
--

GRANT SELECT,USAGE ON SEQUENCE public.stays_id_seq TO pantau_app;


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

INSERT INTO public.schema_migrations VALUES ('0001_init.sql', 'f86b441d110d5bfe240f4bfc10015e04047dcf7df40d6d299e9fd88a36d59fc2', '2026-12-04 20:22:08.114567+00');


--
-- PostgreSQL database dump complete
--


