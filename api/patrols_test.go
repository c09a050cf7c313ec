package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"pantau/api"
	"pantau/data/dbtest"
)

// patrolDay is the date every patrol test plans for.
var patrolDay = time.Date(2026, 6, 20, 3, 0, 0, 0, time.UTC)

// newPatrolServer is a server over the real Cianjur desa with synthetic
// stays, accommodations and alerts made by SQL around Cipanas, Pacet,
// Sukaresmi and Cugenang, and a clock fixed on patrolDay.
func newPatrolServer(t *testing.T) *testServer {
	t.Helper()
	db := dbtest.New(t)
	db.LoadCianjur(t)
	db.SeedPatrol(t, dbtest.PatrolSeed{
		Kecamatan: []string{"32.03.28", "32.03.10", "32.03.13", "32.03.11"},
		Points:    3300, Seed: 11, Stays: 3000, AlertEvery: 40,
	})
	return newTestServerFrom(t, db, api.Config{DB: db.DB, Now: func() time.Time { return patrolDay }})
}

// post sends a JSON body with optional extra headers.
func (ts *testServer) post(t *testing.T, path, token, body string, hdr ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("POST", ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

type planFC struct {
	Features []struct {
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
	Plan struct {
		Totals    map[string]float64 `json:"totals"`
		Unvisited []map[string]any   `json:"unvisited"`
		Settings  map[string]any     `json:"settings"`
	} `json:"plan"`
}

func decodePlan(t *testing.T, resp *http.Response) planFC {
	t.Helper()
	if resp.StatusCode != 200 {
		b, err := io.ReadAll(resp.Body)
		must(t, err)
		t.Fatalf("status %d: %s", resp.StatusCode, b)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/geo+json" {
		t.Fatalf("content type %q", ct)
	}
	var fc planFC
	if err := json.NewDecoder(resp.Body).Decode(&fc); err != nil {
		t.Fatal(err)
	}
	return fc
}

// checkRoutes asserts the Done-when properties on a GeoJSON plan and
// returns the stop ids per team.
func checkRoutes(t *testing.T, fc planFC, teams int) map[int][]string {
	t.Helper()
	stops := map[int][]string{}
	seen := map[string]int{}
	routes := 0
	for _, f := range fc.Features {
		p := f.Properties
		switch p["kind"] {
		case "route":
			routes++
			if p["distance_m"].(float64) > p["nn_distance_m"].(float64) {
				t.Errorf("team %v: route %v m longer than nearest-neighbour %v m", p["team"], p["distance_m"], p["nn_distance_m"])
			}
		case "stop":
			team := int(p["team"].(float64))
			stops[team] = append(stops[team], p["id"].(string))
			seen[p["id"].(string)]++
			if int(p["seq"].(float64)) != len(stops[team]) {
				t.Errorf("team %d: stop %v has seq %v", team, p["id"], p["seq"])
			}
			if p["reason"] == "" || p["contributions"] == nil {
				t.Errorf("stop %v lacks its explanation", p["id"])
			}
		}
	}
	if routes != teams {
		t.Fatalf("%d routes, want %d", routes, teams)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("hotspot %s visited %d times", id, n)
		}
	}
	for _, u := range fc.Plan.Unvisited {
		if seen[u["id"].(string)] != 0 {
			t.Errorf("hotspot %v both visited and unvisited", u["id"])
		}
	}
	lo, hi := math.MaxInt, 0
	for team := 1; team <= teams; team++ {
		lo, hi = min(lo, len(stops[team])), max(hi, len(stops[team]))
	}
	if hi-lo > 1 {
		t.Errorf("team loads %d..%d stops differ by more than one", lo, hi)
	}
	return stops
}

func TestPatrolPlanCoversTopHotspotsOnce(t *testing.T) {
	ts := newPatrolServer(t)
	tok := ts.DB.Token(t, "analyst", "")
	// The ranking names the 14 hotspots the plan must visit.
	resp := ts.do(t, "GET", "/api/v1/patrols/hotspots?top=14", tok, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("hotspots: %d", resp.StatusCode)
	}
	var ranking struct {
		Features []struct {
			Properties struct {
				ID            string  `json:"id"`
				Score         float64 `json:"score"`
				Contributions []struct {
					Points float64 `json:"points"`
				} `json:"contributions"`
			} `json:"properties"`
		} `json:"features"`
	}
	must(t, json.NewDecoder(resp.Body).Decode(&ranking))
	if len(ranking.Features) != 14 {
		t.Fatalf("%d ranked hotspots", len(ranking.Features))
	}
	want := map[string]bool{}
	prev := math.Inf(1)
	for _, f := range ranking.Features {
		p := f.Properties
		want[p.ID] = true
		sum := 0.0
		for _, c := range p.Contributions {
			sum += c.Points
		}
		if math.Abs(sum-p.Score) > 0.06 || p.Score > prev {
			t.Errorf("%s: score %v, contributions add to %v, previous %v", p.ID, p.Score, sum, prev)
		}
		prev = p.Score
	}
	fc := decodePlan(t, ts.post(t, "/api/v1/patrols/plan", tok,
		`{"start": "polsek-cipanas", "teams": 3, "hotspots": {"top": 14}, "speed_kmh": 30, "stop_minutes": 10}`))
	stops := checkRoutes(t, fc, 3)
	n := 0
	for _, ids := range stops {
		for _, id := range ids {
			n++
			if !want[id] {
				t.Errorf("stop %s is not among the top 14", id)
			}
		}
	}
	if n != 14 || len(fc.Plan.Unvisited) != 0 {
		t.Fatalf("%d stops visited, %d unvisited; want 14 and 0", n, len(fc.Plan.Unvisited))
	}
	if fc.Plan.Totals["distance_m"] > fc.Plan.Totals["nn_distance_m"] {
		t.Errorf("totals: %v", fc.Plan.Totals)
	}
}

func TestPatrolPlanLimits(t *testing.T) {
	ts := newPatrolServer(t)
	tok := ts.DB.Token(t, "admin", "")
	fc := decodePlan(t, ts.post(t, "/api/v1/patrols/plan", tok,
		`{"teams": 2, "max_stops": 3, "hotspots": {"top": 10}}`))
	stops := checkRoutes(t, fc, 2)
	if len(stops[1]) != 3 || len(stops[2]) != 3 || len(fc.Plan.Unvisited) != 4 || fc.Plan.Unvisited[0]["reason"] != "max_stops" {
		t.Errorf("max_stops 3: teams %d+%d, unvisited %v", len(stops[1]), len(stops[2]), fc.Plan.Unvisited)
	}
	fc = decodePlan(t, ts.post(t, "/api/v1/patrols/plan", tok,
		`{"teams": 3, "time_budget_minutes": 90, "stop_minutes": 20, "hotspots": {"level": "hex", "cell_m": 800, "top": 30}}`))
	checkRoutes(t, fc, 3)
	for _, f := range fc.Features {
		if f.Properties["kind"] == "route" && f.Properties["total_min"].(float64) > 90 {
			t.Errorf("team %v: %v min over the 90 min budget", f.Properties["team"], f.Properties["total_min"])
		}
	}
	if len(fc.Plan.Unvisited) == 0 || fc.Plan.Unvisited[0]["reason"] != "time_budget" {
		t.Errorf("time budget left nothing out: %v", fc.Plan.Unvisited)
	}
	// Hotspots inside a polygon: all of them, each desa's point inside.
	fc = decodePlan(t, ts.post(t, "/api/v1/patrols/plan", tok, `{"teams": 2, "hotspots": {"within":
		{"type": "Polygon", "coordinates": [[[107.0, -6.76], [107.06, -6.76], [107.06, -6.70], [107.0, -6.70], [107.0, -6.76]]]}}}`))
	for team, ids := range checkRoutes(t, fc, 2) {
		for _, id := range ids {
			if !strings.HasPrefix(id, "32.03.") {
				t.Errorf("team %d: stop %s", team, id)
			}
		}
	}
	for _, f := range fc.Features {
		if f.Properties["kind"] == "stop" {
			var c [2]float64
			must(t, json.Unmarshal(f.Geometry.Coordinates, &c))
			if c[0] < 107.0 || c[0] > 107.06 || c[1] < -6.76 || c[1] > -6.70 {
				t.Errorf("stop %v at %v outside the polygon", f.Properties["id"], c)
			}
		}
	}
}

func TestPatrolOfficerScopedToArea(t *testing.T) {
	ts := newPatrolServer(t)
	tok := ts.DB.Token(t, "officer", "32.03.28") // Kecamatan Cipanas
	fc := decodePlan(t, ts.post(t, "/api/v1/patrols/plan", tok, `{"teams": 2, "hotspots": {"top": 50}}`))
	n := 0
	for _, ids := range checkRoutes(t, fc, 2) {
		for _, id := range ids {
			n++
			if !strings.HasPrefix(id, "32.03.28.") {
				t.Errorf("officer of Cipanas got stop %s", id)
			}
		}
	}
	if n == 0 || n > 7 {
		t.Fatalf("%d stops for Cipanas (7 desa)", n)
	}
	resp := ts.do(t, "GET", "/api/v1/patrols/hotspots?level=hex&cell_m=500", tok, nil)
	var r struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	must(t, json.NewDecoder(resp.Body).Decode(&r))
	if resp.StatusCode != 200 || len(r.Features) == 0 {
		t.Fatalf("hex ranking: %d, %d cells", resp.StatusCode, len(r.Features))
	}
}

// gpxSchema is the GPX 1.1 subset schema of api/testdata (see its header:
// no Debian package ships the official gpx.xsd).
func gpxSchema(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs("testdata/gpx-1.1-subset.xsd")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPatrolPlanGPXValidates(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint not installed (Debian libxml2-utils; make test installs it)")
	}
	ts := newPatrolServer(t)
	tok := ts.DB.Token(t, "officer", "")
	body := `{"teams": 3, "hotspots": {"top": 12}, "start": {"lon": 107.04, "lat": -6.73, "name": "Pos <Cipanas> & Co"}}`
	cases := []struct {
		name  string
		resp  *http.Response
		words []string // what an officer reads in the navigation app
	}{
		{"format=gpx", ts.post(t, "/api/v1/patrols/plan?format=gpx", tok, body),
			[]string{"<name>Tim 1</name>", "<name>Rencana patroli ", "tamu asing", "menit setelah berangkat", "titik", "WIB", "Kec. "}},
		{"Accept", ts.post(t, "/api/v1/patrols/plan", tok, body, "Accept", "application/gpx+xml"),
			[]string{"<name>Tim 3</name>", "tamu asing"}},
		{"lang=en", ts.post(t, "/api/v1/patrols/plan?format=gpx&lang=en", tok, body),
			[]string{"<name>Team 1</name>", "<name>Patrol plan ", "foreign guests", "min after leaving", "WIB"}},
	}
	for _, c := range cases {
		name, resp := c.name, c.resp
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/gpx+xml" {
			t.Fatalf("%s: %d %s", name, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		b, err := io.ReadAll(resp.Body)
		must(t, err)
		f := filepath.Join(t.TempDir(), "plan.gpx")
		must(t, os.WriteFile(f, b, 0o644))
		out, err := exec.Command("xmllint", "--noout", "--schema", gpxSchema(t), f).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: xmllint: %v\n%s\n%s", name, err, out, b)
		}
		s := string(b)
		if strings.Count(s, "<rte>") != 3 || strings.Count(s, "<rtept ") != 12+3*2 || strings.Count(s, "<wpt ") != 13 {
			t.Errorf("%s: want 3 routes, 18 route points, 13 waypoints:\n%s", name, s)
		}
		if strings.Contains(s, "XP0") || strings.Contains(s, "Synthetic Person") {
			t.Errorf("%s: personal data in GPX", name)
		}
		for _, w := range c.words {
			if !strings.Contains(s, w) {
				t.Errorf("%s: GPX lacks %q", name, w)
			}
		}
		for _, w := range []string{"score", "skor", "stays present"} {
			if strings.Contains(s, w) {
				t.Errorf("%s: GPX says %q", name, w)
			}
		}
	}
	// The schema really checks: a longitude of 180 and a missing creator fail.
	for _, bad := range []string{
		`<gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1" creator="x"><wpt lat="0" lon="180"/></gpx>`,
		`<gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1"><wpt lat="0" lon="0"/></gpx>`,
		`<gpx xmlns="http://www.topografix.com/GPX/1/0" version="1.1" creator="x"/>`,
		`<gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1" creator="x"><rte><rtept lat="0" lon="0"/><name>late</name></rte></gpx>`,
	} {
		f := filepath.Join(t.TempDir(), "bad.gpx")
		must(t, os.WriteFile(f, []byte(bad), 0o644))
		if err := exec.Command("xmllint", "--noout", "--schema", gpxSchema(t), f).Run(); err == nil {
			t.Errorf("schema accepted %s", bad)
		}
	}
}

// sheetOf posts a plan for the HTML sheet and returns it.
func sheetOf(t *testing.T, ts *testServer, path, tok, body string) string {
	t.Helper()
	resp := ts.post(t, path, tok, body)
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("%s: %d %s\n%s", path, resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script") {
		t.Errorf("sheet CSP %q", csp)
	}
	return string(b)
}

func TestPatrolSheetHTML(t *testing.T) {
	ts := newPatrolServer(t)
	tok := ts.DB.Token(t, "analyst", "")
	const plan = `{"teams": 2, "hotspots": {"top": 6}, "start": "kanim-cianjur"}`
	resp := ts.post(t, "/api/v1/patrols/plan", tok, plan, "Accept", "text/html")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("Accept text/html: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// Indonesian by default: plain reasons, the date in words, WIB (the
	// test clock is 03:00 UTC = 10.00 WIB), A4 page rule, one route map per
	// team with its stops numbered and the start marked.
	s := sheetOf(t, ts, "/api/v1/patrols/plan?format=html", tok, plan)
	for _, want := range []string{`<html lang="id">`, "Rencana patroli — Sabtu, 20 Juni 2026", "Tim 1 — 3 titik", "Tim 2 — 3 titik",
		"Kantor Imigrasi Cianjur", "posisi perkiraan", "Mengapa didatangi", "tamu asing", "melewati izin tinggal",
		"20 Juni 2026, 10.00 WIB", "@page { size: A4 portrait", "Peta rute tim 1", "Peta rute tim 2", ">Berangkat</text>"} {
		if !strings.Contains(s, want) {
			t.Errorf("sheet lacks %q", want)
		}
	}
	if n := strings.Count(s, "<svg "); n != 2 {
		t.Errorf("%d route maps, want one per team (2)", n)
	}
	for team := 1; team <= 2; team++ {
		m := s[strings.Index(s, fmt.Sprintf(`data-team="%d">`, team)):]
		m = m[:strings.Index(m, "</svg>")]
		if strings.Count(m, `<g class="stop">`) != 3 || !strings.Contains(m, "<polyline") || strings.Count(m, "<path ") < 2 {
			t.Errorf("team %d map: want 3 numbered stops, the route and the desa around it:\n%.600s", team, m)
		}
	}
	for _, never := range []string{"UTC", "Score", "skor", "score", "stays present", "tetangga terdekat", "Team 1", "Synthetic Person", "XP0", "<script"} {
		if strings.Contains(s, never) {
			t.Errorf("sheet says %q", never)
		}
	}
	// English on request.
	en := sheetOf(t, ts, "/api/v1/patrols/plan?format=html&lang=en", tok, plan)
	for _, want := range []string{`<html lang="en">`, "Patrol plan — Saturday, 20 June 2026", "Team 1 — 3 stop(s)", "foreign guests", "20 June 2026, 10:00 WIB", "Route map of team 2"} {
		if !strings.Contains(en, want) {
			t.Errorf("English sheet lacks %q", want)
		}
	}
	if r := ts.post(t, "/api/v1/patrols/plan?format=html&lang=fr", tok, plan); r.StatusCode != 400 {
		t.Errorf("lang=fr: %d", r.StatusCode)
	}
	// With people: true, overstaying people are listed, and the read is audited.
	s = sheetOf(t, ts, "/api/v1/patrols/plan?format=html", tok, `{"teams": 2, "hotspots": {"top": 6}, "people": true}`)
	if !strings.Contains(s, "Synthetic Person") || !strings.Contains(s, "Melewati izin tinggal:") || !strings.Contains(s, "habis 10 Juni 2026") {
		t.Errorf("people were asked for but not listed")
	}
	var n int
	if err := ts.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'patrols.plan.people' AND role = 'analyst'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d audit rows for the personal-data plan", n)
	}
}

func TestPatrolPlanRejectsBadInput(t *testing.T) {
	ts := newPatrolServer(t)
	tok := ts.DB.Token(t, "analyst", "")
	bowtie := `{"type": "Polygon", "coordinates": [[[107.0, -6.7], [107.1, -6.8], [107.1, -6.7], [107.0, -6.8], [107.0, -6.7]]]}`
	cases := []struct {
		body, field string
		status      int
	}{
		{`{}`, "teams", 400},
		{`{"teams": 0}`, "teams", 400},
		{`{"teams": 51}`, "teams", 400},
		{`{"teams": "two"}`, "teams", 400},
		{`{"teams": 2, "teems": 3}`, "teems", 400},
		{`{"teams": 2, "start": "polsek-mars"}`, "start", 400},
		{`{"teams": 2, "start": {"lon": 200, "lat": -6.7}}`, "start", 400},
		{`{"teams": 2, "start": {"lat": -6.7}}`, "start", 400},
		{`{"teams": 2, "max_stops": 0}`, "max_stops", 400},
		{`{"teams": 2, "time_budget_minutes": -5}`, "time_budget_minutes", 400},
		{`{"teams": 2, "speed_kmh": 0.1}`, "speed_kmh", 400},
		{`{"teams": 2, "circuity": 0.5}`, "circuity", 400},
		{`{"teams": 2, "hotspots": {"level": "province"}}`, "hotspots.level", 400},
		{`{"teams": 2, "hotspots": {"level": "hex", "cell_m": 5}}`, "hotspots.cell_m", 400},
		{`{"teams": 2, "hotspots": {"top": 5000}}`, "hotspots.top", 400},
		{`{"teams": 2, "hotspots": {"within": {"type": "Point", "coordinates": [107, -6.7]}}}`, "hotspots.within", 400},
		{`{"teams": 2, "hotspots": {"within": {"type": "Polygon", "coordinates": [[[107, -6.7], [107.1, -6.7], [107, -6.7]]]}}}`, "hotspots.within", 400},
		{`{"teams": 2, "hotspots": {"within": ` + bowtie + `}}`, "hotspots.within", 422},
		{`{"teams": 2, "at": "yesterday"}`, "at", 400},
		{`{"teams": 2, "nationality": ["XY1"]}`, "nationality", 400},
		{`{"teams": 2, "weights": {"present": 0, "overstays": 0, "unregistered": 0, "open_alerts": 0, "change": 0}}`, "weights", 400},
		{`{"teams": 2, "weights": {"present": -1}}`, "weights.present", 400},
		{`{"teams": 2, "weights": {"bribes": 1}}`, "weights", 400},
		{`{"teams": 2, "format": "kml"}`, "format", 400},
	}
	for _, c := range cases {
		resp := ts.post(t, "/api/v1/patrols/plan", tok, c.body)
		if resp.StatusCode != c.status {
			b, err := io.ReadAll(resp.Body)
			must(t, err)
			t.Errorf("%s: status %d, want %d: %s", c.body, resp.StatusCode, c.status, b)
			continue
		}
		if p := decodeProblem(t, resp); p.Field != c.field {
			t.Errorf("%s: field %q, want %q (%s)", c.body, p.Field, c.field, p.Detail)
		}
	}
	for _, c := range []struct {
		path, token string
		status      int
	}{
		{"/api/v1/patrols/plan", "", 401},
		{"/api/v1/patrols/plan", ts.DB.Token(t, "viewer", ""), 403},
		{"/api/v1/patrols/plan?fromat=gpx", tok, 400},
	} {
		if resp := ts.post(t, c.path, c.token, `{"teams": 1}`); resp.StatusCode != c.status {
			t.Errorf("%s as %q: %d, want %d", c.path, c.token, resp.StatusCode, c.status)
		}
	}
	if resp := ts.post(t, "/api/v1/patrols/plan", tok, `{"teams": 1`); resp.StatusCode != 400 {
		t.Errorf("truncated JSON: %d", resp.StatusCode)
	}
	for _, q := range []string{"level=planet", "cell_m=1", "top=0", "weights=present:x", "weights=bribes:1", "status=overstay"} {
		if resp := ts.do(t, "GET", "/api/v1/patrols/hotspots?"+q, tok, nil); resp.StatusCode != 400 {
			t.Errorf("hotspots?%s: %d", q, resp.StatusCode)
		}
	}
	if resp := ts.do(t, "GET", "/api/v1/patrols/starts", ts.DB.Token(t, "viewer", ""), nil); resp.StatusCode != 403 {
		t.Errorf("viewer starts: %d", resp.StatusCode)
	}
}

// TestPatrolPeopleOnlyInsideTheOfficersArea is issue 14 finding 1: an
// officer of Pacet asking for people with 5 km hexagons (cells that reach
// into Cipanas) got the names of overstayers outside Pacet, and the audit
// row did not say whose data was read.
func TestPatrolPeopleOnlyInsideTheOfficersArea(t *testing.T) {
	ts := newPatrolServer(t)
	const pacet = "32.03.10"
	tok := ts.DB.Token(t, "officer", pacet)
	body := `{"teams": 2, "hotspots": {"level": "hex", "cell_m": 5000, "top": 20}, "people": true}`
	fc := decodePlan(t, ts.post(t, "/api/v1/patrols/plan", tok, body))
	var ids []int64
	for _, f := range fc.Features {
		people, _ := f.Properties["people"].([]any)
		for _, p := range people {
			ids = append(ids, int64(p.(map[string]any)["stay_id"].(float64)))
		}
	}
	if len(ids) == 0 {
		t.Fatal("no people listed for Pacet: the test would prove nothing")
	}
	var outside int
	if err := ts.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM stays WHERE id = ANY($1)
		AND NOT (desa_code LIKE $2 || '.%')`, ids, pacet).Scan(&outside); err != nil {
		t.Fatal(err)
	}
	if outside != 0 {
		t.Errorf("%d of %d people listed for an officer of Pacet stay outside Pacet", outside, len(ids))
	}
	var audited []int64
	if err := ts.DB.Pool.QueryRow(context.Background(), `SELECT array(SELECT jsonb_array_elements_text(params->'stay_ids')::bigint)
		FROM audit_log WHERE action = 'patrols.plan.people' AND role = 'officer'`).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(slices.Sorted(slices.Values(audited)), slices.Sorted(slices.Values(ids))) {
		t.Errorf("audit row names stays %v, the plan listed %v", audited, ids)
	}
}
