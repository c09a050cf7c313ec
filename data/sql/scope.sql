-- Area scoping: whether an area code lies within a role's scope.
-- Re-applied whole whenever a definition file changes (docs/architecture.md "Changing SQL").

-- pantau_in_scope(code, scope): whether an area code (usually a desa code)
-- lies inside a caller's scope. scope '' or NULL = all areas; otherwise the
-- code must equal scope or start with scope || '.'. A NULL code (a record
-- in no desa) is inside only the unscoped view. Same rule as
-- geo.Principal.InScope.
CREATE OR REPLACE FUNCTION pantau_in_scope(code text, scope text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(scope, '') = '' OR code = scope OR starts_with(code, scope || '.')
$$;
