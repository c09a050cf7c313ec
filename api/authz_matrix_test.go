package api_test

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"pantau/api"
	"pantau/geo"
)

// Who may use a route, for the authorisation matrix below.
var (
	public        = []geo.Role{"", geo.RoleViewer, geo.RoleOfficer, geo.RoleAnalyst, geo.RoleAdmin} // "" = anonymous
	anyRole       = []geo.Role{geo.RoleViewer, geo.RoleOfficer, geo.RoleAnalyst, geo.RoleAdmin}
	individualsOK = []geo.Role{geo.RoleOfficer, geo.RoleAnalyst, geo.RoleAdmin}
	analystOrUp   = []geo.Role{geo.RoleAnalyst, geo.RoleAdmin}
	adminOnly     = []geo.Role{geo.RoleAdmin}
)

// authzMatrix lists EVERY route of Server.Router() with the roles that may
// use it. A route missing here fails TestAuthzMatrix; so does a line whose
// route no longer exists. Add ONE line per route you add:
//
//	{"METHOD /pattern/exactly/as/chi/reports/{it}", roles},
//
// "*" as the method covers a route registered for all methods (r.Handle).
// Path parameters are filled from samplePathValues; the optional third
// field overrides the sample path for a route that needs a special one.
//
// Expected statuses, derived from the roles: anonymous (not in the list)
// → 401; a role not in the list → 403; a role in the list → anything but
// 401, 403 or 500 (the request carries sample parameters and an empty JSON
// body, so 400/404/422 are normal answers).
var authzMatrix = []authzRule{
	// Probes and metrics.
	{"GET /healthz", public, ""},
	{"GET /readyz", public, ""},
	{"GET /metrics", public, ""},

	// The web map: the page and its assets are public; data is not.
	{"GET /", public, ""},
	{"GET /app/*", public, "/app/index.css"},
	{"GET /config.json", public, ""},
	{"GET /sw.js", public, ""},
	{"GET /fonts/{stack}/{range}", public, "/fonts/DejaVu%20Sans/0-255.pbf"},

	// Areas.
	{"GET /api/v1/areas", anyRole, ""},
	{"GET /api/v1/areas/{code}", anyRole, ""},
	{"GET /api/v1/search", anyRole, "/api/v1/search?q=cipanas"},

	// Sessions, audit, data-subject export, administration (auth).
	{"POST /api/v1/auth/login", public, ""},
	{"POST /api/v1/auth/logout", anyRole, ""},
	{"GET /api/v1/auth/me", anyRole, ""},
	{"GET /api/v1/audit", adminOnly, ""},
	{"GET /api/v1/subjects/{id}/export", adminOnly, ""},
	{"GET /api/v1/users", adminOnly, ""},
	{"POST /api/v1/users", adminOnly, ""},
	{"PATCH /api/v1/users/{id}", adminOnly, "/api/v1/users/999999"},
	{"POST /api/v1/tokens", adminOnly, ""},
	{"DELETE /api/v1/tokens/{id}", adminOnly, "/api/v1/tokens/999999"}, // never revoke the matrix's own tokens

	// Stays, accommodations, imports (data-in).
	{"GET /api/v1/stays", individualsOK, ""},
	{"GET /api/v1/stays/{id}", individualsOK, ""},
	{"POST /api/v1/stays", []geo.Role{geo.RoleOfficer, geo.RoleAdmin}, ""},
	{"GET /api/v1/accommodations", individualsOK, ""},
	{"GET /api/v1/accommodations/{id}", individualsOK, ""},
	{"POST /api/v1/accommodations", []geo.Role{geo.RoleOfficer, geo.RoleAdmin}, ""},
	{"POST /api/v1/imports/{kind}", adminOnly, "/api/v1/imports/stays"},

	// Geofences, alerts, webhooks.
	{"GET /api/v1/geofences", individualsOK, ""},
	{"GET /api/v1/geofences/{id}", individualsOK, ""},
	{"POST /api/v1/geofences", adminOnly, ""},
	{"PUT /api/v1/geofences/{id}", adminOnly, ""},
	{"DELETE /api/v1/geofences/{id}", adminOnly, ""},
	{"GET /api/v1/alerts", individualsOK, ""},
	{"GET /api/v1/alerts/stream", individualsOK, ""},
	{"GET /api/v1/alerts/{id}", individualsOK, ""},
	{"POST /api/v1/alerts/{id}/acknowledge", individualsOK, ""},
	{"POST /api/v1/alerts/{id}/resolve", individualsOK, ""},
	{"GET /api/v1/webhooks", adminOnly, ""},
	{"POST /api/v1/webhooks", adminOnly, ""},
	{"GET /api/v1/webhooks/{id}", adminOnly, ""},
	{"PUT /api/v1/webhooks/{id}", adminOnly, ""},
	{"DELETE /api/v1/webhooks/{id}", adminOnly, ""},
	{"GET /api/v1/webhooks/{id}/deliveries", adminOnly, ""},

	// Patrol planning.
	{"POST /api/v1/patrols/plan", individualsOK, ""},
	{"GET /api/v1/patrols/hotspots", individualsOK, ""},
	{"GET /api/v1/patrols/starts", individualsOK, ""},

	// Vector tiles (the accommodations and geofences layers are for
	// individualsOK; the sample layer is stays).
	{"GET /tiles/{layers}/{z}/{x}/{y}.mvt", anyRole, ""},
	{"GET /tiles/{layers}.json", anyRole, ""},
	{"GET /api/v1/fieldkit", anyRole, ""}, // no area: 400 once admitted (a kit takes seconds)
	// Density (viewers get suppressed, fixed-cell figures).
	{"GET /api/v1/density/areas", anyRole, ""},
	{"GET /api/v1/density/grid", anyRole, ""},
	{"POST /api/v1/density/polygon", anyRole, ""},

	// OGC API – Features (the accommodations and geofences collections are
	// for individualsOK; the sample collection id "1" does not exist).
	{"GET /ogc/", anyRole, ""},
	{"GET /ogc/conformance", anyRole, ""},
	{"GET /ogc/collections", anyRole, ""},
	{"GET /ogc/collections/{id}", anyRole, ""},
	{"GET /ogc/collections/{id}/items", anyRole, ""},
	{"GET /ogc/collections/{id}/items/{fid}", anyRole, ""},
}

