package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"pantau/api"
	"pantau/geo"
)

const fieldkitUsage = "usage: pantau fieldkit --area CODE --out FILE.pmtiles (--token T | --role R [--scope CODE]) [--teams N] [--start ID] [--at D | --from D --to D] [--nationality L] [--permit L] [--status L] [--lang id|en]"

// cmdFieldkit: pantau fieldkit --area CODE --out FILE.pmtiles writes the
// field kit GET /api/v1/fieldkit answers (docs/fieldmap.md "Field kit"), with
// the same options, for the caller a token names (--token, PANTAU_TOKEN) or
// for a role given on the command line (--role, with --scope for an
// officer's area; recorded in the audit log as "cli" like the other
// commands). The request runs in process through the same handler, so the
// kit obeys the same view, limits and audit as over HTTP.
func cmdFieldkit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := commandFlags("fieldkit", stderr)
	out := fs.String("out", "", "file to write, e.g. cipanas.pmtiles (required)")
	token := fs.String("token", env("PANTAU_TOKEN", ""), "API token whose role and area the kit follows (PANTAU_TOKEN)")
	role := fs.String("role", "", "without --token: the role whose view the kit follows (viewer, officer, analyst, admin)")
	scope := fs.String("scope", "", "with --role: the area code the role is assigned to (officers)")
	k := fs.Int("k", envInt("PANTAU_K", 5), "small-count threshold, as for serve (PANTAU_K)")
	patrolStarts := fs.String("patrol-starts", env("PANTAU_PATROL_STARTS", ""), "JSON file of named patrol start points, as for serve (PANTAU_PATROL_STARTS)")
	q := url.Values{}
	for _, name := range api.FieldKitParams {
		fs.Func(name, "as the query parameter "+name+" of GET /api/v1/fieldkit", func(v string) error { q.Set(name, v); return nil })
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" || q.Get("area") == "" || (*token == "") == (*role == "") {
		return usageError{fieldkitUsage}
	}
	var p *geo.Principal
	if *role != "" {
		r, err := geo.ParseRole(*role)
		if err != nil {
			return usageError{"--role: " + geo.ErrorMessage(err)}
		}
		p = &geo.Principal{Name: "cli", Role: r, AreaCode: *scope}
	}
	starts, err := loadPatrolStarts(*patrolStarts)
	if err != nil {
		return err
	}
	log := c.logger(stderr)
	db, err := c.open(ctx, log)
	if err != nil {
		return err
	}
	defer db.Close()
	srv := api.New(api.Config{DB: db, Logger: log, K: *k, PatrolStarts: starts})
	req, err := http.NewRequestWithContext(api.WithPrincipal(ctx, p), http.MethodGet, "/api/v1/fieldkit?"+q.Encode(), nil)
	if err != nil {
		return err
	}
	req.RemoteAddr = "local"
	if *token != "" {
		req.Header.Set("Authorization", "Bearer "+*token)
	}
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".fieldkit-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := &fileResponse{f: tmp, header: http.Header{}}
	srv.ServeHTTP(w, req)
	if err := tmp.Close(); err != nil {
		return err
	}
	if w.status != http.StatusOK {
		return fmt.Errorf("field kit: %s", problemText(tmp.Name(), w.status))
	}
	if w.err != nil {
		return w.err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", *out, w.n)
	return nil
}

// fileResponse is the http.ResponseWriter of an in-process request whose
// body goes to a file.
type fileResponse struct {
	f      *os.File
	header http.Header
	status int
	n      int64
	err    error
}

func (r *fileResponse) Header() http.Header { return r.header }

func (r *fileResponse) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *fileResponse) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	n, err := r.f.Write(b)
	r.n += int64(n)
	if err != nil && r.err == nil {
		r.err = err
	}
	return n, err
}

// problemText is the detail of the problem+json answer in file path.
func problemText(path string, status int) string {
	b, _ := os.ReadFile(path)
	var p struct {
		Title, Detail string
	}
	if json.Unmarshal(b, &p) == nil && p.Detail != "" {
		return fmt.Sprintf("%d %s", status, p.Detail)
	}
	return fmt.Sprintf("%d %s", status, strings.TrimSpace(string(b)))
}
