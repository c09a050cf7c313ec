package data_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"pantau/data/dbtest"
	"pantau/geo"
)

func day(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

// stayVersion is what the stay rules see of one version of a stay against
// one fence rule (see data/sql/alerts.sql).
type stayVersion struct {
	inside            bool
	departure, expiry *time.Time
}

// TestStayRules runs pantau_stay_events, the one definition of the stay
// rules, on a table of transitions evaluated for 2026-07-10.
func TestStayRules(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	today := *day("2026-07-10")
	in := func(dep, exp *time.Time) *stayVersion { return &stayVersion{true, dep, exp} }
	out := func(dep, exp *time.Time) *stayVersion { return &stayVersion{false, dep, exp} }
	for _, c := range []struct {
		name     string
		old, new *stayVersion
		want     []string
	}{
		{"new report inside", nil, in(nil, nil), []string{geo.RuleStayStarted}},
		{"new report outside", nil, out(nil, nil), nil},
		{"first reported already inside, expired permit", nil, in(nil, day("2026-07-01")), []string{geo.RuleStayStarted, geo.RuleOverstay}},
		{"late report of a stay that left before today", nil, in(day("2026-07-05"), day("2026-07-01")), nil},
		{"new report departing today", nil, in(day("2026-07-10"), nil), []string{geo.RuleStayStarted}},
		{"repeat report, unchanged", in(nil, nil), in(nil, nil), nil},
		{"departure reported", in(nil, nil), in(day("2026-07-09"), nil), []string{geo.RuleStayEnded}},
		{"departure reported for a future day", in(nil, nil), in(day("2026-07-12"), nil), []string{geo.RuleStayEnded}},
		{"departure corrected", in(day("2026-07-09"), nil), in(day("2026-07-08"), nil), nil},
		{"departure withdrawn", in(day("2026-07-01"), nil), in(nil, nil), []string{geo.RuleStayStarted}},
		{"moved inside", out(nil, nil), in(nil, nil), []string{geo.RuleStayStarted}},
		{"moved outside", in(nil, nil), out(nil, nil), nil},
		{"moved outside with departure", in(nil, nil), out(day("2026-07-09"), nil), nil},
		{"permit still valid today", in(nil, day("2026-07-10")), in(nil, day("2026-07-10")), nil},
		{"permit expired yesterday", in(nil, day("2026-07-09")), in(nil, day("2026-07-09")), []string{geo.RuleOverstay}},
		{"overstay of a stay that left yesterday", in(day("2026-07-09"), day("2026-07-01")), in(day("2026-07-09"), day("2026-07-01")), nil},
		{"overstay outside", out(nil, day("2026-07-01")), out(nil, day("2026-07-01")), nil},
	} {
		var oIn *bool
		var oDep *time.Time
		if c.old != nil {
			oIn, oDep = &c.old.inside, c.old.departure
		}
		var got []string
		if err := db.Pool.QueryRow(ctx, `SELECT pantau_stay_events($1, $2, $3, $4, $5, $6)`,
			oIn, oDep, c.new.inside, c.new.departure, c.new.expiry, today).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, c.want) && !(len(got) == 0 && len(c.want) == 0) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestAccommodationRule runs pantau_accommodation_events on a table of
// accommodation changes.
func TestAccommodationRule(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	type version struct{ inside, registered bool }
	for _, c := range []struct {
		name     string
		old, new *version
		fires    bool
	}{
		{"new unregistered inside", nil, &version{true, false}, true},
		{"new registered inside", nil, &version{true, true}, false},
		{"new unregistered outside", nil, &version{false, false}, false},
		{"registration withdrawn", &version{true, true}, &version{true, false}, true},
		{"still unregistered", &version{true, false}, &version{true, false}, false},
		{"moved in", &version{false, false}, &version{true, false}, true},
		{"moved out", &version{true, false}, &version{false, false}, false},
		{"registered now", &version{true, false}, &version{true, true}, false},
	} {
		var oIn, oReg *bool
		if c.old != nil {
			oIn, oReg = &c.old.inside, &c.old.registered
		}
		var got []string
		if err := db.Pool.QueryRow(ctx, `SELECT pantau_accommodation_events($1, $2, $3, $4)`,
			oIn, oReg, c.new.inside, c.new.registered).Scan(&got); err != nil {
			t.Fatal(err)
		}
		want := []string{}
		if c.fires {
			want = []string{geo.RuleUnregistered}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", c.name, got, want)
		}
	}
}

// TestCountRule runs pantau_rule_band and pantau_count_step, the
// count_above state machine, on its edges: a band of a tenth of the
// threshold (at least 1) unless the rule sets one, firing only on the way
// up, re-arming only at threshold − band.
func TestCountRule(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	for _, c := range []struct {
		threshold, hysteresis, band int
	}{{20, 0, 2}, {20, 5, 5}, {3, 0, 1}, {9, 0, 1}, {100, 0, 10}, {100, 30, 30}} {
		var band int
		if err := db.Pool.QueryRow(ctx, `SELECT pantau_rule_band($1::jsonb)`,
			map[string]any{"rule": geo.RuleCountAbove, "threshold": c.threshold, "hysteresis": c.hysteresis}).Scan(&band); err != nil {
			t.Fatal(err)
		}
		if band != c.band {
			t.Errorf("threshold %d hysteresis %d: band %d, want %d", c.threshold, c.hysteresis, band, c.band)
		}
	}
	for _, c := range []struct {
		threshold, band int
		above           bool
		count           int
		fire, nowAbove  bool
	}{
		{20, 2, false, 0, false, false},
		{20, 2, false, 20, false, false},
		{20, 2, false, 21, true, true},
		{20, 2, false, 25, true, true},
		{20, 2, true, 25, false, true},
		{20, 2, true, 21, false, true},
		{20, 2, true, 20, false, true},
		{20, 2, true, 19, false, true},
		{20, 2, true, 18, false, false},
		{20, 2, true, 0, false, false},
		{20, 5, false, 21, true, true},
		{20, 5, true, 16, false, true},
		{20, 5, true, 15, false, false},
		{3, 1, false, 3, false, false},
		{3, 1, false, 4, true, true},
		{3, 1, true, 3, false, true},
		{3, 1, true, 2, false, false},
	} {
		var fire, nowAbove bool
		if err := db.Pool.QueryRow(ctx, `SELECT fire, now_above FROM pantau_count_step($1, $2, $3, $4)`,
			c.above, c.count, c.threshold, c.band).Scan(&fire, &nowAbove); err != nil {
			t.Fatal(err)
		}
		if fire != c.fire || nowAbove != c.nowAbove {
			t.Errorf("threshold %d band %d above=%v count %d: fire=%v above=%v, want %v %v",
				c.threshold, c.band, c.above, c.count, fire, nowAbove, c.fire, c.nowAbove)
		}
	}
	// A count that wobbles around the threshold fires once per episode:
	// 21 fires; 22, 20, 21, 19, 21 do not; 18 re-arms; 21 fires again.
	above, fired := false, 0
	for _, n := range []int{5, 21, 22, 20, 21, 19, 21, 18, 17, 21} {
		var fire bool
		if err := db.Pool.QueryRow(ctx, `SELECT fire, now_above FROM pantau_count_step($1, $2, 20, 2)`, above, n).Scan(&fire, &above); err != nil {
			t.Fatal(err)
		}
		if fire {
			fired++
		}
	}
	if fired != 2 {
		t.Fatalf("fired %d times, want 2", fired)
	}
}
