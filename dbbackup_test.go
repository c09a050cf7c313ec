package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"pantau/data/dbtest"
	"pantau/data/pgcluster"
)

// TestDBBackupRestoreCommands: `pantau db backup` of a home with a token
// (and its audit row), `pantau db restore` into a new home, and the token
// and audit row are there; restoring over data is refused.
func TestDBBackupRestoreCommands(t *testing.T) {
	src, dst := dbtest.TempHome(t), dbtest.TempHome(t)
	if out, err := pantauCmd(src, "token", "create", "--role", "admin", "--name", "backup-check").CombinedOutput(); err != nil {
		t.Fatalf("token create: %v\n%s", err, out)
	}
	file := filepath.Join(t.TempDir(), "pantau.backup")
	out, err := pantauCmd(src, "db", "backup", file).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "backup: ") || !strings.Contains(string(out), "written to "+file) {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	out, err = pantauCmd(dst, "db", "restore", file).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "restore: ") || !strings.Contains(string(out), "restored "+file) {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	ctx := context.Background()
	c, err := pgcluster.Ensure(ctx, pgcluster.Config{Home: dst})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, c.ConnString(pgcluster.DBName, pgcluster.Superuser))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var tokens, audits int
	if err := conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM tokens WHERE name = 'backup-check'),
		(SELECT count(*) FROM audit_log WHERE action = 'token.create')`).Scan(&tokens, &audits); err != nil {
		t.Fatal(err)
	}
	if tokens != 1 || audits != 1 {
		t.Fatalf("restored home has %d tokens and %d audit rows named by the backup, want 1 and 1", tokens, audits)
	}
	if out, err := pantauCmd(dst, "db", "restore", file).CombinedOutput(); err == nil || !strings.Contains(string(out), "already has") {
		t.Fatalf("restore over data: %v\n%s", err, out)
	}
	if _, err := os.Stat(file + ".partial"); !os.IsNotExist(err) {
		t.Fatalf("partial file left: %v", err)
	}
}
