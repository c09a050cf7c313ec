package demo_test

import (
	"context"
	"testing"

	"pantau/data/dbtest"
	"pantau/demo"
)

func TestLoadDemo(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	res, err := demo.Load(ctx, db.DB, demo.Options{Seed: 1, Stays: 3000, Until: dbtest.GenDay})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Boundaries || res.Stays.Inserted != 3000 || res.Accommodations.Inserted != 150 {
		t.Fatalf("result %+v", res)
	}
	var desa, kec, kab, approx int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE level = 'desa'), count(*) FILTER (WHERE level = 'kecamatan'),
		count(*) FILTER (WHERE level = 'kabupaten'), count(*) FILTER (WHERE approximate) FROM areas`).Scan(&desa, &kec, &kab, &approx); err != nil {
		t.Fatal(err)
	}
	if desa != len(demo.Gazetteer) || kec != 5 || kab != 1 || approx != desa+kec+kab {
		t.Fatalf("areas: %d desa, %d kecamatan, %d kabupaten, %d approximate", desa, kec, kab, approx)
	}
	// Every gazetteer point lies in its own derived desa.
	var wrong int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM areas WHERE level = 'desa' AND pantau_desa_for(label_point) IS DISTINCT FROM code`).Scan(&wrong); err != nil {
		t.Fatal(err)
	}
	if wrong != 0 {
		t.Fatalf("%d gazetteer points outside their desa", wrong)
	}
	// Points are placed within desa; the mix looks like Puncak.
	var outside, gulf, total, overstay, unregistered, open int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE desa_code IS NULL),
		count(*) FILTER (WHERE nationality IN ('SAU','ARE','KWT','QAT','OMN','BHR')), count(*),
		count(*) FILTER (WHERE permit_expiry < coalesce(departure_date, $1)),
		count(*) FILTER (WHERE departure_date IS NULL) FROM stays`, dbtest.GenDay).Scan(&outside, &gulf, &total, &overstay, &open); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM accommodations WHERE kind = 'villa' AND NOT apoa_registered`).Scan(&unregistered); err != nil {
		t.Fatal(err)
	}
	t.Logf("stays %d: outside %d, gulf %d, overstay %d, open %d; unregistered villas %d", total, outside, gulf, overstay, open, unregistered)
	if outside != 0 || gulf < total/3 || overstay == 0 || overstay > total/10 || unregistered == 0 || open == 0 {
		t.Fatal("demo data does not look right")
	}
	// Deterministic and idempotent: the same seed again changes nothing.
	res2, err := demo.Load(ctx, db.DB, demo.Options{Seed: 1, Stays: 3000, Until: dbtest.GenDay})
	if err != nil {
		t.Fatal(err)
	}
	if res2.Boundaries || res2.Stays.Unchanged != 3000 || res2.Accommodations.Unchanged != 150 {
		t.Fatalf("second load %+v", res2)
	}
}
