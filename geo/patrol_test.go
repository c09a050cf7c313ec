package geo

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func TestGeodesicDistance(t *testing.T) {
	cases := []struct {
		name string
		a, b orb.Point
		want float64 // metres
		tol  float64
	}{
		{"same point", orb.Point{107.04, -6.73}, orb.Point{107.04, -6.73}, 0, 0},
		{"one degree of latitude", orb.Point{0, 0}, orb.Point{0, 1}, 111195.08, 0.01},
		{"one degree of longitude on the equator", orb.Point{0, 0}, orb.Point{1, 0}, 111195.08, 0.01},
		{"antipodes", orb.Point{0, 0}, orb.Point{180, 0}, math.Pi * EarthRadiusM, 0.01},
		// Cipanas palace to Cianjur town, as the crow flies (on the WGS84
		// ellipsoid the figure differs by less than 0.5 %).
		{"Cipanas to Cianjur", orb.Point{107.0410, -6.7336}, orb.Point{107.1400, -6.8200}, 14553.17, 0.01},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := GeodesicDistance(c.a, c.b)
			if math.Abs(got-c.want) > c.tol {
				t.Errorf("distance %.2f m, want %.2f ± %.2f", got, c.want, c.tol)
			}
			if back := GeodesicDistance(c.b, c.a); back != got {
				t.Errorf("not symmetric: %v vs %v", got, back)
			}
		})
	}
}

func TestGeodesicRouterTravelTime(t *testing.T) {
	pts := []orb.Point{{0, 0}, {0, 1}}
	cases := []struct {
		router GeodesicRouter
		metres float64
		secs   float64
	}{
		{GeodesicRouter{SpeedKmh: 36}, 111195.08, 11119.508},                // 10 m/s
		{GeodesicRouter{}, 111195.08, 111195.08 / (25 / 3.6)},               // default speed
		{GeodesicRouter{SpeedKmh: 36, Circuity: 1.5}, 166792.62, 16679.262}, // winding roads
	}
	for _, c := range cases {
		m, err := c.router.Costs(context.Background(), pts)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(m.Metres(0, 1)-c.metres) > 0.05 || math.Abs(m.Seconds(1, 0)-c.secs) > 0.05 || m.Seconds(0, 0) != 0 {
			t.Errorf("%+v: %.2f m %.2f s, want %.2f m %.2f s", c.router, m.Metres(0, 1), m.Seconds(1, 0), c.metres, c.secs)
		}
	}
}

func TestBalancedSplit(t *testing.T) {
	cases := []struct {
		n, teams, offset int
		sizes            []int
	}{
		{10, 3, 0, []int{4, 3, 3}},
		{10, 3, 7, []int{4, 3, 3}},
		{2, 4, 0, []int{1, 1, 0, 0}},
		{0, 2, 0, []int{0, 0}},
		{9, 3, 1, []int{3, 3, 3}},
	}
	for _, c := range cases {
		seq := make([]int, c.n)
		for i := range seq {
			seq[i] = i
		}
		groups := BalancedSplit(seq, c.teams, c.offset)
		seen := map[int]int{}
		for g, grp := range groups {
			if len(grp) != c.sizes[g] {
				t.Errorf("%+v: group %d has %d, want %d", c, g, len(grp), c.sizes[g])
			}
			for _, s := range grp {
				seen[s]++
			}
		}
		if len(seen) != c.n {
			t.Errorf("%+v: %d distinct items, want %d", c, len(seen), c.n)
		}
	}
}

// A square visited crosswise by nearest-neighbour: 2-opt must uncross it.
func TestTwoOptUncrosses(t *testing.T) {
	pts := []orb.Point{{0, 0}, {0, 0.01}, {0.01, 0.01}, {0.01, 0}} // depot + 3 corners
	m, err := GeodesicRouter{}.Costs(context.Background(), pts)
	if err != nil {
		t.Fatal(err)
	}
	order := []int{2, 1, 3} // crossing: depot → far corner → ...
	before := RouteMetres(m, 0, order, true)
	TwoOpt(m, 0, order, true)
	after := RouteMetres(m, 0, order, true)
	if after >= before {
		t.Fatalf("2-opt did not improve: %v → %v (%v)", before, after, order)
	}
	if want := 4 * GeodesicDistance(pts[0], pts[1]); math.Abs(after-want) > 5 {
		t.Errorf("route %.1f m, want the perimeter %.1f m", after, want)
	}
}

