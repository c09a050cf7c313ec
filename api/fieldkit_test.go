package api_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb/encoding/mvt"
	"github.com/protomaps/go-pmtiles/pmtiles"

	"pantau/api"
)

// kitTile is one tile read back from a field kit.
type kitTile struct {
	z         uint8
	x, y      uint32
	raw       []byte // uncompressed MVT
	layers    mvt.Layers
	layerName []string
}

// readKit reads a PMTiles archive with go-pmtiles: Verify checks its
// structure, the header and directories list every tile, and the library's
// server answers each tile and the metadata as a PMTiles client would get
// them; every tile is decoded with orb's MVT decoder.
func readKit(t *testing.T, archive []byte) (pmtiles.HeaderV3, map[string]any, []kitTile) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "kit.pmtiles")
	if err := os.WriteFile(path, archive, 0o644); err != nil {
		t.Fatal(err)
	}
	logger := log.New(io.Discard, "", 0)
	if err := pmtiles.Verify(logger, path); err != nil {
		t.Fatalf("pmtiles verify: %v", err)
	}
	header, err := pmtiles.DeserializeHeader(archive[:pmtiles.HeaderV3LenBytes])
	if err != nil {
		t.Fatal(err)
	}
	srv, err := pmtiles.NewServerWithBucket(pmtiles.NewFileBucket(dir), "", logger, 16, "")
	if err != nil {
		t.Fatal(err)
	}
	srv.Start()
	ctx := context.Background()
	status, _, metaBytes := srv.Get(ctx, "/kit/metadata")
	var meta map[string]any
	if status != 200 || json.Unmarshal(metaBytes, &meta) != nil {
		t.Fatalf("metadata: %d %.200s", status, metaBytes)
	}
	var out []kitTile
	err = pmtiles.IterateEntries(header, func(off, n uint64) ([]byte, error) { return archive[off : off+n], nil }, func(e pmtiles.EntryV3) {
		for id := e.TileID; id < e.TileID+uint64(e.RunLength); id++ {
			z, x, y := pmtiles.IDToZxy(id)
			status, hdr, b := srv.Get(ctx, fmt.Sprintf("/kit/%d/%d/%d.mvt", z, x, y))
			if status != 200 || hdr["Content-Encoding"] != "gzip" {
				t.Fatalf("tile %d/%d/%d: %d %v", z, x, y, status, hdr)
			}
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			raw, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			layers, err := mvt.Unmarshal(raw)
			if err != nil {
				t.Fatalf("tile %d/%d/%d: %v", z, x, y, err)
			}
			kt := kitTile{z: z, x: x, y: y, raw: raw, layers: layers}
			for _, l := range layers {
				kt.layerName = append(kt.layerName, l.Name)
			}
			out = append(out, kt)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return header, meta, out
}

// getKit fetches the field kit of area with tok.
func getKit(t *testing.T, ts *testServer, tok, query string) []byte {
	t.Helper()
	resp := ts.do(t, "GET", "/api/v1/fieldkit?"+query, tok, nil)
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/vnd.pmtiles" {
		t.Fatalf("fieldkit %s: %d %s %.300s", query, resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	return b
}

// sameAsTileEndpoint checks every tile of a kit against GET /tiles for the
// same caller, layers and tile: the kit's tile holds the endpoint's layers
// with the same features (ST_AsMVT may order them differently between two
// renders), plus only the patrol layer when the kit has a plan.
func sameAsTileEndpoint(t *testing.T, ts *testServer, tok, layers string, kit []kitTile) {
	t.Helper()
	for _, kt := range kit {
		resp := ts.do(t, "GET", fmt.Sprintf("/tiles/%s/%d/%d/%d.mvt", layers, kt.z, kt.x, kt.y), tok, nil)
		b, err := io.ReadAll(resp.Body)
		if err != nil || (resp.StatusCode != 200 && resp.StatusCode != 204) {
			t.Fatalf("tile endpoint %d/%d/%d: %d %v", kt.z, kt.x, kt.y, resp.StatusCode, err)
		}
		want, err := mvt.Unmarshal(b)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for _, l := range kt.layers {
			got[l.Name] = featureKeys(l)
		}
		for _, l := range want {
			if !slices.Equal(got[l.Name], featureKeys(l)) {
				t.Fatalf("kit tile %d/%d/%d layer %s: %d features, the tile endpoint's %d differ", kt.z, kt.x, kt.y, l.Name, len(got[l.Name]), len(l.Features))
			}
			delete(got, l.Name)
		}
		delete(got, "patrol")
		if len(got) > 0 {
			t.Fatalf("kit tile %d/%d/%d has layers the tile endpoint has not: %v", kt.z, kt.x, kt.y, got)
		}
	}
}

// featureKeys lists a layer's features as sorted JSON (geometry, properties).
func featureKeys(l *mvt.Layer) []string {
	var out []string
	for _, f := range l.Features {
		b, _ := json.Marshal([]any{f.Geometry, f.Properties})
		out = append(out, string(b))
	}
	slices.Sort(out)
	return out
}

// kitLayers lists the layers and zooms present in a kit.
func kitLayers(kit []kitTile) (layers []string, zooms []int) {
	for _, kt := range kit {
		for _, n := range kt.layerName {
			if !slices.Contains(layers, n) {
				layers = append(layers, n)
			}
		}
		if !slices.Contains(zooms, int(kt.z)) {
			zooms = append(zooms, int(kt.z))
		}
	}
	slices.Sort(layers)
	slices.Sort(zooms)
	return layers, zooms
}

// busiestDesa is the desa of kecamatan kec with the most stays.
func busiestDesa(t *testing.T, ts *testServer, kec string) string {
	t.Helper()
	var code string
	if err := ts.DB.Pool.QueryRow(context.Background(), `SELECT desa_code FROM stays WHERE starts_with(desa_code, $1 || '.')
		GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`, kec).Scan(&code); err != nil {
		t.Fatal(err)
	}
	return code
}

// TestFieldKitReadBack: an officer's kit of a desa in its area, read back
// with go-pmtiles, holds every layer from z8 to z16 as the tile endpoint
// draws them for that officer, plus the patrol plan; a viewer's kit of the
// same desa carries no individual or personal fields and only disclosed
// counts; the officer's kit of a desa outside its area shows it as a viewer
// sees it.
func TestFieldKitReadBack(t *testing.T) {
	ts := newPatrolServer(t)
	officer := ts.DB.Token(t, "officer", "32.03.28") // Kecamatan Cipanas
	viewer := ts.DB.Token(t, "viewer", "")
	inside, outside := busiestDesa(t, ts, "32.03.28"), busiestDesa(t, ts, "32.03.10")
	const k = 5

	header, meta, kit := readKit(t, getKit(t, ts, officer, "area="+inside))
	layers, zooms := kitLayers(kit)
	if header.MinZoom != api.KitMinZoom || header.MaxZoom != api.KitMaxZoom || header.TileType != pmtiles.Mvt {
		t.Errorf("header: zooms %d–%d, type %d", header.MinZoom, header.MaxZoom, header.TileType)
	}
	if !slices.Equal(zooms, []int{8, 9, 10, 11, 12, 13, 14, 15, 16}) {
		t.Errorf("officer kit zooms %v", zooms)
	}
	if !slices.Equal(layers, []string{"accommodations", "desa", "kecamatan", "patrol", "stays"}) {
		t.Errorf("officer kit layers %v", layers)
	}
	stays := 0
	for _, kt := range kit {
		for _, l := range kt.layers {
			for _, f := range l.Features {
				if l.Name == "stays" && f.Properties["kind"] == "stay" {
					stays++
				}
				for _, personal := range []string{"full_name", "passport_no", "birth_date"} {
					if _, ok := f.Properties[personal]; ok {
						t.Fatalf("tile %d/%d/%d layer %s carries %s", kt.z, kt.x, kt.y, l.Name, personal)
					}
				}
			}
		}
	}
	if stays == 0 {
		t.Error("the officer's kit of its own area shows no individual stays at z15–16")
	}
	sameAsTileEndpoint(t, ts, officer, "kecamatan,desa,stays,accommodations,geofences", kit)
	pantau := meta["pantau"].(map[string]any)
	plan, _ := pantau["plan"].(map[string]any)
	if plan == nil || !strings.Contains(fmt.Sprint(plan["features"]), "kind:stop") {
		t.Errorf("officer kit: no patrol stops in the metadata: %.300v", pantau)
	}
	if area := pantau["area"].(map[string]any); area["code"] != inside {
		t.Errorf("metadata area %v", area)
	}

	// The viewer: aggregates only, disclosed, no plan.
	_, meta, vkit := readKit(t, getKit(t, ts, viewer, "area="+inside))
	layers, zooms = kitLayers(vkit)
	if !slices.Equal(layers, []string{"desa", "kecamatan", "stays"}) || !slices.Equal(zooms, []int{8, 9, 10, 11, 12, 13, 14, 15, 16}) {
		t.Errorf("viewer kit: layers %v zooms %v", layers, zooms)
	}
	checkDisclosed(t, vkit, k, func(string) bool { return true })
	sameAsTileEndpoint(t, ts, viewer, "kecamatan,desa,stays", vkit)
	if p := meta["pantau"].(map[string]any); p["plan"] != nil || p["plan_note"] == "" {
		t.Errorf("viewer kit plan %v note %v", p["plan"], p["plan_note"])
	}

	// The officer outside its area: what lies outside is seen as a viewer
	// sees it; individual stays only inside the officer's area.
	_, meta, okit := readKit(t, getKit(t, ts, officer, "area="+outside))
	// Hexagons and clusters hold no area code: they may mix the officer's
	// exact stays with the disclosed rest, and are checked against the
	// tile endpoint below.
	outsideScope := func(code string) bool { return code != "" && !strings.HasPrefix(code, "32.03.28") }
	checkDisclosed(t, okit, k, outsideScope)
	sameAsTileEndpoint(t, ts, officer, "kecamatan,desa,stays,accommodations,geofences", okit)
	if plan, _ := meta["pantau"].(map[string]any)["plan"].(map[string]any); plan == nil || strings.Contains(fmt.Sprint(plan["features"]), "kind:stop") {
		t.Errorf("officer kit outside its area plans stops there: %.300v", plan)
	}
}

// checkDisclosed fails when a kit shows, for a feature whose area code
// ("code", or "desa" for stays and accommodations; "" for hexagons and
// clusters) outside reports outside the caller's exact view, an individual
// record or a count that is not a multiple of k.
func checkDisclosed(t *testing.T, kit []kitTile, k int, outside func(code string) bool) {
	t.Helper()
	checked := 0
	for _, kt := range kit {
		for _, l := range kt.layers {
			for _, f := range l.Features {
				p := f.Properties
				code, _ := p["code"].(string)
				if c, ok := p["desa"].(string); ok {
					code = c
				}
				if !outside(code) {
					continue
				}
				if l.Name == "stays" && p["kind"] == "stay" || l.Name == "accommodations" {
					t.Fatalf("tile %d/%d/%d: an individual %s feature outside the exact view: %v", kt.z, kt.x, kt.y, l.Name, p)
				}
				for _, key := range []string{"count", "present", "overstays"} {
					if v, ok := p[key].(float64); ok {
						checked++
						if math.Mod(v, float64(k)) != 0 {
							t.Fatalf("tile %d/%d/%d %s %s: %s %v is not disclosed (multiple of %d)", kt.z, kt.x, kt.y, l.Name, code, key, v, k)
						}
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no counts to check")
	}
}

// TestFieldKitLimits: the area is required and must exist; a whole
// kabupaten is too many tiles; anonymous callers get nothing; each kit is
// audited.
func TestFieldKitLimits(t *testing.T) {
	ts := newPatrolServer(t)
	tok := ts.DB.Token(t, "analyst", "")
	for _, c := range []struct {
		query, tok string
		status     int
	}{
		{"", tok, 400},
		{"area=32.03.99", tok, 404},
		{"area=32.03", tok, 413},
		{"area=32.03.28.2001&teams=0", tok, 400},
		{"area=32.03.28.2001&zoom=20", tok, 400},
		{"area=32.03.28.2001", "", 401},
	} {
		resp := ts.do(t, "GET", "/api/v1/fieldkit?"+c.query, c.tok, nil)
		if resp.StatusCode != c.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("%q: %d %s, want %d problem", c.query, resp.StatusCode, resp.Header.Get("Content-Type"), c.status)
		}
	}
	getKit(t, ts, tok, "area=32.03.28.2001&teams=1")
	var n int
	if err := ts.DB.Pool.QueryRow(context.Background(),
		`SELECT count(*) FROM audit_log WHERE action = 'fieldkit.read' AND outcome = 'ok' AND (params->>'tiles')::int > 0`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d audit rows for one field kit", n)
	}
}
