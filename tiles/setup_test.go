package tiles_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"pantau/data/dbtest"
	"pantau/geo"
	"pantau/tiles"
)

// day is the "as of" date of the seeded data.
var day = time.Date(2026, 6, 20, 0, 0, 0, 0, time.UTC)

func dayFilter() geo.Filter { return geo.Filter{From: day, To: day} }

// Views used by the tests.
var (
	analyst = tiles.View{Individuals: true, K: 5}
	viewer  = tiles.View{Suppress: true, K: 5}
)

// seed loads the real Cianjur boundaries, 300 accommodations around Cipanas
// and stays made in SQL: nStays around Cipanas (half of them at an
// accommodation) and nStays/2 across the kabupaten, with varied periods,
// nationalities, permits and some overstays.
func seed(t testing.TB, nStays int) *dbtest.DB {
	t.Helper()
	db := dbtest.New(t)
	db.LoadCianjur(t)
	ctx := context.Background()
	admin := db.Admin(t)
	for _, q := range []string{
		`INSERT INTO accommodations (source_id, name, kind, licensed, apoa_registered, capacity, owner_name, geom, desa_code)
		 SELECT 'A' || i, 'Villa ' || i, (ARRAY['villa','hotel','guesthouse','kos','house'])[1 + i % 5], i % 3 <> 0, i % 4 <> 0,
		        2 + i % 10, 'Owner ' || i, g, pantau_desa_for(g)
		 FROM (SELECT g, row_number() OVER () AS i FROM
		       (SELECT (ST_Dump(ST_GeneratePoints(ST_MakeEnvelope(107.0, -6.80, 107.1, -6.70, 4326), 300, 7))).geom AS g) p) n`,
		`WITH pts AS (
		   SELECT (ST_Dump(ST_GeneratePoints(ST_MakeEnvelope(107.0, -6.80, 107.1, -6.70, 4326), $1, 42))).geom AS g
		   UNION ALL
		   SELECT (ST_Dump(ST_GeneratePoints(geom, $1 / 2, 43))).geom FROM areas WHERE level = 'kabupaten'),
		 n AS (SELECT g, row_number() OVER () AS i FROM pts),
		 placed AS (
		   SELECT n.i, coalesce(a.geom, n.g) AS g, a.id AS acc
		   FROM n LEFT JOIN accommodations a ON n.i % 2 = 0 AND a.id = 1 + n.i % 300)
		 INSERT INTO stays (source_id, full_name, passport_no, nationality, sex, birth_date, permit_type, permit_expiry,
		                    arrival_date, departure_date, accommodation_id, geom, desa_code)
		 SELECT 'S' || i, 'Synthetic Person ' || i, 'X' || i, (ARRAY['SAU','ARE','KWT','CHN','NLD'])[1 + i % 5], 'M', DATE '1980-01-01',
		        (ARRAY['voa','itas','visit_visa'])[1 + i % 3], DATE '2026-06-01' + (i % 40)::int, DATE '2026-06-01' + (i % 30)::int,
		        CASE WHEN i % 5 = 0 THEN NULL ELSE DATE '2026-06-01' + (i % 30)::int + (i % 11)::int END, acc, g, pantau_desa_for(g)
		 FROM placed`,
	} {
		if _, err := admin.Exec(ctx, q, nStays); err != nil && q[0] == 'W' {
			t.Fatal(err)
		} else if err != nil {
			if _, err := admin.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
	}
	return db
}

// render renders req through a cache-less service.
func render(t testing.TB, db *dbtest.DB, req tiles.Request) []byte {
	t.Helper()
	svc := tiles.New(db.DB, nil, tiles.Options{CacheBytes: -1})
	b, err := svc.Render(context.Background(), req)
	if err != nil {
		sql, sqlErr := req.SQL(20000)
		t.Fatalf("render %s: %v\n%s (%v)", req.Key(), err, sql, sqlErr)
	}
	return b
}

func layers(t testing.TB, names string, v tiles.View) []*tiles.Layer {
	t.Helper()
	ls, err := tiles.ParseLayers(names, v)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// decode decodes a tile with orb; geometry stays in tile coordinates.
func decode(t testing.TB, b []byte) map[string]*mvt.Layer {
	t.Helper()
	ls, err := mvt.Unmarshal(b)
	if err != nil {
		t.Fatalf("orb cannot decode the tile: %v", err)
	}
	out := map[string]*mvt.Layer{}
	for _, l := range ls {
		if l.Version != 2 || l.Extent != tiles.Extent {
			t.Errorf("layer %s: version %d extent %d", l.Name, l.Version, l.Extent)
		}
		out[l.Name] = l
	}
	return out
}

// tileAt is the tile at zoom z holding lon, lat.
func tileAt(lon, lat float64, z int) maptile.Tile {
	return maptile.At([2]float64{lon, lat}, maptile.Zoom(z))
}

// ogrinfo runs GDAL's ogrinfo on the tile written as Z-X-Y.mvt, or skips.
func ogrinfo(t *testing.T, b []byte, tile maptile.Tile) string {
	t.Helper()
	bin, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo not installed (Debian: apt-get install gdal-bin; `make test` installs it)")
	}
	dir := t.TempDir()
	name := filepath.Join(dir, fmtTile(tile)+".mvt")
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-ro", "-al", "MVT:"+name).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	return string(out)
}

func fmtTile(t maptile.Tile) string {
	return itoa(int(t.Z)) + "-" + itoa(int(t.X)) + "-" + itoa(int(t.Y))
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	for ; i > 0; i /= 10 {
		s = string(rune('0'+i%10)) + s
	}
	return s
}
