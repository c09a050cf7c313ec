package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"pantau/api"
	"pantau/geo"
)

// The privacy property: over random data, dates, filters and polygons, no
// response a `viewer` gets — JSON, GeoJSON or vector tile — carries a
// personal field (by name or by value), and every count of people in it is
// a multiple of k (the disclosure rule of docs/density.md "Small counts": so none is
// from 1 to k−1, and no sum or difference of them is either).
// Every GET route the matrix opens to viewers is exercised (so new viewer
// routes are covered as they land), every tile layer, and every viewer POST
// route whose path mentions "polygon" gets random polygons.

// personalKeys are property names that must never reach a viewer.
var personalKeys = []string{"full_name", "passport_no", "birth_date", "owner_name", "name_full", "passport"}

// countKeys are property names that hold numbers of people; a viewer never
// sees one from 1 to k−1.
var countKeys = []string{"count", "present", "overstays", "overstay", "stays", "in_permit", "people", "residents", "n"}

// privacyBox is the synthetic geography: kabupaten 32.03 over it, two
// kecamatan (west/east) of two desa (north/south) each.
var privacyBox = orb.Bound{Min: orb.Point{107.00, -6.78}, Max: orb.Point{107.08, -6.70}}

func loadPrivacyFixture(t *testing.T, ts *testServer, rng *rand.Rand) (secrets []string) {
	t.Helper()
	ctx := context.Background()
	conn := ts.DB.Admin(t)
	env := func(x0, y0, x1, y1 float64) string {
		return fmt.Sprintf("ST_Multi(ST_MakeEnvelope(%f, %f, %f, %f, 4326))", x0, y0, x1, y1)
	}
	b := privacyBox
	mx, my := (b.Min[0]+b.Max[0])/2, (b.Min[1]+b.Max[1])/2
	stmts := []string{
		`INSERT INTO areas (code, level, name, geom, source) VALUES ('32.03', 'kabupaten', 'Synthetic Kabupaten', ` + env(b.Min[0], b.Min[1], b.Max[0], b.Max[1]) + `, 'test')`,
		`INSERT INTO areas (code, level, parent_code, name, geom, source) VALUES
			('32.03.29', 'kecamatan', '32.03', 'West', ` + env(b.Min[0], b.Min[1], mx, b.Max[1]) + `, 'test'),
			('32.03.30', 'kecamatan', '32.03', 'East', ` + env(mx, b.Min[1], b.Max[0], b.Max[1]) + `, 'test')`,
		`INSERT INTO areas (code, level, parent_code, name, kind, geom, source) VALUES
			('32.03.29.2001', 'desa', '32.03.29', 'West North', 'Desa', ` + env(b.Min[0], my, mx, b.Max[1]) + `, 'test'),
			('32.03.29.2002', 'desa', '32.03.29', 'West South', 'Desa', ` + env(b.Min[0], b.Min[1], mx, my) + `, 'test'),
			('32.03.30.2001', 'desa', '32.03.30', 'East North', 'Desa', ` + env(mx, my, b.Max[0], b.Max[1]) + `, 'test'),
			('32.03.30.2002', 'desa', '32.03.30', 'East South', 'Desa', ` + env(mx, b.Min[1], b.Max[0], my) + `, 'test')`,
	}
	for _, s := range stmts {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("fixture: %v", err)
		}
	}
	nats := []string{"AUS", "NLD", "SAU", "ARE", "CHN", "USA"}
	n := 0
	// Groups of 1..8 stays at one spot, so small counts are everywhere.
	for g := range 60 {
		lon := b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0])
		lat := b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])
		var accID int64
		owner := fmt.Sprintf("Synthetic Owner Q%03d", g)
		secrets = append(secrets, owner)
		err := conn.QueryRow(ctx, `INSERT INTO accommodations (source_id, name, kind, owner_name, geom, desa_code)
			VALUES ($1, $2, 'villa', $3, ST_SetSRID(ST_Point($4, $5), 4326), pantau_desa_for(ST_SetSRID(ST_Point($4, $5), 4326))) RETURNING id`,
			fmt.Sprintf("acc-%d", g), fmt.Sprintf("Villa %d", g), owner, lon, lat).Scan(&accID)
		if err != nil {
			t.Fatal(err)
		}
		for range 1 + rng.IntN(8) {
			n++
			name := fmt.Sprintf("Synthetic Zq%05d Person", n)
			passport := fmt.Sprintf("ZQ%07d", n)
			birth := fmt.Sprintf("19%02d-0%d-1%d", 40+rng.IntN(20), 1+rng.IntN(9), rng.IntN(10))
			secrets = append(secrets, name, passport, birth)
			arr := 1 + rng.IntN(330)
			var dep any // open stay
			if rng.IntN(3) > 0 {
				dep = arr + rng.IntN(60)
			}
			exp := arr + rng.IntN(90) - 20
			_, err := conn.Exec(ctx, `INSERT INTO stays (source_id, full_name, passport_no, nationality, sex, birth_date, permit_type,
				permit_expiry, arrival_date, departure_date, accommodation_id, geom, desa_code)
				VALUES ($1, $2, $3, $4, 'M', $5::date, $6, '2026-01-01'::date + $7::int, '2026-01-01'::date + $8::int,
				        '2026-01-01'::date + $9::int, $10, ST_SetSRID(ST_Point($11, $12), 4326), pantau_desa_for(ST_SetSRID(ST_Point($11, $12), 4326)))`,
				fmt.Sprintf("st-%d", n), name, passport, nats[rng.IntN(len(nats))], birth,
				geo.PermitTypes[rng.IntN(len(geo.PermitTypes))], exp, arr, dep, accID, lon+rng.NormFloat64()*1e-4, lat+rng.NormFloat64()*1e-4)
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return secrets
}

