package pgcluster

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"os"
	"path/filepath"
)

// ExternalRoot holds the clusters of homes the unprivileged account
// cannot reach: pantau run as root from /root/pantau (mode 700) keeps its
// PostgreSQL data in ExternalRoot/<name>, owned by that account, says so in
// the log, and leaves a file PANTAU_HOME there naming the home it serves.
// The home keeps the lock, the superuser's password and everything else.
const ExternalRoot = "/var/lib/pantau"

// externalName names a home's folder under ExternalRoot: its last element
// and a hash of its whole path, so two homes never share a cluster.
func externalName(home string) string {
	sum := sha256.Sum256([]byte(home))
	return filepath.Base(home) + "-" + hex.EncodeToString(sum[:6])
}

// reachable reports whether the unprivileged account can reach and enter
// dir (checked by running test(1) as that account; pantau then makes dir
// the account's own).
func (c *Cluster) reachable(ctx context.Context, dir string) bool {
	root := c.Root
	c.Root = "/"
	defer func() { c.Root = root }()
	_, err := c.run(ctx, "/usr/bin/test", "-x", dir)
	return err == nil
}

// State is what Find saw, without starting or creating
// anything.
type State string

const (
	Absent  State = "absent"  // no cluster under this home
	Stopped State = "stopped" // a cluster whose server is not running
	Running State = "running" // a server that accepts connections
)

// Find locates the cluster of cfg.Home — in the home, or under
// ExternalRoot — and reports its state. It creates, starts and changes
// nothing (`pantau db status`, `pantau db stop`).
func Find(ctx context.Context, cfg Config) (*Cluster, State, error) {
	home, err := filepath.Abs(cfg.Home)
	if err != nil {
		return nil, "", err
	}
	bin, err := findBinDir()
	if err != nil {
		return nil, "", err
	}
	for _, root := range []string{home, filepath.Join(ExternalRoot, externalName(home))} {
		c := &Cluster{Home: home, Root: root, DataDir: filepath.Join(root, "pg"), SocketDir: filepath.Join(root, "run"), bin: bin, log: cfg.Logger}
		if c.log == nil {
			c.log = slog.Default()
		}
		if _, err := os.Stat(filepath.Join(c.DataDir, "PG_VERSION")); err != nil {
			continue
		}
		if os.Geteuid() == 0 {
			if c.runAs, err = unprivilegedUser(); err != nil {
				return nil, "", err
			}
		}
		if c.Ping(ctx) == nil {
			return c, Running, nil
		}
		return c, Stopped, nil
	}
	return nil, Absent, nil
}
