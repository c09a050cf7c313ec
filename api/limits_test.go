package api_test

import (
	"bytes"
	"compress/gzip"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"pantau/api"
)

func mustListen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

func TestRateLimitPerCaller(t *testing.T) {
	ts := newTestServerWith(t, func(c *api.Config) { c.RateLimit = 0.01; c.RateBurst = 3 })
	a, b := ts.DB.Token(t, "viewer", ""), ts.DB.Token(t, "viewer", "")
	for i := range 3 {
		if r := ts.do(t, "GET", "/api/v1/areas", a, nil); r.StatusCode != 200 {
			t.Fatalf("request %d: %d", i, r.StatusCode)
		}
	}
	r := ts.do(t, "GET", "/api/v1/areas", a, nil)
	if r.StatusCode != 429 {
		t.Fatalf("4th request: %d", r.StatusCode)
	}
	if ra, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || ra < 1 || ra > 100 {
		t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
	}
	if p := decodeProblem(t, r); p.Status != 429 {
		t.Fatalf("problem %+v", p)
	}
	// Another token has its own bucket.
	if r := ts.do(t, "GET", "/api/v1/areas", b, nil); r.StatusCode != 200 {
		t.Fatalf("other token: %d", r.StatusCode)
	}
	// Probes are not limited.
	for range 5 {
		if r := ts.do(t, "GET", "/healthz", "", nil); r.StatusCode != 200 {
			t.Fatalf("healthz: %d", r.StatusCode)
		}
	}
}

func TestBodyLimits(t *testing.T) {
	ts := newTestServerWith(t, func(c *api.Config) { c.MaxBodyBytes = 1 << 10 })
	admin := ts.DB.Token(t, "admin", "")
	big := `{"username":"` + strings.Repeat("a", 2000) + `"}`
	if r := ts.do(t, "POST", "/api/v1/users", admin, strings.NewReader(big)); r.StatusCode != 413 {
		t.Fatalf("oversized body: %d", r.StatusCode)
	}
	// Without Content-Length (chunked) the reader stops at the cap.
	req, err := http.NewRequest("POST", ts.URL+"/api/v1/users", struct{ *strings.Reader }{strings.NewReader(big)})
	must(t, err)
	req.Header.Set("Authorization", "Bearer "+admin)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 413 {
		t.Fatalf("chunked oversized body: %d", resp.StatusCode)
	}
	// A gzip bomb is refused unopened.
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, err = zw.Write(bytes.Repeat([]byte(" "), 10<<20))
	must(t, err)
	must(t, zw.Close())
	req, err = http.NewRequest("POST", ts.URL+"/api/v1/users", bytes.NewReader(gz.Bytes()))
	must(t, err)
	req.Header.Set("Authorization", "Bearer "+admin)
	req.Header.Set("Content-Encoding", "gzip")
	resp, err = ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 415 {
		t.Fatalf("gzip body: %d", resp.StatusCode)
	}
	// Deeply nested JSON is refused before decoding.
	deep := strings.Repeat("[", 100) + strings.Repeat("]", 100)
	r := ts.do(t, "POST", "/api/v1/users", admin, strings.NewReader(deep))
	if r.StatusCode != 400 || !strings.Contains(decodeProblem(t, r).Detail, "deeper") {
		t.Fatalf("deep JSON: %d", r.StatusCode)
	}
}
