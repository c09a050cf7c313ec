package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"pantau/alerting"
	"pantau/api"
	"pantau/data"
	"pantau/geo"
)

// TestStreamsEndWhenCredentialsDo is issue 14 finding 6: open alert
// streams kept delivering after their token was revoked or their user
// disabled. Each must now end (within about a second; the test waits at
// most 10 s so a loaded machine cannot make it flaky).
func TestStreamsEndWhenCredentialsDo(t *testing.T) {
	ls := newLiveServer(t, alerting.Config{Poll: 200 * time.Millisecond})
	ctx := context.Background()
	admin := ls.DB.Token(t, "admin", "")
	ended := func(name string, ch chan sseEvent) {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			select {
			case _, open := <-ch:
				if !open {
					return
				}
			case <-deadline:
				t.Fatalf("%s: the stream is still open 10 s later", name)
			}
		}
	}

	// A revoked token.
	tok, id, err := ls.DB.CreateToken(ctx, data.NewToken{Name: "phone", Role: geo.RoleOfficer})
	if err != nil {
		t.Fatal(err)
	}
	ch, stop := openStream(t, ls.URL, tok, "")
	defer stop()
	if resp, b := ls.call(t, "DELETE", fmt.Sprintf("/api/v1/tokens/%d", id), admin, nil); resp.StatusCode >= 300 {
		t.Fatalf("revoke: %d %s", resp.StatusCode, b)
	}
	ended("revoked token", ch)

	// A disabled user's token.
	uid, err := ls.DB.CreateUser(ctx, data.NewUser{Username: "siti", Password: "a long passphrase", Role: geo.RoleOfficer})
	if err != nil {
		t.Fatal(err)
	}
	utok, _, err := ls.DB.CreateToken(ctx, data.NewToken{Name: "siti phone", Role: geo.RoleOfficer, UserID: uid})
	if err != nil {
		t.Fatal(err)
	}
	ch2, stop2 := openStream(t, ls.URL, utok, "")
	defer stop2()
	if resp, b := ls.call(t, "PATCH", fmt.Sprintf("/api/v1/users/%d", uid), admin, map[string]any{"disabled": true}); resp.StatusCode != 200 {
		t.Fatalf("disable: %d %s", resp.StatusCode, b)
	}
	ended("disabled user", ch2)

	// A web session that logs out (the stream rides on its cookie).
	createUser(t, ls.DB, "dewi", "another long passphrase", geo.RoleOfficer, "")
	b := newBrowser(t, &testServer{Server: &httptest.Server{URL: ls.URL}, DB: ls.DB})
	if resp, _ := b.login("dewi", "another long passphrase"); resp.StatusCode != 200 {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	req, err := http.NewRequestWithContext(sctx, "GET", ls.URL+"/api/v1/alerts/stream", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("session stream: %d", resp.StatusCode)
	}
	ch4 := make(chan sseEvent, 10)
	go readSSE(resp.Body, ch4)
	if resp, _ := b.do("POST", "/api/v1/auth/logout", "", map[string]string{api.CSRFHeader: b.csrf}); resp.StatusCode != 204 {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
	ended("logged-out session", ch4)

	// A stream whose credential holds stays open.
	ch3, stop3 := openStream(t, ls.URL, admin, "")
	defer stop3()
	select {
	case _, open := <-ch3:
		if !open {
			t.Fatal("a valid stream ended")
		}
	case <-time.After(2500 * time.Millisecond):
	}
}
