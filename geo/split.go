package geo

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
)

// SweepOrder returns the indices of points sorted by bearing around the
// depot (counter-clockwise from east, on a local equirectangular plane);
// ties go to the nearer point, then to the lower index.
func SweepOrder(depot orb.Point, points []orb.Point) []int {
	type polar struct {
		i          int
		angle, rad float64
	}
	k := math.Cos(depot[1] * math.Pi / 180)
	ps := make([]polar, len(points))
	for i, p := range points {
		dx, dy := (p[0]-depot[0])*k, p[1]-depot[1]
		ps[i] = polar{i, math.Atan2(dy, dx), dx*dx + dy*dy}
	}
	sort.Slice(ps, func(a, b int) bool {
		if ps[a].angle != ps[b].angle {
			return ps[a].angle < ps[b].angle
		}
		if ps[a].rad != ps[b].rad {
			return ps[a].rad < ps[b].rad
		}
		return ps[a].i < ps[b].i
	})
	out := make([]int, len(ps))
	for i, p := range ps {
		out[i] = p.i
	}
	return out
}

// BalancedSplit cuts a circular sequence into teams consecutive groups,
// starting at offset: the first n mod teams groups get ⌈n/teams⌉ items and
// the rest ⌊n/teams⌋, so group sizes differ by at most one. Groups may be
// empty when there are fewer items than teams.
func BalancedSplit(seq []int, teams, offset int) [][]int {
	n := len(seq)
	groups := make([][]int, teams)
	pos := 0
	for t := 0; t < teams; t++ {
		size := n / teams
		if t < n%teams {
			size++
		}
		g := make([]int, size)
		for k := range g {
			g[k] = seq[(offset+pos+k)%n]
		}
		groups[t] = g
		pos += size
	}
	return groups
}
