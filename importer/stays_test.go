package importer_test

import (
	"context"
	"strings"
	"testing"

	"pantau/data/dbtest"
	"pantau/demo"
	"pantau/geo"
	"pantau/importer"
)

func count(t *testing.T, db *dbtest.DB, sql string) int {
	t.Helper()
	var n int
	if err := db.Pool.QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportStaysIdempotentWithHistory(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	stays, accs := db.GenCSV(t, 3000)
	if res, err := db.ImportCSV(t, "accommodations", "acc.csv", accs, false); err != nil || res.Inserted != 150 {
		t.Fatalf("accommodations: %+v %v", res, err)
	}
	res, err := db.ImportCSV(t, "stays", "stays.csv", stays, false)
	if err != nil || res.Inserted != 3000 || res.Rejected != 0 {
		t.Fatalf("stays: %+v %v", res, err)
	}
	// The set-based assignment agrees with pantau_desa_for everywhere.
	if n := count(t, db, `SELECT count(*) FROM stays WHERE desa_code IS DISTINCT FROM pantau_desa_for(geom)`); n != 0 {
		t.Fatalf("%d stays with a desa other than pantau_desa_for's", n)
	}
	if n := count(t, db, `SELECT count(*) FROM accommodations WHERE desa_code IS DISTINCT FROM pantau_desa_for(geom)`); n != 0 {
		t.Fatalf("%d accommodations with a desa other than pantau_desa_for's", n)
	}
	// The same file again: same counts, nothing changed.
	res, err = db.ImportCSV(t, "stays", "stays.csv", stays, false)
	if err != nil || res.Unchanged != 3000 || res.Inserted+res.Updated != 0 {
		t.Fatalf("re-import: %+v %v", res, err)
	}
	if n := count(t, db, `SELECT count(*) FROM stays`); n != 3000 {
		t.Fatalf("%d stays after re-import", n)
	}
	// One changed row updates in place; its previous version stays queryable.
	lines := strings.Split(stays, "\n")
	f := strings.Split(lines[5], ",")
	id := f[0]
	f[1] = "Changed Name"
	lines[5] = strings.Join(f, ",")
	res, err = db.ImportCSV(t, "stays", "stays.csv", strings.Join(lines, "\n"), false)
	if err != nil || res.Updated != 1 || res.Unchanged != 2999 {
		t.Fatalf("changed row: %+v %v", res, err)
	}
	var name, old string
	var version int
	if err := db.Pool.QueryRow(context.Background(), `SELECT s.full_name, s.version, h.full_name FROM stays s JOIN stays_history h USING (id) WHERE s.source_id = $1`, id).Scan(&name, &version, &old); err != nil {
		t.Fatal(err)
	}
	if name != "Changed Name" || version != 2 || old == "" || old == name {
		t.Fatalf("history: now %q v%d, before %q", name, version, old)
	}
}

// TestImportStaysOneBadRow: one bad row among thousands writes nothing and
// names the line; --skip-invalid writes the rest and reports it.
func TestImportStaysOneBadRow(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	stays := db.GenStays(t, 4000)
	lines := strings.Split(stays, "\n")
	f := strings.Split(lines[2718], ",") // line 2719 of the file
	f[9] = "2020-01-01"                  // departure long before arrival
	lines[2718] = strings.Join(f, ",")
	bad := strings.Join(lines, "\n")
	_, err := db.ImportCSV(t, "stays", "stays.csv", bad, false)
	want := "stays.csv: line 2719 (source_id " + f[0] + "): departure_date: departure 2020-01-01 is before arrival"
	if err == nil || !strings.HasPrefix(geo.ErrorMessage(err), want) || geo.ErrorCode(err) != geo.EINVALID {
		t.Fatalf("error %q, want prefix %q", geo.ErrorMessage(err), want)
	}
	if n := count(t, db, `SELECT count(*) FROM stays`); n != 0 {
		t.Fatalf("%d stays written", n)
	}
	res, err := db.ImportCSV(t, "stays", "stays.csv", bad, true)
	if err != nil || res.Inserted != 3999 || res.Rejected != 1 || res.Rejects[0].N != 2719 || res.Rejects[0].Field != "departure_date" {
		t.Fatalf("skip-invalid: %+v %v", res, err)
	}
}

// TestImportStaysDatabaseChecks: unknown nationality, unknown accommodation,
// swapped coordinates, duplicate ids, points outside every desa.
func TestImportStaysDatabaseChecks(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	if _, err := importer.Boundaries(ctx, db.DB, strings.NewReader(featureCollection(bSquare("32.03.40.2001", "Test", 5, 7, 1))), importer.BoundaryOptions{File: "b.geojson"}); err != nil {
		t.Fatal(err)
	}
	head := strings.Join(geo.StayColumns, ",") + "\n"
	row := func(id, nat, acc, lat, lon string) string {
		return id + ",Test Person,AB1234567," + nat + ",M,1990-01-01,voa,2026-02-01,2026-01-01,2026-01-10," + acc + "," + lat + "," + lon + "\n"
	}
	cases := []struct {
		name, body, field, reason string
	}{
		{"unknown nationality", row("a1", "ZZZ", "", "7.5", "5.5"), "nationality", "unknown nationality code ZZZ"},
		{"unknown accommodation", row("a1", "SAU", "NOPE", "", ""), "accommodation_id", "no accommodation with source_id NOPE"},
		{"swapped", row("a1", "SAU", "", "5.5", "7.5"), "lat", "latitude and longitude look swapped"},
		{"swapped out of range", row("a1", "SAU", "", "107.1", "-6.8"), "lat", "look swapped"},
		{"duplicate id", row("a1", "SAU", "", "7.5", "5.5") + row("a1", "SAU", "", "7.5", "5.5"), "source_id", "duplicate source_id \"a1\" (first at line 2)"},
		{"NaN", row("a1", "SAU", "", "NaN", "5.5"), "lat", "not a finite decimal number"},
		{"Inf", row("a1", "SAU", "", "7.5", "+Inf"), "lon", "not a finite decimal number"},
		{"bad date", row("a1", "SAU", "", "7.5", "5.5")[:0] + "a1,Test,AB1234567,SAU,M,1990-13-01,voa,,2026-01-01,,,7.5,5.5\n", "birth_date", "is not a date YYYY-MM-DD"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := db.ImportCSV(t, "stays", "s.csv", head+c.body, false)
			ge, _ := err.(*geo.Error)
			if ge == nil || !strings.Contains(ge.Message, c.field+": ") || !strings.Contains(ge.Message, c.reason) {
				t.Fatalf("error %v, want %s: …%s", err, c.field, c.reason)
			}
		})
	}
	// A point outside every desa is kept and flagged as outside.
	res, err := db.ImportCSV(t, "stays", "s.csv", head+row("far", "SAU", "", "-6.8", "107.1"), false)
	if err != nil || res.Inserted != 1 || res.Outside != 1 {
		t.Fatalf("outside: %+v %v", res, err)
	}
	// GeoJSON input carries the same names as properties.
	gj := `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[5.5,7.5]},
		"properties":{"source_id":"g1","full_name":"Geo Json","passport_no":"X1234567","nationality":"ARE","permit_type":"itas","arrival_date":"2026-03-01"}}]}`
	res, err = importer.File(ctx, db.DB, "stays", "geojson", strings.NewReader(gj), importer.Options{File: "s.geojson"})
	if err != nil || res.Inserted != 1 {
		t.Fatalf("geojson: %+v %v", res, err)
	}
	if n := count(t, db, `SELECT count(*) FROM stays WHERE source_id = 'g1' AND desa_code = '32.03.40.2001'`); n != 1 {
		t.Fatal("geojson stay not in its desa")
	}
}

