package api_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"pantau/api"
	"pantau/data"
	"pantau/data/dbtest"
	"pantau/tiles"
)

// BenchmarkInstancesOverReplica: tiles/s and polygon queries/s with one
// and with two Pantau instances (each with its own pools, tile cache off so
// every tile is rendered) over one primary and one streaming replica that
// serves the reads, 8 concurrent clients, 30,000 SQL-made stays over
// western Cianjur. x_tiles and x_polygons are two instances' rate over
// one's, measured in the same run.
func BenchmarkInstancesOverReplica(b *testing.B) {
	p := dbtest.Replicated(b, nil)
	p.Primary.LoadCianjur(b)
	ctx := context.Background()
	admin := p.Primary.Admin(b)
	if _, err := admin.Exec(ctx, `
		WITH pts AS (SELECT (ST_Dump(ST_GeneratePoints(ST_MakeEnvelope(107.0, -6.95, 107.2, -6.70, 4326), 30000, 42))).geom AS g),
		     n AS (SELECT g, row_number() OVER () AS i FROM pts)
		INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, departure_date, geom, desa_code)
		SELECT 'S' || i, 'Synthetic Person', 'P' || i, (ARRAY['SAU','CHN','AUS'])[1 + i % 3], 'voa', DATE '2026-06-25',
		       DATE '2026-06-01', NULL, g, pantau_desa_for(g) FROM n`); err != nil {
		b.Fatal(err)
	}
	var poly []byte
	if err := admin.QueryRow(ctx, `SELECT ST_AsGeoJSON(ST_Buffer(ST_SetSRID(ST_Point(107.1, -6.82), 4326)::geography, 3000, 64)::geometry)`).Scan(&poly); err != nil {
		b.Fatal(err)
	}
	token := p.Primary.Token(b, "analyst", "")
	now := func() time.Time { return time.Date(2026, 6, 20, 5, 0, 0, 0, time.UTC) }
	var urls [2]string
	var dbs [2]*data.DB
	for i := range urls {
		db, err := data.Connect(ctx, p.Primary.AppDSN, data.PoolOptions{MinConns: data.ServiceMinConns})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(db.Close)
		if err := db.AddReplicas(ctx, []string{p.ReplicaDSN}, data.PoolOptions{MinConns: data.ServiceMinConns}, 0); err != nil {
			b.Fatal(err)
		}
		dbs[i] = db
		srv := api.New(api.Config{DB: db, Now: now, RateLimit: -1, Tiles: tiles.Options{CacheBytes: -1},
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		sctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { srv.Serve(sctx, ln); close(done) }()
		b.Cleanup(func() { cancel(); <-done })
		urls[i] = "http://" + ln.Addr().String()
	}
	// The replica has replayed the load before measuring.
	for deadline := time.Now().Add(time.Minute); !dbs[0].Reader(ctx).IsReplica(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			b.Fatal("replica never fit")
		}
	}
	var tilePaths []string
	lo, hi := maptile.At(orb.Point{107.1, -6.82}, 11).Range(13)
	for x := lo.X; x <= hi.X; x++ {
		for y := lo.Y; y <= hi.Y; y++ {
			tilePaths = append(tilePaths, fmt.Sprintf("/tiles/stays/13/%d/%d.mvt", x, y))
		}
	}
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	call := func(method, url string, body []byte) error {
		req, err := http.NewRequest(method, url, bytes.NewReader(body))
		must(b, err)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := c.Do(req)
		if err != nil {
			return err
		}
		drainBody(b, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 && resp.StatusCode != 204 {
			return fmt.Errorf("%s %s: %s", method, url, resp.Status)
		}
		return nil
	}
	// rate runs n requests from 8 clients over the first k instances in
	// turn and returns requests per second.
	rate := func(k, n int, req func(base string, i int) error) float64 {
		var next atomic.Int64
		var wg sync.WaitGroup
		var first error
		var once sync.Once
		start := time.Now()
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := int(next.Add(1)); i <= n; i = int(next.Add(1)) {
					if err := req(urls[i%k], i); err != nil {
						once.Do(func() { first = err })
						return
					}
				}
			}()
		}
		wg.Wait()
		if first != nil {
			b.Fatal(first)
		}
		return float64(n) / time.Since(start).Seconds()
	}
	tile := func(base string, i int) error { return call("GET", base+tilePaths[i%len(tilePaths)], nil) }
	polygon := func(base string, i int) error { return call("POST", base+"/api/v1/density/polygon", poly) }
	rate(2, 64, tile) // warm both instances
	before := dbs[0].Replicas()[0].Served.Load()
	var t1, t2, p1, p2 float64
	b.ResetTimer()
	for range b.N {
		t1 += rate(1, 400, tile)
		t2 += rate(2, 400, tile)
		p1 += rate(1, 100, polygon)
		p2 += rate(2, 100, polygon)
	}
	if dbs[0].Replicas()[0].Served.Load() == before {
		b.Fatal("the replica served none of the reads")
	}
	n := float64(b.N)
	b.ReportMetric(t1/n, "tiles_per_s_1")
	b.ReportMetric(t2/n, "tiles_per_s_2")
	b.ReportMetric(t2/t1, "x_tiles")
	b.ReportMetric(p1/n, "polygons_per_s_1")
	b.ReportMetric(p2/n, "polygons_per_s_2")
	b.ReportMetric(p2/p1, "x_polygons")
}
