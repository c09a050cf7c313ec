package api

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"pantau/data"
	"pantau/data/dbtest"
	"pantau/geo"
	"pantau/tiles"
)

// benchDay is the "as of" date of the benchmark dataset's last day.
var benchDay = dbtest.BenchUntil

// cipanasTiles is the fixed benchmark list: tiles z8–z16 over the Cipanas
// area (107.0–107.1 E, 6.80–6.70 S); every tile of z8–z14 and an evenly
// spaced selection of z15 and z16, 200+ in all.
func cipanasTiles() []maptile.Tile {
	var out []maptile.Tile
	for z := maptile.Zoom(8); z <= 16; z++ {
		a := maptile.At(orb.Point{107.0, -6.70}, z)
		b := maptile.At(orb.Point{107.1, -6.80}, z)
		var zt []maptile.Tile
		for x := a.X; x <= b.X; x++ {
			for y := a.Y; y <= b.Y; y++ {
				zt = append(zt, maptile.New(x, y, z))
			}
		}
		if step := len(zt) / 60; z >= 15 && step > 1 {
			var sel []maptile.Tile
			for i := 0; i < len(zt); i += step {
				sel = append(sel, zt[i])
			}
			zt = sel
		}
		out = append(out, zt...)
	}
	return out
}

// band names the zoom band of the report.
func band(z maptile.Zoom) string {
	switch {
	case z <= 10:
		return "z8-10"
	case z <= 12:
		return "z11-12"
	case z <= 14:
		return "z13-14"
	}
	return "z15-16"
}

// benchServer serves the tile routes on loopback for principal p (no token
// lookup: the benchmark measures the tile path), with the given options.
func benchServer(b *testing.B, db *dbtest.DB, opts tiles.Options, p *geo.Principal, withAuth bool) (string, *Server) {
	s := New(Config{DB: db.DB, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return benchDay.Add(5 * time.Hour) }, Tiles: opts, RateLimit: -1})
	var h http.Handler = s
	if !withAuth {
		r := chi.NewRouter()
		r.Use(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), p)))
			})
		})
		r.Route("/tiles", s.mountTiles)
		h = r
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, w := range s.workers {
		wg.Add(1)
		go func() { defer wg.Done(); w(ctx) }()
	}
	b.Cleanup(func() { cancel(); srv.Close(); wg.Wait() })
	return "http://" + ln.Addr().String(), s
}

func fetch(c *http.Client, url, token string) (int, int, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return 0, 0, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, 0, err
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, int(n), err
}

func pct(d []time.Duration, p float64) time.Duration { return dbtest.Percentile(d, p) }

const benchLayers = "desa,stays"

// BenchmarkTilesUncached renders the fixed Cipanas tile list through the
// service over HTTP on loopback with the cache off, and runs the very same
// SQL directly through pgx in the same run, tile by tile (alternating which
// goes first). Reports p50/p99 per zoom band for both, their ratio, and the
// mean tile size per zoom. Layers desa,stays as an analyst (individual stays
// from z15).
func BenchmarkTilesUncached(b *testing.B) { readFigure(b, "tiles_uncached") }

// BenchmarkTilesUncachedViewer is BenchmarkTilesUncached as a viewer: the
// disclosure rule's path (counts through pantau_disclose, clusters at cell
// centres, no individual stays).
func BenchmarkTilesUncachedViewer(b *testing.B) { readFigure(b, "tiles_uncached_viewer") }

func tilesUncached(b *testing.B, db *dbtest.DB, p *geo.Principal, m BenchMetrics) {
	tilesUncachedWith(b, db, p, nil, m)
}

