package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"pantau/api"
	"pantau/data"
	"pantau/data/dbtest"
	"pantau/data/pgcluster"
	"pantau/geo"
)

// startServeEnv is startServe with extra environment (fast webhook
// retries); webhooks may reach the test's loopback receiver.
func startServeEnv(t *testing.T, home string, extra ...string) (*exec.Cmd, string) {
	t.Helper()
	return startServeWith(t, home, append(extra, "PANTAU_ALLOW_PRIVATE_WEBHOOKS=true"))
}

func apiCall(t *testing.T, method, url, token string, body any) []byte {
	t.Helper()
	b, err := json.Marshal(body)
	must(t, err)
	req, err := http.NewRequest(method, url, bytes.NewReader(b))
	must(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	must(t, err)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %s", method, url, resp.StatusCode, out)
	}
	return out
}

// sseReader reads events (id, data) from an alert stream until ctx ends.
func sseReader(ctx context.Context, t *testing.T, url, token string, lastID string) (<-chan [2]string, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", url+"/api/v1/alerts/stream", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Last-Event-ID", lastID)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("stream: %d", resp.StatusCode)
	}
	ch := make(chan [2]string, 20000)
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var id, dataLine string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "" && dataLine != "":
				ch <- [2]string{id, dataLine}
				id, dataLine = "", ""
			case strings.HasPrefix(line, "id: "):
				id = line[4:]
			case strings.HasPrefix(line, "data: "):
				dataLine = line[6:]
			}
		}
	}()
	return ch, nil
}

