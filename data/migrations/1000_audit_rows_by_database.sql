-- An audit row's id and time come from the database, never from the
-- application: pantau_app may insert only the columns that describe the
-- request, so id (the sequence) and at (now()) always take their defaults.
-- (It has USAGE on the sequence, which allows nextval but not setval.)
REVOKE INSERT ON audit_log FROM pantau_app;
GRANT INSERT (actor, role, action, resource, params, outcome, client_addr, request_id) ON audit_log TO pantau_app;