// tilesUncachedWith is tilesUncached with a status filter (see
// densityAreasWith).
func tilesUncachedWith(b *testing.B, db *dbtest.DB, p *geo.Principal, status []string, m BenchMetrics) {
	base, _ := benchServer(b, db, tiles.Options{CacheBytes: -1, Timeout: time.Minute}, p, false)
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	list := cipanasTiles()
	view := tiles.ViewOf(p, 5)
	ls, err := tiles.ParseLayers(benchLayers, view)
	if err != nil {
		b.Fatal(err)
	}
	f := geo.Filter{From: benchDay, To: benchDay, Status: status}
	query := ""
	if len(status) > 0 {
		query = "&status=" + strings.Join(status, ",")
	}
	svc, sqlT := map[string][]time.Duration{}, map[string][]time.Duration{}
	perZoom := map[maptile.Zoom][]time.Duration{}
	size, count := map[maptile.Zoom]int{}, map[maptile.Zoom]int{}
	ctx := context.Background()
	// One unmeasured pass warms both paths (connections, plans, caches).
	for _, tl := range list {
		req := tiles.Request{Layers: ls, Tile: tl, Filter: f, View: view}
		sql, args := req.SQL(20000)
		var out []byte
		if err := db.Pool.QueryRow(ctx, sql, append([]any{data.CustomPlan}, args...)...).Scan(&out); err != nil {
			b.Fatal(err)
		}
		fetch(client, fmt.Sprintf("%s/tiles/%s/%d/%d/%d.mvt?at=%s%s", base, benchLayers, tl.Z, tl.X, tl.Y, benchDay.Format("2006-01-02"), query), "")
	}
	b.ResetTimer()
	// Three measured passes an iteration: a zoom of the list has one to a
	// few tiles, and one pass left its p50 to one or two samples.
	for i := 0; i < 3*b.N; i++ {
		for j, tl := range list {
			req := tiles.Request{Layers: ls, Tile: tl, Filter: f, View: view}
			sql, args := req.SQL(20000)
			direct := func() {
				start := time.Now()
				var out []byte
				if err := db.Pool.QueryRow(ctx, sql, append([]any{data.CustomPlan}, args...)...).Scan(&out); err != nil {
					b.Fatal(err)
				}
				sqlT[band(tl.Z)] = append(sqlT[band(tl.Z)], time.Since(start))
			}
			service := func() {
				url := fmt.Sprintf("%s/tiles/%s/%d/%d/%d.mvt?at=%s%s", base, benchLayers, tl.Z, tl.X, tl.Y, benchDay.Format("2006-01-02"), query)
				start := time.Now()
				status, n, err := fetch(client, url, "")
				if err != nil || status != 200 && status != 204 {
					b.Fatalf("%s: %d %v", url, status, err)
				}
				svc[band(tl.Z)] = append(svc[band(tl.Z)], time.Since(start))
				perZoom[tl.Z] = append(perZoom[tl.Z], time.Since(start))
				size[tl.Z] += n
				count[tl.Z]++
			}
			if (i+j)%2 == 0 {
				direct()
				service()
			} else {
				service()
				direct()
			}
		}
	}
	b.StopTimer()
	bands := []string{"z8-10", "z11-12", "z13-14", "z15-16"}
	var all, allSQL []time.Duration
	for _, bd := range bands {
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		m.ReportMetric(ms(pct(svc[bd], 0.5)), bd+"_p50_ms")
		m.ReportMetric(ms(pct(svc[bd], 0.99)), bd+"_p99_ms")
		m.ReportMetric(ms(pct(sqlT[bd], 0.5)), bd+"_sql_p50_ms")
		m.ReportMetric(ms(pct(sqlT[bd], 0.99)), bd+"_sql_p99_ms")
		m.ReportMetric(float64(pct(svc[bd], 0.5))/float64(pct(sqlT[bd], 0.5)), bd+"_p50_ratio")
		all, allSQL = append(all, svc[bd]...), append(allSQL, sqlT[bd]...)
	}
	m.ReportMetric(float64(pct(all, 0.5))/float64(pct(allSQL, 0.5)), "p50_ratio")
	m.ReportMetric(float64(pct(all, 0.99))/float64(pct(allSQL, 0.99)), "p99_ratio")
	m.ReportMetric(float64(len(list)), "tiles")
	zs := make([]int, 0, len(size))
	for z := range size {
		zs = append(zs, int(z))
	}
	sort.Ints(zs)
	for _, z := range zs {
		m.ReportMetric(float64(pct(perZoom[maptile.Zoom(z)], 0.5).Microseconds())/1000, fmt.Sprintf("z%d_p50_ms", z))
		m.ReportMetric(float64(size[maptile.Zoom(z)])/float64(count[maptile.Zoom(z)])/1024, fmt.Sprintf("z%d_KB", z))
	}
}

// BenchmarkTilesCached measures cached throughput: 32 concurrent clients on
// loopback fetch the warmed Cipanas tiles for ~2 s per iteration, once
// straight to the tile routes and once through the full router with bearer
// token authentication.
func BenchmarkTilesCached(b *testing.B) { tilesCached(b, dbtest.Bench(b), b) }

