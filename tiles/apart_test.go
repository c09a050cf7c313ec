package tiles_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"pantau/data"
	"pantau/tiles"
)

// A tile of several layers rendered one statement per layer, side by side,
// is byte for byte the tile of the single statement; with a connection per
// core in use (a quarter of the pool) the service keeps to the single
// statement.
func TestLayersApartEqualOneStatement(t *testing.T) {
	db := seed(t, 2000)
	ctx := context.Background()
	svc := tiles.New(db.DB, nil, tiles.Options{CacheBytes: -1})
	ls := layers(t, "kecamatan,desa,stays,accommodations,geofences", analyst)
	oneStatement := func(req tiles.Request) []byte {
		sql, args := req.SQL(svc.Options().MaxFeatures)
		var b []byte
		if err := db.Pool.QueryRow(ctx, sql, append([]any{data.CustomPlan}, args...)...).Scan(&b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	var multi int64
	for z := 8; z <= 16; z += 2 {
		req := tiles.Request{Layers: ls, Tile: tileAt(107.05, -6.75, z), Filter: dayFilter(), View: analyst}
		before := svc.RenderedApart.Load()
		got, err := svc.Render(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		want := oneStatement(req)
		if len(want) == 0 || !bytes.Equal(got, want) {
			t.Errorf("z%d: %d bytes apart, %d in one statement", z, len(got), len(want))
		}
		if n := len(decode(t, got)); n < 2 {
			t.Errorf("z%d: %d layers with features", z, n)
		}
		if svc.RenderedApart.Load() != before+1 {
			t.Errorf("z%d: not rendered apart with the pool idle", z)
		}
		multi++
	}

	// A connection per core in use: one statement, same bytes.
	var held []*pgxpool.Conn
	for db.Pool.Stat().AcquiredConns() < db.Pool.Stat().MaxConns()/4 {
		c, err := db.Pool.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	defer func() {
		for _, c := range held {
			c.Release()
		}
	}()
	req := tiles.Request{Layers: ls, Tile: tileAt(107.05, -6.75, 12), Filter: dayFilter(), View: analyst}
	got, err := svc.Render(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if svc.RenderedApart.Load() != multi {
		t.Errorf("rendered apart with %d of %d connections in use", len(held), db.Pool.Stat().MaxConns())
	}
	for _, c := range held {
		c.Release()
	}
	held = nil
	if want := oneStatement(req); !bytes.Equal(got, want) {
		t.Errorf("busy pool: %d bytes, %d in one statement", len(got), len(want))
	}
}
