package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"pantau/alerting"
	"pantau/api"
	"pantau/data/dbtest"
)

// TestWebhookTargetsMustBePublic is issue 14 finding 9: webhook URLs to
// loopback, private, link-local and cloud-metadata addresses were accepted.
// They are refused when stored and, for a name that resolves to such an
// address only later, when dialled.
func TestWebhookTargetsMustBePublic(t *testing.T) {
	ls := newLiveServerConfig(t, dbtest.New(t), api.Config{})
	// newLiveServerConfig allows private targets for the other tests; a
	// server with the default configuration:
	strict := newStrictServer(t, ls)
	admin := ls.DB.Token(t, "admin", "")
	for _, u := range []string{"http://127.0.0.1:9/hook", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.7/x",
		"http://[::1]:8080/x", "http://[fd00::1]/x", "http://192.168.1.10/x", "http://[::ffff:127.0.0.1]/x", "http://localhost/x",
		"http://0.0.0.0/x", "http://100.64.0.1/x"} {
		resp, b := strict.call(t, "POST", "/api/v1/webhooks", admin, map[string]any{"url": u, "secret": strings.Repeat("s", 20)})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "allow-private-webhooks") {
			t.Errorf("%s: %d %s", u, resp.StatusCode, b)
		}
	}
	resp, b := strict.call(t, "POST", "/api/v1/webhooks", admin, map[string]any{"url": "http://203.0.113.9/hook", "secret": strings.Repeat("s", 20)})
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("a public address: %d %s", resp.StatusCode, b)
	}
	// With the flag, a loopback receiver is accepted (the alert tests'
	// receivers depend on it).
	var hits atomic.Int32
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer recv.Close()
	if resp, b := ls.call(t, "POST", "/api/v1/webhooks", admin, map[string]any{"url": recv.URL, "secret": strings.Repeat("s", 20)}); resp.StatusCode != http.StatusCreated {
		t.Fatalf("loopback receiver with --allow-private-webhooks: %d %s", resp.StatusCode, b)
	}
}

// newStrictServer serves ls's database with the default alert
// configuration (private webhook targets refused).
func newStrictServer(t *testing.T, ls *liveServer) *liveServer {
	t.Helper()
	srv := httptest.NewServer(api.New(api.Config{DB: ls.DB.DB, RateLimit: -1, Alerts: alerting.Config{Poll: time.Second}}))
	t.Cleanup(srv.Close)
	return &liveServer{URL: srv.URL, DB: ls.DB}
}
