package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"pantau/data"
)

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c common
	fs := newFlagSet("demo", stderr)
	c.register(fs)
	stays := fs.Int("stays", 20_000, "number of synthetic stays")
	seed := fs.Uint64("seed", 1, "generator seed: the same seed (and --until) gives the same data")
	until := fs.String("until", "", "last day of the data, YYYY-MM-DD (default today in WIB)")
	if err := parse(fs, args); err != nil {
		return err
	}
	opts := data.DemoOptions{Seed: *seed, Stays: *stays}
	if *until != "" {
		t, err := time.Parse(time.DateOnly, *until)
		if err != nil {
			return usageError{"--until: want YYYY-MM-DD"}
		}
		opts.Until = t
	}
	log := c.logger(stderr)
	db, err := c.open(ctx, log)
	if err != nil {
		return err
	}
	defer db.Close()
	p := newProgress(stderr, "demo")
	opts.Progress = p.update
	res, err := db.LoadDemo(ctx, opts)
	p.finish()
	if err != nil {
		return err
	}
	db.Audit(ctx, data.AuditEntry{Actor: "cli", Role: "admin", Action: "demo.load", Resource: "demo",
		Params: map[string]any{"seed": *seed, "stays": *stays}, Outcome: "ok", ClientAddr: "local"})
	printDemo(stdout, res)
	return nil
}

func printDemo(w io.Writer, res data.DemoResult) {
	if res.Boundaries {
		fmt.Fprintf(w, "boundaries: %d desa of the demo gazetteer (approximate, derived from points)\n", len(data.Gazetteer))
	}
	printSummary(w, res.Accommodations)
	printSummary(w, res.Stays)
}

// loadDemoIfEmpty loads the demo data into a database without areas.
func loadDemoIfEmpty(ctx context.Context, db *data.DB, stdout io.Writer, log *slog.Logger) error {
	var n int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM areas`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	log.Info("empty database: loading the demo data")
	res, err := db.LoadDemo(ctx, data.DemoOptions{Seed: 1})
	if err != nil {
		return fmt.Errorf("load demo: %w", err)
	}
	db.Audit(ctx, data.AuditEntry{Actor: "system", Role: "admin", Action: "demo.load", Resource: "demo",
		Params: map[string]any{"seed": 1, "stays": res.Stays.Read}, Outcome: "ok", ClientAddr: "local"})
	printDemo(stdout, res)
	return nil
}

func printSummary(w io.Writer, r data.ImportResult) {
	rate := 0.0
	if r.Seconds > 0 {
		rate = float64(r.Read) / r.Seconds
	}
	fmt.Fprintf(w, "%s: %d read, %d inserted, %d updated, %d unchanged, %d rejected, %d outside every desa (%.1fs, %.0f rows/s)\n",
		r.Kind, r.Read, r.Inserted, r.Updated, r.Unchanged, r.Rejected, r.Outside, r.Seconds, rate)
}

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("import: not implemented yet (issue 3)")
}
