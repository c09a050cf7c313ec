package geo

import (
	"math"
	"sort"
	"sync/atomic"

	"github.com/paulmach/orb"
)

// LocateMargin is how close to a desa boundary (in degrees, about 0.1 mm)
// a point must lie for a DesaLocator to leave it to the database.
const LocateMargin = 1e-9

// DesaPolygon is a desa's code and polygon (EPSG:4326), as stored.
type DesaPolygon struct {
	Code string
	Geom orb.MultiPolygon
}

// DesaLocator assigns points to desa by the rule of the database's
// pantau_desa_for (data/sql/areas.sql) — the desa whose polygon covers
// the point, the lowest code where several do; else the nearest desa within
// 100 m; else none — for the points where that answer does not depend on
// rounding: points farther than LocateMargin from every desa boundary that
// lie in a desa, and points in no desa that lie clearly beyond the 100 m
// (see beyondGap). It answers no (ok false) for the others — points on or
// near a boundary, and points in no desa within about 110 m of one, where
// the nearest-desa rule applies: the caller asks the database for those.
// So an answer is always the database's answer.
//
// Points are looked up in a uniform grid. A cell that no boundary comes
// within LocateMargin of lies wholly inside the same desa, so its answer is
// that of its centre, computed once; a point in a cell that a boundary
// crosses is tested against the polygons whose box holds it.
type DesaLocator struct {
	desa   []locDesa // by code
	x0, y0 float64
	step   float64
	nx, ny int
	cand   [][]int32 // per cell: the desa whose box (grown by the margin) meets it
	edgy   []bool    // per cell: a boundary (grown by the margin) meets it
	memo   []int32   // per boundary-free cell: desa index, -1 none, -2 not yet known
}

type locDesa struct {
	code  string
	rings []orb.Ring
	bound orb.Bound
	sag   float64 // metres: how far an edge, as an arc on the earth, may stray from its straight line in degrees
}

// maxLocateCells bounds the grid's size (memory: about 30 bytes a cell).
const maxLocateCells = 1 << 18

// NewDesaLocator indexes shapes. Cells are 0.001° (about 110 m) or larger
// so that the grid over all shapes has at most about 260,000 cells.
func NewDesaLocator(shapes []DesaPolygon) *DesaLocator {
	l := &DesaLocator{}
	var all orb.Bound
	for i, s := range shapes {
		d := locDesa{code: s.Code, bound: s.Geom.Bound()}
		for _, p := range s.Geom {
			for _, r := range p {
				if len(r) > 0 && r[0] != r[len(r)-1] {
					r = append(r[:len(r):len(r)], r[0]) // close it
				}
				d.rings = append(d.rings, r)
				for k := 1; k < len(r); k++ {
					d.sag = max(d.sag, arcSag(r[k-1], r[k]))
				}
			}
		}
		l.desa = append(l.desa, d)
		if i == 0 {
			all = d.bound
		} else {
			all = all.Union(d.bound)
		}
	}
	sort.Slice(l.desa, func(i, j int) bool { return l.desa[i].code < l.desa[j].code })
	if len(l.desa) == 0 {
		return l
	}
	w, h := all.Max[0]-all.Min[0], all.Max[1]-all.Min[1]
	l.step = max(0.001, math.Sqrt(w*h/maxLocateCells)*1.01)
	l.x0, l.y0 = all.Min[0]-l.step, all.Min[1]-l.step
	l.nx, l.ny = int(w/l.step)+3, int(h/l.step)+3
	cells := l.nx * l.ny
	l.cand = make([][]int32, cells)
	l.edgy = make([]bool, cells)
	l.memo = make([]int32, cells)
	for i := range l.memo {
		l.memo[i] = -2
	}
	for i, d := range l.desa {
		l.cells(d.bound, func(c int) { l.cand[c] = append(l.cand[c], int32(i)) })
		for _, r := range d.rings {
			for k := 1; k < len(r); k++ {
				l.cells(orb.Bound{Min: r[k-1], Max: r[k-1]}.Extend(r[k]), func(c int) { l.edgy[c] = true })
			}
		}
	}
	return l
}

// cells calls f with every cell that b, grown by the margin, meets.
func (l *DesaLocator) cells(b orb.Bound, f func(int)) {
	i0, j0 := l.cell(b.Min[0]-LocateMargin, b.Min[1]-LocateMargin)
	i1, j1 := l.cell(b.Max[0]+LocateMargin, b.Max[1]+LocateMargin)
	for j := max(j0, 0); j <= min(j1, l.ny-1); j++ {
		for i := max(i0, 0); i <= min(i1, l.nx-1); i++ {
			f(j*l.nx + i)
		}
	}
}

func (l *DesaLocator) cell(x, y float64) (int, int) {
	return int(math.Floor((x - l.x0) / l.step)), int(math.Floor((y - l.y0) / l.step))
}

