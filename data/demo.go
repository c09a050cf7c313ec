package data

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
)

// DemoSource is the source of the demo's synthetic accommodations and stays.
const DemoSource = "demo"

// DemoOptions configure LoadDemo.
type DemoOptions struct {
	Seed     uint64
	Stays    int       // default 20,000
	Until    time.Time // last day of the data (default today in WIB)
	Progress func(Progress)
}

// DemoResult says what LoadDemo wrote.
type DemoResult struct {
	Boundaries     bool // approximate boundaries were derived (the database had none)
	Accommodations ImportResult
	Stays          ImportResult
}

// LoadDemo loads the demo: approximate boundaries derived from the
// gazetteer when the database has no desa yet, then synthetic accommodations
// and stays (source "demo") placed inside the gazetteer's desa — or inside
// every desa when the gazetteer's are absent. Same options, same data;
// running it again changes nothing.
func (db *DB) LoadDemo(ctx context.Context, opts DemoOptions) (DemoResult, error) {
	var res DemoResult
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
		return loadDemoBoundaries(ctx, tx)
	})
	if err != nil {
		return res, fmt.Errorf("demo boundaries: %w", err)
	}
	if _, err := db.LoadDemoFences(ctx); err != nil {
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
	return res, db.loadSynthetic(ctx, &res, GenOptions{Seed: opts.Seed, Stays: opts.Stays, Until: opts.Until, Desa: shapes}, opts.Progress)
}

func (db *DB) loadSynthetic(ctx context.Context, res *DemoResult, g GenOptions, progress func(Progress)) error {
	gen, err := NewGenerator(g)
	if err != nil {
		return err
	}
	io := ImportOptions{Source: DemoSource, AccommodationSource: DemoSource, Progress: progress}
	io.File = "generated accommodations"
	if res.Accommodations, err = db.ImportAccommodations(ctx, AccommodationSlice(gen.Accommodations()), io); err != nil {
		return err
	}
	io.File = "generated stays"
	res.Stays, err = db.ImportStays(ctx, gen, io)
	return err
}

// GenerateInto writes synthetic data made with opts (see GenOptions) into
// the database, placing points in opts.Desa or, when empty, in every desa
// loaded. It is how the benchmark dataset is made.
func (db *DB) GenerateInto(ctx context.Context, opts GenOptions, progress func(Progress)) (DemoResult, error) {
	var res DemoResult
	if len(opts.Desa) == 0 {
		shapes, err := db.DesaShapes(ctx, nil)
		if err != nil {
			return res, err
		}
		opts.Desa = shapes
	}
	return res, db.loadSynthetic(ctx, &res, opts, progress)
}

// DesaShapes returns the loaded desa with the given codes (all when codes
// is nil), with a label point inside each.
func (db *DB) DesaShapes(ctx context.Context, codes []string) ([]DesaShape, error) {
	rows, err := db.Pool.Query(ctx, `SELECT code, geom, coalesce(label_point, ST_PointOnSurface(geom))
		FROM areas WHERE level = 'desa' AND ($1::text[] IS NULL OR code = ANY ($1)) ORDER BY code`, codes)
	if err != nil {
		return nil, Classify(err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (DesaShape, error) {
		var d DesaShape
		var label orb.Point
		err := r.Scan(&d.Code, &d.Geom, &label)
		d.Label = label
		return d, err
	})
}
