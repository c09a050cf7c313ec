package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/data"
	"pantau/data/dbtest"
	"pantau/demo"
	"pantau/importer"
)

// BenchmarkImportStays: bulk import of the benchmark size of stays (default
// 1,000,000; PANTAU_BENCH_STAYS) from CSV with validation and desa
// assignment over the real Cianjur desa, beside PostgreSQL's own COPY of the
// same CSV into a bare table (no indexes, constraints or triggers) in the
// same run. x_copy is import rows/s ÷ COPY rows/s.
func BenchmarkImportStays(b *testing.B) {
	n, accs := dbtest.BenchSize()
	ctx := context.Background()
	db, accCSV, body := benchFiles(b, demo.GenOptions{Seed: 42, Stays: n, Accommodations: accs, Until: dbtest.BenchUntil})
	if _, err := importer.File(ctx, db.DB, "accommodations", "csv", bytes.NewReader(accCSV), importer.Options{File: "acc.csv"}); err != nil {
		b.Fatal(err)
	}
	admin := db.Admin(b)
	createBareStays(b, admin)
	b.ResetTimer()
	var importSecs, copySecs float64
	for i := range b.N {
		copySecs += copyBare(b, admin, body, n)
		t0 := time.Now()
		res, err := importer.File(ctx, db.DB, "stays", "csv", bytes.NewReader(body), importer.Options{File: "stays.csv", Source: fmt.Sprintf("bench%d", i)})
		if err != nil || res.Inserted != n {
			b.Fatalf("import: %+v %v", res, err)
		}
		importSecs += time.Since(t0).Seconds()
	}
	b.StopTimer()
	rows := float64(n * b.N)
	b.ReportMetric(rows/importSecs, "rows/s")
	b.ReportMetric(rows/copySecs, "copy_rows/s")
	b.ReportMetric((rows/importSecs)/(rows/copySecs), "x_copy")
	checkDesa(b, db, "stays")
}

// BenchmarkImportRealistic: a realistic APOA mix (demo.RealisticMix: 70 %
// of stays give only accommodation_id, 8 % lie outside every desa, around
// Bogor's Cisarua; 3 % of the accommodations too) at the benchmark size,
// into a fresh database with the real desa. Reports acc_rows/s (the
// 50,000 accommodations), rows/s (the 1,000,000 stays) beside
// PostgreSQL's COPY of the same CSV into a bare table in the same run
// (copy_rows/s, x_copy), and reimport_rows/s: the same file imported again
// (every row unchanged).
func BenchmarkImportRealistic(b *testing.B) {
	n, accs := dbtest.BenchSize()
	ctx := context.Background()
	db, accCSV, body := benchFiles(b, demo.RealisticMix(demo.GenOptions{Seed: 42, Stays: n, Accommodations: accs, Until: dbtest.BenchUntil}))
	admin := db.Admin(b)
	createBareStays(b, admin)
	b.ResetTimer()
	var accSecs, importSecs, copySecs, reSecs float64
	for i := range b.N {
		t0 := time.Now()
		res, err := importer.File(ctx, db.DB, "accommodations", "csv", bytes.NewReader(accCSV),
			importer.Options{File: "acc.csv", Source: fmt.Sprintf("register%d", i)})
		if err != nil || res.Inserted != accs || res.Outside == 0 {
			b.Fatalf("accommodations import: %+v %v", res, err)
		}
		accSecs += time.Since(t0).Seconds()
		copySecs += copyBare(b, admin, body, n)
		opts := importer.Options{File: "stays.csv", Source: fmt.Sprintf("bench%d", i), AccommodationSource: fmt.Sprintf("register%d", i)}
		t0 = time.Now()
		res, err = importer.File(ctx, db.DB, "stays", "csv", bytes.NewReader(body), opts)
		if err != nil || res.Inserted != n || res.Outside == 0 {
			b.Fatalf("import: %+v %v", res, err)
		}
		importSecs += time.Since(t0).Seconds()
		t0 = time.Now()
		res, err = importer.File(ctx, db.DB, "stays", "csv", bytes.NewReader(body), opts)
		if err != nil || res.Unchanged != n {
			b.Fatalf("re-import: %+v %v", res, err)
		}
		reSecs += time.Since(t0).Seconds()
	}
	b.StopTimer()
	rows := float64(n * b.N)
	b.ReportMetric(float64(accs*b.N)/accSecs, "acc_rows/s")
	b.ReportMetric(rows/importSecs, "rows/s")
	b.ReportMetric(rows/copySecs, "copy_rows/s")
	b.ReportMetric(copySecs/importSecs, "x_copy")
	b.ReportMetric(rows/reSecs, "reimport_rows/s")
	checkDesa(b, db, "stays")
	checkDesa(b, db, "accommodations")
}

