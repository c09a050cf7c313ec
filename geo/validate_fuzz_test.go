package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// FuzzParseGeoJSONGeometry: any bytes give a geometry with finite,
// in-range coordinates and closed rings, or a GeometryError with a path.
func FuzzParseGeoJSONGeometry(f *testing.F) {
	f.Add([]byte(`{"type":"Polygon","coordinates":[[[107,-6.7],[107.01,-6.7],[107.01,-6.71],[107,-6.7]]]}`))
	f.Add([]byte(`{"type":"MultiPolygon","coordinates":[[[[1,2],[3,4],[5,6],[1,2]]],[[[1,2],[3,4],[5,6],[1,3]]]]}`))
	f.Add([]byte(`{"type":"Point","coordinates":[107,-6.7,12]}`))
	f.Add([]byte(`{"type":"Polygon","coordinates":[[[1e999,0],[1,1],[2,2],[1e999,0]]]}`))
	f.Add([]byte(`{"type":"Polygon","coordinates":[[[[[[[[1]]]]]]]]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		g, gerr := ParseGeoJSONGeometry(b, "Point", "Polygon", "MultiPolygon")
		if gerr != nil {
			if gerr.Path == "" || gerr.Reason == "" {
				t.Fatalf("error without path or reason: %+v", gerr)
			}
			return
		}
		check := func(p orb.Point) {
			if math.IsNaN(p[0]) || math.IsInf(p[0], 0) || math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90 {
				t.Fatalf("bad coordinate %v", p)
			}
		}
		switch g := g.(type) {
		case orb.Point:
			check(g)
		case orb.Polygon:
			for _, r := range g {
				if len(r) < 4 || r[0] != r[len(r)-1] {
					t.Fatalf("bad ring %v", r)
				}
				for _, p := range r {
					check(p)
				}
			}
		case orb.MultiPolygon:
			for _, pg := range g {
				for _, r := range pg {
					if len(r) < 4 || r[0] != r[len(r)-1] {
						t.Fatalf("bad ring %v", r)
					}
				}
			}
		}
	})
}
