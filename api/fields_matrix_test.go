package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"pantau/demo"
	"pantau/geo"
)

// personalFields are the fields that identify a person (geo.View.Personal).
var personalFields = []string{"full_name", "passport_no", "birth_date", "owner_name"}

// fieldRule is one data-carrying route of the authorisation matrix and the
// roles whose answer may carry personal fields (docs/security.md: the
// one policy). Every other role's answer must carry none.
type fieldRule struct {
	method, path, body string
	personal           []geo.Role
}

var fieldsMatrix = []fieldRule{
	{"GET", "/api/v1/stays?limit=200", "", individualsOK},
	{"GET", "/api/v1/accommodations?limit=200", "", individualsOK},
	{"GET", "/api/v1/alerts", "", nil},
	{"GET", "/api/v1/auth/me", "", nil},
	{"GET", "/api/v1/areas?level=desa", "", nil},
	{"GET", "/api/v1/density/areas?level=desa&by=nationality", "", nil},
	{"GET", "/api/v1/density/grid?shape=hex&cell=500&bbox=107.00,-6.76,107.06,-6.70", "", nil},
	{"POST", "/api/v1/density/polygon", `{"type":"Polygon","coordinates":[[[107.00,-6.76],[107.06,-6.76],[107.06,-6.70],[107.00,-6.70],[107.00,-6.76]]]}`, nil},
	{"GET", "/ogc/collections/desa_density/items?limit=100", "", nil},
	{"GET", "/ogc/collections/accommodations/items?limit=100", "", nil},
	{"GET", "/ogc/collections/geofences/items", "", nil},
	{"GET", "/api/v1/patrols/hotspots", "", nil},
	{"POST", "/api/v1/patrols/plan", `{"teams": 2}`, nil},
	{"POST", "/api/v1/patrols/plan", `{"teams": 2, "people": true}`, individualsOK},
}

// TestFieldsPerRole: per role, which fields each data route may carry —
// the field half of the authorisation matrix (issue 14). Answers are
// walked whole (nested objects and arrays); a personal field where the
// policy allows none fails, and so does a matrix whose allowed cases never
// show one (the check would prove nothing).
func TestFieldsPerRole(t *testing.T) {
	ts := newTestServer(t)
	if _, err := demo.Load(context.Background(), ts.DB.DB, demo.Options{Seed: 7, Stays: 3000}); err != nil {
		t.Fatal(err)
	}
	tokens := map[geo.Role]string{}
	for _, r := range geo.Roles {
		area := ""
		if r == geo.RoleOfficer {
			area = "32.03.28" // Cipanas, where the demo has stays
		}
		tokens[r] = ts.DB.Token(t, string(r), area)
	}
	shown := map[geo.Role]int{}
	for _, rule := range fieldsMatrix {
		for _, role := range geo.Roles {
			var body io.Reader
			if rule.body != "" {
				body = strings.NewReader(rule.body)
			}
			resp := ts.do(t, rule.method, rule.path, tokens[role], body)
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusBadRequest && rule.path == "/api/v1/auth/me" {
				continue // the route is not this role's (TestAuthzMatrix)
			}
			if resp.StatusCode != 200 {
				t.Errorf("%s %s as %s: %d %.200s", rule.method, rule.path, role, resp.StatusCode, b)
				continue
			}
			var doc any
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Errorf("%s %s as %s: %v", rule.method, rule.path, role, err)
				continue
			}
			found := personalIn(doc)
			allowed := false
			for _, r := range rule.personal {
				allowed = allowed || r == role
			}
			if len(found) > 0 && !allowed {
				t.Errorf("%s %s as %s carries personal fields %v", rule.method, rule.path, role, found)
			}
			if len(found) > 0 {
				shown[role]++
			}
		}
	}
	for _, r := range individualsOK {
		if shown[r] == 0 {
			t.Errorf("no answer to %s carried personal fields: the allowed cases prove nothing", r)
		}
	}
}

// personalIn lists the personal fields (with a non-empty value) anywhere in
// a decoded JSON document.
func personalIn(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			for _, f := range personalFields {
				if k == f && e != nil && fmt.Sprint(e) != "" {
					out = append(out, k)
				}
			}
			out = append(out, personalIn(e)...)
		}
	case []any:
		for _, e := range x {
			out = append(out, personalIn(e)...)
		}
	}
	return out
}
