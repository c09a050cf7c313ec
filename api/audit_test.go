package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"pantau/alerting"
	"pantau/api"
	"pantau/data"
	"pantau/data/dbtest"
	"pantau/geo"
)

// insertStay adds one synthetic stay through the application role.
func insertStay(t *testing.T, db *dbtest.DB, sourceID, name, passport, nat string, arrival, departure string, desa string) int64 {
	t.Helper()
	var dep any
	if departure != "" {
		dep = departure
	}
	var desaCode any
	if desa != "" {
		desaCode = desa
	}
	var id int64
	err := db.Pool.QueryRow(context.Background(), `INSERT INTO stays (source_id, full_name, passport_no, nationality, sex, birth_date,
		permit_type, arrival_date, departure_date, geom, desa_code)
		VALUES ($1, $2, $3, $4, 'F', '1990-01-01', 'voa', $5::date, $6::date, ST_SetSRID(ST_Point(107.05, -6.75), 4326), $7) RETURNING id`,
		sourceID, name, passport, nat, arrival, dep, desaCode).Scan(&id)
	if err != nil {
		t.Fatalf("insert stay: %v", err)
	}
	return id
}

type auditPage struct {
	Total   int64              `json:"total"`
	Entries []data.AuditRecord `json:"entries"`
}

