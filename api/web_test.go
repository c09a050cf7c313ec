package api_test

import (
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"pantau/api"
	"pantau/data/dbtest"
)

// TestWebPage: / serves the page when the bundle is built and a 503 page
// saying "run make web" when it is not; assets and config are public.
func TestWebPage(t *testing.T) {
	db := dbtest.New(t)
	srv := httptest.NewServer(api.New(api.Config{DB: db.DB, BasemapURL: "https://tiles.example.org/{z}/{x}/{y}.png"}))
	t.Cleanup(srv.Close)
	ts := &testServer{Server: srv, DB: db}

	resp := ts.do(t, "GET", "/", "", nil)
	body, _ := io.ReadAll(resp.Body)
	switch resp.StatusCode {
	case 200:
		if !strings.Contains(string(body), `src="/app/app.js"`) {
			t.Errorf("page lacks the bundle: %s", body)
		}
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "https://tiles.example.org") {
			t.Errorf("CSP %q", csp)
		}
		if r := ts.do(t, "GET", "/app/app.js", "", nil); r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/javascript") {
			t.Errorf("app.js: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
		}
	case 503:
		if !strings.Contains(string(body), "make web") {
			t.Errorf("503 page does not say to run make web: %s", body)
		}
	default:
		t.Fatalf("GET /: %d", resp.StatusCode)
	}
	if r := ts.do(t, "GET", "/app/nope.js", "", nil); r.StatusCode != 404 {
		t.Errorf("missing asset: %d", r.StatusCode)
	}

	resp = ts.do(t, "GET", "/config.json", "", nil)
	var cfg api.WebConfig
	if err := json.NewDecoder(resp.Body).Decode(&cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.BasemapURL != "https://tiles.example.org/{z}/{x}/{y}.png" || cfg.K != 5 || len(cfg.Today) != 10 {
		t.Errorf("config %+v", cfg)
	}
	if _, ok := cfg.Features["density_polygon"]; !ok {
		t.Errorf("config lacks features: %+v", cfg.Features)
	}
}
