package api_test

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"pantau/alerting"
	"pantau/api"
	"pantau/api/httpx"
	"pantau/data/dbtest"
)

// liveServer runs api.Server.Serve (with its workers) on loopback.
type liveServer struct {
	URL string
	DB  *dbtest.DB
}

func newLiveServer(t testing.TB, cfg alerting.Config) *liveServer {
	t.Helper()
	return newLiveServerConfig(t, dbtest.New(t), api.Config{Alerts: cfg})
}

// newLiveServerConfig serves db with cfg (DB and RateLimit are set here).
func newLiveServerConfig(t testing.TB, db *dbtest.DB, cfg api.Config) *liveServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cfg.DB, cfg.RateLimit = db.DB, -1
	cfg.Alerts.AllowPrivateWebhooks = true // the tests' receivers listen on loopback
	srv := api.New(cfg)
	done := make(chan struct{})
	go func() { srv.Serve(ctx, ln); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return &liveServer{URL: "http://" + ln.Addr().String(), DB: db}
}

func (ls *liveServer) call(t *testing.T, method, path, token string, body any) (*http.Response, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		must(t, err)
		rd = strings.NewReader(string(b))
	}
	req, err := http.NewRequest(method, ls.URL+path, rd)
	must(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	must(t, err)
	return resp, b
}

func loadTinyDesa(t *testing.T, db *dbtest.DB) {
	t.Helper()
	admin := db.Admin(t)
	_, err := admin.Exec(context.Background(), `
		INSERT INTO areas (code, level, parent_code, name, geom) VALUES
		  ('32.03', 'kabupaten', NULL, 'Cianjur', ST_Multi(ST_MakeEnvelope(106.9, -6.8, 107.1, -6.6, 4326))),
		  ('32.03.29', 'kecamatan', '32.03', 'Cipanas', ST_Multi(ST_MakeEnvelope(106.9, -6.8, 107.1, -6.6, 4326))),
		  ('32.03.29.2001', 'desa', '32.03.29', 'Cipanas', ST_Multi(ST_MakeEnvelope(106.99, -6.71, 107.01, -6.69, 4326)))`)
	if err != nil {
		t.Fatal(err)
	}
}

