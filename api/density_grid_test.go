package api_test

import (
	"context"
	"encoding/json"
	"testing"
)

// TestDensityGridMatchesIndependentCount: every cell's count equals an
// ST_Covers count of the present stays inside that cell's polygon, for
// hexagons and squares, and the polygons are the cells of ST_HexagonGrid /
// ST_SquareGrid in UTM 48S.
func TestDensityGridMatchesIndependentCount(t *testing.T) {
	fx := newDensityFixture(t)
	ctx := context.Background()
	admin := fx.DB.Admin(t)
	var bbox string
	if err := admin.QueryRow(ctx, `SELECT concat_ws(',', ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)) FROM areas WHERE code = '32.03.28'`).Scan(&bbox); err != nil {
		t.Fatal(err)
	}
	for _, shape := range []string{"hex", "square"} {
		var fc struct {
			Features []struct {
				Geometry   json.RawMessage `json:"geometry"`
				Properties struct {
					I, J    int
					Present *int64 `json:"present"`
				} `json:"properties"`
			} `json:"features"`
		}
		getJSON(t, fx.testServer, "/api/v1/density/grid?shape="+shape+"&cell=400&at=2026-06-20&bbox="+bbox, fx.analyst, &fc)
		if len(fc.Features) < 20 {
			t.Fatalf("%s: only %d cells", shape, len(fc.Features))
		}
		var total int64
		for _, f := range fc.Features {
			var n int64
			var same bool
			err := admin.QueryRow(ctx, `
				WITH c AS (SELECT CASE WHEN $1 = 'hex' THEN ST_Hexagon(400, $2, $3, ST_SetSRID(ST_Point(0, 0), 32748))
				                       ELSE ST_Square(400, $2, $3, ST_SetSRID(ST_Point(0, 0), 32748)) END AS g)
				SELECT (SELECT count(*) FROM stays s WHERE ST_Covers(c.g, ST_Transform(s.geom, 32748))
				          AND s.arrival_date <= DATE '2026-06-20' AND (s.departure_date IS NULL OR s.departure_date >= DATE '2026-06-20')),
				       ST_Equals(ST_SnapToGrid(ST_Transform(ST_GeomFromGeoJSON($4), 32748), 0.01), ST_SnapToGrid(c.g, 0.01))
				FROM c`, shape, f.Properties.I, f.Properties.J, string(f.Geometry)).Scan(&n, &same)
			if err != nil {
				t.Fatal(err)
			}
			if *f.Properties.Present != n {
				t.Errorf("%s cell %d,%d: %d, independent count %d", shape, f.Properties.I, f.Properties.J, *f.Properties.Present, n)
			}
			if !same {
				t.Errorf("%s cell %d,%d: polygon differs from the grid's cell", shape, f.Properties.I, f.Properties.J)
			}
			total += n
		}
		if total == 0 {
			t.Errorf("%s: no stays", shape)
		}
	}
	for _, q := range []string{"shape=tri&bbox=" + bbox, "cell=10&bbox=" + bbox, "cell=50&bbox=106,-8,107.9,-6", "bbox=1,2", "cell=NaN&bbox=" + bbox} {
		if resp := fx.do(t, "GET", "/api/v1/density/grid?"+q, fx.analyst, nil); resp.StatusCode != 400 && resp.StatusCode != 413 {
			t.Errorf("%s: %d", q, resp.StatusCode)
		}
	}
}
