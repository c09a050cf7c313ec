package pgcluster_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/data"
	"pantau/data/dbtest"
	"pantau/data/pgcluster"
	"pantau/demo"
)

// TestBackupRestoresEveryRow backs up a database with demo data, alerts,
// a token and audit rows, restores it into a fresh home and finds every row
// of every table there, the audit log included.
func TestBackupRestoresEveryRow(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	src := dbtest.New(t)
	if _, err := demo.Load(ctx, src.DB, demo.Options{Seed: 3, Stays: 300}); err != nil {
		t.Fatal(err)
	}
	src.Token(t, "admin", "")
	for i := range 5 {
		if err := src.Audit(ctx, data.AuditEntry{Actor: "test", Role: "admin", Action: "backup.test", Resource: fmt.Sprint(i), Outcome: "ok"}); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(t.TempDir(), "pantau.backup")
	var done, total int
	if err := src.Cluster.Backup(ctx, src.Name, file, func(d, n int) { done, total = d, n }); err != nil {
		t.Fatal(err)
	}
	if total == 0 || done != total {
		t.Errorf("backup progress ended at %d/%d tables", done, total)
	}

	dst, err := pgcluster.Ensure(ctx, pgcluster.Config{Home: dbtest.TempHome(t), NoFsync: true})
	if err != nil {
		t.Fatal(err)
	}
	done, total = 0, 0
	if err := dst.Restore(ctx, pgcluster.DBName, file, func(d, n int) { done, total = d, n }); err != nil {
		t.Fatal(err)
	}
	if total == 0 || done != total {
		t.Errorf("restore progress ended at %d/%d tables", done, total)
	}
	dstDSN := dst.ConnString(pgcluster.DBName, pgcluster.Superuser)
	want, got := tableDigests(t, src.AdminDSN), tableDigests(t, dstDSN)
	if want["audit_log"].rows < 5 || want["stays"].rows == 0 || want["alerts"].rows == 0 {
		t.Fatalf("source lacks rows: audit_log %d, stays %d, alerts %d", want["audit_log"].rows, want["stays"].rows, want["alerts"].rows)
	}
	for table, w := range want {
		if got[table] != w {
			t.Errorf("table %s: restored %+v, backed up %+v", table, got[table], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("restored %d tables, backed up %d", len(got), len(want))
	}
	// The restored database is current (nothing to migrate) and serves.
	if err := data.MigrateDSN(ctx, dstDSN, nil); err != nil {
		t.Fatal(err)
	}
	db, err := data.Connect(ctx, dst.ConnString(pgcluster.DBName, pgcluster.AppRole), data.PoolOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ready(ctx); err != nil {
		t.Fatal(err)
	}
	// A second restore into the same database is refused.
	if err := dst.Restore(ctx, pgcluster.DBName, file, nil); err == nil || !strings.Contains(err.Error(), "already has") {
		t.Fatalf("restore over data: %v", err)
	}
}

type tableDigest struct {
	rows int64
	md5  string
}

// tableDigests counts and hashes the rows of every table of schema public.
func tableDigests(t *testing.T, dsn string) map[string]tableDigest {
	t.Helper()
	ctx := context.Background()
	conn := dbtest.Connect(t, dsn)
	rows, err := conn.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]tableDigest{}
	for _, table := range tables {
		var d tableDigest
		if err := conn.QueryRow(ctx, fmt.Sprintf(`SELECT count(*), coalesce(md5(string_agg(x::text, E'\n' ORDER BY x::text)), '')
			FROM public.%s x`, pgx.Identifier{table}.Sanitize())).Scan(&d.rows, &d.md5); err != nil {
			t.Fatal(err)
		}
		out[table] = d
	}
	return out
}
