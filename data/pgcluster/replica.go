package pgcluster

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// StartReplica makes cfg.Home a streaming replica (hot standby) of the
// running private cluster primary, using PostgreSQL's own replication and
// the primary's binaries: pg_basebackup -R copies the data directory and
// writes primary_conninfo and standby.signal, the replica gets its own
// settings (socket under cfg.Home; cfg.Settings on top) and pg_ctl starts
// it. The replica connects as the superuser over the primary's socket, so
// both run on one machine; across machines use a manager such as Patroni
// (docs/operations.md). The superuser's password file is copied along, as
// the replica's roles are the primary's.
func StartReplica(ctx context.Context, primary *Cluster, cfg Config) (*Cluster, error) {
	home, err := filepath.Abs(cfg.Home)
	if err != nil {
		return nil, err
	}
	c := &Cluster{Home: home, Root: home, DataDir: filepath.Join(home, "pg"), SocketDir: filepath.Join(home, "run"),
		bin: primary.bin, runAs: primary.runAs, log: primary.log}
	if cfg.Logger != nil {
		c.log = cfg.Logger
	}
	if _, err := os.Stat(c.DataDir); err == nil {
		return nil, fmt.Errorf("replica home %s already holds a data directory", home)
	}
	for _, d := range []string{home, c.SocketDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
		if err := c.chown(d); err != nil {
			return nil, err
		}
	}
	pw := primary.superuserPassword()
	if err := os.WriteFile(c.superuserPasswordFile(), []byte(pw+"\n"), 0o600); err != nil {
		return nil, err
	}
	start := time.Now()
	out, err := c.runEnv(ctx, []string{"PGPASSWORD=" + pw}, filepath.Join(c.bin, "pg_basebackup"), "-D", c.DataDir,
		"-h", primary.SocketDir, "-p", "5432", "-U", Superuser, "-X", "stream", "-c", "fast", "-R")
	if err != nil {
		return nil, fmt.Errorf("pg_basebackup from %s: %w\n%s", primary.SocketDir, err, out)
	}
	if err := c.writeSettings(cfg); err != nil {
		return nil, err
	}
	if err := c.Start(ctx); err != nil {
		return nil, err
	}
	c.log.Info("started streaming replica", "home", home, "primary", primary.Home, "took", time.Since(start).Round(time.Millisecond).String())
	return c, nil
}

// Promote ends recovery on a replica: it becomes a primary that accepts
// writes (pg_ctl promote, waiting until it has).
func (c *Cluster) Promote(ctx context.Context) error {
	out, err := c.run(ctx, filepath.Join(c.bin, "pg_ctl"), "-D", c.DataDir, "-w", "promote")
	if err != nil {
		return fmt.Errorf("promote %s: %w\n%s", c.DataDir, err, out)
	}
	return nil
}

// Kill stops the server at once (pg_ctl stop -m immediate: no checkpoint,
// clients cut off), as a crash of its machine would.
func (c *Cluster) Kill(ctx context.Context) error {
	out, err := c.run(ctx, filepath.Join(c.bin, "pg_ctl"), "-D", c.DataDir, "-m", "immediate", "-w", "stop")
	if err != nil {
		return fmt.Errorf("kill PostgreSQL in %s: %w\n%s", c.DataDir, err, out)
	}
	return nil
}
