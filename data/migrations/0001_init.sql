-- Pantau's domain schema: areas, accommodations, stays (with history),
-- geofences, alerts + outbox, webhooks, users, tokens, sessions, audit log.
-- Geometries are EPSG:4326; point and area tables keep a generated,
-- GiST-indexed EPSG:3857 copy so tile queries never transform per row.

CREATE EXTENSION IF NOT EXISTS postgis;

-- The service's pool runs as pantau_app. It may read and write the domain
-- tables but only INSERT and SELECT the audit log.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pantau_app') THEN
    CREATE ROLE pantau_app NOLOGIN;
  END IF;
END $$;

-- ISO 3166-1 alpha-3 country codes, plus XXA (stateless) and XXB (refugee)
-- as used on travel documents (ICAO 9303).
CREATE TABLE countries (
  code   char(3) PRIMARY KEY CHECK (code ~ '^[A-Z]{3}$'),
  alpha2 char(2),
  name   text NOT NULL
);

INSERT INTO countries (code, alpha2, name) VALUES
('AND','AD','Andorra'),
('ARE','AE','United Arab Emirates'),
('AFG','AF','Afghanistan'),
('ATG','AG','Antigua & Barbuda'),
('AIA','AI','Anguilla'),
('ALB','AL','Albania'),
('ARM','AM','Armenia'),
('AGO','AO','Angola'),
('ATA','AQ','Antarctica'),
('ARG','AR','Argentina'),
('ASM','AS','American Samoa'),
('AUT','AT','Austria'),
('AUS','AU','Australia'),
('ABW','AW','Aruba'),
('ALA','AX','Åland Islands'),
('AZE','AZ','Azerbaijan'),
('BIH','BA','Bosnia & Herzegovina'),
('BRB','BB','Barbados'),
('BGD','BD','Bangladesh'),
('BEL','BE','Belgium'),
('BFA','BF','Burkina Faso'),
('BGR','BG','Bulgaria'),
('BHR','BH','Bahrain'),
('BDI','BI','Burundi'),
('BEN','BJ','Benin'),
('BLM','BL','St. Barthélemy'),
('BMU','BM','Bermuda'),
('BRN','BN','Brunei'),
('BOL','BO','Bolivia'),
('BES','BQ','Caribbean Netherlands'),
('BRA','BR','Brazil'),
('BHS','BS','Bahamas'),
('BTN','BT','Bhutan'),
('BVT','BV','Bouvet Island'),
('BWA','BW','Botswana'),
('BLR','BY','Belarus'),
('BLZ','BZ','Belize'),
('CAN','CA','Canada'),
('CCK','CC','Cocos (Keeling) Islands'),
('COD','CD','Congo - Kinshasa'),
('CAF','CF','Central African Republic'),
('COG','CG','Congo - Brazzaville'),
('CHE','CH','Switzerland'),
('CIV','CI','Côte d’Ivoire'),
('COK','CK','Cook Islands'),
('CHL','CL','Chile'),
('CMR','CM','Cameroon'),
('CHN','CN','China'),
('COL','CO','Colombia'),
('CRI','CR','Costa Rica'),
('CUB','CU','Cuba'),
('CPV','CV','Cape Verde'),
('CUW','CW','Curaçao'),
('CXR','CX','Christmas Island'),
('CYP','CY','Cyprus'),
('CZE','CZ','Czechia'),
('DEU','DE','Germany'),
('DJI','DJ','Djibouti'),
('DNK','DK','Denmark'),
('DMA','DM','Dominica'),
('DOM','DO','Dominican Republic'),
('DZA','DZ','Algeria'),
('ECU','EC','Ecuador'),
('EST','EE','Estonia'),
('EGY','EG','Egypt'),
('ESH','EH','Western Sahara'),
('ERI','ER','Eritrea'),
('ESP','ES','Spain'),
('ETH','ET','Ethiopia'),
('FIN','FI','Finland'),
('FJI','FJ','Fiji'),
('FLK','FK','Falkland Islands'),
('FSM','FM','Micronesia'),
('FRO','FO','Faroe Islands'),
('FRA','FR','France'),
('GAB','GA','Gabon'),
('GBR','GB','United Kingdom'),
('GRD','GD','Grenada'),
('GEO','GE','Georgia'),
('GUF','GF','French Guiana'),
('GGY','GG','Guernsey'),
('GHA','GH','Ghana'),
('GIB','GI','Gibraltar'),
('GRL','GL','Greenland'),
('GMB','GM','Gambia'),
('GIN','GN','Guinea'),
('GLP','GP','Guadeloupe'),
('GNQ','GQ','Equatorial Guinea'),
('GRC','GR','Greece'),
('SGS','GS','South Georgia & South Sandwich Islands'),
('GTM','GT','Guatemala'),
('GUM','GU','Guam'),
('GNB','GW','Guinea-Bissau'),
('GUY','GY','Guyana'),
('HKG','HK','Hong Kong SAR China'),
('HMD','HM','Heard & McDonald Islands'),
('HND','HN','Honduras'),
('HRV','HR','Croatia'),
('HTI','HT','Haiti'),
('HUN','HU','Hungary'),
('IDN','ID','Indonesia'),
('IRL','IE','Ireland'),
('ISR','IL','Israel'),
('IMN','IM','Isle of Man'),
('IND','IN','India'),
('IOT','IO','British Indian Ocean Territory'),
('IRQ','IQ','Iraq'),
('IRN','IR','Iran'),
('ISL','IS','Iceland'),
('ITA','IT','Italy'),
('JEY','JE','Jersey'),
('JAM','JM','Jamaica'),
('JOR','JO','Jordan'),
('JPN','JP','Japan'),
('KEN','KE','Kenya'),
('KGZ','KG','Kyrgyzstan'),
('KHM','KH','Cambodia'),
('KIR','KI','Kiribati'),
('COM','KM','Comoros'),
('KNA','KN','St. Kitts & Nevis'),
('PRK','KP','North Korea'),
('KOR','KR','South Korea'),
('KWT','KW','Kuwait'),
('CYM','KY','Cayman Islands'),
('KAZ','KZ','Kazakhstan'),
('LAO','LA','Laos'),
('LBN','LB','Lebanon'),
('LCA','LC','St. Lucia'),
('LIE','LI','Liechtenstein'),
('LKA','LK','Sri Lanka'),
('LBR','LR','Liberia'),
('LSO','LS','Lesotho'),
('LTU','LT','Lithuania'),
('LUX','LU','Luxembourg'),
('LVA','LV','Latvia'),
('LBY','LY','Libya'),
('MAR','MA','Morocco'),
('MCO','MC','Monaco'),
('MDA','MD','Moldova'),
('MNE','ME','Montenegro'),
('MAF','MF','St. Martin'),
('MDG','MG','Madagascar'),
('MHL','MH','Marshall Islands'),
('MKD','MK','Macedonia'),
('MLI','ML','Mali'),
('MMR','MM','Myanmar (Burma)'),
('MNG','MN','Mongolia'),
('MAC','MO','Macau SAR China'),
('MNP','MP','Northern Mariana Islands'),
('MTQ','MQ','Martinique'),
('MRT','MR','Mauritania'),
('MSR','MS','Montserrat'),
('MLT','MT','Malta'),
('MUS','MU','Mauritius'),
('MDV','MV','Maldives'),
('MWI','MW','Malawi'),
('MEX','MX','Mexico'),
('MYS','MY','Malaysia'),
('MOZ','MZ','Mozambique'),
('NAM','NA','Namibia'),
('NCL','NC','New Caledonia'),
('NER','NE','Niger'),
('NFK','NF','Norfolk Island'),
('NGA','NG','Nigeria'),
('NIC','NI','Nicaragua'),
('NLD','NL','Netherlands'),
('NOR','NO','Norway'),
('NPL','NP','Nepal'),
('NRU','NR','Nauru'),
('NIU','NU','Niue'),
('NZL','NZ','New Zealand'),
('OMN','OM','Oman'),
('PAN','PA','Panama'),
('PER','PE','Peru'),
('PYF','PF','French Polynesia'),
('PNG','PG','Papua New Guinea'),
('PHL','PH','Philippines'),
('PAK','PK','Pakistan'),
('POL','PL','Poland'),
('SPM','PM','St. Pierre & Miquelon'),
('PCN','PN','Pitcairn Islands'),
('PRI','PR','Puerto Rico'),
('PSE','PS','Palestinian Territories'),
('PRT','PT','Portugal'),
('PLW','PW','Palau'),
('PRY','PY','Paraguay'),
('QAT','QA','Qatar'),
('REU','RE','Réunion'),
('ROU','RO','Romania'),
('SRB','RS','Serbia'),
('RUS','RU','Russia'),
('RWA','RW','Rwanda'),
('SAU','SA','Saudi Arabia'),
('SLB','SB','Solomon Islands'),
('SYC','SC','Seychelles'),
('SDN','SD','Sudan'),
('SWE','SE','Sweden'),
('SGP','SG','Singapore'),
('SHN','SH','St. Helena'),
('SVN','SI','Slovenia'),
('SJM','SJ','Svalbard & Jan Mayen'),
('SVK','SK','Slovakia'),
('SLE','SL','Sierra Leone'),
('SMR','SM','San Marino'),
('SEN','SN','Senegal'),
('SOM','SO','Somalia'),
('SUR','SR','Suriname'),
('SSD','SS','South Sudan'),
('STP','ST','São Tomé & Príncipe'),
('SLV','SV','El Salvador'),
('SXM','SX','Sint Maarten'),
('SYR','SY','Syria'),
('SWZ','SZ','Swaziland'),
('TCA','TC','Turks & Caicos Islands'),
('TCD','TD','Chad'),
('ATF','TF','French Southern Territories'),
('TGO','TG','Togo'),
('THA','TH','Thailand'),
('TJK','TJ','Tajikistan'),
('TKL','TK','Tokelau'),
('TLS','TL','Timor-Leste'),
('TKM','TM','Turkmenistan'),
('TUN','TN','Tunisia'),
('TON','TO','Tonga'),
('TUR','TR','Turkey'),
('TTO','TT','Trinidad & Tobago'),
('TUV','TV','Tuvalu'),
('TWN','TW','Taiwan'),
('TZA','TZ','Tanzania'),
('UKR','UA','Ukraine'),
('UGA','UG','Uganda'),
('UMI','UM','U.S. Outlying Islands'),
('USA','US','United States'),
('URY','UY','Uruguay'),
('UZB','UZ','Uzbekistan'),
('VAT','VA','Vatican City'),
('VCT','VC','St. Vincent & Grenadines'),
('VEN','VE','Venezuela'),
('VGB','VG','British Virgin Islands'),
('VIR','VI','U.S. Virgin Islands'),
('VNM','VN','Vietnam'),
('VUT','VU','Vanuatu'),
('WLF','WF','Wallis & Futuna'),
('WSM','WS','Samoa'),
('YEM','YE','Yemen'),
('MYT','YT','Mayotte'),
('ZAF','ZA','South Africa'),
('ZMB','ZM','Zambia'),
('ZWE','ZW','Zimbabwe'),
('XXA', NULL, 'Stateless person'),
('XXB', NULL, 'Refugee');