// randomFilter returns random filter query parameters.
func randomFilter(rng *rand.Rand) url.Values {
	q := url.Values{}
	day := func() string { return fmt.Sprintf("2026-%02d-%02d", 1+rng.IntN(12), 1+rng.IntN(28)) }
	switch rng.IntN(3) {
	case 0:
		q.Set("at", day())
	case 1:
		a, b := day(), day()
		if b < a {
			a, b = b, a
		}
		q.Set("from", a)
		q.Set("to", b)
	}
	if rng.IntN(2) == 0 {
		q.Set("nationality", []string{"AUS", "NLD,SAU", "CHN,USA,ARE"}[rng.IntN(3)])
	}
	if rng.IntN(3) == 0 {
		q.Set("permit", geo.PermitTypes[rng.IntN(len(geo.PermitTypes))])
	}
	if rng.IntN(3) == 0 {
		q.Set("status", []string{"present", "overstay", "in_permit", "overstay,in_permit"}[rng.IntN(4)])
	}
	return q
}

// randomPolygon returns a random simple polygon (a star-shaped ring)
// around a point of the box, as GeoJSON geometry.
func randomPolygon(rng *rand.Rand) map[string]any {
	b := privacyBox
	cx := b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0])
	cy := b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])
	n := 3 + rng.IntN(9)
	r := 0.002 + rng.Float64()*0.05
	var ring [][2]float64
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		rr := r * (0.4 + 0.6*rng.Float64())
		ring = append(ring, [2]float64{cx + rr*math.Cos(a), cy + rr*math.Sin(a)})
	}
	ring = append(ring, ring[0])
	return map[string]any{"type": "Polygon", "coordinates": [][][2]float64{ring}}
}

// privacyChecker inspects viewer responses.
type privacyChecker struct {
	t       *testing.T
	k       int
	secrets []string
	checked int
	status  map[string]map[int]int // route → status → responses
}

func (c *privacyChecker) body(where string, b []byte) {
	c.t.Helper()
	c.checked++
	s := string(b)
	for _, sec := range c.secrets {
		if strings.Contains(s, sec) {
			c.t.Fatalf("%s: response carries personal value %q", where, sec)
		}
	}
}

// value walks decoded JSON or tile properties. Counts under a key naming
// accommodations count places, not people, and are exempt (as in the
// tiles' and density's rules).
func (c *privacyChecker) value(where, key string, v any) {
	c.walk(where, key, v, false)
}

