package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"pantau/api"
	"pantau/data"
	"pantau/data/dbtest"
	"pantau/geo"
)

// testClock is a settable clock for session and retention tests.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// newTestServerWith is newTestServer with a config adjusted by set.
func newTestServerWith(t *testing.T, set func(*api.Config)) *testServer {
	t.Helper()
	db := dbtest.New(t)
	cfg := api.Config{DB: db.DB}
	set(&cfg)
	srv := httptest.NewServer(api.New(cfg))
	t.Cleanup(srv.Close)
	return &testServer{Server: srv, DB: db}
}

func createUser(t *testing.T, db *dbtest.DB, username, password string, role geo.Role, area string) int64 {
	t.Helper()
	id, err := db.CreateUser(context.Background(), data.NewUser{Username: username, Password: password, Role: role, AreaCode: area})
	if err != nil {
		t.Fatalf("create user %s: %v", username, err)
	}
	return id
}

// browser is an HTTP client with a cookie jar, like the web map.
type browser struct {
	t    *testing.T
	ts   *testServer
	c    *http.Client
	csrf string
}

func newBrowser(t *testing.T, ts *testServer) *browser {
	jar, err := cookiejar.New(nil)
	must(t, err)
	return &browser{t: t, ts: ts, c: &http.Client{Jar: jar}}
}