// A file of the realistic mix (demo.RealisticMix: 70 % of stays by
// accommodation_id only, 8 % of stays and 3 % of accommodations outside
// every desa) is located by the rule of pantau_desa_for, also where the
// Go locator finds points in no desa and where a stay takes an outside
// accommodation's point; the generator gives that mix.
func TestImportRealisticMixLocatedAsTheDatabase(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	st, acc := db.GenCSVWith(t, demo.RealisticMix(demo.GenOptions{Seed: 8, Stays: 6000, Accommodations: 1000, Until: dbtest.GenDay}))
	ra, err := db.ImportCSV(t, "accommodations", "acc.csv", string(acc), false)
	if err != nil || ra.Inserted != 1000 {
		t.Fatalf("accommodations: %+v %v", ra, err)
	}
	rs, err := db.ImportCSV(t, "stays", "stays.csv", string(st), false)
	if err != nil || rs.Inserted != 6000 {
		t.Fatalf("stays: %+v %v", rs, err)
	}
	for _, table := range []string{"stays", "accommodations"} {
		if n := count(t, db, `SELECT count(*) FROM `+table+` WHERE desa_code IS DISTINCT FROM pantau_desa_for(geom)`); n != 0 {
			t.Fatalf("%d %s with a desa other than pantau_desa_for's", n, table)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM accommodations WHERE desa_code IS NULL`); n != ra.Outside || n < 15 || n > 50 {
		t.Fatalf("%d accommodations outside every desa (import said %d); want about 3 %% of 1000", n, ra.Outside)
	}
	if n := count(t, db, `SELECT count(*) FROM stays WHERE desa_code IS NULL`); n != rs.Outside || n < 400 {
		t.Fatalf("%d stays outside every desa (import said %d)", n, rs.Outside)
	}
	// The mix: 70 % by accommodation, 8 % with their own point in no desa.
	byAcc := count(t, db, `SELECT count(*) FROM stays s JOIN accommodations a ON a.id = s.accommodation_id`)
	ownOutside := count(t, db, `SELECT count(*) FROM stays s WHERE accommodation_id IS NULL
		AND NOT EXISTS (SELECT FROM areas a WHERE a.level = 'desa' AND ST_Covers(a.geom, s.geom))`)
	if byAcc < 4000 || byAcc > 4400 || ownOutside < 360 || ownOutside > 600 {
		t.Fatalf("mix: %d of 6000 stays by accommodation (want ~4200), %d with an own point in no desa (want ~480)", byAcc, ownOutside)
	}
	if n := count(t, db, `SELECT count(*) FROM stays s JOIN accommodations a ON a.id = s.accommodation_id WHERE a.desa_code IS NULL`); n == 0 {
		t.Fatal("no stay at an accommodation outside every desa: the test misses that case")
	}
}
