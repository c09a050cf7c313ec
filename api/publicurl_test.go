package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"pantau/api"
	"pantau/data/dbtest"
)

// TestLinksComeFromConfiguration is issue 14 finding 9: OGC and TileJSON
// links trusted Host and X-Forwarded-Proto without --trust-proxy, so a
// client could make Pantau hand out links to a host of its choosing.
func TestLinksComeFromConfiguration(t *testing.T) {
	db := dbtest.New(t)
	token := db.Token(t, "analyst", "")
	get := func(srv *httptest.Server, path string, hdr map[string]string) string {
		t.Helper()
		req, err := http.NewRequest("GET", srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		for k, v := range hdr {
			if k == "Host" {
				req.Host = v
			} else {
				req.Header.Set(k, v)
			}
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var doc map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %d %v", path, resp.StatusCode, err)
		}
		b, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	evil := map[string]string{"Host": "evil.example", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil2.example"}
	serve := func(cfg api.Config) *httptest.Server {
		cfg.DB = db.DB
		srv := httptest.NewServer(api.New(cfg))
		t.Cleanup(srv.Close)
		return srv
	}
	configured := serve(api.Config{PublicURL: "https://pantau.example.go.id"})
	for _, path := range []string{"/ogc", "/tiles/stays.json"} {
		doc := get(configured, path, evil)
		if strings.Contains(doc, "evil") || !strings.Contains(doc, "https://pantau.example.go.id/") {
			t.Errorf("%s with --public-url: %.300s", path, doc)
		}
	}
	// Without --trust-proxy the forwarded headers are ignored.
	plain := serve(api.Config{})
	if doc := get(plain, "/ogc", map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil2.example"}); strings.Contains(doc, "evil2") || strings.Contains(doc, "https://") {
		t.Errorf("forwarded headers believed without --trust-proxy: %.300s", doc)
	}
	// Behind a trusted proxy they are what the proxy says.
	proxied := serve(api.Config{TrustProxy: true})
	if doc := get(proxied, "/ogc", map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "pantau.example.go.id"}); !strings.Contains(doc, "https://pantau.example.go.id/ogc") {
		t.Errorf("behind a trusted proxy: %.300s", doc)
	}
}
