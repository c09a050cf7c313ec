package geo

import (
	"context"
	"math"
	"time"

	"github.com/paulmach/orb"
)

// PatrolInput is one planning problem. Stops are candidate places in
// priority order (most important first): when a limit leaves some out, the
// last ones are left out.
type PatrolInput struct {
	Depot           orb.Point     // where every team starts (EPSG:4326)
	Stops           []orb.Point   // candidate stops, highest priority first
	Teams           int           // ≥ 1
	MaxStopsPerTeam int           // 0: no limit
	TimeBudget      time.Duration // per team, travel + time at stops; 0: no limit
	StopTime        time.Duration // spent at each stop
	Return          bool          // routes end back at the depot
	// NoImprove skips 2-opt: plain nearest-neighbour routes (the baseline).
	NoImprove bool
}

// TeamRoute is one team's day. Stops index PatrolInput.Stops in visiting
// order. Metres/TravelSeconds are the improved route's; NN* are those of the
// plain nearest-neighbour order of the same stops (never smaller).
type TeamRoute struct {
	Team          int // 1-based
	Stops         []int
	Metres        float64
	TravelSeconds float64
	TotalSeconds  float64 // travel + StopTime per stop
	NNMetres      float64
	NNSeconds     float64
	// Legs[k] is the drive to Stops[k]; with Return, one more leg goes
	// back to the depot.
	Legs []Leg
}

// Leg is one drive between two places of a route.
type Leg struct {
	Metres  float64
	Seconds float64
}

// Unvisited says why a candidate stop is not in any route.
type Unvisited struct {
	Stop   int
	Reason string // "max_stops" or "time_budget"
}

// PatrolPlan is the answer: one route per team, every visited stop in
// exactly one route, and the candidates left out.
type PatrolPlan struct {
	Routes    []TeamRoute
	Unvisited []Unvisited
}

// Limits of one plan, to bound the work of a request.
const (
	MaxPatrolTeams = 50
	MaxPatrolStops = 1000
)

// PlanPatrol splits the stops among teams and orders each team's stops.
//
//  1. Split: stops are swept by bearing around the depot and cut into
//     consecutive groups whose sizes differ by at most one (so team loads
//     differ by at most one stop). Up to 32 starting bearings are tried
//     and the split with the least total travel time wins.
//  2. Order: nearest-neighbour from the depot, then 2-opt (this ranks the
//     starting bearings); the winning split is improved further by Or-opt
//     (moving runs of 1–3 stops) and by moves between teams that keep the
//     loads balanced (exchanging two stops; relocating one from a team
//     with one stop more to one with one fewer). Only strict improvements
//     are taken, and each final route is checked against the
//     nearest-neighbour order of its own stops, so a route is never longer
//     than its nearest-neighbour order.
//  3. Limits: MaxStopsPerTeam keeps the first Teams × MaxStopsPerTeam
//     stops; with a TimeBudget the largest prefix of the stops whose plan
//     keeps every team within budget is planned (binary search on the
//     prefix length).
//
// Costs come from router, asked once for the depot and every candidate.
func PlanPatrol(ctx context.Context, router Router, in PatrolInput) (PatrolPlan, error) {
	switch {
	case in.Teams < 1 || in.Teams > MaxPatrolTeams:
		return PatrolPlan{}, RPatrolBadTeams.FieldErrorf("teams", "teams must be from 1 to %d, not %d", MaxPatrolTeams, in.Teams)
	case len(in.Stops) > MaxPatrolStops:
		return PatrolPlan{}, RPatrolTooManyStop.FieldErrorf("hotspots", "at most %d stops per plan, not %d", MaxPatrolStops, len(in.Stops))
	case in.MaxStopsPerTeam < 0:
		return PatrolPlan{}, RPatrolBadLimit.FieldErrorf("max_stops", "max_stops must not be negative")
	case in.TimeBudget < 0 || in.StopTime < 0:
		return PatrolPlan{}, RPatrolBadLimit.FieldErrorf("time_budget_minutes", "times must not be negative")
	}
	places := append([]orb.Point{in.Depot}, in.Stops...)
	m, err := router.Costs(ctx, places)
	if err != nil {
		return PatrolPlan{}, err
	}
	if m.N != len(places) {
		return PatrolPlan{}, Errorf(EINTERNAL, "router returned a %d × %d matrix for %d places", m.N, m.N, len(places))
	}
	n := len(in.Stops)
	limit, reason := n, "max_stops"
	if in.MaxStopsPerTeam > 0 && in.Teams*in.MaxStopsPerTeam < n {
		limit = in.Teams * in.MaxStopsPerTeam
	}
	best := planPrefix(m, places, in, limit)
	if in.TimeBudget > 0 && !withinBudget(best, in.TimeBudget) {
		reason = "time_budget"
		lo, hi := 0, limit-1 // lo: known feasible prefix length
		best = planPrefix(m, places, in, 0)
		for lo < hi {
			if err := ctx.Err(); err != nil {
				return PatrolPlan{}, RPatrolCancelled.Errorf("planning was cancelled")
			}
			mid := (lo + hi + 1) / 2
			if p := planPrefix(m, places, in, mid); withinBudget(p, in.TimeBudget) {
				lo, best = mid, p
			} else {
				hi = mid - 1
			}
		}
		limit = lo
	}
	for i := limit; i < n; i++ {
		r := reason
		if in.MaxStopsPerTeam > 0 && i >= in.Teams*in.MaxStopsPerTeam {
			r = "max_stops"
		}
		best.Unvisited = append(best.Unvisited, Unvisited{Stop: i, Reason: r})
	}
	return best, nil
}