// BenchmarkImportOutsidePoints: stays that give their own point, a fifth of
// the benchmark size, all inside a desa (inside_rows/s) and all outside
// every desa (outside_rows/s), each into a fresh database with the real
// desa, in the same run; x_inside = outside ÷ inside rows/s (the target is
// 0.5 or more).
func BenchmarkImportOutsidePoints(b *testing.B) {
	n, _ := dbtest.BenchSize()
	n /= 5
	ctx := context.Background()
	var secs [2]float64
	var dbs [2]*dbtest.DB
	var bodies [2][]byte
	for k, outside := range []float64{0, 1} {
		dbs[k], _, bodies[k] = benchFiles(b, demo.GenOptions{Seed: 43, Stays: n, Until: dbtest.BenchUntil, PointShare: 1, OutsideShare: outside})
	}
	b.ResetTimer()
	for i := range b.N {
		for k := range dbs {
			t0 := time.Now()
			res, err := importer.File(ctx, dbs[k].DB, "stays", "csv", bytes.NewReader(bodies[k]),
				importer.Options{File: "stays.csv", Source: fmt.Sprintf("bench%d", i)})
			if err != nil || res.Inserted != n || (k == 1) != (res.Outside > n/2) {
				b.Fatalf("import (outside %v): %+v %v", k == 1, res, err)
			}
			secs[k] += time.Since(t0).Seconds()
		}
	}
	b.StopTimer()
	rows := float64(n * b.N)
	b.ReportMetric(rows/secs[0], "inside_rows/s")
	b.ReportMetric(rows/secs[1], "outside_rows/s")
	b.ReportMetric(secs[0]/secs[1], "x_inside")
	for _, db := range dbs {
		checkDesa(b, db, "stays")
	}
}

// benchFiles returns a fresh database with the real desa (it has the
// database log the phases of its imports when PANTAU_IMPORT_TRACE is set)
// and the accommodations and stays CSV the generator makes over them.
func benchFiles(b *testing.B, opts demo.GenOptions) (db *dbtest.DB, acc, stays []byte) {
	b.Helper()
	dbtest.SharedData(b)
	db = dbtest.New(b)
	db.LoadCianjur(b)
	if os.Getenv("PANTAU_IMPORT_TRACE") != "" {
		db.Log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	stays, acc = db.GenCSVWith(b, opts)
	return db, acc, stays
}

// createBareStays creates bare_stays: the stays CSV's columns, no indexes,
// constraints or triggers (COPY's baseline).
func createBareStays(b *testing.B, admin *pgx.Conn) {
	b.Helper()
	ctx := context.Background()
	if _, err := admin.Exec(ctx, `CREATE UNLOGGED TABLE bare_stays (source_id text, full_name text, passport_no text, nationality text,
		sex text, birth_date date, permit_type text, permit_expiry date, arrival_date date, departure_date date,
		accommodation_id text, lat float8, lon float8, reported_at timestamptz)`); err != nil {
		b.Fatal(err)
	}
	if _, err := admin.Exec(ctx, `ALTER TABLE bare_stays SET LOGGED`); err != nil {
		b.Fatal(err)
	}
}

// copyBare copies the stays CSV body (n rows) into bare_stays and returns
// the seconds it took.
func copyBare(b *testing.B, admin *pgx.Conn, body []byte, n int) float64 {
	b.Helper()
	t0 := time.Now()
	tag, err := admin.PgConn().CopyFrom(context.Background(), bytes.NewReader(body), `COPY bare_stays FROM STDIN (FORMAT csv, HEADER true)`)
	if err != nil || tag.RowsAffected() != int64(n) {
		b.Fatalf("COPY: %v %v", tag, err)
	}
	return time.Since(t0).Seconds()
}

// checkDesa fails b when a row of table has another desa than
// pantau_desa_for gives its point: every row outside every desa and one in
// five of the others (all of a million take minutes).
func checkDesa(b *testing.B, db *dbtest.DB, table string) {
	b.Helper()
	ctx := context.Background()
	admin := db.Admin(b)
	if _, err := admin.Exec(ctx, `SET statement_timeout = 0`); err != nil {
		b.Fatal(err)
	}
	var wrong int
	if err := admin.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{table}.Sanitize()+
		` WHERE (id % 5 = 0 OR desa_code IS NULL) AND desa_code IS DISTINCT FROM pantau_desa_for(geom)`).Scan(&wrong); err != nil {
		b.Fatal(err)
	}
	if wrong != 0 {
		b.Fatalf("%d %s with a desa other than pantau_desa_for's", wrong, table)
	}
}

