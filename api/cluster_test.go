package api_test

import (
	"bytes"
	"context"
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

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"pantau/alerting"
	"pantau/api"
	"pantau/data"
	"pantau/data/dbtest"
	"pantau/data/pgcluster"
)

// TestTwoInstancesReplicaFailover runs two Pantau instances (api.Server on
// loopback, each with its own pools, as two processes would) over a private
// primary and its synchronous streaming replica. It checks that tile reads
// are served by the replica, that a write through either instance
// invalidates the cached tile on both, and that after the primary is killed
// and the replica promoted both instances reconnect by themselves (a host
// list with target_session_attrs=read-write) and every acknowledged write
// is on the new primary.
func TestTwoInstancesReplicaFailover(t *testing.T) {
	p := dbtest.Replicated(t, map[string]string{"synchronous_standby_names": "'*'", "synchronous_commit": "on"})
	p.Primary.LoadCianjur(t)
	ctx := context.Background()
	admin, analyst := p.Primary.Token(t, "admin", ""), p.Primary.Token(t, "analyst", "")
	primarySock := p.Primary.Cluster.SocketDir
	replicaSock := p.Replica.SocketDir
	hostList := fmt.Sprintf("host=%s,%s port=5432,5432 user=%s dbname=%s sslmode=disable target_session_attrs=read-write",
		primarySock, replicaSock, pgcluster.AppRole, pgcluster.DBName)
	now := func() time.Time { return time.Date(2026, 6, 20, 5, 0, 0, 0, time.UTC) }
	type instance struct {
		url string
		db  *data.DB
	}
	var inst [2]instance
	for i := range inst {
		db, err := data.Connect(ctx, hostList, data.PoolOptions{MinConns: data.ServiceMinConns})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(db.Close)
		if err := db.AddReplicas(ctx, []string{p.ReplicaDSN}, data.PoolOptions{}, 5*time.Second); err != nil {
			t.Fatal(err)
		}
		srv := api.New(api.Config{DB: db, Now: now, Alerts: alerting.Config{AllowPrivateWebhooks: true,
			BackoffBase: 50 * time.Millisecond, BackoffMax: 200 * time.Millisecond, WebhookTimeout: time.Second}})
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		sctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { srv.Serve(sctx, ln); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
		inst[i] = instance{"http://" + ln.Addr().String(), db}
	}

	seq := 0
	// post stores one stay through instance i at lon, lat; it reports
	// whether the write was acknowledged (201).
	post := func(i int, lon, lat float64) (string, bool) {
		seq++
		id := fmt.Sprintf("ha-%d", seq)
		body := fmt.Sprintf(`{"source_id":%q,"full_name":"Synthetic Person","passport_no":"PH%06d","nationality":"AUS",
			"permit_type":"voa","permit_expiry":"2026-07-20","arrival_date":"2026-06-10","lat":%g,"lon":%g}`, id, seq, lat, lon)
		req, err := http.NewRequest("POST", inst[i].url+"/api/v1/stays", strings.NewReader(body))
		must(t, err)
		req.Header.Set("Authorization", "Bearer "+admin)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return id, false
		}
		drainBody(t, resp.Body)
		resp.Body.Close()
		return id, resp.StatusCode == http.StatusCreated
	}
	pt := orb.Point{107.05, -6.75}
	path := tilePath("stays", maptile.At(pt, 12))
	// fetch gets the tile from instance i until it is a cache hit whose
	// body differs from old (nil: any), failing after 20 s.
	fetch := func(i int, old []byte) []byte {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			r := getTile(t, inst[i].url, path, analyst)
			if r.status != 200 && r.status != 204 {
				t.Fatalf("instance %d: tile %s: %d %s", i, path, r.status, r.body)
			}
			if r.h.Get("X-Cache") == "hit" && (old == nil || string(r.body) != string(old)) {
				return r.body
			}
			if time.Now().After(deadline) {
				t.Fatalf("instance %d: no fresh cached tile within 20 s (last X-Cache %q, changed %v)", i, r.h.Get("X-Cache"), string(r.body) != string(old))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	var tile [2][]byte
	for i := range inst {
		tile[i] = fetch(i, nil)
		if n := inst[i].db.Replicas()[0].Served.Load(); n == 0 {
			t.Fatalf("instance %d: no read served by the replica", i)
		}
	}
	// A write through either instance reaches both caches.
	var acked []string
	for w, lon := range []float64{107.051, 107.052} {
		id, ok := post(w, lon, -6.75)
		if !ok {
			t.Fatalf("POST through instance %d not acknowledged", w)
		}
		acked = append(acked, id)
		for i := range inst {
			tile[i] = fetch(i, tile[i])
		}
	}
	m := getTile(t, inst[0].url, "/metrics", admin)
	if want := `pantau_db_reads_total{served_by="` + p.Replica.SocketDir + `:5432"}`; !strings.Contains(string(m.body), want) {
		t.Fatalf("metrics lack %s", want)
	}

	// Alerts: one SSE client (on instance 0) and one webhook receiver each
	// get every alert exactly once while stays go alternately to both.
	var mu sync.Mutex
	hooks := map[string]int{}
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var wb struct {
			Alert struct {
				Key string `json:"idempotency_key"`
			} `json:"alert"`
		}
		if err := json.NewDecoder(r.Body).Decode(&wb); err != nil || wb.Alert.Key == "" {
			t.Errorf("webhook body: %v", err)
		}
		mu.Lock()
		hooks[wb.Alert.Key]++
		mu.Unlock()
	}))
	defer recv.Close()
	call := func(method, path string, body any) {
		t.Helper()
		b, err := json.Marshal(body)
		must(t, err)
		req, err := http.NewRequest(method, inst[0].url+path, bytes.NewReader(b))
		must(t, err)
		req.Header.Set("Authorization", "Bearer "+admin)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		rb, err := io.ReadAll(resp.Body)
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != 201 {
			t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, rb)
		}
	}
	call("POST", "/api/v1/webhooks", map[string]any{"url": recv.URL, "secret": "a-secret-of-some-length", "expiry_days": 2})
	call("POST", "/api/v1/geofences", map[string]any{"name": "Zone", "kind": "watch_zone",
		"center": map[string]float64{"lon": 107.2, "lat": -6.8}, "radius_m": 500, "rules": []map[string]any{{"rule": "stay_started"}}})
	ch, stopStream := openStream(t, inst[0].url, admin, "")
	defer stopStream()
	const alerts = 10
	for k := range alerts + 1 { // the last one is a sentinel
		if _, ok := post(k%2, 107.2+float64(k)/100000, -6.8); !ok {
			t.Fatalf("POST %d not acknowledged", k)
		}
	}
	streamed := map[string]int{}
	for len(streamed) < alerts+1 {
		select {
		case e := <-ch:
			var a struct {
				Key string `json:"idempotency_key"`
			}
			if err := json.Unmarshal([]byte(e.Data), &a); err != nil || a.Key == "" {
				t.Fatalf("stream event %+v: %v", e, err)
			}
			streamed[a.Key]++
			if streamed[a.Key] > 1 {
				t.Fatalf("alert %s streamed twice", a.Key)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("stream: %d of %d alerts", len(streamed), alerts+1)
		}
	}
	// Every delivery done (the queue says so), then no key twice.
	deadline := time.Now().Add(20 * time.Second)
	for {
		var pending int
		if err := p.Primary.Pool.QueryRow(ctx, `SELECT count(*) FROM webhook_deliveries WHERE delivered_at IS NULL`).Scan(&pending); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		n := len(hooks)
		mu.Unlock()
		if pending == 0 && n == alerts+1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("webhooks: %d of %d alerts received, %d deliveries pending", n, alerts+1, pending)
		}
		time.Sleep(100 * time.Millisecond)
	}
	mu.Lock()
	for k, n := range hooks {
		if n != 1 || streamed[k] != 1 {
			t.Errorf("alert %s: %d webhook POSTs, %d stream events; want 1 and 1", k, n, streamed[k])
		}
	}
	mu.Unlock()

	// Every commit waits for the replica (synchronous replication).
	var syncState string
	if err := p.Primary.Admin(t).QueryRow(ctx, `SELECT sync_state FROM pg_stat_replication`).Scan(&syncState); err != nil || syncState != "sync" {
		t.Fatalf("replica sync_state %q (%v), want sync", syncState, err)
	}
	// Writes alternate between the instances while the primary dies.
	for k := range 20 {
		if id, ok := post(k%2, 107.0+float64(k)/1000, -6.76); ok {
			acked = append(acked, id)
		}
	}
	if err := p.Primary.Cluster.Kill(ctx); err != nil {
		t.Fatal(err)
	}
	if err := p.Replica.Promote(ctx); err != nil {
		t.Fatal(err)
	}
	// Both instances take writes again by themselves.
	for i := range inst {
		deadline := time.Now().Add(30 * time.Second)
		for {
			id, ok := post(i, 107.06, -6.77)
			if ok {
				acked = append(acked, id)
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("instance %d takes no writes 30 s after the promotion", i)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	conn, err := data.Connect(ctx, p.ReplicaDSN, data.PoolOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var missing []string
	if err := conn.Pool.QueryRow(ctx, `SELECT coalesce(array_agg(a), '{}') FROM unnest($1::text[]) a
		WHERE NOT EXISTS (SELECT FROM stays s WHERE s.source_id = a)`, acked).Scan(&missing); err != nil {
		t.Fatal(err)
	}
	if len(missing) > 0 {
		t.Fatalf("%d of %d acknowledged writes missing after failover: %v", len(missing), len(acked), missing)
	}
}