// TestAlertsSurviveSIGKILL: fences active, a burst of 10,000 stay writes
// through POST /api/v1/stays, `pantau serve` SIGKILLed mid-burst and
// restarted. Afterwards every committed stay that should alert has exactly
// one alert, a loopback webhook receiver (failing some requests) has every
// idempotency key and nothing else, and an SSE client that reconnects with
// Last-Event-ID gets every event it missed, in order.
func TestAlertsSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts its own cluster and service")
	}
	ctx := context.Background()
	t0 := time.Now()
	home := dbtest.TempHome(t)
	env := []string{"PANTAU_RATE_LIMIT=-1", "PANTAU_WEBHOOK_BACKOFF=50ms", "PANTAU_WEBHOOK_BACKOFF_MAX=300ms", "PANTAU_WEBHOOK_TIMEOUT=2s", "PANTAU_SSE_HEARTBEAT=1s"}
	cmd, url := startServeEnv(t, home, env...)
	out, err := pantauCmd(home, "token", "create", "--role", "admin", "--name", "e2e").Output()
	if err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(string(out))
	cl, err := pgcluster.Ensure(ctx, pgcluster.Config{Home: home})
	if err != nil {
		t.Fatal(err)
	}
	db, err := data.Connect(ctx, cl.ConnString(pgcluster.DBName, pgcluster.AppRole), data.PoolOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	// Webhook receiver on loopback: refuses one request in five.
	var mu sync.Mutex
	received := map[string]int{}
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rand.IntN(5) == 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		var body struct {
			Topic string `json:"topic"`
			Alert struct {
				Key string `json:"idempotency_key"`
			} `json:"alert"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			t.Errorf("webhook body: %v", err)
		}
		mu.Lock()
		received[body.Alert.Key]++
		mu.Unlock()
	}))
	defer recv.Close()
	apiCall(t, "POST", url+"/api/v1/webhooks", token, map[string]any{"url": recv.URL, "secret": "e2e-secret-0123456789", "expiry_days": 1})

	// 40 fences on a grid of 0.01° squares around Cipanas; every fourth
	// watches Chinese nationals only, every fence watches overstays too.
	for i := range 40 {
		lon, lat := 107.0+float64(i%8)*0.02, -6.75+float64(i/8)*0.02
		rule := map[string]any{"rule": "stay_started"}
		if i%4 == 0 {
			rule["nationality"] = []string{"CHN"}
		}
		apiCall(t, "POST", url+"/api/v1/geofences", token, map[string]any{
			"name": fmt.Sprintf("zone %d", i), "kind": "watch_zone",
			"geometry": map[string]any{"type": "Polygon", "coordinates": [][][]float64{{
				{lon, lat}, {lon + 0.01, lat}, {lon + 0.01, lat + 0.01}, {lon, lat + 0.01}, {lon, lat}}}},
			"rules": []any{rule, map[string]any{"rule": "overstay"}}})
	}

	t.Logf("%s: service up, fences made", time.Since(t0))
	// An SSE client from the start.
	sctx, stopSSE := context.WithCancel(ctx)
	defer stopSSE()
	sse, err := sseReader(sctx, t, url, token, "0")
	if err != nil {
		t.Fatal(err)
	}

	// The burst: 10,000 stays POSTed to /api/v1/stays in 200 batches of 50
	// by 4 clients, upserted by source id (500 are repeats of earlier
	// ones), at random points over the fence grid. The service is SIGKILLed
	// a third of the way in and restarted a little later; a client retries
	// its batch until it gets an answer, as a reporting host would, so a
	// batch committed just before the kill is sent twice.
	const batches, per = 200, 50
	today := geo.Clock(time.Now).Today()
	batchBody := func(b int) []byte {
		var items []map[string]any
		for k := range per {
			// Stays 9500..9999 repeat stays 0..499 exactly (a duplicate report).
			i := (b*per + k) % 9500
			r := rand.New(rand.NewPCG(uint64(i), 7))
			items = append(items, map[string]any{
				"source_id": fmt.Sprintf("b%d", i), "full_name": "Synthetic Person", "passport_no": fmt.Sprintf("P%05d", i),
				"nationality": []string{"CHN", "AUS", "SAU", "NLD"}[i%4], "permit_type": "voa",
				"permit_expiry": today.AddDate(0, 0, i%10-3).Format(time.DateOnly),
				"arrival_date":  today.AddDate(0, 0, -(i % 5)).Format(time.DateOnly),
				"lon":           107.0 + r.Float64()*0.16, "lat": -6.75 + r.Float64()*0.1,
			})
		}
		b2, err := json.Marshal(items)
		if err != nil {
			t.Error(err) // called from the senders' goroutines
		}
		return b2
	}
	var curURL sync.Map
	curURL.Store("u", url)
	jobs := make(chan int)
	var done sync.WaitGroup
	var okBatches, retries int
	var cmu sync.Mutex
	client := &http.Client{Timeout: 30 * time.Second}
	for range 4 {
		done.Add(1)
		go func() {
			defer done.Done()
			for b := range jobs {
				body := batchBody(b)
				for {
					u, _ := curURL.Load("u")
					req, err := http.NewRequest("POST", u.(string)+"/api/v1/stays", bytes.NewReader(body))
					if err != nil {
						t.Error(err)
						return
					}
					req.Header.Set("Authorization", "Bearer "+token)
					req.Header.Set("Content-Type", "application/json")
					resp, err := client.Do(req)
					if err == nil {
						msg, rerr := io.ReadAll(resp.Body)
						if rerr != nil {
							msg = []byte(rerr.Error())
						}
						resp.Body.Close()
						if resp.StatusCode < 300 {
							cmu.Lock()
							okBatches++
							cmu.Unlock()
							break
						}
						if resp.StatusCode < 500 {
							t.Errorf("batch %d: %d %s", b, resp.StatusCode, msg)
							break
						}
					}
					cmu.Lock()
					retries++
					cmu.Unlock()
					time.Sleep(100 * time.Millisecond)
				}
			}
		}()
	}
	for b := range batches {
		if b == batches/3 {
			// Kill the service with requests in flight.
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			stopSSE()
			go func() {
				time.Sleep(time.Second)
				c, u := startServeEnv(t, home, env...)
				cmu.Lock()
				cmd = c
				cmu.Unlock()
				curURL.Store("u", u)
			}()
		}
		jobs <- b
	}
	close(jobs)
	done.Wait()
	u, _ := curURL.Load("u")
	url = u.(string)
	committed := batches * per
	t.Logf("%s: burst done, %d batch retries", time.Since(t0), retries)

	// What should have alerted, computed independently of the triggers.
	type exp struct{ key string }
	rows, err := db.Pool.Query(ctx, `SELECT s.id, g.id, r->>'rule', s.permit_expiry
		FROM stays s JOIN geofences g ON ST_Covers(g.geom, s.geom)
		CROSS JOIN LATERAL jsonb_array_elements(g.rules) r
		WHERE (r->>'rule' = 'stay_started' AND (r->'nationality' IS NULL OR r->'nationality' ? s.nationality::text))
		   OR (r->>'rule' = 'overstay' AND s.permit_expiry < pantau_today())`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for rows.Next() {
		var sid, gid int64
		var rule string
		var expiry time.Time
		must(t, rows.Scan(&sid, &gid, &rule, &expiry))
		period := "stay"
		if rule == geo.RuleOverstay {
			period = "permit:" + expiry.Format(time.DateOnly)
		}
		want[dbtest.AlertKey(rule, sid, 0, gid, period)] = true
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	got := map[string]int{}
	rows, err = db.Pool.Query(ctx, `SELECT a.idempotency_key, (SELECT count(*) FROM outbox o WHERE o.alert_id = a.id) FROM alerts a`)
	must(t, err)
	for rows.Next() {
		var k string
		var n int
		must(t, rows.Scan(&k, &n))
		got[k] = n
	}
	if len(want) < 1000 {
		t.Fatalf("only %d expected alerts; the burst missed the fences", len(want))
	}
	for k := range want {
		if got[k] != 1 {
			t.Errorf("alert %s: %d outbox rows (want exactly one alert)", k, got[k])
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("unexpected alert %s", k)
		}
	}
	t.Logf("%s: %d stays committed, %d alerts", time.Since(t0), committed, len(got))

	// The webhook receiver gets every key, and nothing else.
	deadline := time.Now().Add(45 * time.Second)
	for {
		mu.Lock()
		missing := 0
		for k := range want {
			if received[k] == 0 {
				missing++
			}
		}
		extra := 0
		for k := range received {
			if !want[k] {
				extra++
			}
		}
		mu.Unlock()
		if extra > 0 {
			t.Fatalf("webhook received %d keys that are no alert", extra)
		}
		if missing == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("webhook still misses %d of %d keys", missing, len(want))
		}
		time.Sleep(200 * time.Millisecond)
	}

	t.Logf("%s: webhooks complete", time.Since(t0))
	// The first SSE client saw a prefix; reconnecting from its last id
	// yields every later event, in order, ending at the outbox head.
	// Event ids are encrypted outbox ids (api.StreamCursor); the test reads
	// them back with the database's key.
	key, err := db.AlertStreamKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cursor, err := api.NewStreamCursor(key)
	if err != nil {
		t.Fatal(err)
	}
	outboxID := func(eventID string) int64 {
		id, err := cursor.Decode(eventID)
		if err != nil {
			t.Fatalf("event id %q: %v", eventID, err)
		}
		return id
	}
	var last int64
	lastEvent := "0"
	seen := 0
	for e := range sse {
		id := outboxID(e[0])
		if id <= last {
			t.Fatalf("event %d after %d", id, last)
		}
		last, lastEvent = id, e[0]
		seen++
	}
	var ids []int64
	if err := db.Pool.QueryRow(ctx, `SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM outbox WHERE id > $1`, last).Scan(&ids); err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sse, err = sseReader(rctx, t, url, token, lastEvent)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range ids {
		select {
		case e := <-sse:
			if id := outboxID(e[0]); id != want {
				t.Fatalf("resumed event %d: id %d, want %d", i, id, want)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("resumed stream stalled after %d of %d events", i, len(ids))
		}
	}
	t.Logf("SSE: %d events before the kill, %d after reconnecting", seen, len(ids))
}
