package data_test

import (
	"context"
	"testing"

	"pantau/data/dbtest"
)

// History (data/sql/history.sql): a real change of a stay or an
// accommodation makes a new version and keeps the old row, column for
// column, in <table>_history; a change that is not real (the desa alone)
// keeps nothing; a deleted row is kept too. One UPDATE of several rows keeps
// exactly the rows that changed.
func TestHistoryKeepsOldRows(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := db.Pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec(`INSERT INTO accommodations (source_id, name, kind, apoa_registered, geom)
		VALUES ('h1', 'Villa Lama', 'villa', true, ST_SetSRID(ST_Point(107.0, -6.73), 4326))`)
	exec(`INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, arrival_date, geom) VALUES
		('s1', 'Ana Lama', 'P1', 'NLD', 'voa', '2026-01-01', ST_SetSRID(ST_Point(107.0, -6.73), 4326)),
		('s2', 'Budi Tetap', 'P2', 'NLD', 'voa', '2026-01-02', ST_SetSRID(ST_Point(107.0, -6.73), 4326))`)
	count := func(sql string) int {
		t.Helper()
		var n int
		if err := db.Pool.QueryRow(ctx, sql).Scan(&n); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return n
	}
	// Not a real change: no version, no history.
	exec(`UPDATE stays SET desa_code = NULL`)
	exec(`UPDATE accommodations SET desa_code = NULL`)
	if n := count(`SELECT count(*) FROM stays_history`) + count(`SELECT count(*) FROM accommodations_history`); n != 0 {
		t.Fatalf("re-assigning the desa kept %d history rows", n)
	}
	// One statement over both stays, one of them really changed.
	before := `SELECT source, source_id, full_name, passport_no, nationality, sex, birth_date, permit_type, permit_expiry,
		arrival_date, departure_date, accommodation_id, ST_AsEWKB(geom), desa_code, reported_at, version, created_at, updated_at`
	var want, got []any
	rowOf := func(sql string) []any {
		t.Helper()
		rows, err := db.Pool.Query(ctx, sql)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		if !rows.Next() {
			t.Fatalf("no row: %s", sql)
		}
		v, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	want = rowOf(before + ` FROM stays WHERE source_id = 's1'`)
	exec(`UPDATE stays SET full_name = CASE source_id WHEN 's1' THEN 'Ana Baru' ELSE full_name END`)
	got = rowOf(before + `, change FROM stays_history WHERE source_id = 's1'`)
	for i := range want {
		if a, b := want[i], got[i]; !equalValue(a, b) {
			t.Errorf("history column %d: %v, the old row had %v", i, b, a)
		}
	}
	if got[len(got)-1] != "update" {
		t.Errorf("change %v, want update", got[len(got)-1])
	}
	if n := count(`SELECT count(*) FROM stays_history`); n != 1 {
		t.Errorf("%d history rows after changing one of two stays, want 1", n)
	}
	if v := count(`SELECT version FROM stays WHERE source_id = 's1'`); v != 2 {
		t.Errorf("changed stay at version %d, want 2", v)
	}
	if v := count(`SELECT version FROM stays WHERE source_id = 's2'`); v != 1 {
		t.Errorf("unchanged stay at version %d, want 1", v)
	}
	// A deleted stay and a renamed, then deleted accommodation are kept.
	exec(`DELETE FROM stays WHERE source_id = 's1'`)
	if n := count(`SELECT count(*) FROM stays_history WHERE source_id = 's1' AND change = 'delete' AND version = 2 AND full_name = 'Ana Baru'`); n != 1 {
		t.Errorf("the deleted stay kept %d delete rows", n)
	}
	exec(`UPDATE accommodations SET name = 'Villa Baru'`)
	exec(`DELETE FROM accommodations WHERE source_id = 'h1'`)
	if n := count(`SELECT count(*) FROM accommodations_history WHERE (change, version, name) IN (('update', 1, 'Villa Lama'), ('delete', 2, 'Villa Baru'))`); n != 2 {
		t.Errorf("accommodation history: %d of the 2 rows (update v1 'Villa Lama', delete v2 'Villa Baru')", n)
	}
}

// equalValue compares two scanned values (byte slices by content).
func equalValue(a, b any) bool {
	if x, ok := a.([]byte); ok {
		y, ok := b.([]byte)
		return ok && string(x) == string(y)
	}
	return a == b
}
