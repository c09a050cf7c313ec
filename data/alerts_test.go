package data_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"pantau/data"
	"pantau/data/dbtest"
	"pantau/demo"
	"pantau/geo"
)

// square returns a closed square around (lon, lat) with half-side d degrees.
func square(lon, lat, d float64) orb.Polygon {
	return orb.Polygon{{{lon - d, lat - d}, {lon + d, lat - d}, {lon + d, lat + d}, {lon - d, lat + d}, {lon - d, lat - d}}}
}

func alertKeys(t *testing.T, db *dbtest.DB) map[string]int {
	t.Helper()
	rows, err := db.Pool.Query(context.Background(), `SELECT idempotency_key, count(o.id) FROM alerts a
		LEFT JOIN outbox o ON o.alert_id = a.id AND o.topic = 'alert' GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		out[k] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

const insertStay = `INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, permit_expiry,
	arrival_date, departure_date, geom)
	VALUES ($1, 'Synthetic Person', 'X' || $1, $2, $3, $4, $5, $6, ST_SetSRID(ST_Point($7, $8), 4326))
	ON CONFLICT (source, source_id) DO UPDATE SET departure_date = EXCLUDED.departure_date,
	  permit_expiry = EXCLUDED.permit_expiry, geom = EXCLUDED.geom
	RETURNING id`

func TestTriggersRaiseAlertsOnce(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	fence, err := db.CreateFence(ctx, geo.Fence{Name: "Villa cluster", Kind: geo.FenceWatchZone,
		Geometry: orb.MultiPolygon{square(107.0, -6.7, 0.01)},
		Rules: []geo.Rule{{Rule: geo.RuleStayStarted}, {Rule: geo.RuleStayEnded}, {Rule: geo.RuleOverstay},
			{Rule: geo.RuleUnregistered}, {Rule: geo.RuleCountAbove, Threshold: 2, Hysteresis: 1}}}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	chn, err := db.CreateFence(ctx, geo.Fence{Name: "Palace", Kind: geo.FenceRestrictedZone,
		Center: &orb.Point{107.0, -6.7}, RadiusM: 200,
		Rules: []geo.Rule{{Rule: geo.RuleStayStarted, Nationality: []string{"chn"}}}}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if chn.Center == nil || chn.RadiusM != 200 || chn.Rules[0].Nationality[0] != "CHN" {
		t.Fatalf("point fence %+v", chn)
	}
	today := geo.Clock(time.Now).Today()
	past, future := today.AddDate(0, 0, -20), today.AddDate(0, 1, 0)
	expired := today.AddDate(0, 0, -2)
	var id1 int64
	// Inside both (centre), Chinese, permit valid.
	if err := db.Pool.QueryRow(ctx, insertStay, "s1", "CHN", "voa", future, past, nil, 107.0, -6.7).Scan(&id1); err != nil {
		t.Fatal(err)
	}
	// Repeat report: nothing new.
	if err := db.Pool.QueryRow(ctx, insertStay, "s1", "CHN", "voa", future, past, nil, 107.0, -6.7).Scan(&id1); err != nil {
		t.Fatal(err)
	}
	// Inside the square only, expired permit: started + overstay; now 2 present.
	var id2, id3, id4 int64
	if err := db.Pool.QueryRow(ctx, insertStay, "s2", "AUS", "voa", expired, past, nil, 107.005, -6.705).Scan(&id2); err != nil {
		t.Fatal(err)
	}
	// Outside.
	if err := db.Pool.QueryRow(ctx, insertStay, "s3", "AUS", "voa", future, past, nil, 108.0, -6.7).Scan(&id3); err != nil {
		t.Fatal(err)
	}
	// Late report of a stay that ended before today: nothing.
	if err := db.Pool.QueryRow(ctx, insertStay, "s4", "AUS", "voa", expired, past, today.AddDate(0, 0, -5), 107.001, -6.701).Scan(&id4); err != nil {
		t.Fatal(err)
	}
	// Third present stay inside the square: count 3 > 2 fires count_above.
	var id5 int64
	if err := db.Pool.QueryRow(ctx, insertStay, "s5", "DEU", "itas", future, past, nil, 107.002, -6.702).Scan(&id5); err != nil {
		t.Fatal(err)
	}
	// Departure reported for s1: stay_ended.
	if err := db.Pool.QueryRow(ctx, insertStay, "s1", "CHN", "voa", future, past, today.AddDate(0, 0, -1), 107.0, -6.7).Scan(&id1); err != nil {
		t.Fatal(err)
	}
	// Unregistered villa inside; then re-saved unchanged.
	for range 2 {
		if _, err := db.Pool.Exec(ctx, `INSERT INTO accommodations (source_id, name, kind, apoa_registered, geom)
			VALUES ('v1', 'Villa X', 'villa', false, ST_SetSRID(ST_Point(107.003, -6.703), 4326))
			ON CONFLICT (source, source_id) DO UPDATE SET name = EXCLUDED.name`); err != nil {
			t.Fatal(err)
		}
	}
	got := alertKeys(t, db)
	f, c := fence.ID, chn.ID
	want := []string{
		dbtest.AlertKey(geo.RuleStayStarted, id1, 0, f, "stay"),
		dbtest.AlertKey(geo.RuleStayStarted, id1, 0, c, "stay"),
		dbtest.AlertKey(geo.RuleStayStarted, id2, 0, f, "stay"),
		dbtest.AlertKey(geo.RuleOverstay, id2, 0, f, "permit:"+expired.Format(time.DateOnly)),
		dbtest.AlertKey(geo.RuleStayStarted, id5, 0, f, "stay"),
		dbtest.AlertKey(geo.RuleStayEnded, id1, 0, f, "stay"),
		dbtest.AlertKey(geo.RuleUnregistered, 0, 1, f, "unregistered"),
	}
	for _, k := range want {
		if got[k] != 1 {
			t.Errorf("alert %s: %d outbox rows, want 1", k, got[k])
		}
		delete(got, k)
	}
	var count int
	for k, n := range got {
		if len(k) > 12 && k[:12] == "count_above:" && n == 1 {
			count++
			continue
		}
		t.Errorf("unexpected alert %s", k)
	}
	if count != 1 {
		t.Errorf("%d count_above alerts, want 1", count)
	}

	// The sweep is idempotent: it finds the overstay already raised.
	if n, err := db.Sweep(ctx, today); err != nil || n != 0 {
		t.Fatalf("sweep: %d new, %v", n, err)
	}
	// A day later s5's permit... stays valid; s2's overstay stays the same key.
	if n, err := db.Sweep(ctx, today.AddDate(0, 0, 1)); err != nil || n != 0 {
		t.Fatalf("sweep tomorrow: %d new, %v", n, err)
	}

	// Outbox ids follow alert ids and the JSON carries the fence name.
	evs, err := db.OutboxAfter(ctx, 0, 100)
	if err != nil || len(evs) != 8 {
		t.Fatalf("outbox: %d events, %v", len(evs), err)
	}
	doc, err := db.SetAlertState(ctx, evs[0].AlertID, data.AlertAcknowledged, "officer-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetAlertState(ctx, evs[0].AlertID, data.AlertAcknowledged, "officer-1"); geo.ErrorCode(err) != geo.ECONFLICT {
		t.Fatalf("second acknowledge: %v", err)
	}
	if _, err := db.SetAlertState(ctx, evs[0].AlertID, data.AlertResolved, "officer-2"); err != nil {
		t.Fatal(err)
	}
	var acked struct{ State string }
	if err := json.Unmarshal(doc, &acked); err != nil || acked.State != data.AlertAcknowledged {
		t.Errorf("acknowledge answered %s (%v)", doc, err)
	}
	list, err := db.ListAlerts(ctx, data.AlertQuery{State: []string{"resolved"}})
	if err != nil || len(list) != 1 {
		t.Fatalf("resolved alerts: %d, %v", len(list), err)
	}
}

// TestSweepRaisesOverstaysByTheCalendar: a permit that expires with no write
// to its stay is caught by the sweep on the first day after expiry, once.
func TestSweepRaisesOverstaysByTheCalendar(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	f, err := db.CreateFence(ctx, geo.Fence{Name: "Guided village", Kind: geo.FenceGuidedVillage,
		Center: &orb.Point{107.1, -6.8}, RadiusM: 500, Rules: []geo.Rule{{Rule: geo.RuleOverstay, Permit: []string{"voa"}}}}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	today := geo.Clock(time.Now).Today()
	expiry := today.AddDate(0, 0, 5)
	var id, other int64
	if err := db.Pool.QueryRow(ctx, insertStay, "o1", "NLD", "voa", expiry, today.AddDate(0, 0, -3), nil, 107.1, -6.8).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool.QueryRow(ctx, insertStay, "o2", "NLD", "itas", expiry, today.AddDate(0, 0, -3), nil, 107.1, -6.8).Scan(&other); err != nil {
		t.Fatal(err)
	}
	for d, want := range []int{0, 0, 0, 0, 0, 0, 1, 0} { // days 0..7 after today
		n, err := db.Sweep(ctx, today.AddDate(0, 0, d))
		if err != nil || n != want {
			t.Fatalf("sweep on day +%d: %d new alerts (%v), want %d", d, n, err, want)
		}
	}
	keys := alertKeys(t, db)
	if len(keys) != 1 || keys[dbtest.AlertKey(geo.RuleOverstay, id, 0, f.ID, "permit:"+expiry.Format(time.DateOnly))] != 1 {
		t.Fatalf("alerts %v", keys)
	}
}

// TestDemoFencesRaiseAlerts: the demo creates its fences before its stays,
// so the demo starts with alerts; loading it again adds none.
func TestDemoFencesRaiseAlerts(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, db.DB, demo.Options{Seed: 1, Stays: 3000}); err != nil {
		t.Fatal(err)
	}
	var fences, alerts, villages int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM geofences`).Scan(&fences); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM alerts`).Scan(&alerts); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool.QueryRow(ctx, `SELECT count(DISTINCT a.geofence_id) FROM alerts a JOIN geofences g ON g.id = a.geofence_id
		WHERE g.kind = 'guided_village' AND a.rule = 'stay_started'`).Scan(&villages); err != nil {
		t.Fatal(err)
	}
	if fences != len(demo.Fences()) || alerts == 0 || villages == 0 {
		t.Fatalf("%d fences, %d alerts, %d guided villages with stay_started alerts", fences, alerts, villages)
	}
	if _, err := demo.Load(ctx, db.DB, demo.Options{Seed: 1, Stays: 3000}); err != nil {
		t.Fatal(err)
	}
	var again int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM alerts`).Scan(&again); err != nil {
		t.Fatal(err)
	}
	if again != alerts {
		t.Fatalf("second demo load: %d alerts, was %d", again, alerts)
	}
}

