package data_test

import (
	"context"
	"testing"
	"time"

	"pantau/data/dbtest"
)

// A statement that writes more than 100,000 stays (a bulk load) tells the
// tile caches to flush; a small one names the boxes it changed.
func TestBulkStatementsFlushTileCaches(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	listener := db.Admin(t)
	if _, err := listener.Exec(ctx, `LISTEN pantau_tiles`); err != nil {
		t.Fatal(err)
	}
	next := func() string {
		t.Helper()
		wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		n, err := listener.WaitForNotification(wctx)
		if err != nil {
			t.Fatal(err)
		}
		return n.Payload
	}
	insert := func(from, to int) {
		t.Helper()
		if _, err := db.Pool.Exec(ctx, `INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, arrival_date, geom)
			SELECT 'S' || i, 'Synthetic Person', 'P' || i, 'NLD', 'voa', DATE '2026-11-01',
			       ST_SetSRID(ST_Point(107 + (i % 1000) * 0.0001, -6.75 + (i / 1000) * 0.0001), 4326)
			FROM generate_series($1::int, $2::int) i`, from, to); err != nil {
			t.Fatal(err)
		}
	}
	insert(1, 10)
	if p := next(); p == "flush" {
		t.Fatalf("10 stays flushed the caches")
	}
	insert(11, 100011)
	if p := next(); p != "flush" {
		t.Fatalf("100,001 stays notified %q, want flush", p)
	}
}
