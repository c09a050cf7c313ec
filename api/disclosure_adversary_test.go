package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"pantau/api"
	"pantau/data"
	"pantau/data/dbtest"
	"pantau/demo"
	"pantau/importer"
	"pantau/tiles"
)

// TestDisclosureAdversary plays a hostile caller that sees aggregates only —
// a viewer, and an officer outside its area — against the disclosure rule
// of docs/density.md "Small counts". Over seeded synthetic stays (the project's
// generator) in the real desa of Cipanas and Pacet it fetches through the
// real HTTP server vector tiles (decoded as MVT) and JSON, combines them as
// an attacker would, and fails if any derived count lies in 1..k−1 or any
// derived position of such a small group lies within 100 m of one of its
// stays, or if a cluster is drawn anywhere but at its cell's fixed centre:
//
//   - parent − children across zooms z8–16 (hexagons and clusters);
//   - kecamatan − Σ its desa, in tiles and in JSON, and tile − JSON;
//   - windows one day apart (from/to and at);
//   - filter complements (all − SAU − every other nationality; all −
//     overstay − in_permit);
//   - sliver polygons (an edge moved 25 m at a time);
//   - every count shown is itself a derived count.
//
// The same attacks as an analyst (who sees exact figures) must find small
// counts, so the checks are known to bite.
func TestDisclosureAdversary(t *testing.T) {
	const k = 5
	ctx := context.Background()
	db := dbtest.New(t)
	db.LoadCianjur(t)
	var shapes []data.DesaShape
	all := db.DesaShapesOf(t)
	for _, d := range all {
		if strings.HasPrefix(d.Code, "32.03.28.") || strings.HasPrefix(d.Code, "32.03.10.") {
			shapes = append(shapes, d)
		}
	}
	staysCSV, accCSV := db.GenCSVWith(t, demo.GenOptions{Seed: 14, Stays: 3000, Accommodations: 150,
		Until: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), Days: 90, Desa: shapes})
	for _, f := range []struct {
		kind string
		body []byte
	}{{"accommodations", accCSV}, {"stays", staysCSV}} {
		if _, err := importer.File(ctx, db.DB, f.kind, "csv", bytes.NewReader(f.body), importer.Options{File: f.kind + ".csv"}); err != nil {
			t.Fatalf("import %s: %v", f.kind, err)
		}
	}
	h := api.New(api.Config{DB: db.DB, K: k, Logger: slog.New(slog.DiscardHandler),
		Now: func() time.Time { return time.Date(2026, 6, 20, 5, 0, 0, 0, time.UTC) }})
	ts := &testServer{Server: newHTTPServer(t, h), DB: db}

	// The busiest desa on the attack day is the focus; an officer is
	// scoped to a kecamatan that holds none of the stays.
	var focus orb.Point
	var elsewhere string
	if err := db.Pool.QueryRow(ctx, `SELECT ST_X(p), ST_Y(p) FROM (
		SELECT ST_Transform(ST_Centroid(ST_Collect(s.geom)), 3857) AS p
		FROM pantau_stays_matching('2026-06-20', '2026-06-20', '{}', '{}', '{}') s
		GROUP BY s.desa_code ORDER BY count(*) DESC LIMIT 1) x`).Scan(&focus[0], &focus[1]); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool.QueryRow(ctx, `SELECT code FROM areas WHERE level = 'kecamatan'
		AND code NOT IN ('32.03.28', '32.03.10') ORDER BY code LIMIT 1`).Scan(&elsewhere); err != nil {
		t.Fatal(err)
	}
	// Every nationality but SAU, the rarest first.
	// A quiet kecamatan next to the focus gets 12 stays in one desa and 3 in
	// another: shown kecamatan − shown desa is the hidden 3 unless the rule
	// holds.
	var quiet string
	if err := db.Pool.QueryRow(ctx, `SELECT code FROM areas WHERE level = 'kecamatan' AND code NOT IN ('32.03.28', '32.03.10', $1)
		ORDER BY ST_Distance(geom_3857, ST_SetSRID(ST_Point($2, $3), 3857)), code LIMIT 1`, elsewhere, focus[0], focus[1]).Scan(&quiet); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Admin(t).Exec(ctx, `
		INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, departure_date, geom, desa_code)
		SELECT 'Q' || d.code || '-' || k, 'Synthetic Quiet ' || k, 'QZ' || d.rn || k, 'MYS', 'voa', DATE '2026-07-10',
		       DATE '2026-06-18', DATE '2026-06-22', d.p, d.code
		FROM (SELECT code, ST_PointOnSurface(geom) AS p, row_number() OVER (ORDER BY code) AS rn
		      FROM areas WHERE parent_code = $1 ORDER BY code LIMIT 2) d,
		     generate_series(1, CASE WHEN d.rn = 1 THEN 12 ELSE 3 END) k`, quiet); err != nil {
		t.Fatal(err)
	}
	// A 500 m viewer-grid cell across Pacet's edge near the focus gets 3
	// stays inside Pacet and 3 outside it (60 m or more from the edge): an officer of Pacet
	// must not read the 3 outside off the cell.
	if tag, err := db.Admin(t).Exec(ctx, `
		WITH p AS (SELECT ST_Transform(geom, 32748) AS g, ST_Transform(ST_ClosestPoint(ST_Boundary(geom_3857), ST_SetSRID(ST_Point($1, $2), 3857)), 32748) AS e
		           FROM areas WHERE code = '32.03.10'),
		     kab AS (SELECT ST_Transform(geom, 32748) AS g FROM areas WHERE level = 'kabupaten'),
		     c AS (SELECT ST_Square(500, (floor(ST_X(p.e) / 500))::int + di, (floor(ST_Y(p.e) / 500))::int + dj, ST_SetSRID(ST_Point(0, 0), 32748)) AS sq
		           FROM p, generate_series(-2, 2) di, generate_series(-2, 2) dj),
		     parts AS (SELECT ST_Intersection(c.sq, ST_Buffer(p.g, -60)) AS in_part,
		                      ST_Intersection(c.sq, ST_Difference(ST_Buffer(kab.g, -60), ST_Buffer(p.g, 60))) AS out_part
		               FROM c, p, kab),
		     pick AS (SELECT * FROM parts WHERE ST_Area(in_part) > 5000 AND ST_Area(out_part) > 5000
		              ORDER BY least(ST_Area(in_part), ST_Area(out_part)) DESC LIMIT 1),
		     pts AS (SELECT ST_Transform((ST_Dump(ST_GeneratePoints(in_part, 3, 5))).geom, 4326) AS g FROM pick
		             UNION ALL SELECT ST_Transform((ST_Dump(ST_GeneratePoints(out_part, 3, 6))).geom, 4326) FROM pick)
		INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, departure_date, geom, desa_code)
		SELECT 'EDGE-' || row_number() OVER (), 'Synthetic Edge', 'ED' || row_number() OVER (), 'MYS', 'voa', DATE '2026-07-10',
		       DATE '2026-06-18', DATE '2026-06-22', g, pantau_desa_for(g)
		FROM pts`, focus[0], focus[1]); err != nil || tag.RowsAffected() != 6 {
		t.Fatalf("stays across Pacet's edge: %v %v", tag, err)
	}
	var others []string
	rows, err := db.Pool.Query(ctx, `SELECT nationality::text FROM stays WHERE nationality <> 'SAU' GROUP BY 1 ORDER BY count(*), 1`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		others = append(others, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}

	callers := []struct {
		name, token          string
		suppressed, polygons bool // polygons: may query polygons around the focus
	}{
		{"viewer", db.Token(t, "viewer", ""), true, true},
		// Outside its area an officer sees what a viewer sees, polygons too.
		{"officer of " + elsewhere, db.Token(t, "officer", elsewhere), true, true},
		{"analyst", db.Token(t, "analyst", ""), false, true},
	}
	// An officer of Pacet, where some stays are: what it sees of Cipanas
	// follows the rule, and units that mix both are its exact part plus a
	// multiple of k.
	pacet := &adversary{t: t, ts: ts, token: db.Token(t, "officer", "32.03.10"), k: k, focus: focus, inArea: true, individuals: true, found: map[string]int{}}
	pacet.scopedUnits(ctx, db, "32.03.10")
	t.Logf("officer of 32.03.10: %d units checked; findings %v", pacet.checked, pacet.found)
	for _, f := range pacet.first {
		t.Errorf("officer of 32.03.10: %s", f)
	}
	if pacet.checked < 200 {
		t.Errorf("officer of 32.03.10: only %d units checked", pacet.checked)
	}

	// An officer scoped to one desa of Pacet: Pacet itself holds its desa
	// and others, so it must show the desa exactly plus a multiple of k.
	var desaScope string
	if err := db.Pool.QueryRow(ctx, `SELECT code FROM pantau_area_figures('desa', '2026-06-20', '2026-06-20', '{}', '{}', '{}')
		WHERE starts_with(code, '32.03.10.') ORDER BY present DESC, code LIMIT 1`).Scan(&desaScope); err != nil {
		t.Fatal(err)
	}
	one := &adversary{t: t, ts: ts, token: db.Token(t, "officer", desaScope), k: k, focus: focus, inArea: true, individuals: true, found: map[string]int{}}
	one.desaScoped(ctx, db, desaScope)
	for _, f := range one.first {
		t.Errorf("officer of %s: %s", desaScope, f)
	}

	for _, c := range callers {
		a := &adversary{t: t, ts: ts, token: c.token, k: k, focus: focus, individuals: !strings.HasPrefix(c.name, "viewer"), found: map[string]int{}}
		a.zoomHierarchy(ctx, db)
		a.areasVersusParts(others)
		a.windows()
		a.complements(others)
		a.slivers(c.polygons)
		t.Logf("%s: %d derived counts checked; small ones found by attack: %v", c.name, a.checked, a.found)
		if a.checked < 1000 {
			t.Errorf("%s: only %d derived counts checked", c.name, a.checked)
		}
		if c.suppressed {
			for _, f := range a.first {
				t.Errorf("%s: %s", c.name, f)
			}
			continue
		}
		// Exact figures: the attacks must find small counts, or they test nothing.
		// (kecamatan − Σ desa is 0 on exact figures.)
		for _, attack := range []string{"shown", "hierarchy", "derived position", "window", "complement", "sliver"} {
			if a.found[attack] == 0 {
				t.Errorf("analyst: the %s attack found no count in 1..k−1; it proves nothing", attack)
			}
		}
	}
}