// TestExpiredDeliveriesAreNotRetried: a delivery past its expiry is no
// longer claimed and lists as expired.
func TestExpiredDeliveriesAreNotRetried(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	wh, err := db.CreateWebhook(ctx, data.Webhook{URL: "http://127.0.0.1:9/", Secret: "0123456789abcdef", Active: true, ExpiryDays: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateFence(ctx, geo.Fence{Name: "z", Kind: geo.FenceWatchZone, Center: &orb.Point{107, -6.7}, RadiusM: 100,
		Rules: []geo.Rule{{Rule: geo.RuleStayStarted}}}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	today := geo.Clock(time.Now).Today()
	var id int64
	if err := db.Pool.QueryRow(ctx, insertStay, "e1", "AUS", "voa", today.AddDate(0, 1, 0), today, nil, 107.0, -6.7).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool.QueryRow(ctx, insertStay, "e2", "AUS", "voa", today.AddDate(0, 1, 0), today, nil, 107.0, -6.7).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE webhook_deliveries SET expires_at = now() - interval '1 second'
		WHERE id = (SELECT min(id) FROM webhook_deliveries)`); err != nil {
		t.Fatal(err)
	}
	ds, err := db.ClaimDeliveries(ctx, 10, time.Minute)
	if err != nil || len(ds) != 1 {
		t.Fatalf("claimed %d deliveries (%v), want the one not expired", len(ds), err)
	}
	list, err := db.ListDeliveries(ctx, wh.ID, "expired", 10)
	if err != nil || len(list) != 1 || list[0].Status != "expired" {
		t.Fatalf("expired deliveries: %+v %v", list, err)
	}
}
