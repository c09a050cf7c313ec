-- The key of the alert stream's event cursors (api/streamcursor.go): event
-- ids are encrypted outbox ids, so a caller cannot count, from the gaps
-- between its events, the alerts raised outside its area. Made once, by
-- the database (gen_random_uuid draws from a strong random source), and
-- shared by every instance; the application role may only read it.
CREATE TABLE pantau_keys (
  name text PRIMARY KEY,
  key  bytea NOT NULL CHECK (length(key) >= 16)
);
INSERT INTO pantau_keys (name, key)
VALUES ('alert_stream', decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON pantau_keys FROM pantau_app;
GRANT SELECT ON pantau_keys TO pantau_app;
