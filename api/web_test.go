package api_test

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
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
		// Label glyphs (make web): public, protobuf, sent compressed (the
		// client asks for gzip and unpacks it: Uncompressed).
		g := ts.do(t, "GET", "/fonts/DejaVu%20Sans/0-255.pbf", "", nil)
		if b, _ := io.ReadAll(g.Body); g.StatusCode != 200 || g.Header.Get("Content-Type") != "application/x-protobuf" || !g.Uncompressed || len(b) < 10000 {
			t.Errorf("glyphs 0-255: %d %s gzip %v, %d bytes", g.StatusCode, g.Header.Get("Content-Type"), g.Uncompressed, len(b))
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
	// A glyph range not built (CJK), a font stack not built: 404 at once.
	for _, p := range []string{"/fonts/DejaVu%20Sans/19968-20223.pbf", "/fonts/Open%20Sans,Arial/0-255.pbf", "/fonts/..%2F..%2Findex.html/0-255.pbf"} {
		if r := ts.do(t, "GET", p, "", nil); r.StatusCode != 404 || r.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s", p, r.StatusCode, r.Header.Get("Content-Type"))
		}
	}

	resp = ts.do(t, "GET", "/config.json", "", nil)
	var cfg api.WebConfig
	if err := json.NewDecoder(resp.Body).Decode(&cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.BasemapURL != "https://tiles.example.org/{z}/{x}/{y}.png" || cfg.K != 5 || len(cfg.Today) != 10 {
		t.Errorf("config %+v", cfg)
	}
}

// TestWebAssetsGzip: text assets go gzip-compressed to clients that accept
// it, with their own ETag, and a matching If-None-Match gets 304.
func TestWebAssetsGzip(t *testing.T) {
	ts := newTestServer(t)
	if r := ts.do(t, "GET", "/", "", nil); r.StatusCode != 200 {
		t.Skip("web bundle not built (make web)")
	}
	req, _ := http.NewRequest("GET", ts.URL+"/app/app.js", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" || !strings.HasSuffix(resp.Header.Get("ETag"), `-gz"`) {
		t.Fatalf("headers %v", resp.Header)
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(zr); len(b) < 1000 {
		t.Fatalf("app.js unpacked to %d bytes", len(b))
	}
	req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
	resp2, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != http.StatusNotModified {
		t.Fatalf("revalidation: %d", resp2.StatusCode)
	}
}
