package data_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/paulmach/orb"

	"pantau/data"
	"pantau/data/dbtest"
	"pantau/geo"
)

func TestMigrationsApplyAndReady(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	if err := db.Ready(ctx); err != nil {
		t.Fatalf("ready: %v", err)
	}
	var postgis string
	if err := db.Pool.QueryRow(ctx, `SELECT postgis_lib_version()`).Scan(&postgis); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(postgis, "3.") {
		t.Fatalf("postgis %s", postgis)
	}
	// The cluster runs with pantau's settings, also when it was already
	// running (they are reloaded).
	var walSize string
	if err := db.Pool.QueryRow(ctx, `SELECT current_setting('max_wal_size')`).Scan(&walSize); err != nil || walSize != "2GB" {
		t.Errorf("max_wal_size %q, %v", walSize, err)
	}
	// Migrating again is a no-op.
	if err := data.MigrateDSN(ctx, db.AdminDSN, nil); err != nil {
		t.Fatal(err)
	}
}

func TestBrokenMigrationRollsBackWhole(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	conn := db.Admin(t)
	broken := fstest.MapFS{
		"9001_ok.sql":     {Data: []byte(`CREATE TABLE fine_table (id int);`)},
		"9002_broken.sql": {Data: []byte(`CREATE TABLE half_table (id int); INSERT INTO half_table VALUES (1); SELECT no_such_function();`)},
	}
	err := data.Migrate(ctx, conn, data.Schema{Migrations: broken}, nil)
	if err == nil || !strings.Contains(err.Error(), "9002_broken.sql") {
		t.Fatalf("want error naming 9002_broken.sql, got %v", err)
	}
	var fine, half bool
	if err := conn.QueryRow(ctx, `SELECT to_regclass('fine_table') IS NOT NULL, to_regclass('half_table') IS NOT NULL`).Scan(&fine, &half); err != nil {
		t.Fatal(err)
	}
	if !fine || half {
		t.Fatalf("fine_table exists=%v (want true), half_table exists=%v (want false)", fine, half)
	}
	var recorded int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE name LIKE '9002%'`).Scan(&recorded); err != nil {
		t.Fatal(err)
	}
	if recorded != 0 {
		t.Fatal("broken migration was recorded")
	}
}

func TestAuditLogIsAppendOnlyForAppRole(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	if _, err := db.Pool.Exec(ctx, `INSERT INTO audit_log (actor, action, outcome) VALUES ('t', 'test', 'ok')`); err != nil {
		t.Fatalf("insert as app role: %v", err)
	}
	var n int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("read as app role: n=%d err=%v", n, err)
	}
	for _, stmt := range []string{
		`UPDATE audit_log SET outcome = 'forged'`,
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
		// Issue 14 finding 8: ids and times are the database's.
		`INSERT INTO audit_log (id, actor, action, outcome) VALUES (1000000, 'forger', 'test', 'ok')`,
		`INSERT INTO audit_log (at, actor, action, outcome) VALUES ('2020-01-01', 'forger', 'test', 'ok')`,
		`SELECT setval('audit_log_id_seq', 1)`,
	} {
		if _, err := db.Pool.Exec(ctx, stmt); err == nil {
			t.Errorf("%s as pantau_app succeeded", stmt)
		}
	}
	// Even the schema owner is stopped by the trigger.
	admin := db.Admin(t)
	if _, err := admin.Exec(ctx, `UPDATE audit_log SET outcome = 'forged'`); err == nil {
		t.Error("UPDATE as owner succeeded")
	}
	var outcome string
	if err := db.Pool.QueryRow(ctx, `SELECT outcome FROM audit_log`).Scan(&outcome); err != nil {
		t.Fatal(err)
	}
	if outcome != "ok" {
		t.Fatalf("audit row changed to %q", outcome)
	}
}

func TestGeometryCodecRoundTrip(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	cases := []orb.Geometry{
		orb.Point{107.0, -6.8},
		orb.MultiPolygon{{{{107, -6.8}, {107.1, -6.8}, {107.1, -6.7}, {107, -6.8}}}},
	}
	for _, g := range cases {
		var back orb.Geometry
		var srid int
		if err := db.Pool.QueryRow(ctx, `SELECT $1::geometry, ST_SRID($1::geometry)`, g).Scan(&back, &srid); err != nil {
			t.Fatalf("%T: %v", g, err)
		}
		if srid != 4326 || !orb.Equal(g, back) {
			t.Fatalf("round trip %v -> %v (srid %d)", g, back, srid)
		}
	}
	var p orb.Point
	if err := db.Pool.QueryRow(ctx, `SELECT ST_Point(1, 2, 4326)`).Scan(&p); err != nil || p != (orb.Point{1, 2}) {
		t.Fatalf("scan point: %v %v", p, err)
	}
}

func TestConstraintsKeepBadRowsOut(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	bad := []struct{ name, sql string }{
		{"unknown nationality", `INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, arrival_date, geom) VALUES ('a','x','p','ZZZ','voa','2026-01-01', ST_Point(107,-6.8,4326))`},
		{"departure before arrival", `INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, arrival_date, departure_date, geom) VALUES ('a','x','p','SAU','voa','2026-01-05','2026-01-01', ST_Point(107,-6.8,4326))`},
		{"wrong srid", `INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, arrival_date, geom) VALUES ('a','x','p','SAU','voa','2026-01-01', ST_Point(107,-6.8,3857))`},
		{"bad area code", `INSERT INTO areas (code, level, name, geom) VALUES ('32.3', 'kabupaten', 'x', ST_Multi(ST_MakeEnvelope(0,0,1,1,4326)))`},
		{"invalid polygon", `INSERT INTO areas (code, level, name, geom) VALUES ('32.03', 'kabupaten', 'x', ST_Multi('SRID=4326;POLYGON((0 0,1 1,1 0,0 1,0 0))'::geometry))`},
	}
	for _, c := range bad {
		_, err := db.Pool.Exec(ctx, c.sql)
		if geo.ErrorCode(data.Classify(err)) != geo.EINVALID {
			t.Errorf("%s: want EINVALID, got %v", c.name, err)
		}
	}
}

// TestAuditRowsTakeAnyText: whatever a request carries — NUL bytes, invalid
// UTF-8, huge values — its audit row is written (issue 14 finding 2: a NUL
// in a query parameter made the insert fail with SQLSTATE 22P05).
func TestAuditRowsTakeAnyText(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	bad := "a\x00b\xffc" + strings.Repeat("x", 5000)
	type note struct{ Text string }
	err := db.Audit(ctx, data.AuditEntry{Actor: bad, Role: "analyst", Action: "stays.read", Resource: bad, Outcome: "ok",
		ClientAddr: bad, RequestID: bad, Params: map[string]any{bad: []string{bad}, "n": map[string]any{"x": bad}, "s": note{bad}}})
	if err != nil {
		t.Fatalf("audit row with NUL and invalid UTF-8: %v", err)
	}
	var actor, params string
	if err := db.Pool.QueryRow(ctx, `SELECT actor, params::text FROM audit_log`).Scan(&actor, &params); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(actor, "a\uFFFDb\uFFFDc") || len(actor) > 2100 || strings.Contains(params, "\\u0000") {
		t.Errorf("stored actor %.20q (%d bytes), params %.80s", actor, len(actor), params)
	}
}
