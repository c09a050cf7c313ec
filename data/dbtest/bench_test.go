package dbtest_test

import (
	"context"
	"testing"

	"pantau/data/dbtest"
	"pantau/demo"
)

func TestBenchDataset(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	t.Setenv("PANTAU_BENCH_STAYS", "5000")
	db := dbtest.Bench(t)
	var stays, accs, desa, inPuncak, outside int
	if err := db.Pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM stays), (SELECT count(*) FROM accommodations),
		(SELECT count(*) FROM areas WHERE level = 'desa'),
		(SELECT count(*) FROM stays WHERE substr(desa_code, 1, 8) IN ('32.03.28', '32.03.10', '32.03.13')),
		(SELECT count(*) FROM stays WHERE desa_code IS NULL)`).Scan(&stays, &accs, &desa, &inPuncak, &outside); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d stays (%d in Cipanas/Pacet/Sukaresmi, %d outside), %d accommodations, %d desa", stays, inPuncak, outside, accs, desa)
	if stays != 5000 || accs != 250 || desa != 360 || inPuncak < stays/2 || outside > stays/100 {
		t.Fatal("unexpected benchmark dataset")
	}
	// A second call reuses it.
	if again := dbtest.Bench(t); again.Name != db.Name {
		t.Fatal("not reused")
	}
}

// TestBenchBuildMatchesImporter: the benchmark builder streams the
// generator's stays straight into the table; what it stores must be what
// the importer stores for the same generator (GenerateInto), row by row.
func TestBenchBuildMatchesImporter(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	ctx := context.Background()
	spec := dbtest.BenchSpec{Stays: 4000, Accommodations: 200, Days: 90}
	built := dbtest.BenchAt(t, spec)
	imported := dbtest.New(t)
	imported.LoadCianjur(t)
	if _, err := demo.GenerateInto(ctx, imported.DB, demo.GenOptions{Seed: 42, Stays: spec.Stays, Accommodations: spec.Accommodations,
		Until: dbtest.BenchUntil, Days: spec.Days}, nil); err != nil {
		t.Fatal(err)
	}
	const digest = `SELECT count(*), count(s.accommodation_id), count(s.desa_code), md5(string_agg(concat_ws('|', s.source, s.source_id, s.full_name,
		s.passport_no, s.nationality, s.sex, s.birth_date, s.permit_type, s.permit_expiry, s.arrival_date, s.departure_date,
		a.source_id, ST_AsEWKT(s.geom), s.desa_code, s.reported_at), ',' ORDER BY s.source_id))
		FROM stays s LEFT JOIN accommodations a ON a.id = s.accommodation_id`
	var n, nb, withAcc, withAccB, withDesa, withDesaB int
	var sum, sumB string
	if err := built.Pool.QueryRow(ctx, digest).Scan(&nb, &withAccB, &withDesaB, &sumB); err != nil {
		t.Fatal(err)
	}
	if err := imported.Pool.QueryRow(ctx, digest).Scan(&n, &withAcc, &withDesa, &sum); err != nil {
		t.Fatal(err)
	}
	t.Logf("imported %d stays (%d at accommodations, %d in a desa); built %d (%d, %d)", n, withAcc, withDesa, nb, withAccB, withDesaB)
	if n != spec.Stays || nb != n || withAccB != withAcc || withDesaB != withDesa || sumB != sum {
		t.Fatalf("the builder's stays differ from the importer's: digest %s against %s", sumB, sum)
	}
}
