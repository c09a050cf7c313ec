package geo_test

import (
	"errors"
	"testing"

	"pantau/geo"
)

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
