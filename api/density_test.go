package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"pantau/api"
	"pantau/data/dbtest"
)

// densityFixture is a server over the real Cianjur boundaries with 5,000
// synthetic stays at random points of the kabupaten (some in gaps and
// overlaps between desa) and 300 accommodations.
type densityFixture struct {
	*testServer
	analyst, viewer, officer string
}

func newDensityFixture(t *testing.T) *densityFixture {
	t.Helper()
	db := dbtest.New(t)
	db.LoadCianjur(t)
	ctx := context.Background()
	admin := db.Admin(t)
	_, err := admin.Exec(ctx, `
		INSERT INTO accommodations (source_id, name, kind, licensed, apoa_registered, geom, desa_code)
		SELECT 'A' || i, 'Place ' || i, (ARRAY['villa','hotel','guesthouse','kos','house'])[1 + i % 5], i % 3 <> 0, i % 4 <> 0, g, pantau_desa_for(g)
		FROM (SELECT (ST_Dump(ST_GeneratePoints(geom, 300, 7))).geom AS g, generate_series(1, 300) AS i FROM areas WHERE code = '32.03.28') p;
		WITH pts AS (SELECT (ST_Dump(ST_GeneratePoints(geom, 5000, 42))).geom AS g FROM areas WHERE level = 'kabupaten'),
		     n AS (SELECT g, row_number() OVER () AS i FROM pts)
		INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, departure_date, accommodation_id, geom, desa_code)
		SELECT 'S' || i, 'Test Person', 'P' || i, (ARRAY['SAU','ARE','KWT','CHN'])[1 + i % 4], (ARRAY['voa','itas'])[1 + i % 2],
		       DATE '2026-06-01' + (i % 40)::int, DATE '2026-06-01' + (i % 30)::int,
		       CASE WHEN i % 5 = 0 THEN NULL ELSE DATE '2026-06-01' + (i % 30)::int + (i % 11)::int END,
		       NULL, g, pantau_desa_for(g)
		FROM n;
		-- Stays at accommodations, at the accommodation's point.
		INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, departure_date, accommodation_id, geom, desa_code)
		SELECT 'T' || a.id || '-' || k, 'Test Person', 'Q' || a.id || '-' || k, (ARRAY['SAU','QAT','NLD'])[1 + k % 3], 'visa_free',
		       DATE '2026-06-25', DATE '2026-06-10', DATE '2026-06-30', a.id, a.geom, a.desa_code
		FROM accommodations a, generate_series(1, 1 + a.id::int % 4) k`)
	if err != nil {
		t.Fatal(err)
	}
	srv := newServerOn(t, db)
	return &densityFixture{testServer: srv,
		analyst: db.Token(t, "analyst", ""), viewer: db.Token(t, "viewer", ""), officer: db.Token(t, "officer", "")}
}

func newServerOn(t *testing.T, db *dbtest.DB) *testServer {
	t.Helper()
	h := api.New(api.Config{DB: db.DB, Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return time.Date(2026, 6, 20, 5, 0, 0, 0, time.UTC) }})
	srv := newHTTPServer(t, h)
	return &testServer{Server: srv, DB: db}
}

