package geo_test

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"pantau/geo"
)

// FuzzParseGeoJSONGeometry: arbitrary bytes never panic; a geometry that
// parses has only finite coordinates and at most geo.MaxVertices
// positions. Corpus: testdata/fuzz/FuzzParseGeoJSONGeometry.
func FuzzParseGeoJSONGeometry(f *testing.F) {
	for _, s := range []string{
		`{"type":"Point","coordinates":[107.05,-6.75]}`,
		`{"type":"Polygon","coordinates":[[[107,-6.8],[107.1,-6.8],[107.1,-6.7],[107,-6.8]]]}`,
		`{"type":"MultiPolygon","coordinates":[[[[107,-6.8],[107.1,-6.8],[107.1,-6.7],[107,-6.8]]]]}`,
		`{"type":"Point","coordinates":[1e999,0]}`, `{"type":"Polygon","coordinates":[[[[[[0]]]]]]}`,
		`{"type":"GeometryCollection","geometries":[]}`, `null`, `{"type":"Point"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		g, gerr := geo.ParseGeoJSONGeometry(raw)
		if gerr != nil || g == nil {
			return
		}
		n := 0
		bad := false
		visit := func(p orb.Point) {
			n++
			if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
				bad = true
			}
		}
		forEachPoint(g, visit)
		if bad || n > geo.MaxVertices {
			t.Fatalf("%q: %d positions, non-finite %v", raw, n, bad)
		}
	})
}

// FuzzParseQueryPolygon: arbitrary bodies never panic; every refusal is
// EINVALID, EUNPROCESSABLE or ETOOLARGE naming a field; an accepted polygon
// has closed rings of at least four positions within the vertex cap.
// Corpus: testdata/fuzz/FuzzParseQueryPolygon.
func FuzzParseQueryPolygon(f *testing.F) {
	for _, s := range []string{
		`{"type":"Polygon","coordinates":[[[107,-6.8],[107.1,-6.8],[107.1,-6.7],[107,-6.8]]]}`,
		`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[107,-6.8],[107.1,-6.8],[107.1,-6.7],[107,-6.8]]]}}`,
		`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,1],[1,0],[0,1],[0,0]]]]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}`, `{"type":"Point","coordinates":[0,0]}`, `[]`, ``,
	} {
		f.Add([]byte(s))
	}
	lim := geo.PolygonLimits{MaxVertices: 200, MaxParts: 5, MaxRings: 5}
	f.Fuzz(func(t *testing.T, body []byte) {
		mp, err := geo.ParseQueryPolygon(body, lim)
		if err != nil {
			var ge *geo.Error
			if !errors.As(err, &ge) {
				t.Fatalf("%q: not a domain error: %v", body, err)
			}
			switch ge.Code {
			case geo.EINVALID, geo.EUNPROCESSABLE, geo.ETOOLARGE:
			default:
				t.Fatalf("%q: code %s", body, ge.Code)
			}
			return
		}
		n := 0
		if len(mp) == 0 {
			t.Fatalf("%q: accepted an empty polygon", body)
		}
		for _, poly := range mp {
			for _, ring := range poly {
				n += len(ring)
				if len(ring) < 4 || ring[0] != ring[len(ring)-1] {
					t.Fatalf("%q: ring %v is not closed with ≥ 4 positions", body, ring)
				}
			}
		}
		if n > lim.MaxVertices {
			t.Fatalf("%q: %d vertices over the cap", body, n)
		}
	})
}

func forEachPoint(g orb.Geometry, fn func(orb.Point)) {
	switch g := g.(type) {
	case orb.Point:
		fn(g)
	case orb.MultiPoint:
		for _, p := range g {
			fn(p)
		}
	case orb.LineString:
		for _, p := range g {
			fn(p)
		}
	case orb.Ring:
		for _, p := range g {
			fn(p)
		}
	case orb.MultiLineString:
		for _, l := range g {
			forEachPoint(l, fn)
		}
	case orb.Polygon:
		for _, r := range g {
			forEachPoint(r, fn)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			forEachPoint(p, fn)
		}
	case orb.Collection:
		for _, x := range g {
			forEachPoint(x, fn)
		}
	}
}
