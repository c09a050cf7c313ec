package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestSecurityHeadersOnEveryResponse is issue 14 finding 9: API answers,
// errors and the printable patrol sheet had no X-Content-Type-Options,
// CSP or frame-ancestors.
func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	ts := newPatrolServer(t)
	analyst := ts.DB.Token(t, "analyst", "")
	cases := []struct {
		name string
		resp *http.Response
		csp  string // a part the response's CSP must hold
	}{
		{"JSON", ts.do(t, "GET", "/api/v1/areas?level=kecamatan", analyst, nil), "sandbox"},
		{"problem", ts.do(t, "GET", "/api/v1/stays/999999999", analyst, nil), "default-src 'none'"},
		{"unauthenticated", ts.do(t, "GET", "/api/v1/stays", "", nil), "default-src 'none'"},
		{"tile", ts.do(t, "GET", "/tiles/desa/12/3266/2124.mvt", analyst, nil), "default-src 'none'"},
		{"unknown route", ts.do(t, "GET", "/nope", "", nil), "default-src 'none'"},
		{"health", ts.do(t, "GET", "/healthz", "", nil), "default-src 'none'"},
		{"patrol sheet", ts.post(t, "/api/v1/patrols/plan?format=html", analyst, `{"teams": 1}`), "style-src 'unsafe-inline'"},
		{"map page", ts.do(t, "GET", "/", "", nil), "script-src 'self'"},
	}
	for _, c := range cases {
		h := c.resp.Header
		csp := h.Get("Content-Security-Policy")
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" ||
			!strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, c.csp) || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s (%d): nosniff %q, frame %q, referrer %q, CSP %q", c.name, c.resp.StatusCode,
				h.Get("X-Content-Type-Options"), h.Get("X-Frame-Options"), h.Get("Referrer-Policy"), csp)
		}
		if c.name == "patrol sheet" && strings.Contains(csp, "script-src") {
			t.Errorf("the patrol sheet may run scripts: %q", csp)
		}
	}
}