func TestGeofenceCRUDAndValidation(t *testing.T) {
	ls := newLiveServer(t, alerting.Config{})
	loadTinyDesa(t, ls.DB)
	admin, officer, viewer := ls.DB.Token(t, "admin", ""), ls.DB.Token(t, "officer", "32.03.29"), ls.DB.Token(t, "viewer", "")
	poly := map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{107, -6.7}, {107.01, -6.7}, {107.01, -6.69}, {107, -6.69}, {107, -6.7}}}}
	resp, b := ls.call(t, "POST", "/api/v1/geofences", admin, map[string]any{
		"name": "Villa cluster", "kind": "watch_zone", "geometry": poly,
		"rules": []map[string]any{{"rule": "stay_started", "nationality": []string{"chn"}}, {"rule": "count_above", "threshold": 10}}})
	if resp.StatusCode != 201 {
		t.Fatalf("create polygon fence: %d %s", resp.StatusCode, b)
	}
	var f struct {
		ID         int64          `json:"id"`
		Geometry   map[string]any `json:"geometry"`
		Properties map[string]any `json:"properties"`
	}
	must(t, json.Unmarshal(b, &f))
	if f.ID == 0 || f.Geometry["type"] != "MultiPolygon" || f.Properties["active"] != true {
		t.Fatalf("created fence %s", b)
	}
	resp, b = ls.call(t, "POST", "/api/v1/geofences", admin, map[string]any{
		"name": "Palace", "kind": "restricted_zone", "center": map[string]float64{"lon": 107, "lat": -6.7}, "radius_m": 250,
		"rules": []map[string]any{{"rule": "stay_started"}}})
	if resp.StatusCode != 201 {
		t.Fatalf("create point fence: %d %s", resp.StatusCode, b)
	}
	resp, b = ls.call(t, "POST", "/api/v1/geofences", admin, map[string]any{
		"name": "Desa Binaan", "kind": "guided_village", "desa_code": "32.03.29.2001", "rules": []map[string]any{{"rule": "overstay"}}})
	if resp.StatusCode != 201 {
		t.Fatalf("create desa fence: %d %s", resp.StatusCode, b)
	}
	must(t, json.Unmarshal(b, &f))
	desaID := f.ID
	// The 250 m circle is about 0.196 km² on the ground.
	var km2 float64
	if err := ls.DB.Pool.QueryRow(context.Background(), `SELECT ST_Area(geom::geography)/1e6 FROM geofences WHERE name = 'Palace'`).Scan(&km2); err != nil {
		t.Fatal(err)
	}
	if km2 < 0.19 || km2 > 0.2 {
		t.Errorf("250 m fence covers %.4f km²", km2)
	}

	bad := []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"name": "x", "kind": "zone", "geometry": poly}, "kind"},
		{map[string]any{"name": "x", "kind": "watch_zone"}, "geometry"},
		{map[string]any{"name": "x", "kind": "watch_zone", "geometry": poly, "radius_m": 5}, "geometry"},
		{map[string]any{"name": "x", "kind": "watch_zone", "geometry": map[string]any{"type": "Polygon",
			"coordinates": [][][]float64{{{0, 0}, {1, 1}, {1, 0}, {0, 1}, {0, 0}}}}}, "geometry"},
		{map[string]any{"name": "x", "kind": "watch_zone", "geometry": map[string]any{"type": "Point", "coordinates": []float64{1, 1}}}, "geometry"},
		{map[string]any{"name": "x", "kind": "watch_zone", "center": map[string]float64{"lon": 107, "lat": -6.7}, "radius_m": 90000}, "radius_m"},
		{map[string]any{"name": "x", "kind": "watch_zone", "desa_code": "32.03.29.9999"}, "desa_code"},
		{map[string]any{"name": "x", "kind": "watch_zone", "geometry": poly, "rules": []map[string]any{{"rule": "count_above"}}}, "rules[0].threshold"},
		{map[string]any{"name": "x", "kind": "watch_zone", "geometry": poly, "rules": []map[string]any{{"rule": "stay_started", "permit": []string{"tourist"}}}}, "rules[0].permit[0]"},
		{map[string]any{"name": "x", "kind": "watch_zone", "geometry": poly, "raduis_m": 4}, "raduis_m"},
	}
	for i, c := range bad {
		resp, b := ls.call(t, "POST", "/api/v1/geofences", admin, c.body)
		var p httpx.Problem
		must(t, json.Unmarshal(b, &p))
		if resp.StatusCode >= 500 || resp.StatusCode < 400 || p.Field != c.field {
			t.Errorf("bad fence %d: %d field %q, want 4xx naming %q (%s)", i, resp.StatusCode, p.Field, c.field, b)
		}
	}
	if resp, _ := ls.call(t, "GET", "/api/v1/geofences", viewer, nil); resp.StatusCode != 403 {
		t.Errorf("viewer list: %d", resp.StatusCode)
	}
	if resp, _ := ls.call(t, "POST", "/api/v1/geofences", officer, bad[0].body); resp.StatusCode != 403 {
		t.Errorf("officer create: %d", resp.StatusCode)
	}
	resp, b = ls.call(t, "GET", "/api/v1/geofences?active=true", officer, nil)
	if resp.StatusCode != 200 || strings.Count(string(b), `"Feature"`) != 3 {
		t.Fatalf("list: %d %s", resp.StatusCode, b)
	}
	resp, b = ls.call(t, "PUT", fmt.Sprintf("/api/v1/geofences/%d", desaID), admin, map[string]any{
		"name": "Desa Binaan (renamed)", "kind": "guided_village", "desa_code": "32.03.29.2001",
		"active_to": "2020-01-01T00:00:00Z", "rules": []map[string]any{}})
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"active":false`) {
		t.Fatalf("update: %d %s", resp.StatusCode, b)
	}
	if resp, _ := ls.call(t, "DELETE", fmt.Sprintf("/api/v1/geofences/%d", desaID), admin, nil); resp.StatusCode != 204 {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if resp, _ := ls.call(t, "GET", fmt.Sprintf("/api/v1/geofences/%d", desaID), admin, nil); resp.StatusCode != 404 {
		t.Fatalf("get deleted: %d", resp.StatusCode)
	}
	var audits int
	if err := ls.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action LIKE 'geofence.%'`).Scan(&audits); err != nil {
		t.Fatal(err)
	}
	if audits < 5 {
		t.Errorf("%d geofence audit entries", audits)
	}
}

// sseEvent is one parsed Server-Sent Event.
type sseEvent struct {
	ID    string // opaque (api.StreamCursor)
	Event string
	Data  string
}

// readSSE reads events from stream into ch until the body ends.
func readSSE(body io.Reader, ch chan<- sseEvent) {
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var e sseEvent
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if e.Data != "" {
				ch <- e
			}
			e = sseEvent{}
		case strings.HasPrefix(line, "id: "):
			e.ID = line[4:]
		case strings.HasPrefix(line, "event: "):
			e.Event = line[7:]
		case strings.HasPrefix(line, "data: "):
			e.Data = line[6:]
		}
	}
	close(ch)
}

