package pgcluster

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Backups of the private cluster are pg_dump's custom format of one
// database, taken online: pg_dump reads one consistent snapshot while the
// service keeps writing, and pg_restore brings back the schema, every row
// (audit log, alerts and their acknowledgements, users and tokens
// included) and the privileges. The roles themselves are the cluster's
// (bootstrap makes them), so a backup restores into any pantau home. It
// is a point-in-time copy, not continuous archiving: what was written after
// the backup started is not in it.

// BackupProgress reports tables done of total.
type BackupProgress func(done, total int)

// Backup writes database db of the cluster to file (via file.partial,
// renamed when complete).
func (c *Cluster) Backup(ctx context.Context, db, file string, progress BackupProgress) error {
	total, err := c.countTables(ctx, db)
	if err != nil {
		return err
	}
	tmp := file + ".partial"
	err = c.pgTool(ctx, "pg_dump", []string{"--format=custom", "--verbose", "--file=" + tmp, "--dbname=" + db},
		"dumping contents of table", total, progress)
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup of %s: %w", db, err)
	}
	return os.Rename(tmp, file)
}

// Restore loads file (a Backup) into database db of the cluster, which
// must hold no tables yet, in one transaction: a failure leaves it empty.
func (c *Cluster) Restore(ctx context.Context, db, file string, progress BackupProgress) error {
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	n, err := c.countTables(ctx, db)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("restore into %s: the database already has %d tables; restore into a new PANTAU_HOME (or stop pantau and move the old one away)", db, n)
	}
	total, err := backupTables(ctx, filepath.Join(c.bin, "pg_restore"), file)
	if err != nil {
		return err
	}
	err = c.pgTool(ctx, "pg_restore", []string{"--verbose", "--exit-on-error", "--single-transaction", "--dbname=" + db, file},
		"processing data for table", total, progress)
	if err != nil {
		return fmt.Errorf("restore %s into %s: %w", file, db, err)
	}
	return nil
}

// countTables counts the tables of db whose rows pg_dump writes: those
// outside the system schemas, not temporary, and not an extension's
// (except its configuration tables, such as spatial_ref_sys).
func (c *Cluster) countTables(ctx context.Context, db string) (int, error) {
	conn, err := pgx.Connect(ctx, c.ConnString(db, Superuser))
	if err != nil {
		return 0, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var n int
	err = conn.QueryRow(ctx, `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind = 'r' AND c.relpersistence <> 't' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
		AND (NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
		     OR EXISTS (SELECT FROM pg_extension e WHERE c.oid = ANY (e.extconfig)))`).Scan(&n)
	return n, err
}

// backupTables counts the table data entries of a custom-format file.
func backupTables(ctx context.Context, pgRestore, file string) (int, error) {
	out, err := exec.CommandContext(ctx, pgRestore, "--list", file).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("%s is not a pantau backup (pg_dump custom format): %s", file, strings.TrimSpace(string(out)))
	}
	return strings.Count(string(out), " TABLE DATA "), nil
}

// pgTool runs a PostgreSQL client tool of the cluster as the calling
// account (it reads or writes the caller's file) with the superuser's
// password in its environment, counting its verbose lines that contain
// marker as tables done; an error carries its last other lines.
func (c *Cluster) pgTool(ctx context.Context, tool string, args []string, marker string, total int, progress BackupProgress) error {
	conn := []string{"--host=" + c.SocketDir, "--port=5432", "--username=" + Superuser}
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, tool), append(conn, args...)...)
	cmd.Env = append(os.Environ(), "PGPASSWORD="+c.superuserPassword(), "LC_ALL=C.UTF-8")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	var tail []string
	done := 0
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(line, marker) {
			done++
			if progress != nil {
				progress(min(done, total), total)
			}
		} else {
			tail = append(tail[max(0, len(tail)-9):], line)
		}
	}
	io.Copy(io.Discard, stderr)
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("%s: %w\n%s", tool, err, strings.Join(tail, "\n"))
	}
	return nil
}
