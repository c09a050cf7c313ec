package data_test

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"pantau/data/dbtest"
	"pantau/geo"
)

// newKeys returns the keys of after that are not in before.
func newKeys(before, after map[string]int) []string {
	var out []string
	for k := range after {
		if _, ok := before[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// TestFenceCreationSeesStaysAlreadyInside: a fence drawn around stays
// reported earlier raises, in the transaction of the fence write and for the
// caller's evaluation day, what the stay triggers would have raised had the
// fence existed when they were reported; saving it again raises nothing,
// reshaping it raises only what the new shape adds, and a report after the
// fence uses the same keys.
func TestFenceCreationSeesStaysAlreadyInside(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	// The evaluation day is ten days ahead of the calendar: a stay that
	// departs in five days is present by the database's date but departed by
	// the caller's, and must raise nothing.
	today := geo.Clock(time.Now).Today().AddDate(0, 0, 10)
	past, later := today.AddDate(0, 0, -20), today.AddDate(0, 1, 0)
	stay := func(src, nat string, expiry, arrival time.Time, departure any, lon, lat float64) int64 {
		t.Helper()
		var id int64
		if err := db.Pool.QueryRow(ctx, insertStay, src, nat, "voa", expiry, arrival, departure, lon, lat).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	open := stay("b1", "AUS", later, past, nil, 107.0, -6.7)                             // present, inside
	expired := stay("b2", "CHN", today.AddDate(0, 0, -2), past, nil, 107.002, -6.702)    // present, permit expired
	departed := stay("b3", "AUS", later, past, today.AddDate(0, 0, -5), 107.001, -6.701) // left before the day
	announced := stay("b4", "AUS", later, today.AddDate(0, 0, 3), nil, 107.003, -6.703)  // arrives later
	outside := stay("b5", "AUS", later, past, nil, 107.02, -6.7)                         // east of the square
	var unregistered, registered int64
	if err := db.Pool.QueryRow(ctx, `INSERT INTO accommodations (source_id, name, kind, apoa_registered, geom)
		VALUES ('a1', 'Villa A', 'villa', false, ST_SetSRID(ST_Point(107.004, -6.7), 4326)) RETURNING id`).Scan(&unregistered); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool.QueryRow(ctx, `INSERT INTO accommodations (source_id, name, kind, apoa_registered, geom)
		VALUES ('a2', 'Villa B', 'villa', true, ST_SetSRID(ST_Point(107.005, -6.7), 4326)) RETURNING id`).Scan(&registered); err != nil {
		t.Fatal(err)
	}
	if keys := alertKeys(t, db); len(keys) != 0 {
		t.Fatalf("alerts before any fence: %v", keys)
	}

	fence := geo.Fence{Name: "Villa cluster", Kind: geo.FenceWatchZone,
		Geometry: orb.MultiPolygon{square(107.0, -6.7, 0.01)},
		Rules: []geo.Rule{{Rule: geo.RuleStayStarted}, {Rule: geo.RuleStayEnded}, {Rule: geo.RuleOverstay},
			{Rule: geo.RuleUnregistered}, {Rule: geo.RuleCountAbove, Threshold: 1}}}
	f, err := db.CreateFence(ctx, fence, today)
	if err != nil {
		t.Fatal(err)
	}
	chn, err := db.CreateFence(ctx, geo.Fence{Name: "Chinese nationals", Kind: geo.FenceRestrictedZone,
		Geometry: orb.MultiPolygon{square(107.0, -6.7, 0.01)},
		Rules:    []geo.Rule{{Rule: geo.RuleStayStarted, Nationality: []string{"CHN"}}}}, today)
	if err != nil {
		t.Fatal(err)
	}
	keys := alertKeys(t, db)
	want := []string{
		dbtest.AlertKey(geo.RuleStayStarted, open, 0, f.ID, "stay"),
		dbtest.AlertKey(geo.RuleStayStarted, expired, 0, f.ID, "stay"),
		dbtest.AlertKey(geo.RuleOverstay, expired, 0, f.ID, "permit:"+today.AddDate(0, 0, -2).Format(time.DateOnly)),
		dbtest.AlertKey(geo.RuleStayStarted, announced, 0, f.ID, "stay"),
		dbtest.AlertKey(geo.RuleUnregistered, 0, unregistered, f.ID, "unregistered"),
		dbtest.AlertKey(geo.RuleStayStarted, expired, 0, chn.ID, "stay"),
	}
	var count []string
	for k, n := range keys {
		if n != 1 {
			t.Errorf("%s: %d outbox rows", k, n)
		}
		if strings.HasPrefix(k, "count_above:fence:") {
			count = append(count, k)
		}
	}
	if len(count) != 1 || !strings.HasPrefix(count[0], "count_above:fence:"+fid(f.ID)+":n1:") {
		t.Errorf("count_above alerts %v (two present stays over a threshold of 1)", count)
	}
	for _, k := range want {
		if keys[k] != 1 {
			t.Errorf("missing %s", k)
		}
	}
	if len(keys) != len(want)+1 {
		t.Errorf("alerts after creating the fences: %v, want %v and one count_above", slices.Sorted(maps.Keys(keys)), want)
	}
	if k := dbtest.AlertKey(geo.RuleStayStarted, departed, 0, f.ID, "stay"); keys[k] != 0 {
		t.Errorf("a stay that left before the day raised %s", k)
	}

	// Saving the fence unchanged, renaming it, or widening a rule that is
	// already satisfied raises nothing new.
	before := keys
	if _, err := db.UpdateFence(ctx, f.ID, fence, today); err != nil {
		t.Fatal(err)
	}
	renamed := fence
	renamed.Name = "Villa cluster (north)"
	if _, err := db.UpdateFence(ctx, f.ID, renamed, today); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateFence(ctx, fence, today); err != nil { // a second fence is a second fence
		t.Fatal(err)
	}
	after := alertKeys(t, db)
	added := newKeys(before, after)
	for _, k := range added {
		if strings.Contains(k, ":fence:"+fid(f.ID)+":") || strings.HasPrefix(k, "count_above:fence:"+fid(f.ID)+":") {
			t.Errorf("re-saving fence %d raised %s", f.ID, k)
		}
	}
	for k, n := range after {
		if n != 1 {
			t.Errorf("%s: %d outbox rows after re-saving", k, n)
		}
	}

	// Reshaping it to take in the stay to the east raises that stay alone.
	before = after
	reshaped := renamed
	reshaped.Geometry = orb.MultiPolygon{square(107.01, -6.7, 0.02)}
	if _, err := db.UpdateFence(ctx, f.ID, reshaped, today); err != nil {
		t.Fatal(err)
	}
	added = newKeys(before, alertKeys(t, db))
	if !slices.Equal(added, []string{dbtest.AlertKey(geo.RuleStayStarted, outside, 0, f.ID, "stay")}) {
		t.Errorf("reshaping raised %v, want only the stay now inside", added)
	}

	// A report after the fence exists goes through the stay trigger and
	// uses the same key form; reporting an earlier stay again adds nothing.
	before = alertKeys(t, db)
	stay("b1", "AUS", later, past, nil, 107.0, -6.7)
	if added := newKeys(before, alertKeys(t, db)); len(added) != 0 {
		t.Errorf("repeating a report raised %v", added)
	}
}

// TestFenceActivationRaisesForStaysInside: a fence whose active window
// opens later raises nothing when drawn; the first sweep after it opens
// raises stay_started for the stays inside, once. The sweeps run at the
// times they are given (pantau.now), with no waiting.
func TestFenceActivationRaisesForStaysInside(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	now := time.Now()
	today := geo.Clock(func() time.Time { return now }).Today()
	var id int64
	if err := db.Pool.QueryRow(ctx, insertStay, "c1", "AUS", "voa", today.AddDate(0, 1, 0), today.AddDate(0, 0, -1), nil, 107.0, -6.7).Scan(&id); err != nil {
		t.Fatal(err)
	}
	from := now.Add(3 * time.Hour)
	f, err := db.CreateFence(ctx, geo.Fence{Name: "Later", Kind: geo.FenceWatchZone, ActiveFrom: &from,
		Center: &orb.Point{107.0, -6.7}, RadiusM: 100, Rules: []geo.Rule{{Rule: geo.RuleStayStarted}}}, today)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := db.Sweep(ctx, from.Add(-time.Second)); err != nil || n != 0 {
		t.Fatalf("sweep before the fence opens: %d alerts, %v", n, err)
	}
	if n, err := db.Sweep(ctx, from); err != nil || n != 1 {
		t.Fatalf("first sweep after the fence opened: %d alerts, %v; want 1", n, err)
	}
	if n, err := db.Sweep(ctx, from.Add(time.Hour)); err != nil || n != 0 {
		t.Fatalf("second sweep: %d alerts, %v; want 0", n, err)
	}
	if keys := alertKeys(t, db); len(keys) != 1 || keys[dbtest.AlertKey(geo.RuleStayStarted, id, 0, f.ID, "stay")] != 1 {
		t.Fatalf("alerts %v", keys)
	}
}

// TestOutboxIdsBecomeVisibleInOrder: a transaction that has drawn an outbox
// id holds the outbox lock until it ends, so a concurrent writer cannot
// commit a larger id first; a reader of "id > last seen" therefore never
// skips an id that commits later.
func TestOutboxIdsBecomeVisibleInOrder(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	if _, err := db.CreateFence(ctx, geo.Fence{Name: "z", Kind: geo.FenceWatchZone, Center: &orb.Point{107, -6.7}, RadiusM: 100,
		Rules: []geo.Rule{{Rule: geo.RuleStayStarted}}}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	today := geo.Clock(time.Now).Today()
	first, err := db.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Rollback(ctx)
	if _, err := first.Exec(ctx, insertStay, "o1", "AUS", "voa", today.AddDate(0, 1, 0), today, nil, 107.0, -6.7); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	done := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, err := db.Pool.Exec(ctx, insertStay, "o2", "AUS", "voa", today.AddDate(0, 1, 0), today, nil, 107.0, -6.7)
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("a second alert committed while the first was open (%v)", err)
	case <-time.After(300 * time.Millisecond):
	}
	if evs, err := db.OutboxAfter(ctx, 0, 10); err != nil || len(evs) != 0 {
		t.Fatalf("reader saw %d events while the first writer was open (%v)", len(evs), err)
	}
	if err := first.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	evs, err := db.OutboxAfter(ctx, 0, 10)
	if err != nil || len(evs) != 2 || evs[0].ID >= evs[1].ID {
		t.Fatalf("events %+v, %v", evs, err)
	}
	var firstStay int64
	if err := db.Pool.QueryRow(ctx, `SELECT id FROM stays WHERE source_id = 'o1'`).Scan(&firstStay); err != nil {
		t.Fatal(err)
	}
	var a struct{ StayID int64 }
	if got := evs[0].AlertID; got == 0 {
		t.Fatalf("event without alert: %+v", evs[0])
	}
	if err := db.Pool.QueryRow(ctx, `SELECT stay_id FROM alerts WHERE id = $1`, evs[0].AlertID).Scan(&a.StayID); err != nil {
		t.Fatal(err)
	}
	if a.StayID != firstStay {
		t.Fatalf("the first event is stay %d's, want the first writer's stay %d", a.StayID, firstStay)
	}
}

func fid(n int64) string { return strconv.FormatInt(n, 10) }
