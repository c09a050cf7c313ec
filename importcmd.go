package main

import (
	"context"
	"errors"
	"io"
	"log/slog"

	"pantau/data"
)

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("import: not implemented yet (issue 3)")
}

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("demo: not implemented yet (issue 3)")
}

// loadDemoIfEmpty loads the demo data into a database without areas.
func loadDemoIfEmpty(ctx context.Context, db *data.DB, stdout io.Writer, log *slog.Logger) error {
	log.Warn("demo data generator not available yet; starting empty")
	return nil
}
