package api_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"pantau/demo"
	"pantau/geo"
)

// TestAuditFailsClosed is issue 14 finding 2. A NUL byte in a repeated
// query parameter made the audit insert fail while the personal data, the
// new admin token or the session cookie was still sent. Now such input is
// refused before any handler runs, and when an audit row cannot be written
// for any reason the caller gets 503 and none of the handler's answer.
func TestAuditFailsClosed(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, ts.DB.DB, demo.Options{Seed: 3, Stays: 50}); err != nil {
		t.Fatal(err)
	}
	budi := createUser(t, ts.DB, "budi", "the right password", geo.RoleAnalyst, "")
	analyst, admin := ts.DB.Token(t, "analyst", ""), ts.DB.Token(t, "admin", "")
	var stay int64
	if err := ts.DB.Pool.QueryRow(ctx, `SELECT min(id) FROM stays`).Scan(&stay); err != nil {
		t.Fatal(err)
	}
	tokens := func() (n int) {
		t.Helper()
		if err := ts.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM tokens`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	login := func(query string) *http.Response {
		return postJSON(t, ts.URL+"/api/v1/auth/login"+query, `{"username":"budi","password":"the right password"}`)
	}
	// The reported inputs: refused with 400 naming the parameter.
	before := tokens()
	for _, c := range []struct {
		name string
		resp func() *http.Response
	}{
		{"personal read", func() *http.Response {
			return ts.do(t, "GET", "/api/v1/stays/"+itoa64(stay)+"?limit=1&limit=%00", analyst, nil)
		}},
		{"token creation", func() *http.Response {
			return ts.do(t, "POST", "/api/v1/tokens?z=%00", admin, strings.NewReader(`{"role":"admin","name":"x"}`))
		}},
		{"login", func() *http.Response { return login("?x=%00") }},
		{"audit search", func() *http.Response { return ts.do(t, "GET", "/api/v1/audit?actor=%00", admin, nil) }},
		{"invalid UTF-8", func() *http.Response { return ts.do(t, "GET", "/api/v1/stays?area=%ff", analyst, nil) }},
	} {
		resp := c.resp()
		p := decodeProblem(t, resp)
		if resp.StatusCode != http.StatusBadRequest || len(resp.Cookies()) != 0 || !strings.Contains(p.Detail, "control character or invalid UTF-8") {
			t.Errorf("%s: %d %+v cookies %v", c.name, resp.StatusCode, p, resp.Cookies())
		}
	}
	if n := tokens(); n != before {
		t.Errorf("a refused request created %d tokens", n-before)
	}

	// Any other failure of the audit write: here a constraint the app
	// role cannot satisfy, added by the schema owner.
	if _, err := ts.DB.Admin(t).Exec(ctx, `ALTER TABLE audit_log ADD CONSTRAINT audit_down CHECK (actor = 'nobody') NOT VALID`); err != nil {
		t.Fatal(err)
	}
	withheld := func(name string, resp *http.Response, secrets ...string) {
		t.Helper()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusServiceUnavailable || len(resp.Cookies()) != 0 ||
			resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s with the audit log down: %d %s cookies %v", name, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Cookies())
		}
		for _, s := range secrets {
			if strings.Contains(string(b), s) {
				t.Errorf("%s with the audit log down sent %q", name, s)
			}
		}
	}
	withheld("personal read", ts.do(t, "GET", "/api/v1/stays/"+itoa64(stay), analyst, nil), "full_name", "passport_no")
	before = tokens()
	withheld("token creation", ts.do(t, "POST", "/api/v1/tokens", admin, strings.NewReader(`{"role":"admin","name":"x"}`)), "pnt_")
	// A change commits with its audit row or not at all: before, the
	// token and the admin user were created while the answer was withheld.
	if n := tokens(); n != before {
		t.Errorf("the audit log down, yet %d tokens were created", n-before)
	}
	withheld("user creation", ts.do(t, "POST", "/api/v1/users", admin,
		strings.NewReader(`{"username":"eve","password":"a long enough password","role":"admin"}`)), `"id"`)
	var eve int
	if err := ts.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM users WHERE username = 'eve'`).Scan(&eve); err != nil {
		t.Fatal(err)
	}
	if eve != 0 {
		t.Error("the audit log down, yet the admin user eve was created")
	}
	withheld("role change", ts.do(t, "PATCH", "/api/v1/users/"+itoa64(budi), admin, strings.NewReader(`{"role":"admin"}`)), `"user"`)
	var role string
	if err := ts.DB.Pool.QueryRow(ctx, `SELECT role FROM users WHERE id = $1`, budi).Scan(&role); err != nil {
		t.Fatal(err)
	}
	if role != "analyst" {
		t.Errorf("the audit log down, yet budi became %s", role)
	}
	withheld("login", login(""), "csrf")
	withheld("patrol people", ts.do(t, "POST", "/api/v1/patrols/plan", analyst, strings.NewReader(`{"teams": 1, "people": true}`)), "passport")
	// Reads that are not audited still work.
	if resp := ts.do(t, "GET", "/api/v1/areas?level=kecamatan", analyst, nil); resp.StatusCode != 200 {
		t.Errorf("unaudited read with the audit log down: %d", resp.StatusCode)
	}
}
