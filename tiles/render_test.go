package tiles_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"

	"pantau/geo"
	"pantau/tiles"
)

// TestDesaFiguresEqualAreaFigures: every desa and kecamatan in a tile
// carries exactly the figures pantau_area_figures gives for the same date
// and filter, and every area touching the tile is there.
func TestDesaFiguresEqualAreaFigures(t *testing.T) {
	db := seed(t, 3000)
	ctx := context.Background()
	for _, f := range []geo.Filter{dayFilter(), {From: day, To: day, Nationality: []string{"CHN", "SAU"}, Status: []string{"overstay"}}} {
		for _, level := range []string{"desa", "kecamatan"} {
			tile := tileAt(107.05, -6.75, 11)
			b := render(t, db, tiles.Request{Layers: layers(t, level, analyst), Tile: tile, Filter: f, View: analyst})
			l := decode(t, b)[level]
			if l == nil || len(l.Features) == 0 {
				t.Fatalf("%s: no features", level)
			}
			args := append([]any{level}, f.SQLArgs()...)
			rows, err := db.Pool.Query(ctx, `SELECT f.code, f.area_km2, f.present, f.per_km2, f.overstays, f.accommodations, f.unregistered
				FROM pantau_area_figures($1, $2, $3, $4, $5, $6) f JOIN areas a USING (code)
				WHERE ST_Intersects(a.geom_3857, ST_TileEnvelope($7::int, $8::int, $9::int))`, append(args, int(tile.Z), int(tile.X), int(tile.Y))...)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string][]float64{}
			for rows.Next() {
				var code string
				var km2 float64
				var per *float64
				var present, over, acc, unreg int64
				if err := rows.Scan(&code, &km2, &present, &per, &over, &acc, &unreg); err != nil {
					t.Fatal(err)
				}
				p := math.NaN()
				if per != nil {
					p = *per
				}
				want[code] = []float64{km2, float64(present), p, float64(over), float64(acc), float64(unreg)}
			}
			got := map[string]bool{}
			var nonzero int
			for _, ft := range l.Features {
				code := ft.Properties.MustString("code")
				got[code] = true
				w, ok := want[code]
				if !ok {
					continue // in the buffer only
				}
				g := []float64{num(ft.Properties["area_km2"]), num(ft.Properties["present"]), num(ft.Properties["per_km2"]),
					num(ft.Properties["overstays"]), num(ft.Properties["accommodations"]), num(ft.Properties["unregistered"])}
				for i := range w {
					if !(g[i] == w[i] || math.IsNaN(w[i]) && math.IsNaN(g[i])) {
						t.Errorf("%s %s field %d: tile %v, pantau_area_figures %v", level, code, i, g, w)
						break
					}
				}
				if w[1] > 0 {
					nonzero++
				}
				if id := strings.ReplaceAll(code, ".", ""); ft.ID == nil || num(ft.ID) != mustFloat(id) {
					t.Errorf("%s %s: feature id %v", level, code, ft.ID)
				}
			}
			for code := range want {
				if !got[code] {
					t.Errorf("%s %s touches the tile but is missing", level, code)
				}
			}
			if nonzero == 0 {
				t.Errorf("%s %v: no area with stays; the test proves nothing", level, f.Key())
			}
		}
	}
}