func (b *browser) do(method, path, body string, hdr map[string]string) (*http.Response, []byte) {
	b.t.Helper()
	req, err := http.NewRequest(method, b.ts.URL+path, strings.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	must(b.t, err)
	return resp, out
}

func (b *browser) login(user, pw string) (*http.Response, api.Me) {
	b.t.Helper()
	resp, body := b.do("POST", "/api/v1/auth/login", `{"username":"`+user+`","password":"`+pw+`"}`, nil)
	var me api.Me
	if resp.StatusCode == 200 {
		if err := json.Unmarshal(body, &me); err != nil {
			b.t.Fatal(err)
		}
		b.csrf = me.CSRFToken
	}
	return resp, me
}

func TestLoginMeLogout(t *testing.T) {
	ts := newTestServer(t)
	ts.DB.LoadCianjur(t)
	createUser(t, ts.DB, "siti", "correct horse battery", geo.RoleOfficer, "32.03.29")
	b := newBrowser(t, ts)
	if resp, _ := b.do("GET", "/api/v1/auth/me", "", nil); resp.StatusCode != 401 {
		t.Fatalf("me before login: %d", resp.StatusCode)
	}
	resp, me := b.login("siti", "correct horse battery")
	if resp.StatusCode != 200 {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == api.SessionCookie {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || cookie.Secure || cookie.Path != "/" {
		t.Fatalf("session cookie %+v", cookie)
	}
	if me.Role != geo.RoleOfficer || me.AreaCode != "32.03.29" || me.AreaName == "" || me.CSRFToken == "" ||
		me.CSRFHeader != api.CSRFHeader || me.Auth != "session" || !me.SeesIndividuals {
		t.Fatalf("login answer %+v", me)
	}
	resp, body := b.do("GET", "/api/v1/auth/me", "", nil)
	var me2 api.Me
	must(t, json.Unmarshal(body, &me2))
	if resp.StatusCode != 200 || me2.Username != "siti" || me2.CSRFToken != me.CSRFToken {
		t.Fatalf("me: %d %s", resp.StatusCode, body)
	}
	// Unsafe methods need the CSRF token with the cookie.
	if resp, _ := b.do("POST", "/api/v1/auth/logout", "", nil); resp.StatusCode != 403 {
		t.Fatalf("logout without CSRF: %d", resp.StatusCode)
	}
	if resp, _ := b.do("POST", "/api/v1/auth/logout", "", map[string]string{api.CSRFHeader: "wrong"}); resp.StatusCode != 403 {
		t.Fatalf("logout with a wrong CSRF token: %d", resp.StatusCode)
	}
	if resp, _ := b.do("POST", "/api/v1/auth/logout", "", map[string]string{api.CSRFHeader: b.csrf}); resp.StatusCode != 204 {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
	if resp, _ := b.do("GET", "/api/v1/auth/me", "", nil); resp.StatusCode != 401 {
		t.Fatalf("me after logout: %d", resp.StatusCode)
	}
	// The old cookie is dead even when replayed.
	req, err := http.NewRequest("GET", ts.URL+"/api/v1/auth/me", nil)
	must(t, err)
	req.AddCookie(cookie)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 401 {
		t.Fatalf("replayed cookie after logout: %v %v", resp.StatusCode, err)
	}
	// Bearer tokens are exempt from CSRF and get a token-shaped answer.
	tok := ts.DB.Token(t, "analyst", "")
	r := ts.do(t, "POST", "/api/v1/auth/logout", tok, nil)
	if r.StatusCode != 204 {
		t.Fatalf("bearer logout: %d", r.StatusCode)
	}
	r = ts.do(t, "GET", "/api/v1/auth/me", tok, nil)
	var tm api.Me
	must(t, json.NewDecoder(r.Body).Decode(&tm))
	if tm.Auth != "token" || tm.Role != geo.RoleAnalyst || tm.CSRFToken != "" {
		t.Fatalf("me by token: %+v", tm)
	}
}

func TestLoginNeedsJSON(t *testing.T) {
	ts := newTestServer(t)
	req, err := http.NewRequest("POST", ts.URL+"/api/v1/auth/login", strings.NewReader("username=a&password=b"))
	must(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 415 {
		t.Fatalf("form login: %d", resp.StatusCode)
	}
	b := newBrowser(t, ts)
	if resp, _ := b.do("POST", "/api/v1/auth/login", `{"username":"x"}`, nil); resp.StatusCode != 400 {
		t.Fatalf("login without password: %d", resp.StatusCode)
	}
}

func TestSecureCookieBehindTLSProxy(t *testing.T) {
	ts := newTestServerWith(t, func(c *api.Config) { c.TrustProxy = true })
	createUser(t, ts.DB, "admin", "admin password 1", geo.RoleAdmin, "")
	b := newBrowser(t, ts)
	resp, _ := b.do("POST", "/api/v1/auth/login", `{"username":"admin","password":"admin password 1"}`,
		map[string]string{"X-Forwarded-Proto": "https"})
	if resp.StatusCode != 200 || len(resp.Cookies()) != 1 || !resp.Cookies()[0].Secure {
		t.Fatalf("login behind TLS proxy: %d %+v", resp.StatusCode, resp.Cookies())
	}
	// Without TrustProxy the header is ignored.
	ts2 := newTestServer(t)
	createUser(t, ts2.DB, "admin", "admin password 1", geo.RoleAdmin, "")
	b2 := newBrowser(t, ts2)
	resp, _ = b2.do("POST", "/api/v1/auth/login", `{"username":"admin","password":"admin password 1"}`,
		map[string]string{"X-Forwarded-Proto": "https"})
	if resp.StatusCode != 200 || resp.Cookies()[0].Secure {
		t.Fatalf("untrusted proxy header honoured: %+v", resp.Cookies())
	}
}

// TestLockoutAndIdleExpiry: five wrong passwords lock the account for ten
// minutes (even the right password fails, with the same answer); a
// session ends after thirty idle minutes but not while in use.
func TestLockoutAndIdleExpiry(t *testing.T) {
	clock := &testClock{t: time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)}
	ts := newTestServerWith(t, func(c *api.Config) { c.Now = clock.Now })
	createUser(t, ts.DB, "budi", "the right password", geo.RoleAnalyst, "")
	b := newBrowser(t, ts)
	var wrongDetail string
	for i := range data.MaxFailedLogins {
		resp, body := b.do("POST", "/api/v1/auth/login", `{"username":"budi","password":"wrong password"}`, nil)
		if resp.StatusCode != 401 {
			t.Fatalf("wrong password %d: %d", i, resp.StatusCode)
		}
		wrongDetail = string(body)
	}
	resp, body := b.do("POST", "/api/v1/auth/login", `{"username":"budi","password":"the right password"}`, nil)
	if resp.StatusCode != 401 {
		t.Fatalf("locked account let in: %d", resp.StatusCode)
	}
	// The same answer as a wrong password or an unknown user.
	_, unknown := b.do("POST", "/api/v1/auth/login", `{"username":"nobody","password":"whatever123"}`, nil)
	strip := func(s string) string { return s[:strings.Index(s, `"request_id"`)] }
	if strip(string(body)) != strip(wrongDetail) || strip(string(unknown)) != strip(wrongDetail) {
		t.Fatalf("answers differ:\n%s\n%s\n%s", body, wrongDetail, unknown)
	}
	clock.Advance(data.LockoutFor - time.Second)
	if resp, _ := b.login("budi", "the right password"); resp.StatusCode != 401 {
		t.Fatalf("lock lifted early: %d", resp.StatusCode)
	}
	clock.Advance(2 * time.Second)
	if resp, _ := b.login("budi", "the right password"); resp.StatusCode != 200 {
		t.Fatalf("after lockout: %d", resp.StatusCode)
	}
	// In use every 20 minutes for an hour: the session lives.
	for range 3 {
		clock.Advance(20 * time.Minute)
		if resp, _ := b.do("GET", "/api/v1/auth/me", "", nil); resp.StatusCode != 200 {
			t.Fatalf("active session ended: %d", resp.StatusCode)
		}
	}
	clock.Advance(data.SessionIdle + time.Second)
	if resp, _ := b.do("GET", "/api/v1/auth/me", "", nil); resp.StatusCode != 401 {
		t.Fatalf("idle session still alive: %d", resp.StatusCode)
	}
	// The audit log has the successful login as a row of its own and the
	// eight failures (five wrong passwords, the right one while locked, the
	// unknown user, the early try) in aggregate rows of this address.
	var ok, failedRows, failures int
	if err := ts.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE action = 'auth.login' AND outcome = 'ok'),
		count(*) FILTER (WHERE action = 'auth.login' AND outcome <> 'ok'),
		coalesce(sum((params->>'failures')::int) FILTER (WHERE action = 'auth.credentials'), 0) FROM audit_log`).Scan(&ok, &failedRows, &failures); err != nil {
		t.Fatal(err)
	}
	if ok != 1 || failedRows != 0 || failures != 8 {
		t.Fatalf("audit: %d logins, %d failed-login rows, %d failures in aggregate rows", ok, failedRows, failures)
	}
}

// TestLoginAttemptsPerAddressAreLimited: many logins from one address (any
// usernames) hit 429 with Retry-After after the burst.
func TestLoginAttemptsPerAddressAreLimited(t *testing.T) {
	ts := newTestServerWith(t, func(c *api.Config) { c.RateLimit = 50 })
	b := newBrowser(t, ts)
	var limited *http.Response
	for i := range 30 {
		resp, _ := b.do("POST", "/api/v1/auth/login", fmt.Sprintf(`{"username":"guess%d","password":"password %d"}`, i, i), nil)
		if resp.StatusCode == 429 {
			limited = resp
			break
		}
		if resp.StatusCode != 401 {
			t.Fatalf("attempt %d: %d", i, resp.StatusCode)
		}
	}
	if limited == nil || limited.Header.Get("Retry-After") == "" {
		t.Fatal("30 logins from one address were never limited")
	}
}
