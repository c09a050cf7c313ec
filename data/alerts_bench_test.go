package data_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"pantau/data/dbtest"
	"pantau/demo"
	"pantau/importer"
)

// makeBenchFences creates n active fences: squares of 300–700 m, a quarter
// of them point + radius, every one watching stay_started and overstay, one
// in four only for some nationalities, one in ten also count_above 50. One
// in five lies in the Puncak box where the benchmark's stays are (lon
// 107.0–107.2, lat −6.85…−6.65), the others anywhere over Kabupaten Cianjur
// (lon 106.8–107.45, lat −7.45…−6.6).
func makeBenchFences(tb testing.TB, db *dbtest.DB, n int) {
	tb.Helper()
	_, err := db.Pool.Exec(context.Background(), `
		INSERT INTO geofences (name, kind, geom, center, radius_m, rules)
		SELECT 'bench ' || i, 'watch_zone',
		       CASE WHEN i % 4 = 0 THEN ST_Multi(ST_Buffer(c::geography, 150 + (i % 5) * 50, 'quad_segs=8')::geometry)
		            ELSE ST_Multi(ST_Expand(c, 0.0015 + (i % 5) * 0.0004)) END,
		       CASE WHEN i % 4 = 0 THEN c END, CASE WHEN i % 4 = 0 THEN 150 + (i % 5) * 50 END,
		       jsonb_build_array(
		         CASE WHEN i % 4 = 1 THEN '{"rule":"stay_started","nationality":["CHN","SAU","ARE"]}'::jsonb
		              ELSE '{"rule":"stay_started"}'::jsonb END,
		         '{"rule":"overstay"}'::jsonb)
		       || CASE WHEN i % 10 = 0 THEN '[{"rule":"count_above","threshold":50}]'::jsonb ELSE '[]'::jsonb END
		FROM (SELECT i, CASE WHEN i % 5 = 0 THEN ST_SetSRID(ST_Point(107.0 + random() * 0.2, -6.85 + random() * 0.2), 4326)
		                     ELSE ST_SetSRID(ST_Point(106.8 + random() * 0.65, -7.45 + random() * 0.85), 4326) END AS c
		      FROM generate_series(1, $1) i) x`, n)
	if err != nil {
		tb.Fatal(err)
	}
}

// stageStays fills a temporary staging table on conn's session with total
// synthetic stays at random points of the Puncak box.
func stageStays(tb testing.TB, conn *pgxpool.Conn, total int) {
	tb.Helper()
	ctx := context.Background()
	if _, err := conn.Exec(ctx, `CREATE TEMP TABLE IF NOT EXISTS staging (LIKE stays INCLUDING DEFAULTS);
		TRUNCATE staging`); err != nil {
		tb.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `INSERT INTO staging (id, source_id, full_name, passport_no, nationality, permit_type,
		  permit_expiry, arrival_date, departure_date, geom)
		SELECT i, 'imp' || i, 'Synthetic Person', 'P' || i, (ARRAY['CHN','AUS','SAU','NLD','ARE','DEU'])[1 + i % 6],
		       (ARRAY['voa','itas','visit_visa'])[1 + i % 3], current_date + (i % 60) - 10, current_date - (i % 20),
		       CASE WHEN i % 3 = 0 THEN current_date + (i % 7) END,
		       ST_SetSRID(ST_Point(107.0 + random() * 0.2, -6.85 + random() * 0.2), 4326)
		FROM generate_series(1, $1) i`, total); err != nil {
		tb.Fatal(err)
	}
}

// importBatch moves staging rows lo..hi into stays the way the importers
// do: one set-based INSERT … SELECT … ON CONFLICT. It returns the time the
// statement took (rule evaluation included).
func importBatch(tb testing.TB, conn *pgxpool.Conn, lo, hi int) time.Duration {
	tb.Helper()
	start := time.Now()
	if _, err := conn.Exec(context.Background(), `INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type,
		  permit_expiry, arrival_date, departure_date, geom)
		SELECT source_id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, departure_date, geom
		FROM staging WHERE id BETWEEN $1 AND $2
		ON CONFLICT (source, source_id) DO UPDATE SET departure_date = EXCLUDED.departure_date,
		  permit_expiry = EXCLUDED.permit_expiry, geom = EXCLUDED.geom`, lo, hi); err != nil {
		tb.Fatal(err)
	}
	return time.Since(start)
}