func tilesCached(b *testing.B, db *dbtest.DB, m BenchMetrics) {
	analyst := &geo.Principal{Role: geo.RoleAnalyst, Name: "bench"}
	list := cipanasTiles()
	for _, withAuth := range []bool{false, true} {
		base, s := benchServer(b, db, tiles.Options{Timeout: time.Minute, CacheBytes: 256 << 20}, analyst, withAuth)
		token := ""
		if withAuth {
			token = db.Token(b, "analyst", "")
		}
		urls := make([]string, len(list))
		for i, tl := range list {
			urls[i] = fmt.Sprintf("%s/tiles/%s/%d/%d/%d.mvt?at=%s", base, benchLayers, tl.Z, tl.X, tl.Y, benchDay.Format("2006-01-02"))
		}
		tr := &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}
		client := &http.Client{Transport: tr}
		// Warm until every tile is cached (the listener must be live).
		deadline := time.Now().Add(10 * time.Minute)
		for s.tiles.Cache().Len() < len(list) {
			for _, u := range urls {
				fetch(client, u, token)
			}
			if time.Now().After(deadline) {
				b.Fatalf("only %d of %d tiles cached", s.tiles.Cache().Len(), len(list))
			}
		}
		var done atomic.Int64
		hits0 := s.tiles.Cache().Hits.Load()
		start := time.Now()
		for i := 0; i < b.N; i++ {
			var wg sync.WaitGroup
			stop := time.Now().Add(2 * time.Second)
			for c := 0; c < 32; c++ {
				wg.Add(1)
				go func(c int) {
					defer wg.Done()
					for k := c; time.Now().Before(stop); k++ {
						if status, _, err := fetch(client, urls[k%len(urls)], token); err != nil || status >= 300 {
							b.Errorf("status %d %v", status, err)
							return
						}
						done.Add(1)
					}
				}(c)
			}
			wg.Wait()
		}
		el := time.Since(start)
		name := "tiles_per_s"
		if withAuth {
			name = "tiles_per_s_bearer"
		}
		m.ReportMetric(float64(done.Load())/el.Seconds(), name)
		if hits := s.tiles.Cache().Hits.Load() - hits0; hits < done.Load() {
			b.Errorf("%d hits for %d requests", hits, done.Load())
		}
		tr.CloseIdleConnections()
	}
}

// BenchmarkStaysOverCianjur renders the stays tiles z8–z10 over the middle
// of Cianjur for an analyst and reports their size and individual points
// (must be under 500 KB and 0).
func BenchmarkStaysOverCianjur(b *testing.B) { staysOverCianjur(b, dbtest.Bench(b), b) }

func staysOverCianjur(b *testing.B, db *dbtest.DB, m BenchMetrics) {
	svc := tiles.New(db.DB, nil, tiles.Options{CacheBytes: -1, Timeout: time.Minute})
	view := tiles.View{Individuals: true, K: 5}
	ls, err := tiles.ParseLayers("stays", view)
	if err != nil {
		b.Fatal(err)
	}
	for z := 8; z <= 10; z++ {
		tl := maptile.At(orb.Point{107.05, -6.9}, maptile.Zoom(z))
		var out []byte
		var took time.Duration
		for i := 0; i < b.N; i++ {
			start := time.Now()
			var err error
			if out, err = svc.Render(context.Background(), tiles.Request{Layers: ls, Tile: tl, Filter: geo.Filter{From: benchDay, To: benchDay}, View: view}); err != nil {
				b.Fatal(err)
			}
			took += time.Since(start)
		}
		m.ReportMetric(float64(len(out))/1024, fmt.Sprintf("z%d_KB", z))
		m.ReportMetric(float64(took.Microseconds())/1000/float64(b.N), fmt.Sprintf("z%d_ms", z))
		if len(out) > 500<<10 {
			b.Errorf("z%d stays tile is %d bytes", z, len(out))
		}
	}
}

// BenchmarkTileHandlerCached serves one cached tile through the tile
// routes in process (no network), to separate the handler's own cost from
// loopback HTTP in BenchmarkTilesCached.
func BenchmarkTileHandlerCached(b *testing.B) { tileHandlerCached(b, dbtest.Bench(b), b) }

func tileHandlerCached(b *testing.B, db *dbtest.DB, m BenchMetrics) {
	analyst := &geo.Principal{Role: geo.RoleAnalyst, Name: "bench"}
	s := New(Config{DB: db.DB, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return benchDay.Add(5 * time.Hour) }, RateLimit: -1})
	r := chi.NewRouter()
	r.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), analyst)))
		})
	})
	r.Route("/tiles", s.mountTiles)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.tiles.Listen(ctx)
	tl := maptile.At(orb.Point{107.05, -6.75}, 14)
	url := fmt.Sprintf("/tiles/%s/%d/%d/%d.mvt?at=%s", benchLayers, tl.Z, tl.X, tl.Y, benchDay.Format("2006-01-02"))
	for deadline := time.Now().Add(10 * time.Minute); s.tiles.Cache().Len() == 0; {
		r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", url, nil))
		if time.Now().After(deadline) {
			b.Fatal("tile never cached")
		}
	}
	// Fixed one-second rounds (make bench runs -benchtime 1x).
	var done atomic.Int64
	start := time.Now()
	for i := 0; i < b.N; i++ {
		var wg sync.WaitGroup
		stop := time.Now().Add(time.Second)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(stop) {
					w := httptest.NewRecorder()
					r.ServeHTTP(w, httptest.NewRequest("GET", url, nil))
					if w.Code != 200 || w.Header().Get("X-Cache") != "hit" {
						b.Errorf("status %d cache %s", w.Code, w.Header().Get("X-Cache"))
						return
					}
					done.Add(1)
				}
			}()
		}
		wg.Wait()
	}
	el := time.Since(start)
	m.ReportMetric(float64(done.Load())/el.Seconds(), "tiles_per_s")
}
