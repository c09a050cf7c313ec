package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"pantau/data/pgcluster"
)

// cmdDBBackup runs `pantau db backup FILE` and `pantau db restore FILE`:
// a pg_dump custom-format copy of the private cluster's database, taken
// online, and its restore into a home whose database is still empty (a
// new PANTAU_HOME), which is then migrated to this version.
func cmdDBBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	verb := args[0]
	fs, c := commandFlags("db "+verb, stderr)
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"usage: pantau db " + verb + " [--home DIR] FILE"}
	}
	if c.databaseURL != "" {
		return usageError{"pantau db " + verb + " works on the private cluster; DATABASE_URL is set (use pg_dump/pg_restore on that server)"}
	}
	file := fs.Arg(0)
	log := c.logger(stderr)
	cl, err := pgcluster.Ensure(ctx, pgcluster.Config{Home: c.home, Logger: log})
	if err != nil {
		return err
	}
	start := time.Now()
	show := tableProgress(stderr, verb)
	if verb == "backup" {
		if err := cl.Backup(ctx, pgcluster.DBName, file, show); err != nil {
			return err
		}
		fi, err := os.Stat(file)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "backup of %s written to %s (%.1f MB, %s)\n", cl.DataDir, file, float64(fi.Size())/1e6, time.Since(start).Round(time.Millisecond))
		return nil
	}
	if err := cl.Restore(ctx, pgcluster.DBName, file, show); err != nil {
		return err
	}
	db, err := c.open(ctx, log) // migrates a backup of an older version
	if err != nil {
		return err
	}
	db.Close()
	fmt.Fprintf(stdout, "restored %s into %s (%s)\n", file, cl.DataDir, time.Since(start).Round(time.Millisecond))
	return nil
}

// tableProgress writes "backup: 12/27 tables", in place on a terminal and
// as lines otherwise.
func tableProgress(w io.Writer, verb string) pgcluster.BackupProgress {
	tty := false
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return func(done, total int) {
		end := "\n"
		if tty && done < total {
			end = ""
		}
		if tty {
			fmt.Fprint(w, "\r")
		}
		fmt.Fprintf(w, "%s: %d/%d tables%s", verb, done, total, end)
	}
}