func (c *privacyChecker) walk(where, key string, v any, places bool) {
	c.t.Helper()
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if slices.Contains(personalKeys, strings.ToLower(k)) {
				c.t.Fatalf("%s: personal field %q", where, k)
			}
			c.walk(where, k, x, places || strings.Contains(strings.ToLower(k), "accommodation"))
		}
		// A density times an area gives the count back.
		perKm2, ok1 := v["per_km2"].(float64)
		km2, ok2 := v["area_km2"].(float64)
		if ok1 && ok2 && !places {
			n := perKm2 * km2
			if r := math.Round(n); math.Abs(n-r) > 0.01*math.Max(1, n) || int64(r)%int64(c.k) != 0 {
				c.t.Fatalf("%s: per_km2 %v × area_km2 %v gives a count of %.2f, not a multiple of k = %d", where, perKm2, km2, n, c.k)
			}
		}
	case []any:
		for _, x := range v {
			c.walk(where, key, x, places)
		}
	default:
		if places || !slices.Contains(countKeys, strings.ToLower(key)) {
			return
		}
		var f float64
		switch n := v.(type) {
		case float64:
			f = n
		case int64:
			f = float64(n)
		case uint64:
			f = float64(n)
		case int:
			f = float64(n)
		default:
			return
		}
		if f != math.Trunc(f) || int64(f)%int64(c.k) != 0 {
			c.t.Fatalf("%s: %s = %v, not a multiple of k = %d (so differences could isolate 1..k−1)", where, key, f, c.k)
		}
	}
}

func (c *privacyChecker) response(route, where string, resp *http.Response) {
	c.t.Helper()
	if c.status[route] == nil {
		c.status[route] = map[int]int{}
	}
	c.status[route][resp.StatusCode]++
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		c.t.Fatal(err)
	}
	if resp.StatusCode == 500 {
		c.t.Fatalf("%s: status %d: %s", where, resp.StatusCode, b)
	}
	c.body(where, b)
	if len(b) == 0 {
		return
	}
	ct := resp.Header.Get("Content-Type")
	switch {
	case strings.Contains(ct, "json"):
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			c.t.Fatalf("%s: %v", where, err)
		}
		c.value(where, "", v)
	case strings.Contains(ct, "mapbox-vector-tile") || strings.HasSuffix(where, ".mvt"):
		layers, err := mvt.Unmarshal(b)
		if err != nil {
			if layers, err = mvt.UnmarshalGzipped(b); err != nil {
				c.t.Fatalf("%s: not a vector tile: %v", where, err)
			}
		}
		for _, l := range layers {
			for _, f := range l.Features {
				c.value(where+" layer "+l.Name, "", map[string]any(f.Properties))
			}
		}
	}
}