// BenchmarkImportReaders: readers during a large import. A fresh database
// with the real desa holds a fifth of the benchmark size of stays; then the
// benchmark size (realistic mix) is imported while one reader after
// another — one every 100 ms — counts the stays of a Cipanas box present on
// a date (a search by place: pantau_stays_matching with the place key, as
// the service's readers of stays by place and date do) and reads the
// accommodations of a desa. Reports the readers' latency during the
// import (readers_p50_ms, readers_p99_ms, readers_max_ms), the same
// reader's p99 with no import in the same run (base_p99_ms), and the
// import's rows/s. The target is readers_p99_ms ≤ 100.
func BenchmarkImportReaders(b *testing.B) {
	n, accs := dbtest.BenchSize()
	ctx := context.Background()
	opts := demo.RealisticMix(demo.GenOptions{Seed: 42, Stays: n, Accommodations: accs, Until: dbtest.BenchUntil})
	db, accCSV, body := benchFiles(b, opts)
	if _, err := importer.File(ctx, db.DB, "accommodations", "csv", bytes.NewReader(accCSV), importer.Options{File: "acc.csv"}); err != nil {
		b.Fatal(err)
	}
	opts.Seed, opts.Stays = 41, n/5
	before, _ := db.GenCSVWith(b, opts)
	if res, err := importer.File(ctx, db.DB, "stays", "csv", bytes.NewReader(before), importer.Options{File: "before.csv", Source: "before"}); err != nil || res.Inserted != n/5 {
		b.Fatalf("import before: %+v %v", res, err)
	}
	// readUntil reads every 100 ms until done closes (at least once) and
	// returns the latencies, or the first error. A read's latency counts
	// from when it was due, so a read that waits delays the next ones and
	// they count the wait too (no coordinated omission).
	var slow []string // reads over 50 ms during the import: when, how long
	var importStart time.Time
	readUntil := func(done <-chan struct{}) ([]time.Duration, error) {
		var lat []time.Duration
		due := time.Now()
		for {
			time.Sleep(time.Until(due))
			var stays, accs int
			if err := db.Pool.QueryRow(ctx, `SELECT
				(SELECT count(*) FROM pantau_stays_matching('2026-07-01', '2026-07-01', '{}', '{}', '{}') s
				  WHERE s.geom && ST_MakeEnvelope(107.00, -6.74, 107.01, -6.73, 4326)
				    AND pantau_period_place_key(s.arrival_date, s.departure_date) && pantau_period_box('2026-07-01', '2026-07-01')),
				(SELECT count(*) FROM accommodations WHERE desa_code = '32.03.28.2002')`).Scan(&stays, &accs); err != nil {
				return nil, err
			}
			lat = append(lat, time.Since(due))
			if l := lat[len(lat)-1]; l > 50*time.Millisecond && !importStart.IsZero() {
				slow = append(slow, fmt.Sprintf("%.1f s: %.0f ms", due.Sub(importStart).Seconds(), float64(l)/1e6))
			}
			due = due.Add(100 * time.Millisecond)
			select {
			case <-done:
				return lat, nil
			default:
			}
		}
	}
	// As `pantau serve` runs them: readers on the service's pool, its
	// connections open and warm; imports on a pool of their own
	// (data.DB.ForImports), so an import never takes a reader's connection
	// and no reader waits for a new one to open.
	if err := db.Warm(ctx, data.ServiceMinConns); err != nil {
		b.Fatal(err)
	}
	idb, err := db.ForImports(ctx, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer idb.Close()
	quiet := make(chan struct{})
	time.AfterFunc(3*time.Second, func() { close(quiet) })
	base, err := readUntil(quiet)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var during []time.Duration
	var secs float64
	for i := range b.N {
		done, got, failed := make(chan struct{}), make(chan []time.Duration, 1), make(chan error, 1)
		go func() {
			lat, err := readUntil(done)
			got <- lat
			failed <- err
		}()
		t0 := time.Now()
		importStart = t0
		res, err := importer.File(ctx, idb, "stays", "csv", bytes.NewReader(body), importer.Options{File: "stays.csv", Source: fmt.Sprintf("bench%d", i)})
		secs += time.Since(t0).Seconds()
		close(done)
		during = append(during, <-got...)
		if err := <-failed; err != nil {
			b.Fatalf("reader: %v", err)
		}
		if err != nil || res.Inserted != n {
			b.Fatalf("import: %+v %v", res, err)
		}
	}
	b.StopTimer()
	b.Logf("reads over 50 ms, from the import's start: %v", slow)
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	b.ReportMetric(ms(dbtest.Percentile(during, 0.5)), "readers_p50_ms")
	b.ReportMetric(ms(dbtest.Percentile(during, 0.99)), "readers_p99_ms")
	b.ReportMetric(ms(dbtest.Percentile(during, 1)), "readers_max_ms")
	b.ReportMetric(ms(dbtest.Percentile(base, 0.99)), "base_p99_ms")
	b.ReportMetric(float64(n*b.N)/secs, "rows/s")
}
