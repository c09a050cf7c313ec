package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
)

type polygonResp struct {
	Total struct {
		Present    *int64 `json:"present"`
		Overstays  *int64 `json:"overstays"`
		Suppressed bool   `json:"suppressed"`
	} `json:"total"`
	Polygon struct {
		AreaKm2  float64 `json:"area_km2"`
		Vertices int     `json:"vertices"`
	} `json:"polygon"`
	Suppression struct {
		Applied bool   `json:"applied"`
		Rule    string `json:"rule"`
	} `json:"suppression"`
	Breakdown map[string][]struct {
		Key     string `json:"key"`
		Present *int64 `json:"present"`
	} `json:"breakdown"`
	Desa []struct {
		Code    string  `json:"code"`
		Present *int64  `json:"present"`
		Share   float64 `json:"share"`
	} `json:"desa"`
	OutsideDesa struct {
		Present *int64 `json:"present"`
	} `json:"outside_desa"`
	Accommodations struct {
		Total  int64            `json:"total"`
		ByKind map[string]int64 `json:"by_kind"`
	} `json:"accommodations"`
}

func (fx *densityFixture) polygon(t *testing.T, query, token, body string) polygonResp {
	t.Helper()
	resp := postPolygon(t, fx.testServer, query, token, []byte(body))
	if resp.StatusCode != 200 {
		b, err := io.ReadAll(resp.Body)
		must(t, err)
		t.Fatalf("polygon %s: %d %s", query, resp.StatusCode, b)
	}
	var out polygonResp
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// sqlGeoJSON evaluates a geometry SQL expression to GeoJSON.
func (fx *densityFixture) sqlGeoJSON(t *testing.T, expr string, args ...any) string {
	t.Helper()
	var s string
	if err := fx.DB.Admin(t).QueryRow(context.Background(), `SELECT ST_AsGeoJSON(`+expr+`, 9)`, args...).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestDensityPolygonMatchesIndependentCount: an analyst's polygon figures
// equal an ST_Contains count over the same rows, per desa too.
func TestDensityPolygonMatchesIndependentCount(t *testing.T) {
	fx := newDensityFixture(t)
	// A 1,000-vertex circle of about 20 km² in kecamatan Cipanas.
	poly := fx.sqlGeoJSON(t, `(SELECT ST_Buffer(label_point::geography, 2523, 250)::geometry FROM areas WHERE code = '32.03.28')`)
	got := fx.polygon(t, "?at=2026-06-20", fx.analyst, poly)
	if got.Polygon.Vertices != 1001 || got.Polygon.AreaKm2 < 19 || got.Polygon.AreaKm2 > 21 || got.Suppression.Applied {
		t.Fatalf("polygon info %+v %+v", got.Polygon, got.Suppression)
	}
	var want, acc int64
	if err := fx.DB.Admin(t).QueryRow(context.Background(), `
		SELECT (SELECT count(*) FROM stays s WHERE ST_Contains(ST_GeomFromGeoJSON($1), s.geom)
		          AND s.arrival_date <= DATE '2026-06-20' AND (s.departure_date IS NULL OR s.departure_date >= DATE '2026-06-20')),
		       (SELECT count(*) FROM accommodations a WHERE ST_Contains(ST_GeomFromGeoJSON($1), a.geom))`, poly).Scan(&want, &acc); err != nil {
		t.Fatal(err)
	}
	if got.Total.Present == nil || *got.Total.Present != want || want == 0 {
		t.Fatalf("polygon total %v, independent count %d", got.Total.Present, want)
	}
	if got.Accommodations.Total != acc || acc == 0 {
		t.Errorf("accommodations %d, independent %d", got.Accommodations.Total, acc)
	}
	var sum int64
	var share float64
	for _, d := range got.Desa {
		sum += *d.Present
		share += d.Share
	}
	if sum+*got.OutsideDesa.Present != want || share < 0.999 || share > 1.001 {
		t.Errorf("desa sum %d (+%d outside), shares %v", sum, *got.OutsideDesa.Present, share)
	}
	for dim, parts := range got.Breakdown {
		var s int64
		for _, p := range parts {
			s += *p.Present
		}
		if s != want {
			t.Errorf("breakdown %s sums to %d, want %d", dim, s, want)
		}
	}
	// Buffer grows the polygon, and the count cannot shrink.
	buf := fx.polygon(t, "?at=2026-06-20&buffer=500", fx.analyst, poly)
	if buf.Polygon.AreaKm2 <= got.Polygon.AreaKm2 || *buf.Total.Present < want {
		t.Errorf("buffer 500: %+v total %d", buf.Polygon, *buf.Total.Present)
	}
	// A Feature and a MultiPolygon work the same.
	feat := fx.polygon(t, "?at=2026-06-20", fx.analyst, `{"type":"Feature","properties":{},"geometry":`+poly+`}`)
	multi := fx.polygon(t, "?at=2026-06-20", fx.analyst, fx.sqlGeoJSON(t, `ST_Multi(ST_GeomFromGeoJSON($1))`, poly))
	if *feat.Total.Present != want || *multi.Total.Present != want {
		t.Errorf("feature %d, multipolygon %d, want %d", *feat.Total.Present, *multi.Total.Present, want)
	}
}

// TestDensityPolygonBadInput: bad polygons are problems (400/413/422) that
// name the field, never a 500.
func TestDensityPolygonBadInput(t *testing.T) {
	fx := newDensityFixture(t)
	sq := func(x0, y0, x1, y1 float64) string {
		return fmt.Sprintf(`[[%v,%v],[%v,%v],[%v,%v],[%v,%v],[%v,%v]]`, x0, y0, x1, y0, x1, y1, x0, y1, x0, y0)
	}
	var huge strings.Builder
	huge.WriteString(`{"type":"Polygon","coordinates":[[`)
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&huge, "[%.6f,%.6f],", 107.0+float64(i%1000)*1e-5, -6.8+float64(i/1000)*1e-5)
	}
	huge.WriteString(`[107.0,-6.8]]]}`)
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	cases := []struct {
		name, body string
		status     int
	}{
		{"self-intersecting bow tie", `{"type":"Polygon","coordinates":[[[107.0,-6.8],[107.05,-6.75],[107.05,-6.8],[107.0,-6.75],[107.0,-6.8]]]}`, 422},
		{"hole crossing its shell", `{"type":"Polygon","coordinates":[` + sq(107.0, -6.8, 107.05, -6.75) + `,` + sq(107.04, -6.79, 107.08, -6.77) + `]}`, 422},
		{"ring touching itself (PostGIS finds it)", `{"type":"Polygon","coordinates":[[[107.0,-6.8],[107.05,-6.8],[107.05,-6.75],[107.025,-6.8],[107.0,-6.75],[107.0,-6.8]]]}`, 422},
		{"100,000 vertices", huge.String(), 413},
		{"NaN as a string", `{"type":"Polygon","coordinates":[[[107.0,"NaN"],[107.05,-6.8],[107.05,-6.75],[107.0,-6.8]]]}`, 400},
		{"NaN bare", `{"type":"Polygon","coordinates":[[[107.0,NaN],[107.05,-6.8],[107.05,-6.75],[107.0,-6.8]]]}`, 400},
		{"Infinity by overflow", `{"type":"Polygon","coordinates":[[[107.0,1e999],[107.05,-6.8],[107.05,-6.75],[107.0,-6.8]]]}`, 400},
		{"a Point", `{"type":"Point","coordinates":[107.0,-6.8]}`, 422},
		{"a LineString", `{"type":"LineString","coordinates":[[107.0,-6.8],[107.1,-6.8]]}`, 422},
		{"a FeatureCollection", `{"type":"FeatureCollection","features":[]}`, 422},
		{"a Feature holding a Point", `{"type":"Feature","geometry":{"type":"Point","coordinates":[107.0,-6.8]}}`, 422},
		{"unknown type", `{"type":"Circle","coordinates":[107.0,-6.8]}`, 400},
		{"coordinates as a string", `{"type":"Polygon","coordinates":"107,-6.8"}`, 400},
		{"MultiPolygon nested one level short", `{"type":"MultiPolygon","coordinates":[` + sq(107.0, -6.8, 107.05, -6.75) + `]}`, 400},
		{"nesting 20,000 deep", `{"type":"Polygon","coordinates":` + deep + `}`, 400},
		{"ring not closed", `{"type":"Polygon","coordinates":[[[107.0,-6.8],[107.05,-6.8],[107.05,-6.75],[107.0,-6.75]]]}`, 400},
		{"ring of 3 positions", `{"type":"Polygon","coordinates":[[[107.0,-6.8],[107.05,-6.8],[107.0,-6.8]]]}`, 400},
		{"longitude 200", `{"type":"Polygon","coordinates":[` + sq(199, -6.8, 200, -6.75) + `]}`, 400},
		{"out of the loaded area (Jakarta)", `{"type":"Polygon","coordinates":[` + sq(106.8, -6.2, 106.85, -6.15) + `]}`, 422},
		{"partly out of the loaded area", `{"type":"Polygon","coordinates":[` + sq(107.0, -6.8, 108.5, -6.75) + `]}`, 422},
		{"not JSON", `POLYGON((107 -6.8, 107.1 -6.8, 107.1 -6.7, 107 -6.8))`, 400},
		{"empty body", ``, 400},
		{"body over 4 MiB", `{"type":"Polygon","coordinates":[[` + strings.Repeat(" ", 5<<20) + `]]}`, 413},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := postPolygon(t, fx.testServer, "?at=2026-06-20", fx.analyst, []byte(c.body))
			if resp.StatusCode != c.status {
				b, err := io.ReadAll(resp.Body)
				must(t, err)
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, c.status, b)
			}
			p := decodeProblem(t, resp)
			if p.Detail == "" || (c.status != 413 && p.Field == "" && c.body != "") {
				t.Errorf("problem lacks detail or field: %+v", p)
			}
		})
	}
	for _, q := range []string{"?buffer=-5", "?buffer=NaN", "?buffer=99999", "?at=2026-02-30", "?bufer=5"} {
		resp := postPolygon(t, fx.testServer, q, fx.analyst, []byte(`{"type":"Polygon","coordinates":[`+sq(107.0, -6.8, 107.05, -6.75)+`]}`))
		if resp.StatusCode != 400 {
			t.Errorf("%s: %d", q, resp.StatusCode)
		}
	}
}
