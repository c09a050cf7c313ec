package geo

import (
	"context"

	"github.com/paulmach/orb"
)

// CostMatrix holds travel between n places: Metres(i, j) and Seconds(i, j)
// from place i to place j. Costs may be asymmetric (one-way streets when a
// road network answers); the diagonal is zero.
type CostMatrix struct {
	N       int
	metres  []float64
	seconds []float64
}

// NewCostMatrix returns an n × n matrix of zeros.
func NewCostMatrix(n int) *CostMatrix {
	return &CostMatrix{N: n, metres: make([]float64, n*n), seconds: make([]float64, n*n)}
}

// Set records the travel from i to j.
func (m *CostMatrix) Set(i, j int, metres, seconds float64) {
	m.metres[i*m.N+j], m.seconds[i*m.N+j] = metres, seconds
}

// Metres is the distance from i to j in metres.
func (m *CostMatrix) Metres(i, j int) float64 { return m.metres[i*m.N+j] }

// Seconds is the travel time from i to j in seconds (without time at stops).
func (m *CostMatrix) Seconds(i, j int) float64 { return m.seconds[i*m.N+j] }

// Router answers travel costs between places. Patrol planning needs nothing
// else from the road world, so a road network slots in behind it:
//
//   - GeodesicRouter (here) uses great-circle distances and a fixed speed;
//     it needs no data and is the default.
//   - A pgRouting router (data package, when a road network such as OSM ways
//     has been loaded with osm2pgrouting into a ways/ways_vertices_pgr
//     table) would snap each place to its nearest vertex and fill the matrix
//     from pgr_dijkstraCostMatrix over ways with cost = length_m / speed of
//     the road class (reverse_cost for one-way streets), falling back to
//     GeodesicRouter for places that snap to no vertex within a few hundred
//     metres. It is not implemented: no road network is loaded today.
//
// Costs(ctx, places) must return an N × N matrix in the order of places.
type Router interface {
	Costs(ctx context.Context, places []orb.Point) (*CostMatrix, error)
}

// GeodesicRouter turns great-circle distances into travel time at a fixed
// average speed. Circuity (≥ 1, default 1) multiplies the straight-line
// distance to approximate the winding roads of the Puncak area (1.3–1.4 is
// typical for mountain roads).
type GeodesicRouter struct {
	SpeedKmh float64 // average speed; default DefaultSpeedKmh
	Circuity float64 // road distance / straight distance; default 1
}

// DefaultSpeedKmh is the average patrol speed when none is given: the
// Puncak road through Cipanas is slow and often congested.
const DefaultSpeedKmh = 25

var _ Router = GeodesicRouter{}

// Costs computes the full matrix; it never fails and ignores ctx.
func (g GeodesicRouter) Costs(_ context.Context, places []orb.Point) (*CostMatrix, error) {
	speed, circ := g.SpeedKmh, g.Circuity
	if speed <= 0 {
		speed = DefaultSpeedKmh
	}
	if circ < 1 {
		circ = 1
	}
	n := len(places)
	m := NewCostMatrix(n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			d := GeodesicDistance(places[i], places[j]) * circ
			s := d / (speed * 1000 / 3600)
			m.Set(i, j, d, s)
			m.Set(j, i, d, s)
		}
	}
	return m, nil
}
