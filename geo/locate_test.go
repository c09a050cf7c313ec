package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

func square(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

// The locator answers only where the database's rule gives the same answer
// whatever the rounding, and then gives that answer.
func TestDesaLocator(t *testing.T) {
	withHole := square(0.02, 0, 0.03, 0.01)
	withHole = append(withHole, orb.Ring{{0.024, 0.004}, {0.026, 0.004}, {0.026, 0.006}, {0.024, 0.006}, {0.024, 0.004}})
	l := NewDesaLocator([]DesaPolygon{
		{Code: "32.03.01.2002", Geom: orb.MultiPolygon{square(0.01, 0, 0.02, 0.01)}},
		{Code: "32.03.01.2001", Geom: orb.MultiPolygon{square(0, 0, 0.01, 0.01)}},
		// overlaps 2001 in [0.005, 0.01] × [0, 0.01]
		{Code: "32.03.01.2000", Geom: orb.MultiPolygon{square(0.005, 0, 0.01, 0.005)}},
		{Code: "32.03.01.2003", Geom: orb.MultiPolygon{withHole}},
		// unclosed ring, closed by the locator
		{Code: "32.03.01.2004", Geom: orb.MultiPolygon{{{{0.04, 0}, {0.05, 0}, {0.05, 0.01}, {0.04, 0.01}}}}},
	})
	for _, c := range []struct {
		p    orb.Point
		want string // "" = left to the database, "-" = certainly in no desa
	}{
		{orb.Point{0.002, 0.002}, "32.03.01.2001"},
		{orb.Point{0.015, 0.005}, "32.03.01.2002"},
		{orb.Point{0.007, 0.002}, "32.03.01.2000"}, // in the overlap: lowest code
		{orb.Point{0.007, 0.007}, "32.03.01.2001"},
		{orb.Point{0.01, 0.005}, ""},         // on the shared edge
		{orb.Point{0.01 + 1e-12, 0.005}, ""}, // within the margin of it
		{orb.Point{0.01 + 1e-8, 0.005}, "32.03.01.2002"},
		{orb.Point{0, 0}, ""},                      // a corner
		{orb.Point{0.025, 0.005}, ""},              // in the hole, 111 m from its edges: the database decides
		{orb.Point{0.022, 0.005}, "32.03.01.2003"}, // around the hole
		{orb.Point{0.045, 0.005}, "32.03.01.2004"},
		{orb.Point{0.035, 0.005}, "-"},            // a gap between desa, 555 m wide on each side
		{orb.Point{0.0309, 0.005}, ""},            // 100 m from 2003
		{orb.Point{0.0300 + 0.00098, 0.005}, ""},  // 109 m from 2003: within the locator's reach
		{orb.Point{0.0300 + 0.00102, 0.005}, "-"}, // 113.5 m
		{orb.Point{0.025, -0.0009}, ""},           // 99.5 m below 2003
		{orb.Point{0.025, -0.00102}, "-"},         // 112.8 m below
		{orb.Point{5, 5}, "-"},                    // far outside the grid
		{orb.Point{0.025, 75}, ""},                // near a pole: the database decides
	} {
		// Twice: the first call of a boundary-free cell fills its memo.
		for range 2 {
			got, ok := l.Locate(c.p)
			want := c.want
			if want == "-" {
				want = ""
			}
			if ok != (c.want != "") || got != want {
				t.Errorf("Locate(%v) = %q, %v; want %q", c.p, got, ok, c.want)
			}
		}
	}
	if _, ok := NewDesaLocator(nil).Locate(orb.Point{0, 0}); ok {
		t.Error("an empty locator answered")
	}
}