func getJSON(t *testing.T, ts *testServer, path, token string, v any) *http.Response {
	t.Helper()
	resp := ts.do(t, "GET", path, token, nil)
	if resp.StatusCode != 200 {
		b, err := io.ReadAll(resp.Body)
		must(t, err)
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return resp
}

type areaResp struct {
	Level string `json:"level"`
	Areas []struct {
		Code       string   `json:"code"`
		Present    *int64   `json:"present"`
		Overstays  *int64   `json:"overstays"`
		PerKm2     *float64 `json:"per_km2"`
		AreaKm2    float64  `json:"area_km2"`
		Suppressed bool     `json:"suppressed"`
		Breakdown  []struct {
			Key     string `json:"key"`
			Present *int64 `json:"present"`
		} `json:"breakdown"`
	} `json:"areas"`
}

// TestDensityAreasMatchIndependentCount: for every one of the 360 real desa
// the endpoint's count for a date equals an independent ST_Contains count
// over the same rows (stays in a gap or overlap between desa go by the
// documented assignment rule, checked separately in data/figures_test.go).
func TestDensityAreasMatchIndependentCount(t *testing.T) {
	fx := newDensityFixture(t)
	var got areaResp
	getJSON(t, fx.testServer, "/api/v1/density/areas?level=desa&at=2026-06-20", fx.analyst, &got)
	if len(got.Areas) != 360 {
		t.Fatalf("%d desa", len(got.Areas))
	}
	rows, err := fx.DB.Admin(t).Query(context.Background(), `
		WITH present AS (
		  SELECT s.*, (SELECT count(*) FROM areas a WHERE a.level = 'desa' AND ST_Contains(a.geom, s.geom)) AS n_in
		  FROM stays s WHERE s.arrival_date <= DATE '2026-06-20' AND (s.departure_date IS NULL OR s.departure_date >= DATE '2026-06-20'))
		SELECT a.code, count(p.id) FILTER (WHERE p.n_in = 1 AND ST_Contains(a.geom, p.geom) OR p.n_in <> 1 AND p.desa_code = a.code)
		FROM areas a LEFT JOIN present p ON ST_DWithin(a.geom, p.geom, 0.002)
		WHERE a.level = 'desa' GROUP BY a.code ORDER BY a.code`)
	if err != nil {
		t.Fatal(err)
	}
	indep := map[string]int64{}
	for rows.Next() {
		var code string
		var n int64
		must(t, rows.Scan(&code, &n))
		indep[code] = n
	}
	var total int64
	for _, a := range got.Areas {
		if a.Present == nil || *a.Present != indep[a.Code] {
			t.Errorf("desa %s: endpoint %v, independent count %d", a.Code, a.Present, indep[a.Code])
		}
		total += *a.Present
	}
	if total == 0 {
		t.Fatal("no stays present")
	}

	// Breakdowns add up to the count; kecamatan add up their desa.
	for _, by := range []string{"nationality", "permit", "status", "accommodation_kind"} {
		var br areaResp
		getJSON(t, fx.testServer, "/api/v1/density/areas?level=desa&at=2026-06-20&by="+by, fx.analyst, &br)
		for i, a := range br.Areas {
			var sum int64
			for _, b := range a.Breakdown {
				sum += *b.Present
			}
			if sum != *got.Areas[i].Present {
				t.Errorf("by=%s desa %s: breakdown sums to %d, count %d", by, a.Code, sum, *got.Areas[i].Present)
			}
		}
	}
	var kec areaResp
	getJSON(t, fx.testServer, "/api/v1/density/areas?level=kecamatan&at=2026-06-20", fx.analyst, &kec)
	var kt int64
	for _, a := range kec.Areas {
		kt += *a.Present
	}
	if len(kec.Areas) != 32 || kt != total {
		t.Errorf("kecamatan: %d areas, total %d, desa total %d", len(kec.Areas), kt, total)
	}

	// CSV and GeoJSON carry the same numbers.
	resp := fx.do(t, "GET", "/api/v1/density/areas?level=desa&at=2026-06-20&format=csv", fx.analyst, nil)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("csv content type %q", ct)
	}
	recs, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil || len(recs) != 361 || recs[0][0] != "code" {
		t.Fatalf("csv: %d rows, %v", len(recs), err)
	}
	for i, rec := range recs[1:] {
		n, err := strconv.ParseInt(rec[4], 10, 64)
		must(t, err)
		if rec[0] != got.Areas[i].Code || n != *got.Areas[i].Present {
			t.Errorf("csv row %v differs from json %s %d", rec[:5], got.Areas[i].Code, *got.Areas[i].Present)
		}
	}
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			ID         string         `json:"id"`
			Geometry   map[string]any `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	resp = getJSON(t, fx.testServer, "/api/v1/density/areas?level=desa&at=2026-06-20&format=geojson", fx.analyst, &fc)
	if resp.Header.Get("Content-Type") != "application/geo+json" || fc.Type != "FeatureCollection" || len(fc.Features) != 360 {
		t.Fatalf("geojson: %s %s %d", resp.Header.Get("Content-Type"), fc.Type, len(fc.Features))
	}
	for i, f := range fc.Features {
		if f.ID != got.Areas[i].Code || int64(f.Properties["present"].(float64)) != *got.Areas[i].Present || f.Geometry["type"] != "MultiPolygon" {
			t.Errorf("geojson feature %s differs", f.ID)
		}
	}
}

func TestDensityAreasBadParams(t *testing.T) {
	fx := newDensityFixture(t)
	for _, q := range []string{"level=province", "by=religion", "format=xml", "at=2026-13-01", "nationalty=SAU", "from=2026-06-01"} {
		resp := fx.do(t, "GET", "/api/v1/density/areas?"+q, fx.analyst, nil)
		if resp.StatusCode != 400 {
			t.Errorf("%s: %d", q, resp.StatusCode)
			continue
		}
		decodeProblem(t, resp)
	}
}

func postPolygon(t *testing.T, ts *testServer, query, token string, body []byte) *http.Response {
	t.Helper()
	return ts.do(t, "POST", "/api/v1/density/polygon"+query, token, bytes.NewReader(body))
}

func newHTTPServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
