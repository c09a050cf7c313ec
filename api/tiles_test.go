package api_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"pantau/api"
	"pantau/api/httpx"
	"pantau/data/dbtest"
	"pantau/tiles"
)

// servedTiles runs a real server (with its workers, so the invalidation
// listener) on loopback over Cianjur with stays made in SQL.
func servedTiles(t *testing.T, opts tiles.Options) (string, *dbtest.DB) {
	t.Helper()
	db := dbtest.New(t)
	db.LoadCianjur(t)
	_, err := db.Admin(t).Exec(context.Background(), `
		WITH pts AS (SELECT (ST_Dump(ST_GeneratePoints(ST_MakeEnvelope(107.0, -6.80, 107.1, -6.70, 4326), 2000, 42))).geom AS g),
		     n AS (SELECT g, row_number() OVER () AS i FROM pts)
		INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, departure_date, geom, desa_code)
		SELECT 'S' || i, 'Synthetic Person', 'P' || i, (ARRAY['SAU','CHN'])[1 + i % 2], 'voa', DATE '2026-06-25',
		       DATE '2026-06-01', NULL, g, pantau_desa_for(g) FROM n`)
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 6, 20, 5, 0, 0, 0, time.UTC) }
	srv := api.New(api.Config{DB: db.DB, Now: now, Tiles: opts})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { srv.Serve(ctx, ln); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return "http://" + ln.Addr().String(), db
}

type tileResp struct {
	status int
	h      http.Header
	body   []byte
}

func getTile(t *testing.T, base, path, token string, hdr ...string) tileResp {
	t.Helper()
	req, err := http.NewRequest("GET", base+path, nil)
	must(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	// A transport without transparent gzip, so the test sees the encoding.
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	must(t, err)
	return tileResp{resp.StatusCode, resp.Header, b}
}

func tilePath(layers string, tl maptile.Tile) string {
	return "/tiles/" + layers + "/" + itoa(int(tl.Z)) + "/" + itoa(int(tl.X)) + "/" + itoa(int(tl.Y)) + ".mvt"
}

func itoa(i int) string { return strings.TrimSpace(strings.Replace(string(mustJSON(i)), "\n", "", -1)) }

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }

func TestTilesHTTP(t *testing.T) {
	base, db := servedTiles(t, tiles.Options{})
	viewer, analyst := db.Token(t, "viewer", ""), db.Token(t, "analyst", "")
	tl := maptile.At(orb.Point{107.05, -6.75}, 12)
	cases := []struct {
		path, token string
		status      int
		field       string
	}{
		{tilePath("stays", tl), "", 401, ""},
		{tilePath("stays", tl), viewer, 200, ""},
		{tilePath("desa,stays", tl), viewer, 200, ""},
		{tilePath("accommodations", tl), viewer, 403, "layers"},
		{tilePath("villas", tl), viewer, 404, "layers"},
		{tilePath("stays,stays", tl), viewer, 400, "layers"},
		{"/tiles/stays/23/0/0.mvt", viewer, 400, "z"},
		{"/tiles/stays/2/4/0.mvt", viewer, 400, "x"},
		{"/tiles/stays/2/0/-1.mvt", viewer, 400, "y"},
		{tilePath("stays", tl) + "?nationalty=CHN", viewer, 400, "nationalty"},
		{tilePath("stays", tl) + "?at=2026-13-01", viewer, 400, "at"},
		{tilePath("stays", tl) + "?nationality=CHN&status=overstay", analyst, 204, ""},
		{"/tiles/stays/3/0/0.mvt", analyst, 204, ""}, // the Atlantic
		{"/tiles/desa,stays.json", viewer, 200, ""},
		{"/tiles/accommodations.json", viewer, 403, "layers"},
	}
	for _, c := range cases {
		r := getTile(t, base, c.path, c.token)
		if r.status != c.status {
			t.Errorf("%s: %d, want %d: %s", c.path, r.status, c.status, r.body)
			continue
		}
		if c.field != "" {
			var p httpx.Problem
			must(t, json.Unmarshal(r.body, &p))
			if p.Field != c.field || r.h.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s: problem %+v", c.path, p)
			}
		}
	}

	// gzip when accepted, ETag and 304, Cache-Control.
	plain := getTile(t, base, tilePath("desa,stays", tl), analyst)
	zipped := getTile(t, base, tilePath("desa,stays", tl), analyst, "Accept-Encoding", "gzip")
	if zipped.h.Get("Content-Encoding") != "gzip" || plain.h.Get("Content-Encoding") != "" {
		t.Fatalf("encodings %q %q", zipped.h.Get("Content-Encoding"), plain.h.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped.body))
	if err != nil {
		t.Fatal(err)
	}
	unz, err := io.ReadAll(zr)
	must(t, err)
	if !bytes.Equal(unz, plain.body) || plain.h.Get("ETag") == "" || plain.h.Get("ETag") != zipped.h.Get("ETag") {
		t.Fatal("gzip body or ETag differ")
	}
	if cc := plain.h.Get("Cache-Control"); !strings.Contains(cc, "private") {
		t.Errorf("Cache-Control %q", cc)
	}
	if ct := plain.h.Get("Content-Type"); ct != "application/vnd.mapbox-vector-tile" {
		t.Errorf("Content-Type %q", ct)
	}
	if r := getTile(t, base, tilePath("desa,stays", tl), analyst, "If-None-Match", plain.h.Get("ETag")); r.status != 304 || len(r.body) != 0 {
		t.Errorf("If-None-Match: %d", r.status)
	}
	ls, err := mvt.Unmarshal(plain.body)
	if err != nil || len(ls) != 2 || ls[0].Name != "desa" || ls[1].Name != "stays" {
		t.Fatalf("layers %v %v", ls, err)
	}

	// TileJSON 3.0.0 with vector_layers and the bounds of the loaded data.
	var tj tiles.TileJSON
	if err := json.Unmarshal(getTile(t, base, "/tiles/desa,stays.json?at=2026-06-20", viewer).body, &tj); err != nil {
		t.Fatal(err)
	}
	if tj.TileJSON != "3.0.0" || len(tj.VectorLayers) != 2 || tj.VectorLayers[0].Fields["present"] == "" ||
		!strings.HasSuffix(tj.Tiles[0], "/tiles/desa,stays/{z}/{x}/{y}.mvt?at=2026-06-20") ||
		tj.Bounds[0] < 106 || tj.Bounds[2] > 108 || tj.Bounds[1] < -8 || tj.Bounds[3] > -6 {
		t.Errorf("tilejson %+v", tj)
	}
}

