package main

import (
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"pantau/data/dbtest"
)

// TestUserCreateThenLogin: the first admin is made on the command line
// with the password on standard input, then signs in to the served map;
// tokens take --expires in days.
func TestUserCreateThenLogin(t *testing.T) {
	home := dbtest.TempHome(t)
	// The password never comes from a flag.
	if out, err := pantauCmd(home, "user", "create", "--username", "root", "--role", "admin", "--password", "x").CombinedOutput(); err == nil {
		t.Fatalf("--password accepted: %s", out)
	}
	cmd := pantauCmd(home, "user", "create", "--username", "Root", "--role", "admin", "--name", "First Admin")
	cmd.Stdin = strings.NewReader("a strong first password\n")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil || !strings.Contains(string(out), "created user root (admin)") {
		t.Fatalf("user create: %v %s", err, out)
	}
	cmd = pantauCmd(home, "user", "create", "--username", "short", "--role", "viewer")
	cmd.Env = append(cmd.Env, "PANTAU_PASSWORD=short")
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "at least") {
		t.Fatalf("short password accepted: %s", out)
	}
	cmd = pantauCmd(home, "token", "create", "--role", "viewer", "--expires", "90d")
	if out, err := cmd.Output(); err != nil || !regexp.MustCompile(`^pnt_\S+\n$`).Match(out) {
		t.Fatalf("token --expires 90d: %v %q", err, out)
	}
	if out, err := pantauCmd(home, "token", "create", "--role", "viewer", "--expires", "soon").CombinedOutput(); err == nil {
		t.Fatalf("--expires soon accepted: %s", out)
	}
	_, url := startServe(t, home)
	resp, err := http.Post(url+"/api/v1/auth/login", "application/json", strings.NewReader(`{"username":"root","password":"a strong first password"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || len(resp.Cookies()) != 1 {
		t.Fatalf("login: %d %v", resp.StatusCode, resp.Cookies())
	}
}
