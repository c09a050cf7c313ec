package dbtest_test

import (
	"context"
	"testing"

	"pantau/data/dbtest"
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
