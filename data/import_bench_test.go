package data_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"testing"
	"time"

	"pantau/data"
	"pantau/data/dbtest"
)

// BenchmarkImportStays: bulk import of the benchmark size of stays (default
// 1,000,000; PANTAU_BENCH_STAYS) from CSV with validation and desa
// assignment over the real Cianjur desa, beside PostgreSQL's own COPY of the
// same CSV into a bare table (no indexes, constraints or triggers) in the
// same run. x_copy is import rows/s ÷ COPY rows/s.
func BenchmarkImportStays(b *testing.B) {
	dbtest.SharedData(b)
	n, accs := dbtest.BenchSize()
	db := dbtest.New(b)
	db.LoadCianjur(b)
	if os.Getenv("PANTAU_IMPORT_TRACE") != "" {
		db.Log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	ctx := context.Background()
	shapes, err := db.DesaShapes(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	gen, err := data.NewGenerator(data.GenOptions{Seed: 42, Stays: n, Accommodations: accs, Until: dbtest.BenchUntil, Desa: shapes})
	if err != nil {
		b.Fatal(err)
	}
	var accCSV, stayCSV bytes.Buffer
	data.WriteAccommodationsCSV(&accCSV, gen.Accommodations())
	if _, err := data.WriteStaysCSV(&stayCSV, gen); err != nil {
		b.Fatal(err)
	}
	if _, err := data.ImportFile(ctx, db.DB, "accommodations", "csv", &accCSV, data.ImportOptions{File: "acc.csv"}); err != nil {
		b.Fatal(err)
	}
	admin := db.Admin(b)
	if _, err := admin.Exec(ctx, `CREATE UNLOGGED TABLE bare_stays (source_id text, full_name text, passport_no text, nationality text,
		sex text, birth_date date, permit_type text, permit_expiry date, arrival_date date, departure_date date,
		accommodation_id text, lat float8, lon float8, reported_at timestamptz)`); err != nil {
		b.Fatal(err)
	}
	if _, err := admin.Exec(ctx, `ALTER TABLE bare_stays SET LOGGED`); err != nil {
		b.Fatal(err)
	}
	body := stayCSV.Bytes()
	b.ResetTimer()
	var importSecs, copySecs float64
	for i := range b.N {
		t0 := time.Now()
		tag, err := admin.PgConn().CopyFrom(ctx, bytes.NewReader(body), `COPY bare_stays FROM STDIN (FORMAT csv, HEADER true)`)
		if err != nil || tag.RowsAffected() != int64(n) {
			b.Fatalf("COPY: %v %v", tag, err)
		}
		copySecs += time.Since(t0).Seconds()
		t0 = time.Now()
		res, err := data.ImportFile(ctx, db.DB, "stays", "csv", bytes.NewReader(body), data.ImportOptions{File: "stays.csv", Source: fmt.Sprintf("bench%d", i)})
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
	var wrong int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM stays WHERE desa_code IS DISTINCT FROM pantau_desa_for(geom) AND source = 'bench0'`).Scan(&wrong); err != nil {
		b.Fatal(err)
	}
	if wrong != 0 {
		b.Fatalf("%d stays with a desa other than pantau_desa_for's", wrong)
	}
}