func TestViewerNeverSeesPersonalDataOrSmallCounts(t *testing.T) {
	const k = 5
	rng := rand.New(rand.NewPCG(7, 2026))
	ts := newTestServerWith(t, func(c *api.Config) { c.K = k })
	secrets := loadPrivacyFixture(t, ts, rng)
	viewer := ts.DB.Token(t, "viewer", "")
	check := &privacyChecker{t: t, k: k, secrets: secrets, status: map[string]map[int]int{}}

	// Viewer GET and polygon routes, from the router and the matrix.
	allowed := map[string]bool{}
	for _, rule := range authzMatrix {
		if slices.Contains(rule.roles, geo.RoleViewer) {
			allowed[rule.route] = true
		}
	}
	var gets, polys []string
	chi.Walk(api.New(api.Config{DB: ts.DB.DB}).Router(), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		switch {
		case !allowed[method+" "+route] && !allowed["* "+route]:
		case strings.Contains(route, "{z}"), strings.HasPrefix(route, "/metrics"), strings.HasSuffix(route, "/stream"):
			// tiles below; metrics are operational; streams are not for viewers
		case method == "GET":
			gets = append(gets, route)
		case method == "POST" && strings.Contains(route, "polygon"):
			polys = append(polys, route)
		}
		return nil
	})
	slices.Sort(gets)
	t.Logf("viewer GET routes: %v; polygon routes: %v", gets, polys)

	for round := range 25 {
		f := randomFilter(rng)
		for _, route := range gets {
			path := samplePath(route)
			extra := url.Values{}
			switch {
			case strings.HasPrefix(route, "/api/v1/areas/"):
				path = "/api/v1/areas/" + []string{"32.03", "32.03.29", "32.03.30.2002"}[rng.IntN(3)]
			case route == "/api/v1/density/grid":
				// A random box over the fixture, random shape and cell.
				x0, y0 := privacyBox.Min[0]+rng.Float64()*0.04, privacyBox.Min[1]+rng.Float64()*0.04
				extra.Set("bbox", fmt.Sprintf("%f,%f,%f,%f", x0, y0, x0+0.01+rng.Float64()*0.04, y0+0.01+rng.Float64()*0.04))
				extra.Set("shape", []string{"hex", "square"}[rng.IntN(2)])
				extra.Set("cell", fmt.Sprint([]int{100, 250, 500, 1000}[rng.IntN(4)]))
			}
			fq := url.Values{}
			for k, v := range f {
				fq[k] = v
			}
			if strings.HasPrefix(route, "/ogc") {
				// OGC API – Features: its own parameters, real collections.
				col := []string{"desa", "kecamatan", "desa_density"}[rng.IntN(3)]
				fid := map[string]string{"desa": "32.03.29.2001", "kecamatan": "32.03.30", "desa_density": "32.03.30.2002"}[col]
				path = strings.ReplaceAll(strings.ReplaceAll(route, "{id}", col), "{fid}", fid)
				fq = url.Values{}
				if v := f.Get("at"); v != "" {
					fq.Set("datetime", v)
				} else if f.Get("from") != "" {
					fq.Set("datetime", f.Get("from")+"/"+f.Get("to"))
				}
				if strings.HasSuffix(route, "/items") {
					x0, y0 := privacyBox.Min[0]+rng.Float64()*0.04, privacyBox.Min[1]+rng.Float64()*0.04
					fq.Set("bbox", fmt.Sprintf("%f,%f,%f,%f", x0, y0, x0+0.04, y0+0.04))
				}
			}
			for k, v := range extra {
				fq[k] = v
			}
			for _, q := range []string{extra.Encode(), fq.Encode()} {
				u := path
				if q != "" {
					u += "?" + q
				}
				check.response(route, fmt.Sprintf("round %d GET %s", round, u), ts.do(t, "GET", u, viewer, nil))
			}
		}
		for _, route := range polys {
			body, err := json.Marshal(map[string]any{"type": "Feature", "properties": map[string]any{}, "geometry": randomPolygon(rng)})
			must(t, err)
			u := route + "?" + f.Encode()
			check.response(route, fmt.Sprintf("round %d POST %s %s", round, u, body), ts.do(t, "POST", u, viewer, strings.NewReader(string(body))))
			// Also the bare geometry as the body.
			body, err = json.Marshal(randomPolygon(rng))
			must(t, err)
			check.response(route, fmt.Sprintf("round %d POST %s %s", round, u, body), ts.do(t, "POST", u, viewer, strings.NewReader(string(body))))
		}
		// Tiles: every layer alone and all together, at a random zoom over the box.
		z := maptile.Zoom(8 + rng.IntN(10))
		p := orb.Point{privacyBox.Min[0] + rng.Float64()*0.08, privacyBox.Min[1] + rng.Float64()*0.08}
		tile := maptile.At(p, z)
		for _, layers := range []string{"stays", "desa", "kecamatan", "accommodations", "geofences", "kecamatan,desa,stays"} {
			u := fmt.Sprintf("/tiles/%s/%d/%d/%d.mvt?%s", layers, tile.Z, tile.X, tile.Y, f.Encode())
			if !allowed["GET /tiles/{layers}/{z}/{x}/{y}.mvt"] {
				break
			}
			check.response("tiles "+layers, u, ts.do(t, "GET", u, viewer, nil))
		}
	}
	if check.checked < 100 {
		t.Fatalf("only %d responses checked", check.checked)
	}
	t.Logf("%d viewer responses checked; statuses by route: %v", check.checked, check.status)
	// The polygon routes must really answer (a body format change would
	// otherwise turn this into a test of 400s).
	for _, route := range polys {
		ok := 0
		for st, n := range check.status[route] {
			if st == 200 {
				ok += n
			}
		}
		if ok == 0 {
			t.Errorf("POST %s never answered 200: %v", route, check.status[route])
		}
	}
}
