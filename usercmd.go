package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"pantau/data"
	"pantau/geo"
)

// passwordInput is where `pantau user create` reads the password when
// PANTAU_PASSWORD is unset; a variable so tests can swap it.
var passwordInput io.Reader = os.Stdin

// cmdUser: pantau user create --username U --role R [--area CODE] [--name N].
// The password comes from PANTAU_PASSWORD or the first line of standard
// input — never from a flag, which would leak it into shell history and ps.
func cmdUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const use = "usage: pantau user create --username U --role R [--area CODE] [--name N]  (password: PANTAU_PASSWORD or stdin)"
	if len(args) == 0 || args[0] != "create" {
		return usageError{use}
	}
	fs, c := commandFlags("user create", stderr)
	username := fs.String("username", "", "login name: 2-64 of a-z 0-9 . _ - (required)")
	role := fs.String("role", "", "viewer, officer, analyst or admin (required)")
	area := fs.String("area", "", "Kemendagri code of the kecamatan an officer works in")
	name := fs.String("name", "", "display name")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *username == "" {
		return usageError{"--username is required\n" + use}
	}
	r, err := geo.ParseRole(*role)
	if err != nil {
		return usageError{"--role: " + geo.ErrorMessage(err)}
	}
	pw, ok := os.LookupEnv("PANTAU_PASSWORD")
	if !ok {
		if f, isFile := passwordInput.(*os.File); isFile {
			if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
				fmt.Fprint(stderr, "Password (echoed; prefer PANTAU_PASSWORD or a pipe): ")
			}
		}
		line, err := bufio.NewReader(passwordInput).ReadString('\n')
		if err != nil && line == "" {
			return usageError{"no password: set PANTAU_PASSWORD or pipe it on standard input"}
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	if err := data.CheckPassword(pw); err != nil {
		return usageError{geo.ErrorMessage(err)}
	}
	log := c.logger(stderr)
	db, err := c.open(ctx, log)
	if err != nil {
		return err
	}
	defer db.Close()
	id, err := db.CreateUser(ctx, data.NewUser{Username: *username, DisplayName: *name, Password: pw, Role: r, AreaCode: *area})
	if err != nil {
		return fmt.Errorf("create user: %s", geo.ErrorMessage(err))
	}
	db.Audit(ctx, data.AuditEntry{Actor: "cli", Role: "admin", Action: "users.create", Resource: fmt.Sprintf("user/%d", id),
		Params: map[string]any{"username": strings.ToLower(*username), "role": r, "area_code": *area}, Outcome: "ok", ClientAddr: "local"})
	fmt.Fprintf(stdout, "created user %s (%s) with id %d\n", strings.ToLower(*username), r, id)
	return nil
}

// parseExpiry reads a token lifetime: a Go duration ("720h") or a number
// of days ("90d"); "" or "0" means never.
func parseExpiry(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" {
		return 0, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n <= 0 || n > 3660 {
			return 0, fmt.Errorf("--expires %q: want a number of days from 1 to 3660, e.g. 90d", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("--expires %q: want a duration such as 720h or 90d", s)
	}
	return d, nil
}
