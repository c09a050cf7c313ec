package geo

import (
	"fmt"
	"sort"

	"github.com/paulmach/orb"
)

// CheckSelfIntersection reports (as EUNPROCESSABLE naming the ring) the
// first pair of edges of one polygon of mp that cross each other or overlap
// along a stretch: a ring that crosses itself (a "bow tie") or a hole that
// crosses its shell. Edges that meet only at a shared vertex are accepted
// here (OGC validity rules about touching rings are ST_IsValidReason's job).
// It is a plane sweep over the edges' x-extents in degrees, so typical
// polygons cost O(n log n); field is the JSON path of the coordinates.
func CheckSelfIntersection(mp orb.MultiPolygon, field string) error {
	for pi, poly := range mp {
		type edge struct {
			a, b       orb.Point
			ring, idx  int
			minX, maxX float64
		}
		var edges []edge
		for ri, ring := range poly {
			for i := 0; i+1 < len(ring); i++ {
				a, b := ring[i], ring[i+1]
				if a == b {
					continue // repeated position: harmless
				}
				edges = append(edges, edge{a: a, b: b, ring: ri, idx: i, minX: min(a[0], b[0]), maxX: max(a[0], b[0])})
			}
		}
		sort.Slice(edges, func(i, j int) bool { return edges[i].minX < edges[j].minX })
		var active []int
		for i, e := range edges {
			keep := active[:0]
			for _, k := range active {
				if edges[k].maxX >= e.minX {
					keep = append(keep, k)
				}
			}
			active = keep
			for _, k := range active {
				o := edges[k]
				if segmentsConflict(e.a, e.b, o.a, o.b) {
					where := fmt.Sprintf("%s[%d]", field, pi)
					if len(mp) == 1 {
						where = field
					}
					if e.ring == o.ring {
						return RPolygonSelfIntersects.FieldErrorf(fmt.Sprintf("%s[%d]", where, e.ring),
							"the polygon is not valid: ring %d crosses itself (edges %d and %d)", e.ring, min(e.idx, o.idx), max(e.idx, o.idx))
					}
					return RPolygonSelfIntersects.FieldErrorf(fmt.Sprintf("%s[%d]", where, max(e.ring, o.ring)),
						"the polygon is not valid: rings %d and %d cross", min(e.ring, o.ring), max(e.ring, o.ring))
				}
			}
			active = append(active, i)
		}
	}
	return nil
}

// segmentsConflict reports whether segments ab and cd cross at a point
// interior to both, or overlap collinearly along more than a point.
func segmentsConflict(a, b, c, d orb.Point) bool {
	d1, d2 := orient(c, d, a), orient(c, d, b)
	d3, d4 := orient(a, b, c), orient(a, b, d)
	if d1*d2 < 0 && d3*d4 < 0 {
		return true // proper crossing
	}
	if d1 == 0 && d2 == 0 && d3 == 0 && d4 == 0 {
		// Collinear: overlapping along a stretch is a conflict, touching
		// end to end is not.
		u := orb.Point{b[0] - a[0], b[1] - a[1]}
		t := func(p orb.Point) float64 { return (p[0]-a[0])*u[0] + (p[1]-a[1])*u[1] }
		l2 := u[0]*u[0] + u[1]*u[1]
		lo, hi := min(t(c), t(d)), max(t(c), t(d))
		return min(hi, l2)-max(lo, 0) > 0
	}
	return false
}

func orient(a, b, c orb.Point) float64 {
	v := (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
