package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"pantau/api"
	"pantau/data"
	"pantau/geo"
)

// TestStreamsEndWhenCredentialsDo is issue 14 finding 6: open alert
// streams kept delivering after their token was revoked or their user
// disabled. Each must now end (within about a second; the test waits at
// most 10 s so a loaded machine cannot make it flaky).
func TestStreamsEndWhenCredentialsDo(t *testing.T) {
	ls := newLiveServer(t, api.AlertsConfig{Poll: 200 * time.Millisecond})
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
