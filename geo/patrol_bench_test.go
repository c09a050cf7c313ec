package geo

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// medianMs runs f n times and returns the median duration in milliseconds.
func medianMs(n int, f func()) float64 {
	ds := make([]float64, n)
	for i := range ds {
		start := time.Now()
		f()
		ds[i] = float64(time.Since(start).Microseconds()) / 1000
	}
	slices.Sort(ds)
	return ds[n/2]
}

// BenchmarkPatrolPlan200Stops5Teams: the target case — 200
// hotspots scattered over about 30 × 30 km, 5 teams, closed routes — with
// the plain nearest-neighbour plan (same split search, no 2-opt) timed in
// the same run as the baseline. Target: plan_ms ≤ 200.
func BenchmarkPatrolPlan200Stops5Teams(b *testing.B) {
	in := randomInput(rand.New(rand.NewPCG(200, 5)), 200, 5)
	in.Return, in.StopTime = true, 15*time.Minute
	nn := in
	nn.NoImprove = true
	var plan, base PatrolPlan
	for i := 0; i < b.N; i++ {
		plan = mustPlan(b, in)
	}
	b.StopTimer()
	planMs := medianMs(15, func() { plan = mustPlan(b, in) })
	nnMs := medianMs(15, func() { base = mustPlan(b, nn) })
	var km, nnKm float64
	for i := range plan.Routes {
		km += plan.Routes[i].Metres / 1000
		nnKm += base.Routes[i].Metres / 1000
	}
	b.ReportMetric(planMs, "plan_ms")
	b.ReportMetric(nnMs, "nn_only_ms")
	b.ReportMetric(planMs/nnMs, "x_nn_time")
	b.ReportMetric(km, "route_km")
	b.ReportMetric(nnKm, "nn_route_km")
}
