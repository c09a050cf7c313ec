package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"pantau/data"
	"pantau/geo"
)

// An admin changes a user: disabling ends the user's sessions and revokes
// their tokens at once (and a disabled user's token is refused even if it
// were not revoked); a new password lifts the old one; a role or area
// change revokes tokens made for the old one; the last enabled admin stays.
// The audit log records the change, never the password.
func TestAdminChangesUsers(t *testing.T) {
	ts := newTestServer(t)
	ts.DB.LoadCianjur(t)
	ctx := context.Background()
	adminID := createUser(t, ts.DB, "ade", "admin password 123", geo.RoleAdmin, "")
	siti := createUser(t, ts.DB, "siti", "correct horse battery", geo.RoleOfficer, "32.03.29")
	admin := ts.DB.Token(t, "admin", "")
	sitiTok, _, err := ts.DB.CreateToken(ctx, data.NewToken{Name: "siti phone", Role: geo.RoleOfficer, AreaCode: "32.03.29", UserID: siti})
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, ts)
	if resp, _ := b.login("siti", "correct horse battery"); resp.StatusCode != 200 {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	patch := func(id int64, body string) (int, data.UserChangeResult, string) {
		t.Helper()
		r := ts.do(t, "PATCH", "/api/v1/users/"+itoa64(id), admin, strings.NewReader(body))
		defer r.Body.Close()
		var res data.UserChangeResult
		var raw json.RawMessage
		must(t, json.NewDecoder(r.Body).Decode(&raw))
		must(t, json.Unmarshal(raw, &res))
		return r.StatusCode, res, string(raw)
	}
	status := func(tok string) int {
		r := ts.do(t, "GET", "/api/v1/auth/me", tok, nil)
		r.Body.Close()
		return r.StatusCode
	}

	code, res, raw := patch(siti, `{"disabled": true}`)
	if code != 200 || !res.User.Disabled || res.SessionsEnded != 1 || res.TokensRevoked != 1 {
		t.Fatalf("disable: %d %s", code, raw)
	}
	if resp, _ := b.do("GET", "/api/v1/auth/me", "", nil); resp.StatusCode != 401 {
		t.Fatalf("session after disabling: %d", resp.StatusCode)
	}
	if s := status(sitiTok); s != 401 {
		t.Fatalf("token after disabling: %d", s)
	}
	if resp, _ := newBrowser(t, ts).login("siti", "correct horse battery"); resp.StatusCode != 401 {
		t.Fatalf("login while disabled: %d", resp.StatusCode)
	}
	// A token of a disabled user is refused even when not revoked.
	tok2, _, err := ts.DB.CreateToken(ctx, data.NewToken{Name: "siti laptop", Role: geo.RoleOfficer, AreaCode: "32.03.29", UserID: siti})
	if err != nil {
		t.Fatal(err)
	}
	if s := status(tok2); s != 401 {
		t.Fatalf("unrevoked token of a disabled user: %d", s)
	}

	// Enabled again with a new password: only the new one works.
	if code, _, raw := patch(siti, `{"disabled": false, "password": "a new long passphrase"}`); code != 200 {
		t.Fatalf("enable + password: %d %s", code, raw)
	}
	if resp, _ := newBrowser(t, ts).login("siti", "correct horse battery"); resp.StatusCode != 401 {
		t.Fatalf("old password after the change: %d", resp.StatusCode)
	}
	if resp, me := b.login("siti", "a new long passphrase"); resp.StatusCode != 200 || me.Role != geo.RoleOfficer {
		t.Fatalf("new password: %d %+v", resp.StatusCode, me)
	}
	if s := status(tok2); s != 200 {
		t.Fatalf("token of the enabled user: %d", s)
	}
	// Promoted to analyst over all areas: the session follows at once, the
	// officer token made for the old role is revoked.
	code, res, raw = patch(siti, `{"role": "analyst", "area_code": ""}`)
	if code != 200 || res.User.Role != geo.RoleAnalyst || res.User.AreaCode != "" || res.TokensRevoked != 1 || res.SessionsEnded != 0 {
		t.Fatalf("promote: %d %s", code, raw)
	}
	var me struct {
		Role     geo.Role `json:"role"`
		AreaCode string   `json:"area_code"`
	}
	resp, body := b.do("GET", "/api/v1/auth/me", "", nil)
	must(t, json.Unmarshal(body, &me))
	if resp.StatusCode != 200 || me.Role != geo.RoleAnalyst || me.AreaCode != "" {
		t.Fatalf("session after promotion: %d %s", resp.StatusCode, body)
	}
	if s := status(tok2); s != 401 {
		t.Fatalf("old-role token after promotion: %d", s)
	}

	for _, c := range []struct {
		id   int64
		body string
		want int
	}{
		{999999, `{"disabled": true}`, 404},
		{siti, `{"role": "king"}`, 400},
		{siti, `{"area_code": "99.99.99"}`, 400},
		{siti, `{"password": "short"}`, 400},
		{siti, `{}`, 400},
		{siti, `{"nickname": "x"}`, 400},
		{adminID, `{"disabled": true}`, 409}, // the last enabled admin
		{adminID, `{"role": "viewer"}`, 409},
	} {
		if code, _, raw := patch(c.id, c.body); code != c.want && !(c.want == 400 && code == 422) {
			t.Errorf("PATCH %d %s: %d %s, want %d", c.id, c.body, code, raw, c.want)
		}
	}
	var leaked int
	if err := ts.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'users.update'
		AND (params::text LIKE '%passphrase%' OR params::text LIKE '%short%')`).Scan(&leaked); err != nil || leaked != 0 {
		t.Fatalf("audit rows with a password: %d %v", leaked, err)
	}
	var audited int
	if err := ts.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'users.update' AND resource = 'user/' || $1`, itoa64(siti)).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	if audited < 4 {
		t.Fatalf("%d audited changes of siti", audited)
	}
}
