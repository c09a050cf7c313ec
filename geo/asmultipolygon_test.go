package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestAsMultiPolygon(t *testing.T) {
	ring := orb.Ring{{107, -6.8}, {107.1, -6.8}, {107.1, -6.7}, {107, -6.8}}
	poly := orb.Polygon{ring}
	cases := []struct {
		name string
		g    orb.Geometry
		want orb.MultiPolygon
		ok   bool
	}{
		{"polygon", poly, orb.MultiPolygon{poly}, true},
		{"multipolygon", orb.MultiPolygon{poly, poly}, orb.MultiPolygon{poly, poly}, true},
		{"point", orb.Point{107, -6.8}, nil, false},
		{"line", orb.LineString(ring), nil, false},
		{"nil", nil, nil, false},
	}
	for _, c := range cases {
		got, ok := AsMultiPolygon(c.g)
		if ok != c.ok || !orb.Equal(got, c.want) && c.want != nil {
			t.Errorf("%s: AsMultiPolygon = %v, %v; want %v, %v", c.name, got, ok, c.want, c.ok)
		}
		if !c.ok && got != nil {
			t.Errorf("%s: got %v with ok=false", c.name, got)
		}
	}
}
