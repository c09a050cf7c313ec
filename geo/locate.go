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
// pantau_desa_for (migration 0001) — the desa whose polygon covers the
// point, the lowest code where several do — for the points where that
// answer does not depend on rounding: points farther than LocateMargin from
// every desa boundary. It answers no (ok false) for the others, and for
// points in no desa (where the database's nearest-desa-within-100-m rule
// applies): the caller asks the database for those. So an answer is always
// the database's answer.
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
// (see DesaLocator); otherwise "" and false. Safe for concurrent use.
func (l *DesaLocator) Locate(p orb.Point) (string, bool) {
	if len(l.desa) == 0 || math.IsNaN(p[0]) || math.IsNaN(p[1]) {
		return "", false
	}
	i, j := l.cell(p[0], p[1])
	if i < 0 || j < 0 || i >= l.nx || j >= l.ny {
		return "", false
	}
	c := j*l.nx + i
	if !l.edgy[c] {
		k := atomic.LoadInt32(&l.memo[c])
		if k == -2 {
			centre := orb.Point{l.x0 + (float64(i)+0.5)*l.step, l.y0 + (float64(j)+0.5)*l.step}
			k = -1
			if code, ok := l.test(c, centre); ok {
				k = int32(sort.Search(len(l.desa), func(n int) bool { return l.desa[n].code >= code }))
			}
			atomic.StoreInt32(&l.memo[c], k)
		}
		if k < 0 {
			return "", false
		}
		return l.desa[k].code, true
	}
	return l.test(c, p)
}

// test tests p against the candidate desa of cell c, in code order.
func (l *DesaLocator) test(c int, p orb.Point) (string, bool) {
	found := -1
	for _, k := range l.cand[c] {
		d := &l.desa[k]
		if p[0] < d.bound.Min[0]-LocateMargin || p[0] > d.bound.Max[0]+LocateMargin ||
			p[1] < d.bound.Min[1]-LocateMargin || p[1] > d.bound.Max[1]+LocateMargin {
			continue // outside the box: outside, and farther than the margin from every edge
		}
		in, near := inRings(d.rings, p)
		if near {
			return "", false
		}
		if in && found < 0 {
			found = int(k)
		}
	}
	if found < 0 {
		return "", false
	}
	return l.desa[found].code, true
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
