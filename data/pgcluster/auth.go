package pgcluster

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
)

// The embedded cluster's superuser (Superuser, which owns the schema and
// so could disable the audit log's append-only trigger) is reachable only
// with its password: pg_hba.conf, rewritten at every start, asks it for
// scram-sha-256 on the socket, and the password lives in
// $PANTAU_HOME/superuser.password, readable only by the account that runs
// pantau (0600). The application role keeps socket access without one; it
// may only read and append to the audit log. An operator who needs the
// superuser reads the file:
//
//	PGPASSWORD=$(cat $PANTAU_HOME/superuser.password) psql "host=$PANTAU_HOME/run user=pantau dbname=pantau"

// superuserPasswordFile is the file holding the superuser's password.
func (c *Cluster) superuserPasswordFile() string { return filepath.Join(c.Home, "superuser.password") }

// superuserPassword reads the password ("" before the cluster first set one).
func (c *Cluster) superuserPassword() string {
	b, err := os.ReadFile(c.superuserPasswordFile())
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// hbaConf is the cluster's pg_hba.conf: the superuser by password, every
// other role (the application's) over the socket, nothing over TCP
// (listen_addresses is empty). The superuser may also stream the WAL to a
// replica (replicanode.go).
const hbaConf = `# written by pantau at every start
local all ` + Superuser + ` scram-sha-256
local replication ` + Superuser + ` scram-sha-256
local all all trust
`

// secureSuperuser gives the superuser a password when it has none yet
// (connected as conn, still allowed without one), then writes pg_hba.conf
// and reloads it. Run on every start, so clusters made before it are
// closed too.
func (c *Cluster) secureSuperuser(ctx context.Context, conn *pgx.Conn) error {
	if c.superuserPassword() == "" {
		b := make([]byte, 24)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		pw := hex.EncodeToString(b)
		if _, err := conn.Exec(ctx, fmt.Sprintf(`SET password_encryption = 'scram-sha-256'; ALTER ROLE %s PASSWORD '%s'`, Superuser, pw)); err != nil {
			return fmt.Errorf("set the superuser's password: %w", err)
		}
		tmp := c.superuserPasswordFile() + ".tmp"
		if err := os.WriteFile(tmp, []byte(pw+"\n"), 0o600); err != nil {
			return err
		}
		if err := os.Rename(tmp, c.superuserPasswordFile()); err != nil {
			return err
		}
	}
	hba := filepath.Join(c.DataDir, "pg_hba.conf")
	if cur, err := os.ReadFile(hba); err == nil && string(cur) == hbaConf {
		return nil
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.WriteFile(hba, []byte(hbaConf), 0o600); err != nil {
		return err
	}
	if err := c.chown(hba); err != nil {
		return err
	}
	_, err := conn.Exec(ctx, `SELECT pg_reload_conf()`)
	return err
}
