package data_test

import (
	"context"
	"testing"

	"pantau/data/dbtest"
	"pantau/geo"
)

// TestDiscloseAgreesWithSQL: pantau_disclose (the tiles') and geo.Disclose
// (the JSON routes') are the same rule.
func TestDiscloseAgreesWithSQL(t *testing.T) {
	db := dbtest.New(t)
	rows, err := db.Pool.Query(context.Background(), `SELECT n, k, pantau_disclose(n, k)
		FROM generate_series(0, 60) n, (VALUES (0), (1), (2), (3), (5), (10)) ks(k)`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var n int64
		var k int
		var got *int64
		if err := rows.Scan(&n, &k, &got); err != nil {
			t.Fatal(err)
		}
		seen++
		want := geo.Disclose(n, k)
		if (got == nil) != (want == nil) || got != nil && *got != *want {
			t.Errorf("n=%d k=%d: SQL %v, Go %v", n, k, got, want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if seen != 61*6 {
		t.Fatalf("%d rows", seen)
	}
	var null bool
	if err := db.Pool.QueryRow(context.Background(), `SELECT pantau_disclose(NULL, 5) IS NULL AND pantau_disclose(7, NULL) IS NULL`).Scan(&null); err != nil || !null {
		t.Errorf("pantau_disclose of NULL: %v %v", null, err)
	}
}