func withinBudget(p PatrolPlan, budget time.Duration) bool {
	for _, r := range p.Routes {
		if r.TotalSeconds > budget.Seconds() {
			return false
		}
	}
	return true
}

// planPrefix plans the first k stops (matrix places 1..k; 0 is the depot).
func planPrefix(m *CostMatrix, places []orb.Point, in PatrolInput, k int) PatrolPlan {
	seq := SweepOrder(in.Depot, places[1:k+1])
	for i := range seq {
		seq[i]++ // matrix index
	}
	offsets := []int{0}
	if k > 1 {
		tries := min(k, 32)
		offsets = offsets[:0]
		for t := 0; t < tries; t++ {
			offsets = append(offsets, t*k/tries)
		}
	}
	var best [][]int
	bestCost := math.Inf(1)
	for _, off := range offsets {
		orders, cost := orderGroups(m, in, BalancedSplit(seq, in.Teams, off))
		if cost < bestCost-1e-6 {
			best, bestCost = orders, cost
		}
	}
	if !in.NoImprove {
		for _, o := range best {
			Improve(m, 0, o, in.Return)
		}
		improveBetween(m, best, in.Return)
	}
	return finishPlan(m, in, best)
}

// orderGroups orders each group (nearest-neighbour, then 2-opt unless
// NoImprove) and returns the orders and their total travel time.
func orderGroups(m *CostMatrix, in PatrolInput, groups [][]int) ([][]int, float64) {
	orders := make([][]int, len(groups))
	total := 0.0
	for t, g := range groups {
		orders[t] = NearestNeighbour(m, 0, g)
		if !in.NoImprove {
			TwoOpt(m, 0, orders[t], in.Return)
		}
		total += RouteSeconds(m, 0, orders[t], in.Return)
	}
	return orders, total
}

// finishPlan turns orders into team routes. Each route is compared with the
// nearest-neighbour order of its own stops (and that order improved); the
// shortest is kept, so no route is ever longer than nearest-neighbour.
func finishPlan(m *CostMatrix, in PatrolInput, orders [][]int) PatrolPlan {
	p := PatrolPlan{Routes: make([]TeamRoute, len(orders))}
	for t, order := range orders {
		nn := NearestNeighbour(m, 0, order)
		r := TeamRoute{Team: t + 1,
			NNMetres: RouteMetres(m, 0, nn, in.Return), NNSeconds: RouteSeconds(m, 0, nn, in.Return)}
		if in.NoImprove {
			order = nn
		} else {
			alt := append([]int(nil), nn...)
			Improve(m, 0, alt, in.Return)
			if RouteSeconds(m, 0, alt, in.Return) < RouteSeconds(m, 0, order, in.Return) {
				order = alt
			}
			if RouteSeconds(m, 0, order, in.Return) > r.NNSeconds {
				order = nn
			}
		}
		r.Metres, r.TravelSeconds = RouteMetres(m, 0, order, in.Return), RouteSeconds(m, 0, order, in.Return)
		r.TotalSeconds = r.TravelSeconds + float64(len(order))*in.StopTime.Seconds()
		r.Stops = make([]int, len(order))
		prev := 0
		for k, s := range order {
			r.Stops[k] = s - 1
			r.Legs = append(r.Legs, Leg{m.Metres(prev, s), m.Seconds(prev, s)})
			prev = s
		}
		if in.Return && len(order) > 0 {
			r.Legs = append(r.Legs, Leg{m.Metres(prev, 0), m.Seconds(prev, 0)})
		}
		p.Routes[t] = r
	}
	return p
}
