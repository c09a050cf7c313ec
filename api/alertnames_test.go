package api_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"pantau/alerting"
)

// TestAlertCarriesNames: an alert names its desa, its accommodation and the
// nationality's two-letter code (for the page's country names), both in the
// list and in the stream's payload (pantau_alert_json and pantau_emit).
func TestAlertCarriesNames(t *testing.T) {
	ls := newLiveServer(t, alerting.Config{})
	loadTinyDesa(t, ls.DB)
	admin, officer := ls.DB.Token(t, "admin", ""), ls.DB.Token(t, "officer", "32.03.29")
	ch, stop := openStream(t, ls.URL, officer, "")
	defer stop()
	resp, b := ls.call(t, "POST", "/api/v1/geofences", admin, map[string]any{
		"name": "Zone", "kind": "watch_zone", "center": map[string]float64{"lon": 107, "lat": -6.7}, "radius_m": 500,
		"rules": []map[string]any{{"rule": "stay_started"}}})
	if resp.StatusCode != 201 {
		t.Fatalf("fence: %d %s", resp.StatusCode, b)
	}
	var acc int64
	if err := ls.DB.Pool.QueryRow(context.Background(), `INSERT INTO accommodations (source_id, name, kind, desa_code, geom)
		VALUES ('acc-names', 'Villa Melati', 'villa', '32.03.29.2001', ST_SetSRID(ST_Point(107, -6.7), 4326)) RETURNING id`).Scan(&acc); err != nil {
		t.Fatal(err)
	}
	if _, err := ls.DB.Pool.Exec(context.Background(), `INSERT INTO stays (source_id, full_name, passport_no, nationality,
		permit_type, permit_expiry, arrival_date, accommodation_id, desa_code, geom)
		VALUES ('st-names', 'Synthetic', 'P1', 'AUS', 'voa', current_date + 30, current_date - 1, $1, '32.03.29.2001', ST_SetSRID(ST_Point(107, -6.7), 4326))`, acc); err != nil {
		t.Fatal(err)
	}
	type names struct {
		Desa   string `json:"desa_name"`
		Acc    string `json:"accommodation_name"`
		Alpha2 string `json:"nationality_alpha2"`
	}
	want := names{"Cipanas", "Villa Melati", "AU"}
	var e sseEvent
	select {
	case e = <-ch:
	case <-time.After(10 * time.Second):
		_, b := ls.call(t, "GET", "/api/v1/alerts", admin, nil)
		t.Fatalf("no alert on the stream within 10 s; alerts: %s", b)
	}
	var streamed names
	if err := json.Unmarshal([]byte(e.Data), &streamed); err != nil {
		t.Fatal(err)
	}
	if streamed != want {
		t.Fatalf("streamed alert: %+v, want %+v (%s)", streamed, want, e.Data)
	}
	resp, b = ls.call(t, "GET", "/api/v1/alerts", officer, nil)
	var list struct {
		Alerts []names `json:"alerts"`
	}
	if err := json.Unmarshal(b, &list); err != nil || resp.StatusCode != 200 {
		t.Fatalf("list: %d %v %s", resp.StatusCode, err, b)
	}
	if len(list.Alerts) != 1 || list.Alerts[0] != want {
		t.Fatalf("listed alerts: %+v, want one %+v", list.Alerts, want)
	}
}
