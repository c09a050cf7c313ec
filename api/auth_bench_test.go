package api_test

import (
	"context"
	"crypto/sha256"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"pantau/api"
	"pantau/data"
	"pantau/data/dbtest"
	"pantau/geo"
)

// BenchmarkAuth measures what access control costs per request over real
// HTTP on loopback: a bearer-token request, a cookie-session request, an
// audited request (one audit_log INSERT more), a login (argon2id), and an
// audit log query over 100,000 rows — each against the bare SQL it rests
// on, measured in the same run (x_sql = request time / bare SQL time), and
// the bearer request against a plain HTTP round trip (/healthz, no auth, no
// SQL; x_plain_bearer).
func BenchmarkAuth(b *testing.B) {
	ts := newBenchServer(b)
	ctx := context.Background()
	admin := ts.DB.Token(b, "admin", "")
	if _, err := ts.DB.CreateUser(ctx, data.NewUser{Username: "bench", Password: "bench password 1", Role: geo.RoleAdmin}); err != nil {
		b.Fatal(err)
	}
	// A session cookie.
	resp, err := http.Post(ts.URL+"/api/v1/auth/login", "application/json", strings.NewReader(`{"username":"bench","password":"bench password 1"}`))
	if err != nil || resp.StatusCode != 200 {
		b.Fatalf("login: %v %v", err, resp.StatusCode)
	}
	resp.Body.Close()
	cookie := resp.Cookies()[0]
	// 100,000 audit rows from 50 actors.
	conn := ts.DB.Admin(b)
	if _, err := conn.Exec(ctx, `INSERT INTO audit_log (at, actor, role, action, resource, outcome)
		SELECT now() - g * interval '1 minute', 'actor' || (g % 50), 'officer', 'stays.read', 'stay/' || g, 'ok'
		FROM generate_series(1, 100000) g`); err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `ANALYZE audit_log`); err != nil {
		b.Fatal(err)
	}

	get := func(path string, auth func(*http.Request)) {
		req, err := http.NewRequest("GET", ts.URL+path, nil)
		must(b, err)
		auth(req)
		resp, err := ts.Client().Do(req)
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("%s: %v %d", path, err, resp.StatusCode)
		}
		resp.Body.Close()
	}
	bearer := func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+admin) }
	session := func(r *http.Request) { r.AddCookie(cookie) }
	sum := sha256.Sum256([]byte(admin))
	bareSQL := func() {
		var id int64
		if err := ts.DB.Pool.QueryRow(ctx, `SELECT id FROM tokens WHERE token_hash = $1`, sum[:]).Scan(&id); err != nil {
			b.Fatal(err)
		}
	}
	timeIt := func(n int, f func()) float64 {
		start := time.Now()
		for range n {
			f()
		}
		return float64(time.Since(start).Microseconds()) / 1000 / float64(n)
	}
	const n = 50
	var storeMs, healthMs float64
	none := func(*http.Request) {}
	var sqlMs, bearerMs, sessionMs, auditedMs, loginMs, auditQMs, auditSQLMs float64
	b.ResetTimer()
	for range b.N {
		sqlMs += timeIt(n, bareSQL)
		healthMs += timeIt(n, func() { get("/healthz", none) })
		bearerMs += timeIt(n, func() { get("/api/v1/auth/me", bearer) })
		sessionMs += timeIt(n, func() { get("/api/v1/auth/me", session) })
		auditedMs += timeIt(n, func() { get("/api/v1/users", bearer) })
		loginMs += timeIt(5, func() {
			if _, _, err := ts.DB.CheckLogin(ctx, "bench", "bench password 1", time.Now()); err != nil {
				b.Fatal(err)
			}
		})
		auditQMs += timeIt(10, func() { get("/api/v1/audit?actor=actor7&limit=100", bearer) })
		storeMs += timeIt(10, func() {
			if _, _, err := ts.DB.ListAudit(ctx, data.AuditQuery{Actor: "actor7", Limit: 100}); err != nil {
				b.Fatal(err)
			}
		})
		auditSQLMs += timeIt(10, func() {
			rows, err := ts.DB.Pool.Query(ctx, `SELECT * FROM audit_log WHERE actor = 'actor7' ORDER BY at DESC LIMIT 100`)
			if err != nil {
				b.Fatal(err)
			}
			rows.Close()
		})
	}
	N := float64(b.N)
	b.ReportMetric(sqlMs/N, "bare_sql_ms")
	b.ReportMetric(healthMs/N, "plain_req_ms") // HTTP round trip without auth or SQL
	b.ReportMetric(bearerMs/N, "bearer_req_ms")
	b.ReportMetric(bearerMs/healthMs, "x_plain_bearer")
	b.ReportMetric(bearerMs/sqlMs, "x_sql_bearer")
	b.ReportMetric(sessionMs/N, "session_req_ms")
	b.ReportMetric(sessionMs/sqlMs, "x_sql_session")
	b.ReportMetric(auditedMs/N, "audited_req_ms")
	b.ReportMetric(auditedMs/sqlMs, "x_sql_audited")
	b.ReportMetric(loginMs/N, "login_ms")
	b.ReportMetric(auditQMs/N, "audit_query_ms")
	b.ReportMetric(auditQMs/auditSQLMs, "x_sql_audit_query")
	b.ReportMetric(storeMs/N, "audit_store_ms")
}

func newBenchServer(b *testing.B) *testServer {
	b.Helper()
	db := dbtest.New(b)
	srv := httptest.NewServer(api.New(api.Config{DB: db.DB, Logger: slog.New(slog.DiscardHandler)}))
	b.Cleanup(srv.Close)
	return &testServer{Server: srv, DB: db}
}