func openStream(t testing.TB, url, token, lastID string) (chan sseEvent, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", url+"/api/v1/alerts/stream", nil)
	must(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("stream: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	ch := make(chan sseEvent, 1000)
	go readSSE(resp.Body, ch)
	return ch, func() { cancel(); resp.Body.Close() }
}

// nextEvents reads n events from ch, waiting up to 10 s for each.
func nextEvents(t testing.TB, ch <-chan sseEvent, n int, what string) []sseEvent {
	t.Helper()
	evs := make([]sseEvent, 0, n)
	for len(evs) < n {
		select {
		case e, open := <-ch:
			if !open {
				t.Fatalf("%s: the stream ended after %d of %d events", what, len(evs), n)
			}
			evs = append(evs, e)
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: %d of %d events", what, len(evs), n)
		}
	}
	return evs
}

func insertStays(t *testing.T, db *dbtest.DB, from, n int, lon, lat float64) {
	t.Helper()
	_, err := db.Pool.Exec(context.Background(), `INSERT INTO stays (source_id, full_name, passport_no, nationality,
		permit_type, permit_expiry, arrival_date, geom)
		SELECT 'st' || i, 'Synthetic', 'P' || i, 'AUS', 'voa', current_date + 30, current_date - 1, ST_SetSRID(ST_Point($3, $4), 4326)
		FROM generate_series($1::int, $2::int) i`, from, from+n-1, lon, lat)
	if err != nil {
		t.Fatal(err)
	}
}

func TestAlertStreamWebhooksAndStates(t *testing.T) {
	ls := newLiveServer(t, alerting.Config{Poll: 200 * time.Millisecond, BackoffBase: 50 * time.Millisecond, BackoffMax: 200 * time.Millisecond, WebhookTimeout: time.Second})
	admin := ls.DB.Token(t, "admin", "")
	officer := ls.DB.Token(t, "officer", "")
	viewer := ls.DB.Token(t, "viewer", "")

	// A receiver that fails every third request and checks signatures.
	const secret = "a-secret-of-some-length"
	var mu sync.Mutex
	got := map[string]int{}
	calls := 0
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("webhook body: %v", err)
		}
		sig := r.Header.Get(alerting.SignatureHeader)
		ts, mac, _ := strings.Cut(strings.TrimPrefix(sig, "t="), ",v1=")
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(ts + "." + string(body))) // hash.Hash.Write never fails
		if hex.EncodeToString(m.Sum(nil)) != mac {
			t.Errorf("bad signature %q", sig)
		}
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls%3 == 0 {
			w.WriteHeader(503)
			return
		}
		var wb struct {
			Topic string `json:"topic"`
			Alert struct {
				Key string `json:"idempotency_key"`
			} `json:"alert"`
		}
		if err := json.Unmarshal(body, &wb); err != nil {
			t.Errorf("webhook body: %v", err)
		}
		got[wb.Topic+" "+wb.Alert.Key]++
	}))
	defer recv.Close()
	resp, b := ls.call(t, "POST", "/api/v1/webhooks", admin, map[string]any{"url": recv.URL, "secret": secret, "expiry_days": 2})
	if resp.StatusCode != 201 || strings.Contains(string(b), secret) {
		t.Fatalf("webhook: %d %s", resp.StatusCode, b)
	}
	var wh struct{ ID int64 }
	must(t, json.Unmarshal(b, &wh))
	resp, b = ls.call(t, "POST", "/api/v1/geofences", admin, map[string]any{
		"name": "Zone", "kind": "watch_zone", "center": map[string]float64{"lon": 107, "lat": -6.7}, "radius_m": 500,
		"rules": []map[string]any{{"rule": "stay_started"}}})
	if resp.StatusCode != 201 {
		t.Fatalf("fence: %d %s", resp.StatusCode, b)
	}
	if resp, _ := ls.call(t, "GET", "/api/v1/alerts/stream", viewer, nil); resp.StatusCode != 403 {
		t.Fatalf("viewer stream: %d", resp.StatusCode)
	}

	ch, stop := openStream(t, ls.URL, officer, "")
	insertStays(t, ls.DB, 1, 5, 107, -6.7)
	insertStays(t, ls.DB, 100, 5, 108, -6.7) // outside: no alerts
	seen := nextEvents(t, ch, 5, "stream")
	stop()
	// Missed while disconnected: 7 more.
	insertStays(t, ls.DB, 10, 4, 107, -6.7)
	insertStays(t, ls.DB, 20, 3, 107.001, -6.7)
	ch, stop = openStream(t, ls.URL, officer, seen[len(seen)-1].ID)
	defer stop()
	seen = append(seen, nextEvents(t, ch, 7, "resumed stream")...)
	keys := map[string]bool{}
	for i, e := range seen {
		if e.Event != "alert" || (i > 0 && outboxID(t, ls.DB, e.ID) <= outboxID(t, ls.DB, seen[i-1].ID)) {
			t.Fatalf("event %d: %+v after %+v", i, e, seen[max(i-1, 0)])
		}
		var a struct {
			ID    int64  `json:"id"`
			Key   string `json:"idempotency_key"`
			Rule  string `json:"rule"`
			State string `json:"state"`
		}
		must(t, json.Unmarshal([]byte(e.Data), &a))
		if a.Rule != "stay_started" || a.State != "open" || keys[a.Key] {
			t.Fatalf("event %d data %s", i, e.Data)
		}
		keys[a.Key] = true
	}

	// States: acknowledge, resolve, and the stream carries both.
	var first struct {
		ID int64 `json:"id"`
	}
	must(t, json.Unmarshal([]byte(seen[0].Data), &first))
	if resp, b := ls.call(t, "POST", fmt.Sprintf("/api/v1/alerts/%d/acknowledge", first.ID), officer, map[string]string{"note": "on it"}); resp.StatusCode != 200 || !strings.Contains(string(b), `"acknowledged_by":"test-officer"`) {
		t.Fatalf("acknowledge: %d %s", resp.StatusCode, b)
	}
	if resp, _ := ls.call(t, "POST", fmt.Sprintf("/api/v1/alerts/%d/acknowledge", first.ID), officer, nil); resp.StatusCode != 409 {
		t.Fatalf("second acknowledge: %d", resp.StatusCode)
	}
	if resp, b := ls.call(t, "POST", fmt.Sprintf("/api/v1/alerts/%d/resolve", first.ID), officer, nil); resp.StatusCode != 200 || !strings.Contains(string(b), `"state":"resolved"`) {
		t.Fatalf("resolve: %d %s", resp.StatusCode, b)
	}
	for i, e := range nextEvents(t, ch, 2, "acknowledge and resolve") {
		if want := []string{"alert.acknowledged", "alert.resolved"}[i]; e.Event != want {
			t.Fatalf("got %s, want %s", e.Event, want)
		}
	}
	resp, b = ls.call(t, "GET", "/api/v1/alerts?state=open&rule=stay_started&limit=50", officer, nil)
	var list struct {
		Alerts []json.RawMessage `json:"alerts"`
	}
	must(t, json.Unmarshal(b, &list))
	if resp.StatusCode != 200 || len(list.Alerts) != 11 {
		t.Fatalf("open alerts: %d, %d %s", len(list.Alerts), resp.StatusCode, b)
	}
	if resp, _ := ls.call(t, "GET", "/api/v1/alerts?state=closed", officer, nil); resp.StatusCode != 400 {
		t.Fatalf("bad state filter: %d", resp.StatusCode)
	}

	// Webhooks: every event at least once despite the failures.
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n == 14 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("webhook received %d distinct events, want 14: %v", n, got)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for k := range keys {
		if got["alert "+k] == 0 {
			t.Errorf("webhook never got %s", k)
		}
	}
	// The receiver may answer before the attempt is recorded: poll.
	var dl struct {
		Deliveries []struct {
			Attempts int `json:"attempts"`
			Log      []struct {
				Status int `json:"status"`
			} `json:"attempt_log"`
		} `json:"deliveries"`
	}
	for range 100 {
		resp, b = ls.call(t, "GET", fmt.Sprintf("/api/v1/webhooks/%d/deliveries?status=delivered", wh.ID), admin, nil)
		must(t, json.Unmarshal(b, &dl))
		if len(dl.Deliveries) == 14 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	retried := 0
	for _, d := range dl.Deliveries {
		if d.Attempts > 1 && len(d.Log) == d.Attempts && d.Log[0].Status == 503 {
			retried++
		}
	}
	if resp.StatusCode != 200 || len(dl.Deliveries) != 14 || retried == 0 {
		t.Fatalf("deliveries: %d, %d retried: %s", len(dl.Deliveries), retried, b)
	}
}

