-- History kept by statement triggers (data/sql/history.sql): one BEFORE
-- UPDATE row trigger per table bumps the version (pantau_bump_version), one
-- AFTER UPDATE and one AFTER DELETE statement trigger copy the old rows
-- into <table>_history (pantau_keep_history), for stays and accommodations
-- alike. The row triggers and the two per-table functions they replace go.
DROP TRIGGER stays_history ON stays;
DROP TRIGGER stays_history_delete ON stays;
DROP TRIGGER accommodations_history ON accommodations;
DROP TRIGGER accommodations_history_delete ON accommodations;
DROP FUNCTION pantau_keep_stay_history();
DROP FUNCTION pantau_keep_accommodation_history();