// adversary collects what one caller can see and derives counts from it.
type adversary struct {
	t           *testing.T
	ts          *testServer
	token       string
	k           int
	focus       orb.Point // EPSG:3857
	checked     int
	inArea      bool           // an officer whose area holds stays: features() leaves the checks to scopedUnits
	individuals bool           // the caller sees individual stays from z15 (cluster ids then carry a scope bit)
	found       map[string]int // attack → derived counts (or positions) in 1..k−1
	first       []string       // the first findings, described
}

// derived records a count the caller can compute; |n| in 1..k−1 is a finding.
func (a *adversary) derived(attack, where string, n float64) {
	a.checked++
	if m := math.Abs(n); m >= 0.5 && m < float64(a.k)-0.5 {
		a.finding(attack, fmt.Sprintf("%s: %s derives %v", attack, where, n))
	}
}

func (a *adversary) finding(attack, what string) {
	a.found[attack]++
	if len(a.first) < 20 {
		a.first = append(a.first, what)
	}
}

// feature is one decoded tile feature with its counts, where it is drawn
// (x, y in EPSG:3857: a point's own position, a hexagon's centre) and the
// centre of its cell from its id (cx, cy; hexagons and clusters), which
// names the unit it counts.
type feature struct {
	layer, kind string
	fid         uint64
	x, y        float64
	cx, cy      float64
	props       map[string]any
}

