package geo

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// TestParseQueryPolygon: everything that can be rejected without the
// database is rejected here, in pure Go, with the right code and field.
func TestParseQueryPolygon(t *testing.T) {
	lim := DefaultPolygonLimits
	lim.Extent = orb.Bound{Min: orb.Point{106.7, -7.6}, Max: orb.Point{107.5, -6.6}}
	sq := func(x0, y0, x1, y1 float64) string {
		return fmt.Sprintf(`[[%v,%v],[%v,%v],[%v,%v],[%v,%v],[%v,%v]]`, x0, y0, x1, y0, x1, y1, x0, y1, x0, y0)
	}
	var big strings.Builder
	big.WriteString(`{"type":"Polygon","coordinates":[[`)
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&big, "[107.%06d,-6.8],", i)
	}
	big.WriteString(`[107.0,-6.8]]]}`)
	cases := []struct {
		name, body, code, field string
	}{
		{"ok polygon", `{"type":"Polygon","coordinates":[` + sq(107, -6.8, 107.1, -6.7) + `]}`, "", ""},
		{"ok feature", `{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[` + sq(107, -6.8, 107.1, -6.7) + `]]}}`, "", ""},
		{"ok with hole", `{"type":"Polygon","coordinates":[` + sq(107, -6.8, 107.1, -6.7) + `,` + sq(107.02, -6.78, 107.05, -6.75) + `]}`, "", ""},
		{"bow tie", `{"type":"Polygon","coordinates":[[[107.0,-6.8],[107.05,-6.75],[107.05,-6.8],[107.0,-6.75],[107.0,-6.8]]]}`, EUNPROCESSABLE, "coordinates[0]"},
		{"hole crossing shell", `{"type":"Polygon","coordinates":[` + sq(107, -6.8, 107.1, -6.7) + `,` + sq(107.05, -6.78, 107.2, -6.75) + `]}`, EUNPROCESSABLE, "coordinates[1]"},
		{"collinear overlap", `{"type":"Polygon","coordinates":[[[107.0,-6.8],[107.1,-6.8],[107.1,-6.7],[107.05,-6.8],[107.02,-6.8],[107.0,-6.7],[107.0,-6.8]]]}`, EUNPROCESSABLE, "coordinates[0]"},
		{"100,000 vertices", big.String(), ETOOLARGE, "coordinates[0]"},
		{"NaN string", `{"type":"Polygon","coordinates":[[[107.0,"NaN"],[107.05,-6.8],[107.05,-6.75],[107.0,-6.8]]]}`, EINVALID, "coordinates[0][0][1]"},
		{"Inf", `{"type":"Polygon","coordinates":[[[1e999,-6.8],[107.05,-6.8],[107.05,-6.75],[107.0,-6.8]]]}`, EINVALID, "coordinates[0][0][0]"},
		{"point", `{"type":"Point","coordinates":[107,-6.8]}`, EUNPROCESSABLE, "type"},
		{"feature point", `{"type":"Feature","geometry":{"type":"Point","coordinates":[107,-6.8]}}`, EUNPROCESSABLE, "geometry.type"},
		{"open ring", `{"type":"Polygon","coordinates":[[[107.0,-6.8],[107.05,-6.8],[107.05,-6.75],[107.0,-6.75]]]}`, EINVALID, "coordinates[0]"},
		{"depth", `{"type":"Polygon","coordinates":[[[[107.0,-6.8]]]]}`, EINVALID, "coordinates[0]"},
		{"outside", `{"type":"Polygon","coordinates":[` + sq(106.8, -6.2, 106.85, -6.15) + `]}`, EUNPROCESSABLE, "coordinates"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mp, err := ParseQueryPolygon([]byte(c.body), lim)
			if c.code == "" {
				if err != nil || len(mp) == 0 {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok || e.Code != c.code || e.Field != c.field {
				t.Fatalf("got %v, want code %s field %s", err, c.code, c.field)
			}
		})
	}
}
