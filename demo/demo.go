// Package demo makes Pantau's demo and benchmark data: a seeded generator
// of synthetic accommodations and stays (no real person), the Cianjur
// gazetteer with approximate boundaries derived from it, and the demo's
// geofences. It writes through package importer.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/data"
	"pantau/importer"
)

// Source is the source of the demo's synthetic accommodations and stays.
const Source = "demo"

// Options configure Load.
type Options struct {
	Seed     uint64
	Stays    int       // default 20,000
	Until    time.Time // last day of the data (default today in WIB)
	Progress func(importer.Progress)
}

// Result says what Load wrote.
type Result struct {
	Boundaries     bool // approximate boundaries were derived (the database had none)
	Accommodations importer.Result
	Stays          importer.Result
}

// Load loads the demo: approximate boundaries derived from the
// gazetteer when the database has no desa yet, then synthetic accommodations
// and stays (source "demo") placed inside the gazetteer's desa — or inside
// every desa when the gazetteer's are absent. Same options, same data;
// running it again changes nothing.
func Load(ctx context.Context, db *data.DB, opts Options) (Result, error) {
	var res Result
	if opts.Stays <= 0 {
		opts.Stays = 20_000
	}
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM areas WHERE level = 'desa'`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		res.Boundaries = true
		return loadBoundaries(ctx, tx)
	})
	if err != nil {
		return res, fmt.Errorf("demo boundaries: %w", err)
	}
	if _, err := LoadFences(ctx, db); err != nil {
		return res, fmt.Errorf("demo geofences: %w", err)
	}
	codes := make([]string, len(Gazetteer))
	for i, d := range Gazetteer {
		codes[i] = d.Code
	}
	shapes, err := db.DesaShapes(ctx, codes)
	if err != nil {
		return res, err
	}
	if len(shapes) == 0 {
		if shapes, err = db.DesaShapes(ctx, nil); err != nil {
			return res, err
		}
	}
	return res, loadSynthetic(ctx, db, &res, GenOptions{Seed: opts.Seed, Stays: opts.Stays, Until: opts.Until, Desa: shapes}, opts.Progress)
}

func loadSynthetic(ctx context.Context, db *data.DB, res *Result, g GenOptions, progress func(importer.Progress)) error {
	gen, err := NewGenerator(g)
	if err != nil {
		return err
	}
	io := importer.Options{Source: Source, AccommodationSource: Source, Progress: progress}
	io.File = "generated accommodations"
	if res.Accommodations, err = importer.Accommodations(ctx, db, importer.AccommodationSlice(gen.Accommodations()), io); err != nil {
		return err
	}
	io.File = "generated stays"
	res.Stays, err = importer.Stays(ctx, db, gen, io)
	return err
}

// GenerateInto writes synthetic data made with opts (see GenOptions) into
// the database, placing points in opts.Desa or, when empty, in every desa
// loaded. It is how the benchmark dataset is made.
func GenerateInto(ctx context.Context, db *data.DB, opts GenOptions, progress func(importer.Progress)) (Result, error) {
	var res Result
	if len(opts.Desa) == 0 {
		shapes, err := db.DesaShapes(ctx, nil)
		if err != nil {
			return res, err
		}
		opts.Desa = shapes
	}
	return res, loadSynthetic(ctx, db, &res, opts, progress)
}
