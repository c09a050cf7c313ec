-- Place search (GET /api/v1/search): accommodation names are matched
-- anywhere (lower(name) LIKE '%…%'), which a trigram index serves from the
-- query's third character on. The areas (a few hundred rows) need none.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS accommodations_name_trgm ON accommodations USING gin (lower(name) gin_trgm_ops);