// atCentre reports whether f is drawn at its cell's centre (within the
// tile grid's rounding).
func (f feature) atCentre(z int) bool {
	px := tiles.TileWidth(z) / tiles.Extent
	return math.Abs(f.x-f.cx) <= 1.5*px && math.Abs(f.y-f.cy) <= 1.5*px
}

// count returns a count property (0 when absent: hidden counts are 0 to an
// attacker summing what is shown).
func (f feature) count(key string) float64 {
	v, _ := number(f.props[key])
	return v
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int64:
		return float64(n), true
	case uint64:
		return float64(n), true
	case int:
		return float64(n), true
	}
	return 0, false
}

// tile fetches layers at tl with query q and decodes them.
func (a *adversary) tile(layers string, tl maptile.Tile, q url.Values) []feature {
	a.t.Helper()
	u := fmt.Sprintf("/tiles/%s/%d/%d/%d.mvt?%s", layers, tl.Z, tl.X, tl.Y, q.Encode())
	resp := a.ts.do(a.t, "GET", u, a.token, nil)
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		a.t.Fatal(err)
	}
	if resp.StatusCode == http.StatusNoContent {
		return nil
	}
	if resp.StatusCode != 200 {
		a.t.Fatalf("GET %s: %d %s", u, resp.StatusCode, b)
	}
	ls, err := mvt.Unmarshal(b)
	if err != nil {
		if ls, err = mvt.UnmarshalGzipped(b); err != nil {
			a.t.Fatalf("GET %s: not a vector tile: %v", u, err)
		}
	}
	w := tiles.TileWidth(int(tl.Z))
	half := tiles.TileWidth(0) / 2
	minX, maxY := -half+float64(tl.X)*w, half-float64(tl.Y)*w
	var out []feature
	for _, l := range ls {
		for _, f := range l.Features {
			ft := feature{layer: l.Name, props: f.Properties}
			ft.kind, _ = f.Properties["kind"].(string)
			if id, ok := number(f.ID); ok {
				ft.fid = uint64(id)
			}
			if p, ok := f.Geometry.(orb.Point); ok {
				ft.x, ft.y = minX+p[0]/float64(l.Extent)*w, maxY-p[1]/float64(l.Extent)*w
			}
			switch {
			case l.Name == "stays" && ft.kind == "hex":
				ft.x, ft.y = hexCentre(tiles.HexSize(int(tl.Z)), ft.fid)
				ft.cx, ft.cy = ft.x, ft.y
			case l.Name == "stays" && ft.kind == "cluster":
				id := ft.fid
				if a.individuals && int(tl.Z) >= tiles.PointMinZoom {
					id >>= 1 // the low bit says whether the cluster is in the caller's area
				}
				c := tiles.ClusterCell(int(tl.Z))
				ft.cx, ft.cy = (float64(int64(id>>25)-1<<24)+0.5)*c, (float64(int64(id&(1<<25-1))-1<<24)+0.5)*c
			}
			out = append(out, ft)
		}
	}
	return out
}