// TestTileInvalidation: once a stay is inserted inside tile T (by SQL, as
// another process would), T and each of its ancestors change at once, while
// an unrelated tile is still served from the cache with the same ETag.
func TestTileInvalidation(t *testing.T) {
	base, db := servedTiles(t, tiles.Options{})
	analyst := db.Token(t, "analyst", "")
	lon, lat := 107.0512, -6.7488
	T := maptile.At(orb.Point{lon, lat}, 16)
	var chain []maptile.Tile
	for tl := T; ; tl = tl.Parent() {
		chain = append(chain, tl)
		if tl.Z == 0 {
			break
		}
	}
	far := maptile.At(orb.Point{107.3, -7.3}, 12) // southern Cianjur
	paths := []string{}
	for _, tl := range chain {
		paths = append(paths, tilePath("stays,desa", tl))
	}
	unrelated := tilePath("stays,desa", far)
	// Warm the cache; the listener must be live for tiles to be stored.
	etag := map[string]string{}
	deadline := time.Now().Add(10 * time.Second)
	for {
		getTile(t, base, unrelated, analyst)
		if r := getTile(t, base, unrelated, analyst); r.h.Get("X-Cache") == "hit" {
			etag[unrelated] = r.h.Get("ETag")
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the cache never went live")
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, p := range paths {
		getTile(t, base, p, analyst)
		r := getTile(t, base, p, analyst)
		if r.h.Get("X-Cache") != "hit" {
			t.Fatalf("%s not cached", p)
		}
		etag[p] = r.h.Get("ETag")
	}
	_, err := db.Admin(t).Exec(context.Background(), `INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type,
		arrival_date, geom, desa_code) VALUES ('NEW', 'Synthetic Newcomer', 'PN', 'NLD', 'itas', DATE '2026-06-19',
		ST_SetSRID(ST_MakePoint($1, $2), 4326), pantau_desa_for(ST_SetSRID(ST_MakePoint($1, $2), 4326)))`, lon, lat)
	if err != nil {
		t.Fatal(err)
	}
	pending := map[string]bool{}
	for _, p := range paths {
		pending[p] = true
	}
	deadline = time.Now().Add(10 * time.Second)
	for len(pending) > 0 && time.Now().Before(deadline) {
		for p := range pending {
			if r := getTile(t, base, p, analyst); r.status == 200 && r.h.Get("ETag") != etag[p] {
				delete(pending, p)
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if len(pending) > 0 {
		t.Fatalf("tiles unchanged after the insert: %v", pending)
	}
	m := getTile(t, base, "/metrics", "")
	for _, want := range []string{"pantau_tile_cache_hits_total", "pantau_tile_cache_invalidated_total", "pantau_tile_cache_bytes"} {
		if !strings.Contains(string(m.body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	r := getTile(t, base, unrelated, analyst)
	if r.h.Get("ETag") != etag[unrelated] || r.h.Get("X-Cache") != "hit" {
		t.Errorf("unrelated tile: ETag %s → %s, cache %s", etag[unrelated], r.h.Get("ETag"), r.h.Get("X-Cache"))
	}
}

// TestTileTimeout: a tile query that outlives its timeout is a 503 with
// Retry-After, not a hung connection.
func TestTileTimeout(t *testing.T) {
	base, db := servedTiles(t, tiles.Options{Timeout: time.Nanosecond})
	r := getTile(t, base, tilePath("desa", maptile.At(orb.Point{107.05, -6.75}, 12)), db.Token(t, "viewer", ""))
	if r.status != 503 || r.h.Get("Retry-After") == "" {
		t.Fatalf("%d %v %s", r.status, r.h, r.body)
	}
}
