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
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"pantau/data"
	"pantau/data/dbtest"
	"pantau/geo"
)

// startServeEnv is startServe with extra environment (fast webhook retries).
func startServeEnv(t *testing.T, home string, extra ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := pantauCmd(home, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(cmd.Env, extra...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := servingRe.FindStringSubmatch(sc.Text()); m != nil {
				urlc <- m[1]
			}
		}
	}()
	select {
	case url := <-urlc:
		waitReady(t, url)
		return cmd, url
	case <-time.After(2 * time.Minute):
		t.Fatal("pantau serve did not start")
	}
	return nil, ""
}

func apiCall(t *testing.T, method, url, token string, body any) []byte {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, url, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %s", method, url, resp.StatusCode, out)
	}
	return out
}

// sseReader reads events (id, data) from an alert stream until ctx ends.
func sseReader(ctx context.Context, t *testing.T, url, token string, lastID int64) (<-chan [2]string, error) {
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/api/v1/alerts/stream", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Last-Event-ID", fmt.Sprint(lastID))
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
// through the application role, `pantau serve` SIGKILLed mid-burst and
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
	env := []string{"PANTAU_WEBHOOK_BACKOFF=50ms", "PANTAU_WEBHOOK_BACKOFF_MAX=300ms", "PANTAU_WEBHOOK_TIMEOUT=2s", "PANTAU_SSE_HEARTBEAT=1s"}
	cmd, url := startServeEnv(t, home, env...)
	out, err := pantauCmd(home, "token", "create", "--role", "admin", "--name", "e2e").Output()
	if err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(string(out))
	cl, err := data.EnsureCluster(ctx, data.ClusterConfig{Home: home})
	if err != nil {
		t.Fatal(err)
	}
	db, err := data.Connect(ctx, cl.ConnString(data.DBName, data.AppRole), data.PoolOptions{})
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
		json.NewDecoder(r.Body).Decode(&body)
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
	sse, err := sseReader(sctx, t, url, token, 0)
	if err != nil {
		t.Fatal(err)
	}

	// The burst: 50 batches of 200 stays, upserted by source id with some
	// duplicates and late repeats, at random points over the fence grid.
	const batches, per = 50, 200
	burst := func(b int) error {
		_, err := db.Pool.Exec(ctx, `INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type,
			permit_expiry, arrival_date, geom)
			SELECT 'b' || (i % 9500), 'Synthetic', 'P' || i, (ARRAY['CHN','AUS','SAU','NLD'])[1 + i % 4], 'voa',
			       current_date + (i % 10) - 3, current_date - (i % 5),
			       ST_SetSRID(ST_Point(107.0 + random() * 0.16, -6.75 + random() * 0.1), 4326)
			FROM generate_series($1::int, $2::int) i
			ON CONFLICT (source, source_id) DO UPDATE SET reported_at = now()`, b*per, b*per+per-1)
		return err
	}
	committed := 0
	for b := range batches {
		if b == 15 {
			// Kill the service mid-burst; writes go on while it is down.
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			stopSSE()
		}
		if b == 30 {
			cmd, url = startServeEnv(t, home, env...)
		}
		if err := burst(b); err != nil {
			t.Fatalf("batch %d: %v", b, err)
		}
		committed += per
	}

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
		rows.Scan(&sid, &gid, &rule, &expiry)
		period := "stay"
		if rule == geo.RuleOverstay {
			period = "permit:" + expiry.Format(time.DateOnly)
		}
		want[geo.AlertKey(rule, sid, 0, gid, period)] = true
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	got := map[string]int{}
	rows, _ = db.Pool.Query(ctx, `SELECT a.idempotency_key, (SELECT count(*) FROM outbox o WHERE o.alert_id = a.id) FROM alerts a`)
	for rows.Next() {
		var k string
		var n int
		rows.Scan(&k, &n)
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
	var last int64
	seen := 0
	for e := range sse {
		var id int64
		fmt.Sscan(e[0], &id)
		if id <= last {
			t.Fatalf("event %d after %d", id, last)
		}
		last = id
		seen++
	}
	var ids []int64
	rows, _ = db.Pool.Query(ctx, `SELECT id FROM outbox WHERE id > $1 ORDER BY id`, last)
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sse, err = sseReader(rctx, t, url, token, last)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range ids {
		select {
		case e := <-sse:
			var id int64
			fmt.Sscan(e[0], &id)
			if id != want {
				t.Fatalf("resumed event %d: id %d, want %d", i, id, want)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("resumed stream stalled after %d of %d events", i, len(ids))
		}
	}
	t.Logf("SSE: %d events before the kill, %d after reconnecting", seen, len(ids))
}