// Locate returns the desa code of p and true when the answer is certain
// (see DesaLocator) — "" and true when p certainly belongs to no desa (the
// database's NULL); otherwise "" and false. Safe for concurrent use.
func (l *DesaLocator) Locate(p orb.Point) (string, bool) {
	if len(l.desa) == 0 || math.IsNaN(p[0]) || math.IsNaN(p[1]) {
		return "", false
	}
	i, j := l.cell(p[0], p[1])
	if i < 0 || j < 0 || i >= l.nx || j >= l.ny {
		return "", l.beyondGap(p)
	}
	c := j*l.nx + i
	k := int32(-1)
	if !l.edgy[c] {
		k = atomic.LoadInt32(&l.memo[c])
		if k == -2 {
			// No boundary comes near the cell: its centre is never near one.
			centre := orb.Point{l.x0 + (float64(i)+0.5)*l.step, l.y0 + (float64(j)+0.5)*l.step}
			k, _ = l.test(c, centre)
			atomic.StoreInt32(&l.memo[c], k)
		}
	} else {
		var sure bool
		if k, sure = l.test(c, p); !sure {
			return "", false
		}
	}
	if k < 0 {
		return "", l.beyondGap(p)
	}
	return l.desa[k].code, true
}

// test tests p against the candidate desa of cell c, in code order: the
// index of the first that holds p, or -1 for none, and whether that is
// certain (p lies farther than LocateMargin from their edges).
func (l *DesaLocator) test(c int, p orb.Point) (int32, bool) {
	found := int32(-1)
	for _, k := range l.cand[c] {
		d := &l.desa[k]
		if p[0] < d.bound.Min[0]-LocateMargin || p[0] > d.bound.Max[0]+LocateMargin ||
			p[1] < d.bound.Min[1]-LocateMargin || p[1] > d.bound.Max[1]+LocateMargin {
			continue // outside the box: outside, and farther than the margin from every edge
		}
		in, near := inRings(d.rings, p)
		if near {
			return -1, false
		}
		if in && found < 0 {
			found = k
		}
	}
	return found, true
}

// The gap rule's reach as the locator tests it. The database gives a point
// in no desa the nearest desa within 100 m, measured on the WGS 84
// spheroid along great-circle edges. Within a few hundred metres that
// distance is the planar distance in degrees scaled to metres by the local
// metres per degree (to about 10⁻⁵ of itself); the locator scales by lower
// bounds of those (110,574 m a degree of latitude, 111,319 m × cos φ of
// longitude at the largest |φ| within reach), measures to the straight
// edges between vertices and adds how far each edge as an arc may stray
// from its straight line (arcSag). A point farther than gapReach metres so
// measured from every desa lies certainly more than 100 m from each.
const (
	gapReach  = 110.0
	mPerDegY  = 110_574.0
	mPerDegX  = 111_319.0
	earthR    = 6_356_752.0 // the polar semi-axis, below every radius arcSag divides by (a smaller one bounds more)
	gapMaxLat = 60.0        // beyond it (and beyond |λ| 179°) the locator leaves the gap rule to the database
)

// beyondGap reports whether p, which lies in no desa, lies certainly
// farther than 100 m from every desa (see gapReach).
func (l *DesaLocator) beyondGap(p orb.Point) bool {
	if math.Abs(p[1]) > gapMaxLat || math.Abs(p[0]) > 179 {
		return false
	}
	ky := mPerDegY
	kx := mPerDegX * math.Cos((math.Abs(p[1])+0.01)*math.Pi/180)
	for i := range l.desa {
		d := &l.desa[i]
		r := gapReach + d.sag
		if p[0] < d.bound.Min[0]-r/kx || p[0] > d.bound.Max[0]+r/kx ||
			p[1] < d.bound.Min[1]-r/ky || p[1] > d.bound.Max[1]+r/ky {
			continue
		}
		q := orb.Point{p[0] * kx, p[1] * ky}
		for _, ring := range d.rings {
			for k := 1; k < len(ring); k++ {
				a, b := ring[k-1], ring[k]
				if segDist2(q, orb.Point{a[0] * kx, a[1] * ky}, orb.Point{b[0] * kx, b[1] * ky}) <= r*r {
					return false
				}
			}
		}
	}
	return true
}

// arcSag bounds, in metres, how far the great-circle arc between a and b
// strays from the straight line between them in degrees: about
// L² tan|φ| / 8R for an edge of length L; twice that, at the larger
// latitude plus a degree, and a metre more.
func arcSag(a, b orb.Point) float64 {
	lat := min(89.0, max(math.Abs(a[1]), math.Abs(b[1]))+1)
	dx, dy := (b[0]-a[0])*mPerDegX, (b[1]-a[1])*mPerDegX
	return (dx*dx+dy*dy)*math.Tan(lat*math.Pi/180)/(4*earthR) + 1
}

// inRings reports whether p lies inside the rings by the even-odd rule,
// and whether it lies within LocateMargin of any of their edges.
func inRings(rings []orb.Ring, p orb.Point) (in, near bool) {
	const m2 = LocateMargin * LocateMargin
	for _, r := range rings {
		for k := 1; k < len(r); k++ {
			a, b := r[k-1], r[k]
			if segDist2(p, a, b) <= m2 {
				return false, true
			}
			if (a[1] > p[1]) != (b[1] > p[1]) {
				if x := a[0] + (p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1]); p[0] < x {
					in = !in
				}
			}
		}
	}
	return in, false
}

// segDist2 is the squared planar distance from p to segment ab.
func segDist2(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = max(0, min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l))
	}
	ex, ey := a[0]+t*dx-p[0], a[1]+t*dy-p[1]
	return ex*ex + ey*ey
}
