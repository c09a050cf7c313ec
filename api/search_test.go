package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"testing"

	"pantau/data/dbtest"
	"pantau/geo"
)

// TestSearchPlaces: GET /api/v1/search per role over the real 360 desa —
// area names for every role, accommodations only where the role sees
// individuals (an officer in its own kecamatan), LIKE wildcards taken
// literally, limits and parameters checked.
func TestSearchPlaces(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	// Two villas named alike, one in Cipanas (32.03.28), one in another
	// kecamatan, and a name with a LIKE wildcard in it.
	if _, err := db.Admin(t).Exec(context.Background(), `
		INSERT INTO accommodations (source_id, name, kind, licensed, apoa_registered, geom, desa_code)
		SELECT v.src, v.name, 'villa', true, true, a.label_point, a.code
		FROM (VALUES ('s1', 'Villa Kenanga Indah', '32.03.28'), ('s2', 'Villa Kenanga', '32.03.10'),
		             ('s3', 'Villa 50% Diskon', '32.03.28'), ('s4', 'Villa 500', '32.03.28')) v(src, name, kec)
		JOIN LATERAL (SELECT code, coalesce(label_point, ST_PointOnSurface(geom)) AS label_point FROM areas
		              WHERE level = 'desa' AND parent_code = v.kec ORDER BY code LIMIT 1) a ON true`); err != nil {
		t.Fatal(err)
	}
	ts := newServerOn(t, db)
	tokens := map[string]string{
		"viewer": db.Token(t, "viewer", ""), "officer": db.Token(t, "officer", "32.03.28"),
		"analyst": db.Token(t, "analyst", ""), "admin": db.Token(t, "admin", ""),
	}
	search := func(role, query string, want int) []geo.Place {
		t.Helper()
		resp := ts.do(t, "GET", "/api/v1/search?"+query, tokens[role], nil)
		defer resp.Body.Close()
		if resp.StatusCode != want {
			t.Fatalf("%s %s: %d, want %d", role, query, resp.StatusCode, want)
		}
		var body struct{ Places []geo.Place }
		if want == 200 {
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
		}
		return body.Places
	}
	kinds := func(ps []geo.Place) (s []string) {
		for _, p := range ps {
			s = append(s, p.Kind+":"+p.Name)
		}
		return s
	}
	for role := range tokens {
		// The kecamatan first, then its namesake desa (exact names first).
		ps := search(role, "q="+url.QueryEscape("  CIPANAS "), 200)
		if len(ps) < 2 || ps[0].Kind != "kecamatan" || ps[0].Code != "32.03.28" || ps[1].Kind != "desa" || ps[1].Name != "Cipanas" ||
			ps[1].Context != "Cipanas" || ps[0].BBox == nil || ps[0].BBox[0] >= ps[0].BBox[2] || ps[0].Lon < 106.9 || ps[0].Lat > -6.6 {
			t.Errorf("%s: cipanas → %+v", role, ps)
		}
		// Accommodations as the role's tiles show them.
		got := kinds(search(role, "q=kenanga", 200))
		want := map[string]string{
			"viewer": "[]", "officer": "[accommodation:Villa Kenanga Indah]",
			"analyst": "[accommodation:Villa Kenanga accommodation:Villa Kenanga Indah]",
			"admin":   "[accommodation:Villa Kenanga accommodation:Villa Kenanga Indah]",
		}[role]
		if fmt.Sprint(got) != want {
			t.Errorf("%s: kenanga → %v, want %s", role, got, want)
		}
	}
	// % is a character, not a wildcard; limit caps the answer.
	if got := kinds(search("analyst", "q="+url.QueryEscape("50%"), 200)); fmt.Sprint(got) != "[accommodation:Villa 50% Diskon]" {
		t.Errorf("50%% → %v", got)
	}
	if got := search("analyst", "q=villa&limit=2", 200); len(got) != 2 {
		t.Errorf("limit=2 → %d places", len(got))
	}
	for _, bad := range []string{"q=x", "q=", "q=villa&limit=26", "q=villa&limit=0", "q=villa&sort=name", "q=" + url.QueryEscape("ab\x01")} {
		search("analyst", bad, 400)
	}
	search("", "q=cipanas", 401)

	// The map's name labels: every desa as its label point, name and code only.
	resp := ts.do(t, "GET", "/api/v1/areas?level=desa&geometry=label", tokens["viewer"], nil)
	var fc struct {
		Features []struct {
			Geometry   struct{ Type string }
			Properties map[string]any
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&fc); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(fc.Features) != 360 || fc.Features[0].Geometry.Type != "Point" || fc.Features[0].Properties["name"] == "" || len(fc.Features[0].Properties) != 3 {
		t.Errorf("labels: %d features, first %+v", len(fc.Features), fc.Features[0])
	}
	if r := ts.do(t, "GET", "/api/v1/areas?geometry=centroid", tokens["viewer"], nil); r.StatusCode != 400 {
		t.Errorf("geometry=centroid: %d", r.StatusCode)
	}
}