CREATE TABLE permit_types (
  code text PRIMARY KEY,
  name text NOT NULL
);
INSERT INTO permit_types (code, name) VALUES
  ('visa_free',  'Visa-exempt visit'),
  ('voa',        'Visa on arrival'),
  ('visit_visa', 'Visit visa (B211 / C-index)'),
  ('itas',       'Limited stay permit (ITAS/KITAS)'),
  ('itap',       'Permanent stay permit (ITAP/KITAP)'),
  ('diplomatic', 'Diplomatic or service visa'),
  ('other',      'Other or unknown');

CREATE TABLE accommodation_kinds (code text PRIMARY KEY);
INSERT INTO accommodation_kinds VALUES ('villa'), ('hotel'), ('guesthouse'), ('kos'), ('house');

-- Areas: kabupaten, kecamatan, desa with their Kemendagri codes.
CREATE TABLE areas (
  code        text PRIMARY KEY,
  level       text NOT NULL CHECK (level IN ('kabupaten', 'kecamatan', 'desa')),
  parent_code text REFERENCES areas (code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
  name        text NOT NULL CHECK (name <> ''),
  kind        text, -- 'Desa' or 'Kelurahan' for desa
  approximate boolean NOT NULL DEFAULT false,
  geom        geometry(MultiPolygon, 4326) NOT NULL
              CHECK (NOT ST_IsEmpty(geom) AND ST_IsValid(geom)),
  geom_3857   geometry(MultiPolygon, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  area_km2    double precision GENERATED ALWAYS AS (ST_Area(geom::geography) / 1e6) STORED,
  label_point geometry(Point, 4326),
  source      text NOT NULL DEFAULT 'import',
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (
    (level = 'kabupaten' AND code ~ '^\d{2}\.\d{2}$' AND parent_code IS NULL) OR
    (level = 'kecamatan' AND code ~ '^\d{2}\.\d{2}\.\d{2}$' AND parent_code = substr(code, 1, 5)) OR
    (level = 'desa'      AND code ~ '^\d{2}\.\d{2}\.\d{2}\.\d{4}$' AND parent_code = substr(code, 1, 8))
  )
);
CREATE INDEX areas_geom_idx ON areas USING gist (geom);
CREATE INDEX areas_geom_3857_idx ON areas USING gist (geom_3857);
CREATE INDEX areas_level_idx ON areas (level, code);
CREATE INDEX areas_parent_idx ON areas (parent_code);

-- pantau_desa_for returns the desa a point belongs to, deterministically:
--  1. the desa whose polygon covers the point (boundary counts as inside);
--     where neighbouring desa overlap, the lowest Kemendagri code wins;
--  2. otherwise (a gap between neighbours) the nearest desa within 100 m,
--     ties to the lowest code;
--  3. otherwise NULL: the point lies outside every desa and is flagged so.
CREATE FUNCTION pantau_desa_for(p geometry) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(
    (SELECT a.code FROM areas a
      WHERE a.level = 'desa' AND ST_Covers(a.geom, p)
      ORDER BY a.code LIMIT 1),
    (SELECT a.code FROM areas a
      WHERE a.level = 'desa' AND ST_DWithin(a.geom::geography, p::geography, 100)
      ORDER BY ST_Distance(a.geom::geography, p::geography), a.code LIMIT 1))
$$;

-- Accommodations: places foreigners stay.
CREATE TABLE accommodations (
  id              bigserial PRIMARY KEY,
  source          text NOT NULL DEFAULT 'register' CHECK (source <> ''),
  source_id       text NOT NULL CHECK (source_id <> ''),
  name            text NOT NULL CHECK (name <> ''),
  kind            text NOT NULL REFERENCES accommodation_kinds (code),
  licensed        boolean NOT NULL DEFAULT false,
  apoa_registered boolean NOT NULL DEFAULT false,
  capacity        integer CHECK (capacity >= 0),
  owner_name      text,
  geom            geometry(Point, 4326) NOT NULL
                  CHECK (NOT ST_IsEmpty(geom) AND ST_X(geom) BETWEEN -180 AND 180 AND ST_Y(geom) BETWEEN -90 AND 90),
  geom_3857       geometry(Point, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  desa_code       text, -- NULL: outside every desa
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, source_id)
);
CREATE INDEX accommodations_geom_idx ON accommodations USING gist (geom);
CREATE INDEX accommodations_geom_3857_idx ON accommodations USING gist (geom_3857);
CREATE INDEX accommodations_desa_idx ON accommodations (desa_code);

-- Stays: one report of one foreign resident at one place for a period.
CREATE TABLE stays (
  id               bigserial PRIMARY KEY,
  source           text NOT NULL DEFAULT 'apoa' CHECK (source <> ''),
  source_id        text NOT NULL CHECK (source_id <> ''),
  full_name        text NOT NULL CHECK (full_name <> ''),
  passport_no      text NOT NULL CHECK (passport_no <> ''),
  nationality      char(3) NOT NULL REFERENCES countries (code),
  sex              char(1) CHECK (sex IN ('M', 'F', 'X')),
  birth_date       date,
  permit_type      text NOT NULL REFERENCES permit_types (code),
  permit_expiry    date,
  arrival_date     date NOT NULL,
  departure_date   date,
  accommodation_id bigint REFERENCES accommodations (id),
  geom             geometry(Point, 4326) NOT NULL
                   CHECK (NOT ST_IsEmpty(geom) AND ST_X(geom) BETWEEN -180 AND 180 AND ST_Y(geom) BETWEEN -90 AND 90),
  geom_3857        geometry(Point, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  desa_code        text, -- NULL: outside every desa
  reported_at      timestamptz NOT NULL DEFAULT now(),
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, source_id),
  CHECK (departure_date IS NULL OR departure_date >= arrival_date),
  CHECK (birth_date IS NULL OR birth_date <= arrival_date)
);
CREATE INDEX stays_geom_idx ON stays USING gist (geom);
CREATE INDEX stays_geom_3857_idx ON stays USING gist (geom_3857);
CREATE INDEX stays_desa_idx ON stays (desa_code, arrival_date);
CREATE INDEX stays_dates_idx ON stays (arrival_date, departure_date);
CREATE INDEX stays_accommodation_idx ON stays (accommodation_id);
CREATE INDEX stays_passport_idx ON stays (passport_no);

-- History: the previous version of every updated or deleted row.
CREATE TABLE stays_history (LIKE stays EXCLUDING CONSTRAINTS EXCLUDING INDEXES EXCLUDING DEFAULTS EXCLUDING GENERATED);
ALTER TABLE stays_history DROP COLUMN geom_3857;
ALTER TABLE stays_history ADD COLUMN valid_to timestamptz NOT NULL DEFAULT now();
ALTER TABLE stays_history ADD COLUMN change text NOT NULL DEFAULT 'update';
CREATE INDEX stays_history_id_idx ON stays_history (id, version);

CREATE TABLE accommodations_history (LIKE accommodations EXCLUDING CONSTRAINTS EXCLUDING INDEXES EXCLUDING DEFAULTS EXCLUDING GENERATED);
ALTER TABLE accommodations_history DROP COLUMN geom_3857;
ALTER TABLE accommodations_history ADD COLUMN valid_to timestamptz NOT NULL DEFAULT now();
ALTER TABLE accommodations_history ADD COLUMN change text NOT NULL DEFAULT 'update';
CREATE INDEX accommodations_history_id_idx ON accommodations_history (id, version);

CREATE FUNCTION pantau_keep_stay_history() RETURNS trigger LANGUAGE plpgsql AS $$
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
-- Only real changes make a version; re-assigning a desa alone does not.
CREATE TRIGGER stays_history BEFORE UPDATE ON stays FOR EACH ROW
  WHEN ((OLD.source_id, OLD.full_name, OLD.passport_no, OLD.nationality, OLD.sex, OLD.birth_date,
         OLD.permit_type, OLD.permit_expiry, OLD.arrival_date, OLD.departure_date,
         OLD.accommodation_id, OLD.geom)
        IS DISTINCT FROM
        (NEW.source_id, NEW.full_name, NEW.passport_no, NEW.nationality, NEW.sex, NEW.birth_date,
         NEW.permit_type, NEW.permit_expiry, NEW.arrival_date, NEW.departure_date,
         NEW.accommodation_id, NEW.geom))
  EXECUTE FUNCTION pantau_keep_stay_history();
CREATE TRIGGER stays_history_delete BEFORE DELETE ON stays FOR EACH ROW
  EXECUTE FUNCTION pantau_keep_stay_history();

CREATE FUNCTION pantau_keep_accommodation_history() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER accommodations_history BEFORE UPDATE ON accommodations FOR EACH ROW
  WHEN ((OLD.name, OLD.kind, OLD.licensed, OLD.apoa_registered, OLD.capacity, OLD.owner_name, OLD.geom)
        IS DISTINCT FROM
        (NEW.name, NEW.kind, NEW.licensed, NEW.apoa_registered, NEW.capacity, NEW.owner_name, NEW.geom))
  EXECUTE FUNCTION pantau_keep_accommodation_history();
CREATE TRIGGER accommodations_history_delete BEFORE DELETE ON accommodations FOR EACH ROW
  EXECUTE FUNCTION pantau_keep_accommodation_history();

-- Users, bearer tokens and web sessions. Secrets are stored hashed only.
CREATE TABLE users (
  id            bigserial PRIMARY KEY,
  username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{2,64}$'),
  display_name  text,
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('viewer', 'officer', 'analyst', 'admin')),
  area_code     text REFERENCES areas (code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until  timestamptz,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tokens (
  id           bigserial PRIMARY KEY,
  user_id      bigint REFERENCES users (id) ON DELETE CASCADE,
  name         text NOT NULL,
  role         text NOT NULL CHECK (role IN ('viewer', 'officer', 'analyst', 'admin')),
  area_code    text,
  token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32), -- SHA-256 of the token
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz,
  revoked_at   timestamptz,
  last_used_at timestamptz
);

CREATE TABLE sessions (
  id_hash    bytea PRIMARY KEY CHECK (length(id_hash) = 32), -- SHA-256 of the cookie value
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen  timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

-- Geofences: watched zones with rules.
CREATE TABLE geofences (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL CHECK (name <> ''),
  kind        text NOT NULL CHECK (kind IN ('watch_zone', 'restricted_zone', 'guided_village')),
  geom        geometry(MultiPolygon, 4326) NOT NULL CHECK (NOT ST_IsEmpty(geom) AND ST_IsValid(geom)),
  geom_3857   geometry(MultiPolygon, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  center      geometry(Point, 4326), -- set for point + radius fences
  radius_m    double precision CHECK (radius_m > 0 AND radius_m <= 50000),
  desa_code   text, -- set for fences made from a desa
  rules       jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(rules) = 'array'),
  active_from timestamptz,
  active_to   timestamptz,
  created_by  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (active_to IS NULL OR active_from IS NULL OR active_to > active_from),
  CHECK ((center IS NULL) = (radius_m IS NULL))
);
CREATE INDEX geofences_geom_idx ON geofences USING gist (geom);
CREATE INDEX geofences_geom_3857_idx ON geofences USING gist (geom_3857);

-- Alerts, unique by idempotency key: stay or accommodation + fence + rule + period.
CREATE TABLE alerts (
  id               bigserial PRIMARY KEY,
  idempotency_key  text NOT NULL UNIQUE,
  geofence_id      bigint REFERENCES geofences (id) ON DELETE SET NULL,
  rule             text NOT NULL CHECK (rule IN ('stay_started', 'stay_ended', 'overstay', 'unregistered_accommodation', 'count_above')),
  stay_id          bigint REFERENCES stays (id) ON DELETE SET NULL,
  accommodation_id bigint REFERENCES accommodations (id) ON DELETE SET NULL,
  geom             geometry(Point, 4326),
  desa_code        text,
  details          jsonb NOT NULL DEFAULT '{}',
  state            text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'resolved')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  acknowledged_by  text,
  acknowledged_at  timestamptz,
  resolved_by      text,
  resolved_at      timestamptz
);
CREATE INDEX alerts_state_idx ON alerts (state, created_at);

-- Outbox: written in the same transaction as the alert; its id is the SSE
-- event id, so a stream resumes from Last-Event-ID with no gaps.
CREATE TABLE outbox (
  id         bigserial PRIMARY KEY,
  topic      text NOT NULL,
  alert_id   bigint REFERENCES alerts (id) ON DELETE CASCADE,
  payload    jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhooks (
  id          bigserial PRIMARY KEY,
  url         text NOT NULL CHECK (url ~ '^https?://'),
  secret      text NOT NULL,
  active      boolean NOT NULL DEFAULT true,
  expiry_days integer NOT NULL DEFAULT 3 CHECK (expiry_days BETWEEN 1 AND 30),
  created_by  text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_deliveries (
  id              bigserial PRIMARY KEY,
  webhook_id      bigint NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  outbox_id       bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  expires_at      timestamptz NOT NULL,
  last_status     integer,
  last_error      text,
  UNIQUE (webhook_id, outbox_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL;

CREATE TABLE webhook_attempts (
  id          bigserial PRIMARY KEY,
  delivery_id bigint NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  at          timestamptz NOT NULL DEFAULT now(),
  status      integer,
  error       text,
  duration_ms integer
);

-- Audit log: append-only. pantau_app may only INSERT and SELECT, and a
-- trigger refuses UPDATE, DELETE and TRUNCATE for every role but a superuser
-- that disables it on purpose.
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  role        text,
  action      text NOT NULL,
  resource    text,
  params      jsonb NOT NULL DEFAULT '{}',
  outcome     text NOT NULL,
  client_addr text,
  request_id  text
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, at);

CREATE FUNCTION pantau_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION pantau_audit_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION pantau_audit_is_append_only();

-- Privileges of the application role.
GRANT USAGE ON SCHEMA public TO pantau_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO pantau_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO pantau_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM pantau_app;
GRANT SELECT, INSERT ON audit_log TO pantau_app;
REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM pantau_app;

-- Tables and sequences that later migrations create get the same grants;
-- a migration that adds an append-only table revokes explicitly.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO pantau_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO pantau_app;