// tilesAround lists the tiles of zoom z covering the box of half-width r
// metres around the focus.
func (a *adversary) tilesAround(z int, r float64) []maptile.Tile {
	w := tiles.TileWidth(z)
	half := tiles.TileWidth(0) / 2
	x0, x1 := int(math.Floor((a.focus[0]-r+half)/w)), int(math.Floor((a.focus[0]+r+half)/w))
	y0, y1 := int(math.Floor((half-a.focus[1]-r)/w)), int(math.Floor((half-a.focus[1]+r)/w))
	var out []maptile.Tile
	for x := x0; x <= x1; x++ {
		for y := y0; y <= y1; y++ {
			out = append(out, maptile.New(uint32(x), uint32(y), maptile.Zoom(z)))
		}
	}
	return out
}

// staysAt returns each stays feature (and area feature) of the tiles once,
// keyed by layer and feature id, and checks every shown count and where
// each cluster is drawn.
func (a *adversary) features(layers string, z int, r float64, q url.Values) map[string]feature {
	out := map[string]feature{}
	for _, tl := range a.tilesAround(z, r) {
		for _, f := range a.tile(layers, tl, q) {
			key := fmt.Sprintf("%s/%d", f.layer, f.fid)
			if f.layer != "stays" {
				key = f.layer + "/" + fmt.Sprint(f.props["code"])
			}
			if _, seen := out[key]; seen {
				continue
			}
			out[key] = f
			if a.inArea {
				continue
			}
			for _, p := range []string{"count", "present", "overstays"} {
				if v, ok := number(f.props[p]); ok && f.kind != "stay" {
					a.derived("shown", fmt.Sprintf("z%d %s %s %s", z, key, p, q.Encode()), v)
				}
			}
			if f.kind == "cluster" && !f.atCentre(z) {
				// A cluster's position must be its cell's centre: a point
				// that does not depend on who is in it.
				a.finding("cluster position", fmt.Sprintf("z%d cluster %s at (%.1f, %.1f), %.0f m from its cell's centre", z, key, f.x, f.y, math.Hypot(f.x-f.cx, f.y-f.cy)))
			}
		}
	}
	return out
}

// hexCentre is the EPSG:3857 centre of PostGIS hexagon (i, j) of
// circumradius size, from the stays layer's feature id.
func hexCentre(size float64, fid uint64) (float64, float64) {
	i := int64(fid>>25) - 1<<24
	j := int64(fid&(1<<25-1)) - 1<<24
	cr := j - (i-(i&1))/2
	return size * 1.5 * float64(i), size * math.Sqrt(3) * (float64(cr) + float64(i)/2)
}

// hexOf is the hexagon (i, j) of circumradius size holding point x, y —
// the binning of the stays layer.
func hexOf(size, x, y float64) (int64, int64) {
	aq := 2.0 / 3 * x / size
	ar := (-x/3 + math.Sqrt(3)/3*y) / size
	rq, rr, rs := math.RoundToEven(aq), math.RoundToEven(ar), math.RoundToEven(-aq-ar)
	dq, dr, ds := math.Abs(rq-aq), math.Abs(rr-ar), math.Abs(rs+aq+ar)
	cq, cr := rq, -rq-rs
	switch {
	case dq > ds && dq > dr:
		cq, cr = -rs-rr, rr
	case ds > dr:
		cr = rr
	}
	i := int64(cq)
	return i, int64(cr) + (i-(i&1))/2
}

// parentKey names the zoom-z unit (hexagon or cluster cell) holding x, y.
func parentKey(z int, x, y float64) string {
	if z <= tiles.HexMaxZoom {
		i, j := hexOf(tiles.HexSize(z), x, y)
		return fmt.Sprintf("h%d/%d/%d", z, i, j)
	}
	c := tiles.ClusterCell(z)
	return fmt.Sprintf("c%d/%.0f/%.0f", z, math.Floor(x/c), math.Floor(y/c))
}

// zoomHierarchy: each z8–15 hexagon or cluster minus the z+1 features
// inside it, for counts and overstays; a small difference's derived
// position (the weighted means) is checked against the stays.
func (a *adversary) zoomHierarchy(ctx context.Context, db *dbtest.DB) {
	q := url.Values{"at": {"2026-06-20"}}
	var stays []orb.Point
	rows, err := db.Pool.Query(ctx, `SELECT ST_X(geom_3857), ST_Y(geom_3857)
		FROM pantau_stays_matching('2026-06-20', '2026-06-20', '{}', '{}', '{}')`)
	if err != nil {
		a.t.Fatal(err)
	}
	for rows.Next() {
		var p orb.Point
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			a.t.Fatal(err)
		}
		stays = append(stays, p)
	}
	if err := rows.Err(); err != nil {
		a.t.Fatal(err)
	}
	byZoom := map[int]map[string]feature{}
	for z := 8; z <= 16; z++ {
		byZoom[z] = a.features("stays", z, 900, q)
	}
	for z := 8; z < 16; z++ {
		kids := map[string][]feature{}
		for _, f := range byZoom[z+1] {
			kids[parentKey(z, f.cx, f.cy)] = append(kids[parentKey(z, f.cx, f.cy)], f)
		}
		for key, p := range byZoom[z] {
			if p.kind == "stay" {
				continue
			}
			for _, prop := range []string{"count", "overstays"} {
				d := p.count(prop)
				px, py := d*p.x, d*p.y
				for _, c := range kids[parentKey(z, p.cx, p.cy)] {
					n := c.count(prop)
					d -= n
					px, py = px-n*c.x, py-n*c.y
				}
				a.derived("hierarchy", fmt.Sprintf("z%d %s − its z%d children, %s", z, key, z+1, prop), d)
				if prop == "count" && d >= 1 && d < float64(a.k) {
					x, y := px/d, py/d
					for _, s := range stays {
						if math.Hypot(s[0]-x, s[1]-y) < 100 {
							a.finding("derived position", fmt.Sprintf("z%d %s − children isolates %v stays at (%.0f, %.0f), %.0f m from a stay",
								z, key, d, x, y, math.Hypot(s[0]-x, s[1]-y)))
							break
						}
					}
				}
			}
		}
	}
}

