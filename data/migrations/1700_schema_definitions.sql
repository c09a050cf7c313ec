-- schema_definitions records the checksums of data/sql/*.sql (see
-- data/migrate.go); like schema_migrations only the owner writes it.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_definitions FROM pantau_app;
