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
// Cianjur through stays_open_idx (an index-only scan, the plan forced, with
// the columns a tile takes): the buffers it touched and its median
// milliseconds of 9 (a few ms, mostly noise at this size), fresh, grown
// and after the upkeep (data.DB.UpkeepIndexes) vacuumed and rebuilt
// (x_grown, x_rebuilt: the buffers against fresh, in the same run; target
// x_rebuilt ≤ 1.05);
// the round that did it (upkeep_s), and per op a round with nothing to do.
func BenchmarkIndexUpkeep(b *testing.B) {
	stays, _ := dbtest.BenchSize()
	stays /= 10
	db, exec := upkeepDB(b, stays, 10)
	ctx := context.Background()
	const q = `SELECT count(*), coalesce(sum(utm_x), 0) FROM stays
		WHERE departure_date IS NULL AND geom_3857 && ST_Transform(ST_MakeEnvelope(106.8, -7.6, 107.5, -6.5, 4326), 3857)`
	// read: the median milliseconds of the forced index-only scan, and
	// the buffers one run of it touched.
	read := func() (ms, buffers float64) {
		b.Helper()
		tx, err := db.Pool.Begin(ctx)
		if err != nil {
			b.Fatal(err)
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off`); err != nil {
			b.Fatal(err)
		}
		ms = dbtest.MedianMs(9, func() {
			var n int64
			var x float64
			if err := tx.QueryRow(ctx, q).Scan(&n, &x); err != nil {
				b.Fatal(err)
			}
			if n != int64(stays/10) {
				b.Fatalf("%d open stays, want %d", n, stays/10)
			}
		})
		var plan []map[string]any
		if err := tx.QueryRow(ctx, `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) `+q).Scan(&plan); err != nil {
			b.Fatal(err)
		}
		scan := plan[0]["Plan"].(map[string]any)["Plans"].([]any)[0].(map[string]any)
		if scan["Node Type"] != "Index Only Scan" || scan["Index Name"] != "stays_open_idx" {
			b.Fatalf("the open stays are read by %v on %v", scan["Node Type"], scan["Index Name"])
		}
		return ms, scan["Shared Hit Blocks"].(float64) + scan["Shared Read Blocks"].(float64)
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
	b.ReportMetric(freshBuf, "buffers_fresh")
	b.ReportMetric(grownBuf, "buffers_grown")
	b.ReportMetric(afterBuf, "buffers_rebuilt")
	b.ReportMetric(fresh, "read_fresh_ms")
	b.ReportMetric(grown, "read_grown_ms")
	b.ReportMetric(after, "read_rebuilt_ms")
	b.ReportMetric(grownBuf/freshBuf, "x_grown")
	b.ReportMetric(afterBuf/freshBuf, "x_rebuilt")
	b.ReportMetric(rebuildSecs, "upkeep_s")
}
