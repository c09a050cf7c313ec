package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"pantau/geo"
)

// TestSmallCountsAndDifferencing: viewers never see a count from 1 to k−1,
// every count they see is a multiple of k (geo.Disclose), and so no
// difference of two of their answers — overlapping polygons, two windows, a
// kecamatan and its desa, a total and its breakdown — isolates one. Each
// attack is first shown to work on exact (analyst) figures, so without the
// rule the viewer's figures would fail the same checks.
func TestSmallCountsAndDifferencing(t *testing.T) {
	fx := newDensityFixture(t)
	ctx := context.Background()
	admin := fx.DB.Admin(t)
	// Cell (i, j) of the fixed 500 m viewer grid that holds Cipanas's label point.
	var i, j int
	if err := admin.QueryRow(ctx, `SELECT floor(ST_X(p) / 500)::int, floor(ST_Y(p) / 500)::int
		FROM (SELECT ST_Transform(label_point, 32748) AS p FROM areas WHERE code = '32.03.28') x`).Scan(&i, &j); err != nil {
		t.Fatal(err)
	}
	x0, y0 := float64(500*i), float64(500*j)
	p1 := [2]float64{x0 + 280, y0 + 280} // 30 m off the cell's centre
	p2 := [2]float64{x0 + 550, y0 + 250} // 50 m into the next cell east
	var d2 [2]float64                    // a point in another desa of Cipanas
	var desa1 string
	if err := admin.QueryRow(ctx, `SELECT pantau_desa_for(ST_Transform(ST_SetSRID(ST_Point($1, $2), 32748), 4326))`, p1[0], p1[1]).Scan(&desa1); err != nil {
		t.Fatal(err)
	}
	if err := admin.QueryRow(ctx, `SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 32748) AS p FROM areas
		WHERE parent_code = '32.03.28' AND code <> $1 ORDER BY code LIMIT 1) x`, desa1).Scan(&d2[0], &d2[1]); err != nil {
		t.Fatal(err)
	}
	add := func(tag string, n int, at [2]float64, nat, arrive, depart string) {
		t.Helper()
		_, err := admin.Exec(ctx, `
			INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, arrival_date, departure_date, geom, desa_code)
			SELECT $1 || k, 'Test Person', $1 || k, $2, 'voa', $3::date, $4::date, g, pantau_desa_for(g)
			FROM generate_series(1, $5::int) k, (SELECT ST_Transform(ST_SetSRID(ST_Point($6, $7), 32748), 4326) AS g) p`,
			tag, nat, arrive, depart, n, at[0], at[1])
		if err != nil {
			t.Fatal(err)
		}
	}
	// January: 20 at p1, 2 at p2 (next cell). February: 20 at p1 all month,
	// 2 more at p1 on the 28th only. March: 20 at p1, 2 in another desa.
	add("JAN-A", 20, p1, "SAU", "2025-01-01", "2025-01-31")
	add("JAN-B", 2, p2, "SAU", "2025-01-01", "2025-01-31")
	add("FEB-A", 20, p1, "SAU", "2025-02-01", "2025-02-28")
	add("FEB-B", 2, p1, "CHN", "2025-02-28", "2025-02-28")
	add("MAR-A", 20, p1, "SAU", "2025-03-01", "2025-03-31")
	add("MAR-B", 2, d2, "SAU", "2025-03-01", "2025-03-31")

	rect := func(x1 float64) string {
		return fx.sqlGeoJSON(t, `ST_Transform(ST_MakeEnvelope($1, $2, $3, $4, 32748), 4326)`, x0-10, y0-10, x1, y0+510)
	}
	polyA := rect(x0 + 520) // holds p1 and the cell's centre, not p2
	polyB := rect(x0 + 600) // also holds p2, not the next cell's centre
	polyC := rect(x0 + 800) // also holds the next cell's centre
	total := func(token, query, poly string) int64 {
		t.Helper()
		r := fx.polygon(t, query, token, poly)
		if r.Total.Present == nil {
			t.Fatalf("polygon total is null")
		}
		return *r.Total.Present
	}
	// A difference of two viewer counts is a multiple of k, never 1..k−1.
	smallDiff := func(a, b int64) bool { d := a - b; return d%5 != 0 || d != 0 && d > -5 && d < 5 }

	// 1. Two overlapping polygons.
	if a, b := total(fx.analyst, "?at=2025-01-15", polyA), total(fx.analyst, "?at=2025-01-15", polyB); a != 20 || b != 22 {
		t.Fatalf("analyst polygons: %d, %d; want 20, 22 (the attack's premise)", a, b)
	}
	va, vb, vc := total(fx.viewer, "?at=2025-01-15", polyA), total(fx.viewer, "?at=2025-01-15", polyB), total(fx.viewer, "?at=2025-01-15", polyC)
	if smallDiff(vb, va) || smallDiff(vc, va) || smallDiff(vc, vb) {
		t.Errorf("viewer polygons %d, %d, %d: a difference reveals a small count", va, vb, vc)
	}
	if r := fx.polygon(t, "?at=2025-01-15", fx.viewer, polyC); !r.Suppression.Applied || r.Suppression.Rule != "fixed_cells" || !r.Total.Suppressed {
		t.Errorf("viewer polygon C: suppression %+v, total %+v", r.Suppression, r.Total)
	}

	// 2. Two windows differing by a day.
	w1, w2 := "?from=2025-02-01&to=2025-02-27", "?from=2025-02-01&to=2025-02-28"
	if a, b := total(fx.analyst, w1, polyA), total(fx.analyst, w2, polyA); b-a != 2 {
		t.Fatalf("analyst windows: %d, %d (the attack's premise)", a, b)
	}
	if a, b := total(fx.viewer, w1, polyA), total(fx.viewer, w2, polyA); smallDiff(a, b) {
		t.Errorf("viewer windows on a polygon: %d, %d", a, b)
	}
	desaCount := func(token, query, code string) *int64 {
		t.Helper()
		var r areaResp
		getJSON(t, fx.testServer, "/api/v1/density/areas?"+query, token, &r)
		for _, a := range r.Areas {
			if a.Code == code {
				return a.Present
			}
		}
		t.Fatalf("no area %s", code)
		return nil
	}
	if a, b := desaCount(fx.viewer, "level=desa&"+w1[1:], desa1), desaCount(fx.viewer, "level=desa&"+w2[1:], desa1); a == nil || b == nil || smallDiff(*a, *b) {
		t.Errorf("viewer windows on desa %s: %v, %v", desa1, a, b)
	}

	// 3. A kecamatan and its desa.
	var kec, desa areaResp
	getJSON(t, fx.testServer, "/api/v1/density/areas?level=kecamatan&at=2025-03-15", fx.analyst, &kec)
	for _, a := range kec.Areas {
		if a.Code == "32.03.28" && *a.Present != 22 {
			t.Fatalf("analyst kecamatan Cipanas: %d (the attack's premise)", *a.Present)
		}
	}
	getJSON(t, fx.testServer, "/api/v1/density/areas?level=kecamatan&at=2025-03-15", fx.viewer, &kec)
	getJSON(t, fx.testServer, "/api/v1/density/areas?level=desa&at=2025-03-15", fx.viewer, &desa)
	var shownDesa int64
	for _, a := range desa.Areas {
		if a.Present != nil && *a.Present > 0 && *a.Present < 5 {
			t.Errorf("viewer sees desa %s = %d", a.Code, *a.Present)
		}
		if a.Present != nil && a.Code[:8] == "32.03.28" {
			shownDesa += *a.Present
		}
	}
	for _, a := range kec.Areas {
		if a.Code == "32.03.28" && (a.Present == nil || *a.Present != 20 || smallDiff(*a.Present, shownDesa)) {
			t.Errorf("viewer kecamatan Cipanas %v (suppressed %v) vs its shown desa %d", a.Present, a.Suppressed, shownDesa)
		}
	}

	// 4. A total and its breakdown.
	var br areaResp
	getJSON(t, fx.testServer, "/api/v1/density/areas?level=desa&at=2025-02-28&by=nationality", fx.viewer, &br)
	for _, a := range br.Areas {
		if a.Present == nil {
			continue
		}
		rest := *a.Present
		for _, b := range a.Breakdown {
			if b.Present != nil {
				rest -= *b.Present
				if *b.Present > 0 && *b.Present < 5 {
					t.Errorf("desa %s %s = %d shown", a.Code, b.Key, *b.Present)
				}
			}
		}
		if rest%5 != 0 || rest > 0 && rest < 5 {
			t.Errorf("desa %s: total − shown parts = %d reveals the hidden parts", a.Code, rest)
		}
	}
	if n := desaCount(fx.viewer, "level=desa&at=2025-01-15", desa1); n == nil || *n < 20 {
		t.Errorf("viewer desa %s on 2025-01-15: %v, want 20 or more (big counts stay visible)", desa1, n)
	}

	// 5. The grid: viewers get the fixed grid whatever they ask, small cells null.
	var grid struct {
		Grid struct {
			Shape string  `json:"shape"`
			CellM float64 `json:"cell_m"`
			Fixed bool    `json:"fixed"`
		} `json:"grid"`
		Features []struct {
			Properties struct {
				I, J       int
				Present    *int64 `json:"present"`
				Suppressed bool   `json:"suppressed"`
			} `json:"properties"`
		} `json:"features"`
	}
	var bbox string
	if err := admin.QueryRow(ctx, `SELECT concat_ws(',', ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e))
		FROM (SELECT ST_Transform(ST_MakeEnvelope($1, $2, $3, $4, 32748), 4326) AS e) x`, x0-1000, y0-1000, x0+1500, y0+1500).Scan(&bbox); err != nil {
		t.Fatal(err)
	}
	getJSON(t, fx.testServer, "/api/v1/density/grid?shape=hex&cell=100&at=2025-01-15&bbox="+bbox, fx.viewer, &grid)
	if grid.Grid.Shape != "square" || grid.Grid.CellM != 500 || !grid.Grid.Fixed {
		t.Errorf("viewer grid %+v", grid.Grid)
	}
	seen := map[string]*int64{}
	for _, f := range grid.Features {
		seen[fmt.Sprint(f.Properties.I, f.Properties.J)] = f.Properties.Present
	}
	if p := seen[fmt.Sprint(i, j)]; p == nil || *p != 20 {
		t.Errorf("viewer grid cell %d,%d: %v, want 20", i, j, p)
	}
	if p, ok := seen[fmt.Sprint(i+1, j)]; !ok || p != nil {
		t.Errorf("viewer grid cell %d,%d with 2 stays: %v (present %v), want null", i+1, j, p, ok)
	}

	// An officer scoped to another kecamatan sees Cipanas as a viewer does.
	officer := fx.DB.Token(t, "officer", "32.03.29")
	getJSON(t, fx.testServer, "/api/v1/density/grid?shape=hex&cell=100&at=2025-01-15&bbox="+bbox, officer, &grid)
	if !grid.Grid.Fixed || grid.Grid.CellM != 500 {
		t.Errorf("scoped officer grid %+v", grid.Grid)
	}
	// Its polygon over Cipanas gets the viewer's figures, not an error.
	resp := postPolygon(t, fx.testServer, "?at=2025-01-15", officer, []byte(polyA))
	var poly struct {
		Suppression struct{ Applied bool } `json:"suppression"`
		Cells       *struct {
			CellM float64 `json:"cell_m"`
		} `json:"cells"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&poly); err != nil || resp.StatusCode != 200 {
		t.Fatalf("scoped officer polygon outside the area: %d %v", resp.StatusCode, err)
	}
	if !poly.Suppression.Applied || poly.Cells == nil || poly.Cells.CellM != geo.ViewerGrid.CellM {
		t.Errorf("scoped officer polygon outside the area is not the viewer's: %+v", poly)
	}
}
