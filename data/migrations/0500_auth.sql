-- 0500: access control and audit helpers.

-- pantau_in_scope(code, scope): whether an area code (usually a desa code)
-- lies inside a caller's scope. scope '' or NULL = all areas; otherwise the
-- code must equal scope or start with scope || '.'. A NULL code (a record
-- in no desa) is inside only the unscoped view. Same rule as
-- geo.Principal.InScope.
CREATE FUNCTION pantau_in_scope(code text, scope text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(scope, '') = '' OR code = scope OR starts_with(code, scope || '.')
$$;

-- The audit log is filtered by action and read newest first; sessions are
-- purged by age and ended per user.
CREATE INDEX audit_log_action_idx ON audit_log (action, at);
CREATE INDEX audit_log_resource_idx ON audit_log (resource) WHERE resource LIKE 'stay/%';
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_last_seen_idx ON sessions (last_seen);