// areaJSON fetches /api/v1/density/areas; hidden counts are 0.
func (a *adversary) areasJSON(q url.Values) map[string]map[string]float64 {
	a.t.Helper()
	resp := a.ts.do(a.t, "GET", "/api/v1/density/areas?"+q.Encode(), a.token, nil)
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, err := io.ReadAll(resp.Body)
		must(a.t, err)
		a.t.Fatalf("areas %s: %d %s", q.Encode(), resp.StatusCode, b)
	}
	var r struct {
		Areas []struct {
			Code       string   `json:"code"`
			ParentCode string   `json:"parent_code"`
			Present    *float64 `json:"present"`
			Overstays  *float64 `json:"overstays"`
		} `json:"areas"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		a.t.Fatal(err)
	}
	out := map[string]map[string]float64{}
	for _, x := range r.Areas {
		m := map[string]float64{}
		for p, v := range map[string]*float64{"present": x.Present, "overstays": x.Overstays} {
			if v != nil {
				m[p] = *v
				if !a.inArea {
					a.derived("shown", "JSON area "+x.Code+" "+p+" "+q.Encode(), *v)
				}
			}
		}
		out[x.Code] = m
	}
	return out
}

// areasVersusParts: kecamatan − Σ desa in tiles and in JSON, and the tile's
// figure − the JSON's for the same area, for all stays and for filters
// that leave few in a desa.
func (a *adversary) areasVersusParts(nationalities []string) {
	qs := []url.Values{{"at": {"2026-06-20"}}, {"at": {"2026-06-20"}, "status": {"overstay"}}}
	for _, n := range nationalities {
		qs = append(qs, url.Values{"at": {"2026-06-20"}, "nationality": {n}})
	}
	for _, q := range qs {
		a.areasVersusPartsFor(q)
	}
}

func (a *adversary) areasVersusPartsFor(q url.Values) {
	tile := a.features("kecamatan,desa", 10, 15000, q)
	kec := map[string]map[string]float64{}
	desa := map[string]map[string]float64{}
	for _, f := range tile {
		code := fmt.Sprint(f.props["code"])
		m := map[string]float64{"present": f.count("present"), "overstays": f.count("overstays")}
		if f.layer == "kecamatan" {
			kec[code] = m
		} else {
			desa[code] = m
		}
	}
	level := func(l string) url.Values {
		v := url.Values{"level": {l}}
		for k, x := range q {
			v[k] = x
		}
		return v
	}
	js := a.areasJSON(level("desa"))
	for code, m := range a.areasJSON(level("kecamatan")) {
		js[code] = m
	}
	for _, src := range []struct {
		name string
		kec  map[string]map[string]float64
		desa map[string]map[string]float64
	}{{"tile", kec, desa}, {"JSON", js, js}} {
		for code, k := range src.kec {
			if strings.Count(code, ".") != 2 {
				continue
			}
			for _, p := range []string{"present", "overstays"} {
				d := k[p]
				for dc, dm := range src.desa {
					if strings.HasPrefix(dc, code+".") {
						d -= dm[p]
					}
				}
				a.derived("kecamatan−desa", src.name+" kecamatan "+code+" − Σ desa, "+p+" "+q.Encode(), d)
			}
		}
	}
	for code, m := range js {
		t := kec[code]
		if t == nil {
			t = desa[code]
		}
		if t == nil {
			continue
		}
		for _, p := range []string{"present", "overstays"} {
			a.derived("tile−JSON", "area "+code+" "+p+" "+q.Encode(), t[p]-m[p])
		}
	}
}

// snapshot is every count one filter gives: stays features at z12 and
// z14 around the focus, desa and kecamatan in tiles, desa in JSON.
func (a *adversary) snapshot(q url.Values) map[string]float64 {
	out := map[string]float64{}
	for _, z := range []int{12, 14} {
		for key, f := range a.features("stays", z, 700, q) {
			if f.kind == "stay" {
				continue
			}
			out[fmt.Sprintf("z%d %s count", z, key)] = f.count("count")
			out[fmt.Sprintf("z%d %s overstays", z, key)] = f.count("overstays")
		}
	}
	for key, f := range a.features("kecamatan,desa", 10, 6000, q) {
		out["tile "+key+" present"] = f.count("present")
	}
	jq := url.Values{"level": {"desa"}}
	for k, v := range q {
		jq[k] = v
	}
	for code, m := range a.areasJSON(jq) {
		out["JSON "+code+" present"] = m["present"]
	}
	return out
}

// combine derives Σ sign·snapshot for every key of any snapshot.
func (a *adversary) combine(attack, what string, signs []float64, snaps ...map[string]float64) {
	keys := map[string]bool{}
	for _, s := range snaps {
		for k := range s {
			keys[k] = true
		}
	}
	for k := range keys {
		d := 0.0
		for i, s := range snaps {
			d += signs[i] * s[k]
		}
		a.derived(attack, what+": "+k, d)
	}
}

// windows: two from/to windows and two dates one day apart.
func (a *adversary) windows() {
	w1 := a.snapshot(url.Values{"from": {"2026-06-10"}, "to": {"2026-06-16"}})
	w2 := a.snapshot(url.Values{"from": {"2026-06-10"}, "to": {"2026-06-17"}})
	a.combine("window", "from 06-10 to 06-17 − to 06-16", []float64{1, -1}, w2, w1)
	d1 := a.snapshot(url.Values{"at": {"2026-06-16"}})
	d2 := a.snapshot(url.Values{"at": {"2026-06-17"}})
	a.combine("window", "at 06-17 − at 06-16", []float64{1, -1}, d2, d1)
}

// complements: a filter against its complement and the whole.
func (a *adversary) complements(others []string) {
	at := "2026-06-20"
	whole := a.snapshot(url.Values{"at": {at}})
	sau := a.snapshot(url.Values{"at": {at}, "nationality": {"SAU"}})
	rest := a.snapshot(url.Values{"at": {at}, "nationality": {strings.Join(others, ",")}})
	a.combine("complement", "all − SAU − other nationalities", []float64{1, -1, -1}, whole, sau, rest)
	a.combine("complement", "all − SAU", []float64{1, -1}, whole, sau)
	over := a.snapshot(url.Values{"at": {at}, "status": {"overstay"}})
	inPermit := a.snapshot(url.Values{"at": {at}, "status": {"in_permit"}})
	a.combine("complement", "all − overstay − in_permit", []float64{1, -1, -1}, whole, over, inPermit)
}

// slivers: a square polygon around the focus whose east edge moves 25 m at
// a time; each step's total, breakdown and desa figures minus the last.
// Roles that may not query polygons there must be refused.
func (a *adversary) slivers(allowed bool) {
	var prev map[string]float64
	for step := 0; step <= 24; step++ {
		body := a.rectangle(a.focus[0]-600, a.focus[1]-600, a.focus[0]+400+25*float64(step), a.focus[1]+600)
		resp := postPolygon(a.t, a.ts, "?at=2026-06-20", a.token, body)
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			a.t.Fatal(err)
		}
		if !allowed {
			if resp.StatusCode != http.StatusForbidden {
				a.t.Fatalf("polygon outside the caller's area: %d %s, want 403", resp.StatusCode, b)
			}
			continue
		}
		if resp.StatusCode != 200 {
			a.t.Fatalf("polygon: %d %s", resp.StatusCode, b)
		}
		var r struct {
			Total     map[string]any              `json:"total"`
			Breakdown map[string][]map[string]any `json:"breakdown"`
			Desa      []map[string]any            `json:"desa"`
		}
		if err := json.Unmarshal(b, &r); err != nil {
			a.t.Fatal(err)
		}
		cur := map[string]float64{}
		put := func(key string, v any) {
			n, ok := number(v)
			if ok {
				a.derived("shown", fmt.Sprintf("polygon step %d %s", step, key), n)
			}
			cur[key] = n
		}
		put("total present", r.Total["present"])
		put("total overstays", r.Total["overstays"])
		for dim, parts := range r.Breakdown {
			for _, p := range parts {
				put(dim+" "+fmt.Sprint(p["key"]), p["present"])
			}
		}
		for _, d := range r.Desa {
			put("desa "+fmt.Sprint(d["code"]), d["present"])
		}
		if prev != nil {
			a.combine("sliver", fmt.Sprintf("polygon step %d − step %d", step, step-1), []float64{1, -1}, cur, prev)
		}
		prev = cur
	}
}

// scopedUnits: for an officer whose area holds some of the stays, each
// hexagon and cluster (z8–16) less the stays of its area in it — which the
// officer may count exactly — is a multiple of k, and each cluster with any
// stay outside the area is drawn at its cell's centre; each desa and
// kecamatan outside the area shows a multiple of k.
func (a *adversary) scopedUnits(ctx context.Context, db *dbtest.DB, scope string) {
	q := url.Values{"at": {"2026-06-20"}}
	type stay struct {
		x, y   float64
		inArea bool
	}
	var stays []stay
	rows, err := db.Pool.Query(ctx, `SELECT ST_X(geom_3857), ST_Y(geom_3857), coalesce(starts_with(desa_code, $1 || '.'), false)
		FROM pantau_stays_matching('2026-06-20', '2026-06-20', '{}', '{}', '{}')`, scope)
	if err != nil {
		a.t.Fatal(err)
	}
	for rows.Next() {
		var s stay
		if err := rows.Scan(&s.x, &s.y, &s.inArea); err != nil {
			a.t.Fatal(err)
		}
		stays = append(stays, s)
	}
	if err := rows.Err(); err != nil {
		a.t.Fatal(err)
	}
	mixed := 0
	for z := 8; z <= 16; z++ {
		in, all := map[string]float64{}, map[string]float64{}
		for _, s := range stays {
			key := parentKey(z, s.x, s.y)
			all[key]++
			if s.inArea {
				in[key]++
			}
		}
		for fkey, f := range a.features("stays", z, 900, q) {
			if f.kind == "stay" {
				continue
			}
			key := parentKey(z, f.cx, f.cy)
			exact := in[key]
			if f.kind == "cluster" && z >= tiles.PointMinZoom {
				exact = 0 // the officer's own stays are points here, not in clusters
			}
			if exact > 0 && exact < all[key] {
				mixed++
			}
			a.checked++
			if d := f.count("count") - exact; math.Mod(d, float64(a.k)) != 0 {
				a.finding("unit", fmt.Sprintf("z%d %s: count %v less %v of the officer's area = %v, not a multiple of %d",
					z, fkey, f.count("count"), exact, d, a.k))
			}
			if f.kind == "cluster" && all[key] > in[key] && !f.atCentre(z) {
				a.finding("cluster position", fmt.Sprintf("z%d cluster %s with stays outside the area drawn %.0f m from its cell's centre", z, fkey, math.Hypot(f.x-f.cx, f.y-f.cy)))
			}
		}
	}
	if mixed == 0 {
		a.t.Errorf("no hexagon or cluster mixes the officer's area with others; the check proves nothing")
	}
	a.scopedCells(ctx, db, scope)
	for key, f := range a.features("kecamatan,desa", 10, 15000, q) {
		code := fmt.Sprint(f.props["code"])
		if code == scope || strings.HasPrefix(code, scope+".") {
			continue
		}
		for _, p := range []string{"present", "overstays"} {
			a.checked++
			if v := f.count(p); math.Mod(v, float64(a.k)) != 0 {
				a.finding("area", fmt.Sprintf("%s outside the area: %s = %v", key, p, v))
			}
		}
	}
}

// scopedCells: the JSON grid over the officer's area and its neighbours,
// and polygons across its edge (answered from the fixed cells): each cell,
// and each polygon's total, less the officer's own stays in it is a
// multiple of k.
func (a *adversary) scopedCells(ctx context.Context, db *dbtest.DB, scope string) {
	const cell = 500 // geo.ViewerGrid
	in, all := map[[2]int]float64{}, map[[2]int]float64{}
	rows, err := db.Pool.Query(ctx, `SELECT floor(utm_x / $2)::int, floor(utm_y / $2)::int,
		count(*) FILTER (WHERE pantau_in_scope(desa_code, $1)), count(*)
		FROM pantau_stays_matching('2026-06-20', '2026-06-20', '{}', '{}', '{}') GROUP BY 1, 2`, scope, cell)
	if err != nil {
		a.t.Fatal(err)
	}
	for rows.Next() {
		var i, j int
		var n, m float64
		if err := rows.Scan(&i, &j, &n, &m); err != nil {
			a.t.Fatal(err)
		}
		in[[2]int{i, j}], all[[2]int{i, j}] = n, m
	}
	if err := rows.Err(); err != nil {
		a.t.Fatal(err)
	}
	var bbox string
	var edge orb.Point // a point of the area's edge nearest the focus, EPSG:3857
	if err := db.Pool.QueryRow(ctx, `SELECT concat_ws(',', ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)), ST_X(p), ST_Y(p)
		FROM (SELECT ST_Extent(geom) AS e FROM areas WHERE code IN ('32.03.10', '32.03.28')) x,
		     (SELECT ST_ClosestPoint(ST_Boundary(geom_3857), ST_SetSRID(ST_Point($2, $3), 3857)) AS p FROM areas WHERE code = $1) y`,
		scope, a.focus[0], a.focus[1]).Scan(&bbox, &edge[0], &edge[1]); err != nil {
		a.t.Fatal(err)
	}
	var grid struct {
		Features []struct {
			Properties struct {
				I       int      `json:"i"`
				J       int      `json:"j"`
				Present *float64 `json:"present"`
			} `json:"properties"`
		} `json:"features"`
	}
	getJSON(a.t, a.ts, "/api/v1/density/grid?at=2026-06-20&bbox="+bbox, a.token, &grid)
	mixed := 0
	for _, f := range grid.Features {
		p := f.Properties
		own := in[[2]int{p.I, p.J}]
		if own > 0 && own < all[[2]int{p.I, p.J}] {
			mixed++
		}
		if p.Present == nil {
			continue // hidden: fewer than k in all, the officer's own included
		}
		a.checked++
		if d := *p.Present - own; math.Mod(d, float64(a.k)) != 0 {
			a.finding("grid cell", fmt.Sprintf("grid cell %d,%d: present %v less %v of the officer's area = %v, not a multiple of %d", p.I, p.J, *p.Present, own, d, a.k))
		}
	}
	if mixed == 0 {
		a.t.Errorf("no grid cell mixes the officer's area with others; the check proves nothing")
	}
	for _, r := range []float64{600, 1100, 1700} {
		body := a.rectangle(edge[0]-r, edge[1]-r, edge[0]+r, edge[1]+r)
		resp := postPolygon(a.t, a.ts, "?at=2026-06-20", a.token, body)
		var out struct {
			Total struct {
				Present *float64 `json:"present"`
			} `json:"total"`
			Suppression struct {
				Applied bool `json:"applied"`
			} `json:"suppression"`
		}
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || out.Total.Present == nil {
			a.t.Fatalf("polygon across the officer's edge: %d %v %+v", resp.StatusCode, err, out)
		}
		var own float64
		if err = db.Pool.QueryRow(ctx, `SELECT count(*) FROM pantau_stays_matching('2026-06-20', '2026-06-20', '{}', '{}', '{}') s
			WHERE pantau_in_scope(s.desa_code, $1) AND ST_Covers(ST_GeomFromGeoJSON($2), ST_Transform(ST_SetSRID(ST_Point(
			  (floor(s.utm_x / $3) + 0.5) * $3, (floor(s.utm_y / $3) + 0.5) * $3), 32748), 4326))`, scope, string(body), cell).Scan(&own); err != nil {
			a.t.Fatal(err)
		}
		a.checked++
		if !out.Suppression.Applied {
			a.finding("polygon", fmt.Sprintf("polygon of ±%.0f m across the edge: exact figures", r))
		} else if d := *out.Total.Present - own; math.Mod(d, float64(a.k)) != 0 {
			a.finding("polygon", fmt.Sprintf("polygon of ±%.0f m across the edge: total %v less %v of the officer's area = %v, not a multiple of %d", r, *out.Total.Present, own, d, a.k))
		}
	}
}

// rectangle is a GeoJSON Polygon of the EPSG:3857 box x0, y0 – x1, y1.
func (a *adversary) rectangle(x0, y0, x1, y1 float64) []byte {
	half := tiles.TileWidth(0) / 2
	lonLat := func(x, y float64) [2]float64 {
		return [2]float64{x / half * 180, math.Atan(math.Sinh(y/half*math.Pi)) * 180 / math.Pi}
	}
	ring := [][2]float64{lonLat(x0, y0), lonLat(x1, y0), lonLat(x1, y1), lonLat(x0, y1), lonLat(x0, y0)}
	body, err := json.Marshal(map[string]any{"type": "Polygon", "coordinates": [][][2]float64{ring}})
	if err != nil {
		a.t.Fatal(err)
	}
	return body
}

// desaScoped: for an officer scoped to one desa, each kecamatan (tile and
// JSON) less that desa's exact figures, where it holds it, is a multiple
// of k.
func (a *adversary) desaScoped(ctx context.Context, db *dbtest.DB, desa string) {
	var own [2]float64 // present, overstays of the desa
	if err := db.Pool.QueryRow(ctx, `SELECT present, overstays FROM pantau_area_figures('desa', '2026-06-20', '2026-06-20', '{}', '{}', '{}')
		WHERE code = $1`, desa).Scan(&own[0], &own[1]); err != nil {
		a.t.Fatal(err)
	}
	if own[0] == 0 {
		a.t.Fatalf("desa %s has no stays; the check proves nothing", desa)
	}
	check := func(where, code string, present, overstays float64) {
		for i, v := range []float64{present, overstays} {
			if strings.HasPrefix(desa, code+".") {
				v -= own[i]
			}
			a.checked++
			if math.Mod(v, float64(a.k)) != 0 {
				a.finding("desa scope", fmt.Sprintf("%s kecamatan %s: %s less the officer's own desa = %v, not a multiple of %d",
					where, code, []string{"present", "overstays"}[i], v, a.k))
			}
		}
	}
	q := url.Values{"at": {"2026-06-20"}}
	for _, f := range a.features("kecamatan", 10, 15000, q) {
		check("tile", fmt.Sprint(f.props["code"]), f.count("present"), f.count("overstays"))
	}
	for code, m := range a.areasJSON(url.Values{"level": {"kecamatan"}, "at": {"2026-06-20"}}) {
		check("JSON", code, m["present"], m["overstays"])
	}
	if a.checked < 10 {
		a.t.Errorf("only %d kecamatan figures checked", a.checked)
	}
}