func getAudit(t *testing.T, ts *testServer, token, query string) auditPage {
	t.Helper()
	resp := ts.do(t, "GET", "/api/v1/audit?"+query, token, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("audit %s: %d", query, resp.StatusCode)
	}
	var p auditPage
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAuditTrailAndQuery(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.DB.Token(t, "admin", "")
	viewer := ts.DB.Token(t, "viewer", "")
	// A change (admin action), a refused change, a marked read, an unmarked read.
	body := `{"username":"wati","password":"a long password","role":"viewer"}`
	if r := ts.do(t, "POST", "/api/v1/users", admin, strings.NewReader(body)); r.StatusCode != 201 {
		t.Fatalf("create user: %d", r.StatusCode)
	}
	if r := ts.do(t, "POST", "/api/v1/users", viewer, strings.NewReader(body)); r.StatusCode != 403 {
		t.Fatalf("viewer creates user: %d", r.StatusCode)
	}
	ts.do(t, "GET", "/api/v1/areas", viewer, nil) // aggregate read: not audited
	ts.do(t, "GET", "/api/v1/users", admin, nil)  // admin read: audited
	ts.do(t, "GET", "/api/v1/areas", "pnt_forged", nil)

	all := getAudit(t, ts, admin, "")
	byAction := map[string][]data.AuditRecord{}
	for _, e := range all.Entries {
		byAction[e.Action] = append(byAction[e.Action], e)
		if strings.Contains(string(e.Params), "a long password") {
			t.Fatalf("audit row carries the password: %s", e.Params)
		}
	}
	created := byAction["users.create"]
	if len(created) != 2 {
		t.Fatalf("users.create rows: %+v", all.Entries)
	}
	// Newest first: the refused one, then the admin's.
	if created[0].Outcome != "denied" || created[0].Role != "viewer" || created[1].Outcome != "ok" ||
		created[1].Actor != "token:test-admin" || created[1].Role != "admin" || !strings.HasPrefix(created[1].Resource, "user/") ||
		created[1].ClientAddr != "127.0.0.1" || created[1].RequestID == "" || paramOf(created[1], "username") != "wati" {
		t.Fatalf("users.create rows: %+v", created)
	}
	if len(byAction["users.list"]) != 1 || len(byAction["auth.credentials"]) != 1 {
		t.Fatalf("rows by action: %v", byAction)
	}
	for a := range byAction {
		if strings.Contains(a, "areas") {
			t.Fatalf("aggregate read audited: %s", a)
		}
	}
	// Filters.
	if p := getAudit(t, ts, admin, "actor=token:test-viewer"); p.Total != 1 || p.Entries[0].Outcome != "denied" {
		t.Fatalf("actor filter: %+v", p)
	}
	if p := getAudit(t, ts, admin, "action=users.*"); p.Total != 3 {
		t.Fatalf("action prefix filter: %+v", p)
	}
	if p := getAudit(t, ts, admin, "action=users.create&outcome=ok&limit=1"); p.Total != 1 || len(p.Entries) != 1 {
		t.Fatalf("outcome filter: %+v", p)
	}
	// Reading the audit log is audited too: the newest row is the last read.
	before := getAudit(t, ts, admin, "limit=5")
	if p := getAudit(t, ts, admin, "limit=1&offset=1"); len(p.Entries) != 1 || p.Entries[0].ID != before.Entries[0].ID {
		t.Fatalf("paging: %+v", p)
	}
	tomorrow := time.Now().In(geo.Jakarta).AddDate(0, 0, 1).Format("2006-01-02")
	if p := getAudit(t, ts, admin, "from="+tomorrow); p.Total != 0 {
		t.Fatalf("from filter: %+v", p)
	}
	if p := getAudit(t, ts, admin, "to=2000-01-01"); p.Total != 0 {
		t.Fatalf("to filter: %+v", p)
	}
	for _, q := range []string{"limit=0", "limit=5000", "offset=-1", "from=yesterday", "actr=x", "from=2026-02-01&to=2026-01-01"} {
		r := ts.do(t, "GET", "/api/v1/audit?"+q, admin, nil)
		if r.StatusCode != 400 {
			t.Errorf("audit?%s: %d, want 400", q, r.StatusCode)
		}
	}
}

// TestRetentionOffBelowOne: RetentionDays 0 or negative means no purge,
// however long ago a stay departed — the one meaning of the setting and of
// --retention-days — and no purge worker; 1 purges.
func TestRetentionOffBelowOne(t *testing.T) {
	clock := &testClock{t: time.Date(2026, 7, 1, 3, 0, 0, 0, time.UTC)}
	ts := newTestServerWith(t, func(c *api.Config) { c.Now = clock.Now })
	insertStay(t, ts.DB, "a1", "Synthetic Old", "P100", "AUS", "2000-01-01", "2000-06-30", "")
	ctx := context.Background()
	on := alerting.New(ts.DB.DB, alerting.Config{RetentionDays: 1}, nil, clock.Now)
	for _, days := range []int{0, -1} {
		off := alerting.New(ts.DB.DB, alerting.Config{RetentionDays: days}, nil, clock.Now)
		if got := off.Config().RetentionDays; got != days {
			t.Errorf("RetentionDays %d became %d", days, got)
		}
		if n, err := off.PurgeExpired(ctx); err != nil || n != 0 {
			t.Fatalf("RetentionDays %d: purged %d (%v)", days, n, err)
		}
		if len(off.Workers()) != len(on.Workers())-1 {
			t.Errorf("RetentionDays %d: %d workers, RetentionDays 1: %d", days, len(off.Workers()), len(on.Workers()))
		}
	}
	if n, err := on.PurgeExpired(ctx); err != nil || n != 1 {
		t.Fatalf("RetentionDays 1: purged %d (%v)", n, err)
	}
}

// TestRetentionPurge: the purge deletes stays that departed before the
// retention window (and their history), keeps the rest, and records itself
// in the audit log; the worker runs it on its own.
func TestRetentionPurge(t *testing.T) {
	clock := &testClock{t: time.Date(2026, 7, 1, 3, 0, 0, 0, time.UTC)}
	ts := newTestServerWith(t, func(c *api.Config) { c.Now = clock.Now; c.Alerts.RetentionDays = 365 })
	old := insertStay(t, ts.DB, "a1", "Synthetic Old", "P100", "AUS", "2025-01-01", "2025-06-30", "")
	edge := insertStay(t, ts.DB, "a2", "Synthetic Edge", "P101", "AUS", "2025-06-01", "2025-07-01", "")
	open := insertStay(t, ts.DB, "a3", "Synthetic Open", "P102", "AUS", "2020-01-01", "", "")
	ctx := context.Background()
	if _, err := ts.DB.Pool.Exec(ctx, `UPDATE stays SET full_name = 'Synthetic Older' WHERE id = $1`, old); err != nil {
		t.Fatal(err)
	} // makes a history row
	n, err := alerting.New(ts.DB.DB, alerting.Config{RetentionDays: 365}, nil, clock.Now).PurgeExpired(ctx)
	if err != nil || n != 1 {
		t.Fatalf("purge: %d %v", n, err)
	}
	var left []int64
	rows, err := ts.DB.Pool.Query(ctx, `SELECT id FROM stays ORDER BY id`)
	must(t, err)
	for rows.Next() {
		var id int64
		must(t, rows.Scan(&id))
		left = append(left, id)
	}
	if len(left) != 2 || left[0] != edge || left[1] != open {
		t.Fatalf("stays left %v, want [%d %d]", left, edge, open)
	}
	var hist int
	if err := ts.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM stays_history WHERE id = $1`, old).Scan(&hist); err != nil {
		t.Fatal(err)
	}
	if hist != 0 {
		t.Fatalf("history of the purged stay kept: %d rows", hist)
	}
	var params string
	if err := ts.DB.Pool.QueryRow(ctx, `SELECT params::text FROM audit_log WHERE action = 'retention.purge' AND actor = 'system'`).Scan(&params); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(params, `"stays_deleted": 1`) || !strings.Contains(params, `"departed_before": "2025-07-01"`) {
		t.Fatalf("purge audit params %s", params)
	}
	// The audit log itself cannot be purged by the application role.
	if _, err := ts.DB.Pool.Exec(ctx, `DELETE FROM audit_log`); err == nil {
		t.Fatal("the application role deleted audit rows")
	}

	// The worker purges on start and then every PurgeEvery.
	clock.Advance(24 * time.Hour) // the edge stay now falls out too
	wsrv := api.New(api.Config{DB: ts.DB.DB, Now: clock.Now, Alerts: alerting.Config{RetentionDays: 365, PurgeEvery: 50 * time.Millisecond}})
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- wsrv.Serve(wctx, mustListen(t)) }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var runs int
		if err := ts.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'retention.purge'`).Scan(&runs); err != nil {
			t.Fatal(err)
		}
		if runs >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("worker ran the purge %d times", runs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	var count int
	if err := ts.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM stays`).Scan(&count); err != nil {
		t.Fatal(err)
	}
	if count != 1 {
		t.Fatalf("after the worker: %d stays, want only the open one", count)
	}
}

func TestSubjectExport(t *testing.T) {
	ts := newTestServer(t)
	a := insertStay(t, ts.DB, "s1", "Synthetic Person", "X123", "NLD", "2026-01-01", "2026-01-10", "")
	b := insertStay(t, ts.DB, "s2", "Synthetic Person", "X123", "NLD", "2026-03-01", "", "")
	other := insertStay(t, ts.DB, "s3", "Someone Else", "X123", "DEU", "2026-03-01", "", "") // same number, other country
	ctx := context.Background()
	if _, err := ts.DB.Pool.Exec(ctx, `UPDATE stays SET departure_date = '2026-01-12' WHERE id = $1`, a); err != nil {
		t.Fatal(err)
	}
	// Earlier accesses, as other handlers record them.
	ts.DB.Audit(ctx, data.AuditEntry{Actor: "officer1", Role: "officer", Action: "stays.read", Resource: fmt.Sprintf("stay/%d", b), Outcome: "ok"})
	ts.DB.Audit(ctx, data.AuditEntry{Actor: "analyst1", Role: "analyst", Action: "stays.export", Resource: "/api/v1/stays",
		Params: map[string]any{"stay_ids": []int64{a, 999}}, Outcome: "ok"})
	ts.DB.Audit(ctx, data.AuditEntry{Actor: "analyst1", Role: "analyst", Action: "stays.read", Resource: fmt.Sprintf("stay/%d", other), Outcome: "ok"})

	admin := ts.DB.Token(t, "admin", "")
	resp := ts.do(t, "GET", fmt.Sprintf("/api/v1/subjects/%d/export", b), admin, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("export: %d", resp.StatusCode)
	}
	var exp struct {
		PassportNo  string             `json:"passport_no"`
		Nationality string             `json:"nationality"`
		Stays       []map[string]any   `json:"stays"`
		History     []map[string]any   `json:"history"`
		AccessTrail []data.AuditRecord `json:"access_trail"`
	}
	must(t, json.NewDecoder(resp.Body).Decode(&exp))
	if exp.PassportNo != "X123" || exp.Nationality != "NLD" || len(exp.Stays) != 2 || len(exp.History) != 1 {
		t.Fatalf("export: %+v", exp)
	}
	if exp.Stays[0]["full_name"] != "Synthetic Person" || exp.Stays[0]["lon"] == nil {
		t.Fatalf("stay record: %v", exp.Stays[0])
	}
	var actors []string
	for _, e := range exp.AccessTrail {
		actors = append(actors, e.Actor+"/"+e.Action)
	}
	if strings.Join(actors, ",") != "officer1/stays.read,analyst1/stays.export" {
		t.Fatalf("trail %v", actors)
	}
	// The export is itself in the trail next time.
	resp = ts.do(t, "GET", fmt.Sprintf("/api/v1/subjects/%d/export", a), admin, nil)
	must(t, json.NewDecoder(resp.Body).Decode(&exp))
	if n := len(exp.AccessTrail); n != 3 || exp.AccessTrail[2].Action != "subject.export" {
		t.Fatalf("trail after export: %+v", exp.AccessTrail)
	}
	for path, want := range map[string]int{"/api/v1/subjects/999999/export": 404, "/api/v1/subjects/abc/export": 400} {
		if r := ts.do(t, "GET", path, admin, nil); r.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, r.StatusCode, want)
		}
	}
	if r := ts.do(t, "GET", fmt.Sprintf("/api/v1/subjects/%d/export", b), ts.DB.Token(t, "analyst", ""), nil); r.StatusCode != http.StatusForbidden {
		t.Fatalf("analyst export: %d", r.StatusCode)
	}
}

func paramOf(e data.AuditRecord, key string) any {
	var m map[string]any
	if err := json.Unmarshal(e.Params, &m); err != nil {
		return fmt.Sprintf("params not JSON: %v", err)
	}
	return m[key]
}
