package pgcluster_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"pantau/data/dbtest"
	"pantau/data/pgcluster"
)

// TestSuperuserNeedsItsPassword is issue 14 finding 8: the embedded
// cluster's socket let anyone who reached it in as the superuser, with no
// password, and through it audit rows were deleted.
func TestSuperuserNeedsItsPassword(t *testing.T) {
	c := dbtest.Cluster(t)
	ctx := context.Background()
	bare := fmt.Sprintf("host=%s port=5432 dbname=postgres sslmode=disable user=", c.SocketDir)
	if conn, err := pgx.Connect(ctx, bare+pgcluster.Superuser); err == nil {
		conn.Close(ctx)
		t.Fatal("the superuser connected without a password")
	} else if !strings.Contains(err.Error(), "password") {
		t.Fatalf("without a password: %v", err)
	}
	if conn, err := pgx.Connect(ctx, bare+pgcluster.Superuser+" password=guess"); err == nil {
		conn.Close(ctx)
		t.Fatal("the superuser connected with a wrong password")
	}
	conn, err := pgx.Connect(ctx, c.ConnString("postgres", pgcluster.Superuser))
	if err != nil {
		t.Fatalf("with the password file: %v", err)
	}
	conn.Close(ctx)
	fi, err := os.Stat(filepath.Join(c.Home, "superuser.password"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("password file: %v %v", fi, err)
	}
	// The application role still reaches the socket, as the service does.
	app, err := pgx.Connect(ctx, bare+pgcluster.AppRole)
	if err != nil {
		t.Fatalf("application role: %v", err)
	}
	app.Close(ctx)
}
