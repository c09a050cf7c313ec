package importer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"pantau/data/dbtest"
	"pantau/demo"
	"pantau/geo"
	"pantau/importer"
)

// importShared imports the boundary file name of the shared data in dir,
// of level (from each feature's code when "").
func importShared(t *testing.T, db *dbtest.DB, dir, name string, level geo.Level) (importer.Result, error) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return importer.Boundaries(context.Background(), db.DB, f, importer.BoundaryOptions{File: name, Level: level})
}

// TestImportRealBoundaries is the "done when" of issue 3: the real desa
// load with their area, every label point lands in its own desa, the
// kecamatan are derived (or loaded) and a re-import changes nothing.
func TestImportRealBoundaries(t *testing.T) {
	dir := dbtest.SharedData(t)
	db := dbtest.New(t)
	ctx := context.Background()
	res, err := importShared(t, db, dir, "cianjur_desa.geojson", "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Inserted != 360 || res.Rejected != 0 {
		t.Fatalf("result %+v", res)
	}
	var n, kec, kab int
	var km2 float64
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE level = 'desa'), count(*) FILTER (WHERE level = 'kecamatan'),
		count(*) FILTER (WHERE level = 'kabupaten'), sum(area_km2) FILTER (WHERE level = 'desa') FROM areas`).Scan(&n, &kec, &kab, &km2); err != nil {
		t.Fatal(err)
	}
	if n != 360 || kec != 32 || kab != 1 || math.Abs(km2-3634)/3634 > 0.005 {
		t.Fatalf("%d desa (%.1f km²), %d kecamatan, %d kabupaten", n, km2, kec, kab)
	}
	// The derived kecamatan and kabupaten carry no specks between desa
	// (2,987 holes in the kabupaten before pantau_fill_specks).
	var parents, specks, kabHoles int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*), sum(specks), max(holes) FILTER (WHERE code = '32.03') FROM (
		SELECT a.code, count(r.*) FILTER (WHERE r.path[1] > 0) AS holes,
		       count(r.*) FILTER (WHERE r.path[1] > 0 AND ST_Area(r.geom::geography) < $1) AS specks
		FROM areas a, ST_Dump(a.geom) d, ST_DumpRings(d.geom) r WHERE a.level <> 'desa' GROUP BY a.code) x`,
		float64(importer.SpeckM2)).Scan(&parents, &specks, &kabHoles); err != nil {
		t.Fatal(err)
	}
	if parents != 33 || specks != 0 || kabHoles != 0 {
		t.Errorf("%d kecamatan and kabupaten: %d specks under %d m², %d holes in the kabupaten", parents, specks, importer.SpeckM2, kabHoles)
	}
	// Every desa's label point (from the file) is assigned to that desa.
	var wrong []string
	raw, err := os.ReadFile(filepath.Join(dir, "cianjur_desa.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Properties struct {
				Kode               string
				LabelLat, LabelLon float64
			} `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(bytes.ReplaceAll(bytes.ReplaceAll(raw, []byte(`"label_lat"`), []byte(`"labellat"`)), []byte(`"label_lon"`), []byte(`"labellon"`)), &fc); err != nil {
		t.Fatal(err)
	}
	codes, lons, lats := []string{}, []float64{}, []float64{}
	for _, f := range fc.Features {
		codes, lons, lats = append(codes, f.Properties.Kode), append(lons, f.Properties.LabelLon), append(lats, f.Properties.LabelLat)
	}
	rows, err := db.Pool.Query(ctx, `SELECT c FROM unnest($1::text[], $2::float8[], $3::float8[]) AS t(c, x, y)
		WHERE pantau_desa_for(ST_SetSRID(ST_MakePoint(x, y), 4326)) IS DISTINCT FROM c`, codes, lons, lats)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		wrong = append(wrong, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(codes) != 360 || len(wrong) > 0 {
		t.Fatalf("%d label points checked; not in their own desa: %v", len(codes), wrong)
	}
	var name string
	if err := db.Pool.QueryRow(ctx, `SELECT name FROM areas WHERE code = '32.03.28'`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	if name != "Cipanas" {
		t.Fatalf("derived kecamatan 32.03.28 named %q", name)
	}
	// The real kecamatan file replaces the derived ones; a re-import is a no-op.
	if res, err = importShared(t, db, dir, "cianjur_kecamatan.geojson", geo.LevelKecamatan); err != nil || res.Updated != 32 {
		t.Fatalf("kecamatan: %+v %v", res, err)
	}
	if res, err = importShared(t, db, dir, "cianjur_desa.geojson", ""); err != nil || res.Unchanged != 360 {
		t.Fatalf("re-import: %+v %v", res, err)
	}
}

// TestFillSpecks: pantau_fill_specks drops the holes under the bound and
// keeps the larger ones, in every part of a MultiPolygon.
func TestFillSpecks(t *testing.T) {
	db := dbtest.New(t)
	var holes []int
	var srid int
	// Near Cipanas: a 1 km² enclave (kept) and a 20 m square speck (dropped)
	// in the first part, a second part with one speck.
	if err := db.Pool.QueryRow(context.Background(), `WITH g AS (SELECT pantau_fill_specks(ST_GeomFromText('MULTIPOLYGON(
		((107.00 -6.80, 107.10 -6.80, 107.10 -6.70, 107.00 -6.70, 107.00 -6.80),
		 (107.02 -6.78, 107.02 -6.77, 107.03 -6.77, 107.03 -6.78, 107.02 -6.78),
		 (107.05 -6.75, 107.05 -6.7498, 107.0502 -6.7498, 107.0502 -6.75, 107.05 -6.75)),
		((107.20 -6.80, 107.30 -6.80, 107.30 -6.70, 107.20 -6.70, 107.20 -6.80),
		 (107.25 -6.75, 107.25 -6.7498, 107.2502 -6.7498, 107.2502 -6.75, 107.25 -6.75)))', 4326), $1) AS g)
		SELECT array_agg(ST_NumInteriorRings(d.geom) ORDER BY d.path), ST_SRID((SELECT g FROM g)) FROM g, ST_Dump(g.g) d`,
		float64(importer.SpeckM2)).Scan(&holes, &srid); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(holes) != "[1 0]" || srid != 4326 {
		t.Errorf("interior rings per part %v (want [1 0]), SRID %d", holes, srid)
	}
}

// TestImportBoundariesReplacesDemoAndReassigns: the demo's approximate
// boundaries give way to real ones and every point gets its real desa.
func TestImportBoundariesReplacesDemoAndReassigns(t *testing.T) {
	dir := dbtest.SharedData(t)
	db := dbtest.New(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, db.DB, demo.Options{Seed: 3, Stays: 2000, Until: dbtest.GenDay}); err != nil {
		t.Fatal(err)
	}
	res, err := importShared(t, db, dir, "cianjur_desa.geojson", "")
	if err != nil {
		t.Fatal(err)
	}
	var approx, mismatch int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM areas WHERE approximate`).Scan(&approx); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM stays WHERE desa_code IS DISTINCT FROM pantau_desa_for(geom)`).Scan(&mismatch); err != nil {
		t.Fatal(err)
	}
	t.Logf("re-assigned %d points", res.Reassigned)
	if approx != 0 || mismatch != 0 || res.Reassigned == 0 {
		t.Fatalf("%d approximate areas left, %d stays with a stale desa", approx, mismatch)
	}
}

func featureCollection(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

func bSquare(code, name string, x, y, d float64) string {
	b, _ := json.Marshal(map[string]any{"type": "Feature", "properties": map[string]any{"kode": code, "desa": name},
		"geometry": map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{x, y}, {x + d, y}, {x + d, y + d}, {x, y + d}, {x, y}}}}})
	return string(b)
}

// TestImportBoundariesOneBadFeature: one bad feature among thousands means
// nothing is written and the error names it; --skip-invalid loads the rest
// and reports it; --repair fixes a self-intersection and says how.
func TestImportBoundariesOneBadFeature(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	var feats []string
	for i := range 2000 {
		code := "32.03.40." + pad4(2001+i)
		feats = append(feats, bSquare(code, "Desa "+code, 107+float64(i%50)*0.01, -7+float64(i/50)*0.01, 0.009))
	}
	bowtie := `{"type":"Feature","properties":{"kode":"32.03.41.2001","desa":"Bowtie"},"geometry":{"type":"Polygon","coordinates":[[[107,-6],[107.01,-5.99],[107.01,-6],[107,-5.99],[107,-6]]]}}`
	bad := append(append([]string{}, feats[:1234]...), bowtie)
	bad = append(bad, feats[1234:]...)
	_, err := importer.Boundaries(ctx, db.DB, strings.NewReader(featureCollection(bad...)), importer.BoundaryOptions{File: "desa.geojson"})
	if err == nil || !strings.Contains(geo.ErrorMessage(err), "desa.geojson: feature 1235 (source_id 32.03.41.2001): geometry: Self-intersection") {
		t.Fatalf("error %v", err)
	}
	var n int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM areas`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d areas written", n)
	}
	res, err := importer.Boundaries(ctx, db.DB, strings.NewReader(featureCollection(bad...)), importer.BoundaryOptions{File: "desa.geojson", SkipInvalid: true})
	if err != nil || res.Inserted != 2000 || res.Rejected != 1 || res.Rejects[0].N != 1235 {
		t.Fatalf("skip-invalid: %+v %v", res, err)
	}
	res, err = importer.Boundaries(ctx, db.DB, strings.NewReader(featureCollection(bowtie)), importer.BoundaryOptions{File: "desa.geojson", Repair: true})
	if err != nil || res.Inserted != 1 || len(res.Repaired) != 1 || !strings.Contains(res.Repaired[0], "ST_MakeValid") {
		t.Fatalf("repair: %+v %v", res, err)
	}
	t.Log(res.Repaired[0])
}

func pad4(i int) string {
	s := "0000" + itoa(i)
	return s[len(s)-4:]
}

func itoa(i int) string { return strconv.Itoa(i) }