// importStays stages and imports total stays in batches.
func importStays(tb testing.TB, db *dbtest.DB, total, batch int) time.Duration {
	tb.Helper()
	conn, err := db.Pool.Acquire(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Release()
	stageStays(tb, conn, total)
	var d time.Duration
	for lo := 1; lo <= total; lo += batch {
		d += importBatch(tb, conn, lo, lo+batch-1)
	}
	return d
}

// BenchmarkStayImportWithFences: bulk import rate with rule evaluation
// against 1,000 active fences, beside the same import with no fences (the
// bare INSERT baseline) in the same run.
func BenchmarkStayImportWithFences(b *testing.B) {
	const total, batch = 40000, 10000
	bare := dbtest.New(b)
	fenced := dbtest.New(b)
	makeBenchFences(b, fenced, 1000)
	// Warm both (plans, caches) with a first small import.
	importStays(b, bare, 2000, 1000)
	importStays(b, fenced, 2000, 1000)
	ctx := context.Background()
	for _, db := range []*dbtest.DB{bare, fenced} {
		if _, err := db.Pool.Exec(ctx, `DELETE FROM alerts; DELETE FROM stays; ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	conns := map[*dbtest.DB]*pgxpool.Conn{}
	for _, db := range []*dbtest.DB{bare, fenced} {
		c, err := db.Pool.Acquire(ctx)
		if err != nil {
			b.Fatal(err)
		}
		defer c.Release()
		stageStays(b, c, total)
		conns[db] = c
	}
	b.ResetTimer()
	// The two databases take turns batch by batch, so machine load falls
	// on both alike.
	var tBare, tFenced time.Duration
	for range b.N {
		b.StopTimer()
		for _, db := range []*dbtest.DB{bare, fenced} {
			if _, err := db.Pool.Exec(ctx, `DELETE FROM outbox; DELETE FROM alerts; DELETE FROM geofence_count_state; DELETE FROM stays_history; DELETE FROM stays`); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		for lo := 1; lo <= total; lo += batch {
			tBare += importBatch(b, conns[bare], lo, lo+batch-1)
			tFenced += importBatch(b, conns[fenced], lo, lo+batch-1)
		}
	}
	var alerts int
	if err := fenced.Pool.QueryRow(ctx, `SELECT count(*) FROM alerts`).Scan(&alerts); err != nil {
		b.Fatal(err)
	}
	n := float64(total * b.N)
	b.ReportMetric(n/tFenced.Seconds(), "stays/s_fenced")
	b.ReportMetric(n/tBare.Seconds(), "stays/s_nofences")
	b.ReportMetric(tBare.Seconds()/tFenced.Seconds(), "ratio")
	b.ReportMetric(float64(alerts)/float64(total), "alerts/stay")
}

// BenchmarkImportStaysWithFences: the data-in importer (CSV → staging →
// validation → one INSERT … SELECT … ON CONFLICT with desa assignment) of
// 50,000 generated stays over the real Cianjur desa, into a database with
// 1,000 active fences (300 of 200 m around random accommodations — villa
// clusters of concern — and 700 squares anywhere over the kabupaten) and
// into one with none, alternating, in the same run. The ratio is the fenced
// rate over the unfenced one.
func BenchmarkImportStaysWithFences(b *testing.B) {
	dbtest.SharedData(b)
	const n, accs = 50000, 2500
	ctx := context.Background()
	bare, fenced := dbtest.New(b), dbtest.New(b)
	var body []byte
	// Both databases get their desa before any accommodation is imported,
	// so the accommodations are assigned to desa in both (loaded after them,
	// the fixture boundaries would leave every accommodation outside).
	bare.LoadCianjur(b)
	fenced.LoadCianjur(b)
	for _, db := range []*dbtest.DB{bare, fenced} {
		if body == nil {
			shapes := db.DesaShapesOf(b)
			gen, err := demo.NewGenerator(demo.GenOptions{Seed: 42, Stays: n, Accommodations: accs, Until: dbtest.BenchUntil, Desa: shapes})
			if err != nil {
				b.Fatal(err)
			}
			var accCSV, stayCSV bytes.Buffer
			importer.WriteAccommodationsCSV(&accCSV, gen.Accommodations())
			if _, err := importer.WriteStaysCSV(&stayCSV, gen); err != nil {
				b.Fatal(err)
			}
			body = stayCSV.Bytes()
			for _, d := range []*dbtest.DB{bare, fenced} {
				if _, err := importer.File(ctx, d.DB, "accommodations", "csv", bytes.NewReader(accCSV.Bytes()), importer.Options{File: "acc.csv"}); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	if _, err := fenced.Pool.Exec(ctx, `
		INSERT INTO geofences (name, kind, geom, center, radius_m, rules)
		SELECT 'villa cluster ' || a.id, 'watch_zone', ST_Multi(ST_Buffer(a.geom::geography, 200, 'quad_segs=8')::geometry),
		       a.geom, 200, '[{"rule":"stay_started"},{"rule":"overstay"},{"rule":"count_above","threshold":30}]'
		FROM (SELECT id, geom FROM accommodations ORDER BY md5(id::text) LIMIT 300) a;
		INSERT INTO geofences (name, kind, geom, rules)
		SELECT 'zone ' || i, 'watch_zone', ST_Multi(ST_Expand(ST_SetSRID(ST_Point(106.8 + random() * 0.65, -7.45 + random() * 0.85), 4326), 0.003)),
		       '[{"rule":"stay_started","nationality":["CHN","SAU","ARE"]},{"rule":"overstay"}]'
		FROM generate_series(1, 700) i`); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var tBare, tFenced float64
	for i := range b.N {
		for _, db := range []*dbtest.DB{bare, fenced} {
			t0 := time.Now()
			res, err := importer.File(ctx, db.DB, "stays", "csv", bytes.NewReader(body), importer.Options{File: "stays.csv", Source: fmt.Sprintf("bench%d", i)})
			if err != nil || res.Inserted != n {
				b.Fatalf("import: %+v %v", res, err)
			}
			if db == bare {
				tBare += time.Since(t0).Seconds()
			} else {
				tFenced += time.Since(t0).Seconds()
			}
		}
	}
	b.StopTimer()
	var alerts int
	if err := fenced.Pool.QueryRow(ctx, `SELECT count(*) FROM alerts`).Scan(&alerts); err != nil {
		b.Fatal(err)
	}
	rows := float64(n * b.N)
	b.ReportMetric(rows/tFenced, "stays/s_fenced")
	b.ReportMetric(rows/tBare, "stays/s_nofences")
	b.ReportMetric(tBare/tFenced, "ratio")
	b.ReportMetric(float64(alerts)/rows, "alerts/stay")
}