// TestHexagonsHoldTheirStays: each hexagon's count equals the number of
// matching stays inside ST_Hexagon of its cell, computed independently.
func TestHexagonsHoldTheirStays(t *testing.T) {
	db := seed(t, 3000)
	ctx := context.Background()
	for _, z := range []int{8, 11} {
		tile := tileAt(107.05, -6.75, z)
		b := render(t, db, tiles.Request{Layers: layers(t, "stays", analyst), Tile: tile, Filter: dayFilter(), View: analyst})
		l := decode(t, b)["stays"]
		if l == nil || len(l.Features) == 0 {
			t.Fatalf("z%d: no hexagons", z)
		}
		total := 0
		for _, ft := range l.Features {
			if ft.Properties["kind"] != "hex" {
				t.Fatalf("z%d: feature kind %v", z, ft.Properties["kind"])
			}
			id := int64(num(ft.ID))
			i, j := id/33554432-16777216, id%33554432-16777216
			args := append(dayFilter().SQLArgs(), tiles.HexSize(z), i, j)
			var n int64
			err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM pantau_stays_matching($1, $2, $3, $4, $5) s
				WHERE ST_Intersects(s.geom_3857, ST_Hexagon($6, $7::int, $8::int, ST_SetSRID(ST_MakePoint(0, 0), 3857)))`, args...).Scan(&n)
			if err != nil {
				t.Fatal(err)
			}
			if got := int64(num(ft.Properties["count"])); got != n {
				t.Errorf("z%d hex (%d,%d): count %d, stays inside %d", z, i, j, got, n)
			}
			total += int(n)
		}
		t.Logf("z%d: %d hexagons, %d stays", z, len(l.Features), total)
	}
}

// TestWhoSeesWhat: individual stays only from z15 and only for views with
// individuals; every hexagon, cluster or desa count a viewer sees is a
// multiple of k (the disclosure rule: none from 1 to k−1), its clusters sit
// at their cell's centre; no personal data in any layer.
func TestWhoSeesWhat(t *testing.T) {
	db := seed(t, 3000)
	all := "kecamatan,desa,stays"
	var suppressedDesa int
	for z := 8; z <= 17; z++ {
		for _, v := range []tiles.View{analyst, viewer} {
			names := all
			if v.Individuals {
				names += ",accommodations,geofences"
			}
			tile := tileAt(107.05, -6.75, z)
			ls := decode(t, render(t, db, tiles.Request{Layers: layers(t, names, v), Tile: tile, Filter: dayFilter(), View: v}))
			for name, l := range ls {
				for _, ft := range l.Features {
					for _, p := range []string{"full_name", "passport_no", "birth_date", "owner_name", "sex"} {
						if _, ok := ft.Properties[p]; ok {
							t.Fatalf("z%d %s carries %s", z, name, p)
						}
					}
					kind, _ := ft.Properties["kind"].(string)
					if name == "stays" {
						switch {
						case kind == "stay" && (z < tiles.PointMinZoom || !v.Individuals):
							t.Fatalf("z%d view %s: an individual stay", z, v.Key())
						case z <= tiles.HexMaxZoom && kind != "hex", z > tiles.HexMaxZoom && kind == "hex":
							t.Fatalf("z%d: kind %s", z, kind)
						}
					}
					if v.Suppress {
						for _, p := range []string{"count", "present", "overstays"} {
							if c, ok := ft.Properties[p]; ok && int64(num(c))%int64(v.K) != 0 {
								t.Fatalf("z%d viewer %s %s = %v, not a multiple of k = %d", z, name, p, c, v.K)
							}
						}
						if pt, ok := ft.Geometry.(orb.Point); ok && kind == "cluster" {
							// In tile units: cells are Extent/16 wide at z12–14
							// and aligned with the tile; at z15+ the z14 cell.
							cell := float64(tiles.Extent) / 16 * math.Pow(2, float64(max(z-tiles.ClusterMaxZoom, 0)))
							fx, fy := math.Mod(pt[0], cell)/cell, math.Mod(pt[1], cell)/cell
							if fx < 0 {
								fx++
							}
							if fy < 0 {
								fy++
							}
							if math.Abs(fx-0.5)*cell > 1 || math.Abs(fy-0.5)*cell > 1 {
								t.Fatalf("z%d viewer cluster at %v, not at its cell's centre", z, pt)
							}
						}
						if name == "desa" {
							if _, ok := ft.Properties["present"]; !ok {
								suppressedDesa++
								if _, ok := ft.Properties["per_km2"]; ok {
									t.Fatalf("per_km2 shown while present is hidden")
								}
							}
						}
					}
				}
			}
			if v.Individuals && z >= tiles.PointMinZoom && z <= 16 {
				if countKind(ls["stays"], "stay") == 0 {
					t.Errorf("z%d analyst: no individual stays", z)
				}
			}
		}
	}
	if suppressedDesa == 0 {
		t.Error("no desa had its small count suppressed; the test proves nothing")
	}
	for _, l := range []string{"accommodations", "geofences", "desa,geofences"} {
		if _, err := tiles.ParseLayers(l, viewer); geo.ErrorCode(err) != geo.EFORBIDDEN {
			t.Errorf("viewer asking for %s: %v", l, err)
		}
	}
}

// TestScopedOfficer: an officer scoped to one kecamatan sees individual
// stays there only; others are clustered.
func TestScopedOfficer(t *testing.T) {
	db := seed(t, 3000)
	tile := tileAt(107.05, -6.75, 15)
	var scope string
	if err := db.Pool.QueryRow(context.Background(), `SELECT substr(desa_code, 1, 8) FROM stays
		WHERE ST_Intersects(geom_3857, ST_TileEnvelope($1::int, $2::int, $3::int)) AND desa_code IS NOT NULL LIMIT 1`,
		int(tile.Z), int(tile.X), int(tile.Y)).Scan(&scope); err != nil {
		t.Fatal(err)
	}
	for _, sc := range []struct {
		scope  string
		points bool
	}{{scope, true}, {"32.03.01", false}} {
		v := tiles.View{Individuals: true, Scope: sc.scope, K: 5}
		l := decode(t, render(t, db, tiles.Request{Layers: layers(t, "stays", v), Tile: tile, Filter: dayFilter(), View: v}))["stays"]
		n := countKind(l, "stay")
		if sc.points != (n > 0) {
			t.Errorf("scope %s: %d individual stays", sc.scope, n)
		}
		if l != nil {
			for _, ft := range l.Features {
				if d, ok := ft.Properties["desa"].(string); ok && !strings.HasPrefix(d, sc.scope+".") {
					t.Errorf("scope %s: stay in %s", sc.scope, d)
				}
			}
		}
	}
}

// TestLowZoomStaysAreSmallAggregates: z8–z10 stays tiles over Cianjur hold
// no individual stay and stay far under 500 KB.
func TestLowZoomStaysAreSmallAggregates(t *testing.T) {
	db := seed(t, 5000)
	for z := 8; z <= 10; z++ {
		tile := tileAt(107.1, -7.0, z)
		b := render(t, db, tiles.Request{Layers: layers(t, "stays", analyst), Tile: tile, Filter: dayFilter(), View: analyst})
		l := decode(t, b)["stays"]
		if l == nil || countKind(l, "stay") > 0 || len(b) > 500<<10 {
			t.Fatalf("z%d: %d bytes, layer %v", z, len(b), l)
		}
	}
}

// TestGDALReadsTiles: ogrinfo decodes a composite tile with every layer.
func TestGDALReadsTiles(t *testing.T) {
	db := seed(t, 2000)
	if _, err := db.Admin(t).Exec(context.Background(), `INSERT INTO geofences (name, kind, geom)
		VALUES ('Puncak watch', 'watch_zone', ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(107.05, -6.75), 4326), 0.01)))`); err != nil {
		t.Fatal(err)
	}
	tile := tileAt(107.05, -6.75, 15)
	b := render(t, db, tiles.Request{Layers: layers(t, "kecamatan,desa,stays,accommodations,geofences", analyst), Tile: tile, Filter: dayFilter(), View: analyst})
	out := ogrinfo(t, b, tile)
	for _, want := range []string{"Layer name: kecamatan", "Layer name: desa", "Layer name: stays", "Layer name: accommodations",
		"Layer name: geofences", "present (", "kind (String) = stay", "guests (", "name (String) = Puncak watch"} {
		if !strings.Contains(out, want) {
			t.Errorf("ogrinfo output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}

// TestTimeout: a tile that outlives the timeout is ETIMEOUT.
func TestTimeout(t *testing.T) {
	db := seed(t, 10)
	svc := tiles.New(db.DB, nil, tiles.Options{Timeout: 1})
	_, err := svc.Render(context.Background(), tiles.Request{Layers: layers(t, "desa", analyst), Tile: tileAt(107.05, -6.75, 12), Filter: dayFilter(), View: analyst})
	if geo.ErrorCode(err) != geo.ETIMEOUT {
		t.Fatalf("err %v", err)
	}
}

func countKind(l *mvt.Layer, kind string) int {
	n := 0
	if l != nil {
		for _, ft := range l.Features {
			if ft.Properties["kind"] == kind {
				n++
			}
		}
	}
	return n
}

func num(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case float32:
		return float64(x)
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	case int:
		return float64(x)
	case uint:
		return float64(x)
	case nil:
		return math.NaN()
	}
	return math.NaN()
}

func mustFloat(s string) float64 {
	f := 0.0
	for _, c := range s {
		f = f*10 + float64(c-'0')
	}
	return f
}
