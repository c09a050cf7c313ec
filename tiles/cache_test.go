package tiles_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb/maptile"

	"pantau/tiles"
)

func put(t *testing.T, c *tiles.Cache, ls []*tiles.Layer, tile maptile.Tile, size int) string {
	t.Helper()
	req := tiles.Request{Layers: ls, Tile: tile, Filter: dayFilter(), View: analyst}
	if !c.Put(req.Key(), req, &tiles.Entry{Data: bytes.Repeat([]byte{1}, size)}, c.Generation()) {
		t.Fatalf("put %s refused", req.Key())
	}
	return req.Key()
}

// TestCacheBoundedLRU: the cache never holds more than its bound and
// evicts the least recently used tile first.
func TestCacheBoundedLRU(t *testing.T) {
	c := tiles.NewCache(10 << 10)
	ls := layers(t, "stays", analyst)
	req := tiles.Request{Layers: ls, Tile: maptile.New(0, 0, 0)}
	if c.Put("x", req, &tiles.Entry{}, c.Generation()) {
		t.Fatal("stored before the listener is live")
	}
	c.SetLive(true)
	var keys []string
	for i := range 8 {
		keys = append(keys, put(t, c, ls, maptile.New(uint32(i), 0, 10), 2000))
		c.Get(keys[0]) // keep the first one fresh
	}
	if c.Bytes() > 10<<10 {
		t.Fatalf("cache holds %d bytes", c.Bytes())
	}
	if _, ok := c.Get(keys[0]); !ok {
		t.Error("recently used tile evicted")
	}
	if _, ok := c.Get(keys[1]); ok {
		t.Error("least recently used tile kept")
	}
	gen := c.Generation()
	c.Invalidate("stays", tiles.Box{})
	if c.Put("y", req, &tiles.Entry{}, gen) {
		t.Error("stored a render older than an invalidation")
	}
}

// TestCacheInvalidatesExactly: a change drops the tiles, at every zoom, whose
// buffered bounds (plus the layer's reach) touch it, in that layer only.
func TestCacheInvalidatesExactly(t *testing.T) {
	c := tiles.NewCache(1 << 30)
	c.SetLive(true)
	stays, desa := layers(t, "stays", analyst), layers(t, "desa", analyst)
	lon, lat := 107.05, -6.75
	var inside, desaKeys, far []string
	for z := 0; z <= tiles.MaxZoom; z++ {
		tl := tileAt(lon, lat, z)
		inside = append(inside, put(t, c, stays, tl, 10))
		desaKeys = append(desaKeys, put(t, c, desa, tl, 10))
		if z >= 8 {
			// East, beyond the buffer and the layer's reach (a hexagon, a cluster cell).
			off := uint32(math.Ceil(tiles.ClusterCell(z)/tiles.TileWidth(z))) + 2
			far = append(far, put(t, c, stays, maptile.New(tl.X+off, tl.Y, tl.Z), 10))
		}
	}
	// The stay's position in EPSG:3857.
	x, y := mercator(lon, lat)
	n := c.Invalidate("stays", tiles.Box{MinX: x, MinY: y, MaxX: x, MaxY: y})
	for _, k := range inside {
		if _, ok := c.Get(k); ok {
			t.Errorf("%s kept", k)
		}
	}
	for _, k := range append(desaKeys, far...) {
		if _, ok := c.Get(k); !ok {
			t.Errorf("%s dropped", k)
		}
	}
	t.Logf("dropped %d", n)
}

func mercator(lon, lat float64) (float64, float64) {
	const r = 6378137.0
	return r * lon * 3.141592653589793 / 180, r * logTan(lat)
}

// TestTriggersRecordChanges: a write to each table records the boxes of the
// layers it affects and notifies their id range.
func TestTriggersRecordChanges(t *testing.T) {
	db := seed(t, 100)
	ctx := context.Background()
	admin := db.Admin(t)
	cases := []struct {
		sql  string
		want []string
	}{
		{`INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, arrival_date, accommodation_id, geom, desa_code)
		  SELECT 'T1', 'Synthetic', 'P', 'NLD', 'voa', DATE '2026-06-19', 1, geom, desa_code FROM accommodations WHERE id = 1`,
			[]string{"accommodations", "desa", "kecamatan", "stays"}},
		{`UPDATE stays SET geom = ST_SetSRID(ST_MakePoint(107.2, -6.9), 4326) WHERE source_id = 'T1'`, []string{"accommodations", "desa", "kecamatan", "stays"}},
		{`DELETE FROM stays WHERE source_id = 'T1'`, []string{"accommodations", "desa", "kecamatan", "stays"}},
		{`UPDATE accommodations SET licensed = NOT licensed WHERE id = 2`, []string{"accommodations", "desa", "kecamatan"}},
		{`UPDATE areas SET name = name || ' ' WHERE level = 'desa' AND code = (SELECT min(code) FROM areas WHERE level = 'desa')`, []string{"desa"}},
		{`INSERT INTO geofences (name, kind, geom) VALUES ('z', 'watch_zone', ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(107.05, -6.75), 4326), 0.01)))`, []string{"geofences"}},
	}
	if _, err := admin.Exec(ctx, "LISTEN "+tiles.Channel); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		var before int64
		if err := admin.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM tile_changes`).Scan(&before); err != nil {
			t.Fatal(err)
		}
		if _, err := admin.Exec(ctx, c.sql); err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		var got []string
		if err := admin.QueryRow(ctx, `SELECT coalesce(array_agg(DISTINCT layer ORDER BY layer), '{}') FROM tile_changes WHERE id > $1`, before).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: layers %v, want %v", c.sql, got, c.want)
		}
		n, err := admin.WaitForNotification(ctx)
		if err != nil || n.Channel != tiles.Channel {
			t.Fatalf("notification %v %v", n, err)
		}
	}
}

func logTan(lat float64) float64 {
	return math.Log(math.Tan(math.Pi/4 + lat*math.Pi/360))
}
