package data_test

import (
	"context"
	"testing"

	"pantau/data"
	"pantau/data/dbtest"
	"pantau/geo"
)

// TestInScopeSQLMatchesGo: the SQL scope rule and geo.View.Contains
// agree on every case.
func TestInScopeSQLMatchesGo(t *testing.T) {
	db := dbtest.New(t)
	codes := []string{"", "32.03", "32.03.29", "32.03.29.2001", "32.03.290.2001", "32.03.2", "32.03.30.2001"}
	for _, scope := range []string{"", "32.03", "32.03.29", "32.03.29.2001"} {
		p := &geo.Principal{Role: geo.RoleOfficer, AreaCode: scope}
		for _, code := range codes {
			var got bool
			var c any = code
			if code == "" {
				c = nil // a record in no desa
			}
			err := db.Pool.QueryRow(context.Background(), `SELECT coalesce(`+data.InScopeSQL("$1::text", 2)+`, false)`, c, p.View().Scope).Scan(&got)
			if err != nil {
				t.Fatal(err)
			}
			if want := p.View().Contains(code); got != want {
				t.Errorf("scope %q code %q: SQL %v, Go %v", scope, code, got, want)
			}
		}
	}
}

func TestPasswordHashing(t *testing.T) {
	h, err := data.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	h2, err := data.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	if !data.VerifyPassword(h, "correct horse battery") || data.VerifyPassword(h, "correct horse batterY") {
		t.Fatal("verify")
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=1,t=1,p=1$$", "$2a$10$abc", h[:len(h)-2]} {
		if data.VerifyPassword(bad, "correct horse battery") {
			t.Errorf("malformed hash %q matched", bad)
		}
	}
	if data.CheckPassword("short") == nil || data.CheckPassword(string(make([]byte, 300))) == nil || data.CheckPassword("long enough pw") != nil {
		t.Fatal("password length rules")
	}
}