func TestLocalSearchAsymmetricNeverWorse(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 200; trial++ {
		n := 2 + rng.IntN(12)
		m := NewCostMatrix(n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if i != j {
					c := 1 + rng.Float64()*100
					m.Set(i, j, c, c)
				}
			}
		}
		stops := make([]int, n-1)
		for i := range stops {
			stops[i] = i + 1
		}
		for _, closed := range []bool{true, false} {
			order := NearestNeighbour(m, 0, stops)
			nn := RouteSeconds(m, 0, order, closed)
			TwoOpt(m, 0, order, closed)
			two := RouteSeconds(m, 0, order, closed)
			if two > nn+1e-9 {
				t.Fatalf("trial %d closed=%v: 2-opt %v > NN %v", trial, closed, two, nn)
			}
			OrOpt(m, 0, order, closed)
			if got := RouteSeconds(m, 0, order, closed); got > two+1e-9 || len(order) != n-1 {
				t.Fatalf("trial %d closed=%v: Or-opt %v > 2-opt %v (%v)", trial, closed, got, two, order)
			}
			seen := map[int]bool{}
			for _, s := range order {
				seen[s] = true
			}
			if len(seen) != n-1 {
				t.Fatalf("trial %d: Or-opt lost stops: %v", trial, order)
			}
		}
	}
}

// randomInput makes stops scattered over about 30 × 30 km around Cipanas.
func randomInput(rng *rand.Rand, n, teams int) PatrolInput {
	in := PatrolInput{Depot: orb.Point{107.04, -6.73}, Teams: teams, Return: rng.IntN(4) != 0,
		StopTime: time.Duration(rng.IntN(30)) * time.Minute}
	for i := 0; i < n; i++ {
		in.Stops = append(in.Stops, orb.Point{106.9 + rng.Float64()*0.28, -6.86 + rng.Float64()*0.28})
	}
	return in
}

// checkPlan asserts the properties every plan must have.
func checkPlan(t *testing.T, in PatrolInput, p PatrolPlan) {
	t.Helper()
	seen := make([]int, len(in.Stops))
	minN, maxN := math.MaxInt, 0
	if len(p.Routes) != in.Teams {
		t.Fatalf("%d routes for %d teams", len(p.Routes), in.Teams)
	}
	for _, r := range p.Routes {
		for _, s := range r.Stops {
			seen[s]++
		}
		minN, maxN = min(minN, len(r.Stops)), max(maxN, len(r.Stops))
		if r.Metres > r.NNMetres+1e-6 || r.TravelSeconds > r.NNSeconds+1e-6 {
			t.Errorf("team %d: improved route %.1f m / %.1f s longer than nearest-neighbour %.1f m / %.1f s",
				r.Team, r.Metres, r.TravelSeconds, r.NNMetres, r.NNSeconds)
		}
		legs := 0.0
		for _, l := range r.Legs {
			legs += l.Metres
		}
		if math.Abs(legs-r.Metres) > 1e-6 {
			t.Errorf("team %d: legs add up to %.1f m, route %.1f m", r.Team, legs, r.Metres)
		}
		if in.MaxStopsPerTeam > 0 && len(r.Stops) > in.MaxStopsPerTeam {
			t.Errorf("team %d: %d stops > max %d", r.Team, len(r.Stops), in.MaxStopsPerTeam)
		}
		if in.TimeBudget > 0 && r.TotalSeconds > in.TimeBudget.Seconds() {
			t.Errorf("team %d: %.0f s > budget %v", r.Team, r.TotalSeconds, in.TimeBudget)
		}
	}
	for _, u := range p.Unvisited {
		seen[u.Stop]++
	}
	for i, c := range seen {
		if c != 1 {
			t.Fatalf("stop %d appears %d times (visited + unvisited)", i, c)
		}
	}
	if maxN-minN > 1 {
		t.Errorf("team loads %d..%d stops differ by more than one", minN, maxN)
	}
	// Only the lowest-priority stops are ever left out.
	for k, u := range p.Unvisited {
		if u.Stop != len(in.Stops)-len(p.Unvisited)+k {
			t.Errorf("left out stop %d, not a lowest-priority one", u.Stop)
		}
	}
}

func TestPlanPatrolProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 150; trial++ {
		in := randomInput(rng, rng.IntN(70), 1+rng.IntN(8))
		switch trial % 3 {
		case 1:
			in.MaxStopsPerTeam = 1 + rng.IntN(10)
		case 2:
			in.TimeBudget = time.Duration(60+rng.IntN(300)) * time.Minute
		}
		p, err := PlanPatrol(context.Background(), GeodesicRouter{SpeedKmh: 20 + rng.Float64()*30}, in)
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, in, p)
		if in.MaxStopsPerTeam == 0 && in.TimeBudget == 0 && len(p.Unvisited) != 0 {
			t.Errorf("trial %d: %d stops left out without limits", trial, len(p.Unvisited))
		}
	}
}

func TestPlanPatrolLimits(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	in := randomInput(rng, 30, 3)
	in.MaxStopsPerTeam = 4
	p := mustPlan(t, in)
	checkPlan(t, in, p)
	if len(p.Unvisited) != 18 || p.Unvisited[0].Reason != "max_stops" {
		t.Errorf("max_stops: %d unvisited (%v), want 18", len(p.Unvisited), p.Unvisited)
	}
	in.MaxStopsPerTeam, in.TimeBudget, in.StopTime = 0, 30*time.Minute, 20*time.Minute
	p = mustPlan(t, in)
	checkPlan(t, in, p)
	if len(p.Unvisited) < 27 || p.Unvisited[0].Reason != "time_budget" {
		t.Errorf("time budget: %d unvisited (%v)", len(p.Unvisited), p.Unvisited)
	}
	for _, bad := range []struct {
		in    PatrolInput
		field string
	}{
		{PatrolInput{Teams: 0}, "teams"},
		{PatrolInput{Teams: MaxPatrolTeams + 1}, "teams"},
		{PatrolInput{Teams: 1, MaxStopsPerTeam: -1}, "max_stops"},
		{PatrolInput{Teams: 1, Stops: make([]orb.Point, MaxPatrolStops+1)}, "hotspots"},
	} {
		_, err := PlanPatrol(context.Background(), GeodesicRouter{}, bad.in)
		var e *Error
		if !asError(err, &e) || e.Field != bad.field {
			t.Errorf("%+v: error %v, want field %s", bad.in.Teams, err, bad.field)
		}
	}
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	*target = e
	return ok
}

// The 2-opt plan is never worse than the plain nearest-neighbour plan of
// the same split, and on scattered stops it is usually clearly better.
func TestPlanImprovesOnNearestNeighbour(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	in := randomInput(rng, 200, 5)
	p := mustPlan(t, in)
	checkPlan(t, in, p)
	var got, nn float64
	for _, r := range p.Routes {
		got += r.Metres
		nn += r.NNMetres
	}
	if got > nn {
		t.Fatalf("improved %.0f m > NN %.0f m", got, nn)
	}
	t.Logf("200 stops, 5 teams: %.1f km, nearest-neighbour %.1f km (%.1f %% shorter)", got/1000, nn/1000, 100*(nn-got)/nn)
}

func TestSweepOrder(t *testing.T) {
	depot := orb.Point{0, 0}
	pts := []orb.Point{{0, 1}, {1, 0}, {-1, 0}, {0, -1}, {2, 0}} // N, E, W, S, far E
	got := SweepOrder(depot, pts)
	want := []int{3, 1, 4, 0, 2} // from -π: S, E, far E, N, W
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("sweep %v, want %v", got, want)
		}
	}
}

func TestDefaultPatrolStarts(t *testing.T) {
	if err := ValidatePatrolStarts(DefaultPatrolStarts); err != nil {
		t.Fatal(err)
	}
	for _, s := range DefaultPatrolStarts {
		// All inside Kabupaten Cianjur's bounding box, all labelled approximate.
		if s.Point[0] < 106.7 || s.Point[0] > 107.5 || s.Point[1] < -7.5 || s.Point[1] > -6.5 || !s.Approximate {
			t.Errorf("%s: %v approximate=%v", s.ID, s.Point, s.Approximate)
		}
	}
	bad := []PatrolStart{{ID: "a", Name: "A"}, {ID: "a", Name: "B"}}
	if ValidatePatrolStarts(bad) == nil {
		t.Error("duplicate ids accepted")
	}
}

// mustPlan plans with the geodesic router; an error fails the test.
func mustPlan(t testing.TB, in PatrolInput) PatrolPlan {
	t.Helper()
	p, err := PlanPatrol(context.Background(), GeodesicRouter{}, in)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
