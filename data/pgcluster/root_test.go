package pgcluster_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/data/pgcluster"
)

// TestRootInAPrivateFolder is issue 16's first finding: cloned into a
// folder only root can enter (/root/pantau, mode 700), `make run` stopped
// with "initdb: permission denied", because the cluster runs as postgres.
// The embedded start now keeps such a home's cluster under
// pgcluster.ExternalRoot and works.
func TestRootInAPrivateFolder(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("the case is root's: run make test as root (CI does)")
	}
	outer := t.TempDir()
	if err := os.Chmod(outer, 0o700); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(outer, "pantau", ".pantau")
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, err := pgcluster.Ensure(ctx, pgcluster.Config{Home: home, NoFsync: true})
	if err != nil {
		t.Fatalf("embedded start as root in a mode-700 folder: %v", err)
	}
	t.Cleanup(func() {
		c.Stop(context.Background())
		os.RemoveAll(c.Root)
	})
	if !strings.HasPrefix(c.DataDir, pgcluster.ExternalRoot+"/") {
		t.Errorf("data directory %s, want it under %s", c.DataDir, pgcluster.ExternalRoot)
	}
	named, err := os.ReadFile(filepath.Join(c.Root, "PANTAU_HOME"))
	if err != nil || strings.TrimSpace(string(named)) != home {
		t.Errorf("%s/PANTAU_HOME: %q %v", c.Root, named, err)
	}
	conn, err := pgx.Connect(ctx, c.ConnString(pgcluster.DBName, pgcluster.Superuser))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var postgis string
	if err := conn.QueryRow(ctx, `SELECT current_setting('data_directory')`).Scan(&postgis); err != nil || postgis != c.DataDir {
		t.Errorf("server data directory %q, err %v", postgis, err)
	}
	// A second start finds the same cluster.
	again, err := pgcluster.Ensure(ctx, pgcluster.Config{Home: home, NoFsync: true})
	if err != nil || again.DataDir != c.DataDir {
		t.Fatalf("second start: %v, %s", err, again.DataDir)
	}
}
