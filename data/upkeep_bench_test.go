package data_test

import (
	"context"
	"testing"
	"time"

	"pantau/data/dbtest"
)

// BenchmarkIndexUpkeep: a tenth of the benchmark size in stays (100,000 by
// default), a tenth of them open, indexes freshly built; then 100 days of
// 1,000 arrivals and 1,000 departures, each followed by VACUUM (as
// autovacuum would run it). Reported: the read of every open stay over
// Cianjur through stays_open_idx (openScan: an index-only scan, the plan
// forced, with a column a tile takes): the blocks it fetched from the
// index and the table and its median milliseconds of 9 (a few ms, mostly
// noise at this size), fresh, grown and after the upkeep
// (data.DB.UpkeepIndexes) vacuumed and rebuilt (x_grown, x_rebuilt: the
// blocks against fresh, in the same run; target x_rebuilt ≤ 1.05);
// the round that did it (upkeep_s), and per op a round with nothing to do.
func BenchmarkIndexUpkeep(b *testing.B) {
	stays, _ := dbtest.BenchSize()
	stays /= 10
	db, exec := upkeepDB(b, stays, 10)
	ctx := context.Background()
	// read: the median milliseconds of openScan, and the blocks it
	// fetched from the index and the table.
	read := func() (ms, blocks float64) {
		b.Helper()
		ms = dbtest.MedianMs(9, func() {
			if n, _, _ := openScan(b, db.Pool); n != int64(stays/10) {
				b.Fatalf("%d open stays, want %d", n, stays/10)
			}
		})
		_, idx, heap := openScan(b, db.Pool)
		return ms, float64(idx + heap)
	}
	fresh, freshBuf := read()
	churn(exec, 100, 1000)
	grown, grownBuf := read()
	t0 := time.Now()
	up, err := db.UpkeepIndexes(ctx, 0)
	if err != nil {
		b.Fatal(err)
	}
	rebuildSecs := time.Since(t0).Seconds()
	rebuilt := false
	for _, c := range up.Indexes {
		rebuilt = rebuilt || c.Index == "stays_open_idx" && c.Rebuilt
	}
	if !rebuilt {
		b.Fatalf("stays_open_idx not rebuilt: %+v", up)
	}
	after, afterBuf := read()
	b.ResetTimer()
	for range b.N {
		if up, err = db.UpkeepIndexes(ctx, 0); err != nil {
			b.Fatal(err)
		}
		for _, c := range up.Indexes {
			if c.Rebuilt {
				b.Fatalf("a round after the rebuild rebuilt %s again", c.Index)
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(freshBuf, "blocks_fresh")
	b.ReportMetric(grownBuf, "blocks_grown")
	b.ReportMetric(afterBuf, "blocks_rebuilt")
	b.ReportMetric(fresh, "read_fresh_ms")
	b.ReportMetric(grown, "read_grown_ms")
	b.ReportMetric(after, "read_rebuilt_ms")
	b.ReportMetric(grownBuf/freshBuf, "x_grown")
	b.ReportMetric(afterBuf/freshBuf, "x_rebuilt")
	b.ReportMetric(rebuildSecs, "upkeep_s")
}