type authzRule struct {
	route string     // "METHOD /pattern"
	roles []geo.Role // who is let through ("" = anonymous too)
	path  string     // optional sample path; default fills parameters
}

// samplePathValues fills {name} (or {name:regexp}) path parameters.
var samplePathValues = map[string]string{
	"code":   "32.03.29.2001",
	"id":     "1",
	"z":      "0",
	"x":      "0",
	"y":      "0",
	"layers": "stays",
	"kind":   "stays",
}

var paramRe = regexp.MustCompile(`\{([^}:]+)(:[^}]*)?\}`)

func samplePath(pattern string) string {
	p := paramRe.ReplaceAllStringFunc(pattern, func(m string) string {
		name := paramRe.FindStringSubmatch(m)[1]
		if v, ok := samplePathValues[name]; ok {
			return v
		}
		return "1"
	})
	return strings.ReplaceAll(p, "*", "")
}

// TestAuthzMatrix walks the router: every route × every role and anonymous
// gets the status its matrix line says.
func TestAuthzMatrix(t *testing.T) {
	ts := newTestServer(t)
	// Officer scoped to a kecamatan, as officers are.
	tokens := map[geo.Role]string{"": ""}
	for _, r := range geo.Roles {
		area := ""
		if r == geo.RoleOfficer {
			area = "32.03.29"
		}
		tokens[r] = ts.DB.Token(t, string(r), area)
	}
	rules := map[string]authzRule{}
	for _, rule := range authzMatrix {
		if _, dup := rules[rule.route]; dup {
			t.Errorf("matrix: %q listed twice", rule.route)
		}
		rules[rule.route] = rule
	}
	srv := api.New(api.Config{DB: ts.DB.DB})
	seen := map[string]bool{}
	var routes []string
	err := chi.Walk(srv.Router(), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		routes = append(routes, method+" "+route)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(routes)
	for _, mr := range routes {
		method, route, _ := strings.Cut(mr, " ")
		rule, ok := rules[mr]
		if !ok {
			rule, ok = rules["* "+route]
		}
		if !ok {
			t.Errorf("route %s has no line in authzMatrix (api/authz_matrix_test.go): add {%q, <roles>, \"\"},", mr, mr)
			continue
		}
		seen[rule.route] = true
		path := rule.path
		if path == "" {
			path = samplePath(route)
		}
		for _, role := range append([]geo.Role{""}, geo.Roles...) {
			status, err := authzProbe(ts, method, path, tokens[role])
			who := string(role)
			if who == "" {
				who = "anonymous"
			}
			allowed := slices.Contains(rule.roles, role)
			switch {
			case errors.Is(err, context.DeadlineExceeded) && allowed:
				// A stream that got past authorisation and keeps the
				// connection open: allowed, as expected.
			case err != nil:
				t.Errorf("%s %s as %s: %v", method, path, who, err)
			case allowed && (status == 401 || status == 403 || status >= 500 && status != 503):
				t.Errorf("%s %s as %s: status %d, want access (matrix allows %v)", method, path, who, status, rule.roles)
			case !allowed && role == "" && status != 401:
				t.Errorf("%s %s as anonymous: status %d, want 401", method, path, status)
			case !allowed && role != "" && status != 403:
				t.Errorf("%s %s as %s: status %d, want 403", method, path, who, status)
			}
		}
	}
	for _, rule := range authzMatrix {
		if !seen[rule.route] {
			t.Errorf("matrix line %q matches no route of the router; remove it", rule.route)
		}
	}
}

// authzProbe sends one request with an empty JSON body for unsafe methods
// and returns the status; streams are cut after a few seconds.
func authzProbe(ts *testServer, method, path, token string) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var body *strings.Reader
	if method == "POST" || method == "PUT" || method == "PATCH" {
		body = strings.NewReader("{}")
	} else {
		body = strings.NewReader("")
	}
	req, err := http.NewRequestWithContext(ctx, method, ts.URL+path, body)
	if err != nil {
		return 0, err
	}
	if body.Len() > 0 {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