// TestSweepAtStartUpUsesTheServerClock: the scheduler runs at start-up with
// the injected clock; a permit that expired by that day raises its overstay.
func TestSweepAtStartUpUsesTheServerClock(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	if _, err := db.Pool.Exec(ctx, `
		INSERT INTO geofences (name, kind, geom, rules) VALUES ('zone', 'watch_zone',
		  ST_Multi(ST_Expand(ST_SetSRID(ST_Point(107, -6.7), 4326), 0.01)), '[{"rule":"overstay"}]');
		INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, geom)
		VALUES ('x1', 'Synthetic', 'P1', 'AUS', 'voa', current_date + 10, current_date, ST_SetSRID(ST_Point(107, -6.7), 4326))`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM alerts`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d alerts before the sweep", n)
	}
	later := time.Now().AddDate(0, 0, 12)
	newLiveServerConfig(t, db, api.Config{Now: func() time.Time { return later }})
	for range 100 {
		if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM alerts WHERE rule = 'overstay'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 1 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%d overstay alerts after start-up with the clock 12 days ahead", n)
}

// TestFenceOverStaysAlreadyInside: drawing a fence around stays reported
// earlier streams their stay_started alerts at once, evaluated for the
// server's clock (a stay that departs before that day raises nothing);
// saving the fence again streams nothing more.
func TestFenceOverStaysAlreadyInside(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	var present, gone int64
	for _, s := range []struct {
		id       *int64
		src, dep string
	}{{&present, "in1", "NULL"}, {&gone, "in2", "current_date + 2"}} {
		if err := db.Pool.QueryRow(ctx, `INSERT INTO stays (source_id, full_name, passport_no, nationality,
			permit_type, permit_expiry, arrival_date, departure_date, geom)
			VALUES ($1, 'Synthetic', 'P' || $1, 'AUS', 'voa', current_date + 60, current_date - 1, `+s.dep+`,
			        ST_SetSRID(ST_Point(107, -6.7), 4326)) RETURNING id`, s.src).Scan(s.id); err != nil {
			t.Fatal(err)
		}
	}
	later := time.Now().AddDate(0, 0, 5)
	ls := newLiveServerConfig(t, db, api.Config{Now: func() time.Time { return later }})
	admin := db.Token(t, "admin", "")
	ch, stop := openStream(t, ls.URL, admin, "")
	defer stop()
	body := map[string]any{"name": "Palace", "kind": "restricted_zone", "center": map[string]float64{"lon": 107, "lat": -6.7},
		"radius_m": 250, "rules": []map[string]any{{"rule": "stay_started"}}}
	resp, b := ls.call(t, "POST", "/api/v1/geofences", admin, body)
	if resp.StatusCode != 201 {
		t.Fatalf("create fence: %d %s", resp.StatusCode, b)
	}
	var f struct {
		ID int64 `json:"id"`
	}
	must(t, json.Unmarshal(b, &f))
	select {
	case e := <-ch:
		var a struct {
			Rule       string `json:"rule"`
			StayID     int64  `json:"stay_id"`
			GeofenceID int64  `json:"geofence_id"`
		}
		must(t, json.Unmarshal([]byte(e.Data), &a))
		if e.Event != "alert" || a.Rule != "stay_started" || a.StayID != present || a.GeofenceID != f.ID {
			t.Fatalf("event %+v, want stay_started for stay %d in fence %d", e, present, f.ID)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no alert streamed for the stay already inside")
	}
	for _, name := range []string{"Palace", "Palace grounds"} {
		body["name"] = name
		if resp, b := ls.call(t, "PUT", fmt.Sprintf("/api/v1/geofences/%d", f.ID), admin, body); resp.StatusCode != 200 {
			t.Fatalf("update fence: %d %s", resp.StatusCode, b)
		}
	}
	body["radius_m"] = 300 // reshaped: evaluated again, nothing new inside
	if resp, b := ls.call(t, "PUT", fmt.Sprintf("/api/v1/geofences/%d", f.ID), admin, body); resp.StatusCode != 200 {
		t.Fatalf("reshape fence: %d %s", resp.StatusCode, b)
	}
	select {
	case e := <-ch:
		t.Fatalf("re-saving the fence streamed %+v", e)
	case <-time.After(300 * time.Millisecond):
	}
	var n int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM alerts`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("%d alerts, want 1 (stay %d departs before the server's day)", n, gone)
	}
}

// outboxID reads an event id of the alert stream back to its outbox id
// with the database's stream key, as the server does.
func outboxID(t testing.TB, db *dbtest.DB, eventID string) int64 {
	t.Helper()
	key, err := db.AlertStreamKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c, err := api.NewStreamCursor(key)
	if err != nil {
		t.Fatal(err)
	}
	n, err := c.Decode(eventID)
	if err != nil {
		t.Fatalf("event id %q: %v", eventID, err)
	}
	return n
}
