package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"pantau/api"
	"pantau/api/httpx"
	"pantau/data"
	"pantau/data/dbtest"
)

// testServer is a real server on loopback over a fresh test database.
type testServer struct {
	*httptest.Server
	DB *dbtest.DB
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	db := dbtest.New(t)
	return newTestServerFrom(t, db, api.Config{DB: db.DB})
}

// newTestServerFrom serves cfg (over db) on loopback.
func newTestServerFrom(t *testing.T, db *dbtest.DB, cfg api.Config) *testServer {
	t.Helper()
	srv := httptest.NewServer(api.New(cfg))
	t.Cleanup(srv.Close)
	return &testServer{Server: srv, DB: db}
}

// do sends a request with an optional bearer token.
func (ts *testServer) do(t *testing.T, method, path, token string, body io.Reader) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func decodeProblem(t *testing.T, resp *http.Response) httpx.Problem {
	t.Helper()
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("content type %q, want application/problem+json", ct)
	}
	var p httpx.Problem
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestHealthReadyMetrics(t *testing.T) {
	ts := newTestServer(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		if resp := ts.do(t, "GET", path, "", nil); resp.StatusCode != 200 {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
	}
	resp := ts.do(t, "GET", "/metrics", "", nil)
	b, err := io.ReadAll(resp.Body)
	must(t, err)
	for _, want := range []string{
		`pantau_http_requests_total{method="GET",route="/readyz",status="200"} 1`,
		"pantau_http_request_duration_seconds_bucket",
		"pantau_db_pool_total_conns",
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestProblemJSON(t *testing.T) {
	ts := newTestServer(t)
	cases := []struct {
		method, path, token string
		status              int
		typ                 string
	}{
		{"GET", "/no/such/thing", "", 404, "/problems/not_found"},
		{"GET", "/api/v1/areas", "", 401, "/problems/unauthorized"},
		{"GET", "/api/v1/areas", "pnt_forged", 401, "/problems/unauthorized"},
		{"GET", "/api/v1/areas?level=planet", ts.DB.Token(t, "viewer", ""), 400, "/problems/invalid"},
		{"GET", "/api/v1/areas?levle=desa", ts.DB.Token(t, "viewer", ""), 400, "/problems/invalid"},
		{"GET", "/api/v1/areas/32.03.99.9999", ts.DB.Token(t, "viewer", ""), 404, "/problems/not_found"},
		{"DELETE", "/healthz", "", 405, "/problems/method_not_allowed"},
	}
	for _, c := range cases {
		resp := ts.do(t, c.method, c.path, c.token, nil)
		if resp.StatusCode != c.status {
			t.Errorf("%s %s: status %d, want %d", c.method, c.path, resp.StatusCode, c.status)
			continue
		}
		p := decodeProblem(t, resp)
		if p.Type != c.typ || p.Status != c.status || p.RequestID == "" {
			t.Errorf("%s %s: problem %+v", c.method, c.path, p)
		}
	}
}

// TestDatabaseOutage stops PostgreSQL under the server: requests fail fast
// with 503 and Retry-After, /readyz says so, and once PostgreSQL is back the
// same server answers again without a restart.
func TestDatabaseOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("starts its own cluster")
	}
	ctx := context.Background()
	home := dbtest.TempHome(t)
	db, err := data.Open(ctx, data.Config{Home: home, NoFsync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tok, _, err := db.CreateToken(ctx, data.NewToken{Role: "viewer"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.New(api.Config{DB: db}))
	defer srv.Close()
	get := func(path string) (int, time.Duration, string) {
		req, err := http.NewRequest("GET", srv.URL+path, nil)
		must(t, err)
		req.Header.Set("Authorization", "Bearer "+tok)
		start := time.Now()
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		drainBody(t, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, time.Since(start), resp.Header.Get("Retry-After")
	}
	if code, _, _ := get("/api/v1/areas"); code != 200 {
		t.Fatalf("before outage: %d", code)
	}
	if err := db.Cluster.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	// Authentication itself needs the database, so every API request is a 503.
	for _, path := range []string{"/readyz", "/api/v1/areas"} {
		for i := 0; i < 5; i++ {
			code, took, retry := get(path)
			if code != 503 || retry == "" {
				t.Fatalf("during outage %s: status %d retry-after %q", path, code, retry)
			}
			// Generous bound: a hang would be the 30 s request timeout.
			if took > 10*time.Second {
				t.Fatalf("during outage %s took %v", path, took)
			}
		}
	}
	if code, _, _ := get("/healthz"); code != 200 {
		t.Fatalf("healthz during outage: %d", code)
	}
	if err := db.Cluster.Start(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		code, _, _ := get("/api/v1/areas")
		if code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery after restart: %d", code)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if code, _, _ := get("/readyz"); code != 200 {
		t.Fatalf("readyz after recovery: %d", code)
	}
}
