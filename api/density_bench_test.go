package api

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"pantau/data/dbtest"
	"pantau/geo"
)

// densityBench serves the density routes on loopback for principal p (no
// token lookup, so the benchmark never writes to the shared dataset).
func densityBench(b *testing.B, db *dbtest.DB, p *geo.Principal) string {
	s := New(Config{DB: db.DB, Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return benchDay.Add(5 * time.Hour) }, RateLimit: -1})
	r := chi.NewRouter()
	r.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), p)))
		})
	})
	r.Route("/api/v1", s.mountDensity)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: r}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// measure runs endpoint and bare SQL samples times each, alternating which
// goes first, and reports p50/p99 of both and the p50 ratio to m.
func measure(b *testing.B, m BenchMetrics, samples int, endpoint, bare func() error) {
	b.Helper()
	var ep, sq []time.Duration
	for range b.N {
		for i := range samples {
			run := func(f func() error, into *[]time.Duration) {
				start := time.Now()
				if err := f(); err != nil {
					b.Fatal(err)
				}
				*into = append(*into, time.Since(start))
			}
			if i%2 == 0 {
				run(endpoint, &ep)
				run(bare, &sq)
			} else {
				run(bare, &sq)
				run(endpoint, &ep)
			}
		}
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	m.ReportMetric(ms(pct(ep, 0.50)), "p50_ms")
	m.ReportMetric(ms(pct(ep, 0.99)), "p99_ms")
	m.ReportMetric(ms(pct(sq, 0.50)), "sql_p50_ms")
	m.ReportMetric(ms(pct(sq, 0.99)), "sql_p99_ms")
	m.ReportMetric(float64(pct(ep, 0.50))/float64(pct(sq, 0.50)), "ratio_p50")
}

func do(c *http.Client, method, url string, body []byte) error {
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != 200 {
		return &geo.Error{Code: geo.EINTERNAL, Message: method + " " + url + ": " + resp.Status}
	}
	return nil
}

// drain runs sql and reads every row, planned for its parameter values as
// the density queries are (an unnamed statement).
func drain(db *dbtest.DB, sql string, args ...any) func() error {
	args = append([]any{pgx.QueryExecModeDescribeExec}, args...)
	return func() error {
		rows, err := db.Pool.Query(context.Background(), sql, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			rows.RawValues()
		}
		rows.Close()
		return rows.Err()
	}
}

// benchPolygon is the benchmark polygon: a 1,000-vertex circle of about
// 20 km² around Cipanas's label point, as GeoJSON and as a parameter value.
func benchPolygon(b *testing.B, db *dbtest.DB) ([]byte, orb.MultiPolygon) {
	var js []byte
	var poly orb.Polygon
	if err := db.Pool.QueryRow(context.Background(), `SELECT ST_AsGeoJSON(g), g FROM (SELECT ST_Buffer(label_point::geography, 2523, 250)::geometry AS g
		FROM areas WHERE code = '32.03.28') x`).Scan(&js, &poly); err != nil {
		b.Fatal(err)
	}
	return js, orb.MultiPolygon{poly}
}

var benchAnalyst = &geo.Principal{Name: "bench", Role: geo.RoleAnalyst}

// BenchmarkDensityPolygon: POST /api/v1/density/polygon with a 1,000-vertex
// polygon of about 20 km² over Cipanas, as an analyst (exact figures), on
// the benchmark dataset's last day; beside the bare SQL of the same three
// functions (stays, desa, accommodations) run one after the other.
// Target p50 ≤ 30 ms, p99 ≤ 100 ms.
func BenchmarkDensityPolygon(b *testing.B) { densityPolygon(b, dbtest.Bench(b), b) }

func densityPolygon(b *testing.B, db *dbtest.DB, m BenchMetrics) {
	url := densityBench(b, db, benchAnalyst)
	poly, area := benchPolygon(b, db)
	day := geo.DateString(benchDay)
	c := &http.Client{}
	f := geo.Filter{From: benchDay, To: benchDay}
	args := append([]any{area}, f.SQLArgs()...)
	stays := drain(db, `SELECT * FROM pantau_polygon_stays($1, $2, $3, $4, $5, $6)`, args...)
	desa := drain(db, `SELECT * FROM pantau_polygon_desa($1)`, area)
	acc := drain(db, `SELECT * FROM pantau_polygon_accommodations($1)`, area)
	b.ResetTimer()
	measure(b, m, 60,
		func() error { return do(c, "POST", url+"/api/v1/density/polygon?at="+day, poly) },
		func() error {
			for _, f := range []func() error{stays, desa, acc} {
				if err := f(); err != nil {
					return err
				}
			}
			return nil
		})
}

// BenchmarkDensityPolygonViewer: the same polygon as a viewer (whole fixed
// 500 m cells, small counts suppressed), beside pantau_grid_breakdown.
func BenchmarkDensityPolygonViewer(b *testing.B) { densityPolygonViewer(b, dbtest.Bench(b), b) }

func densityPolygonViewer(b *testing.B, db *dbtest.DB, m BenchMetrics) {
	url := densityBench(b, db, &geo.Principal{Name: "bench", Role: geo.RoleViewer})
	poly, area := benchPolygon(b, db)
	day := geo.DateString(benchDay)
	c := &http.Client{}
	f := geo.Filter{From: benchDay, To: benchDay}
	args := append([]any{area}, f.SQLArgs()...)
	b.ResetTimer()
	measure(b, m, 30,
		func() error { return do(c, "POST", url+"/api/v1/density/polygon?at="+day, poly) },
		drain(db, `SELECT * FROM pantau_grid_breakdown('square', 500, $1, $2, $3, $4, $5, $6)`, args...))
}

// BenchmarkDensityAreas: GET /api/v1/density/areas?level=desa for one date
// (all 360 desa), beside SELECT * FROM pantau_area_figures. Target ≤ 50 ms.
func BenchmarkDensityAreas(b *testing.B) { densityAreas(b, dbtest.Bench(b), b) }

func densityAreas(b *testing.B, db *dbtest.DB, m BenchMetrics) { densityAreasWith(b, db, nil, m) }

// densityAreasWith is densityAreas with a status filter: ["present"]
// selects every stay as no filter does, but through the stays instead of
// the kept counts (desa_stay_counts) — the figures' cost without them.
func densityAreasWith(b *testing.B, db *dbtest.DB, status []string, m BenchMetrics) {
	url := densityBench(b, db, benchAnalyst)
	day := geo.DateString(benchDay)
	c := &http.Client{}
	f := geo.Filter{From: benchDay, To: benchDay, Status: status}
	query := ""
	if len(status) > 0 {
		query = "&status=" + strings.Join(status, ",")
	}
	b.ResetTimer()
	measure(b, m, 30,
		func() error { return do(c, "GET", url+"/api/v1/density/areas?level=desa&at="+day+query, nil) },
		drain(db, `SELECT * FROM pantau_area_figures('desa', $1, $2, $3, $4, $5)`, f.SQLArgs()...))
}

// BenchmarkDensityGridCipanas: GET /api/v1/density/grid with 250 m hexagons
// over the bounding box of kecamatan Cipanas, beside pantau_grid_figures.
// Target ≤ 100 ms.
func BenchmarkDensityGridCipanas(b *testing.B) { densityGridCipanas(b, dbtest.Bench(b), b) }

func densityGridCipanas(b *testing.B, db *dbtest.DB, m BenchMetrics) {
	url := densityBench(b, db, benchAnalyst)
	var bbox string
	if err := db.Pool.QueryRow(context.Background(), `SELECT concat_ws(',', ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom))
		FROM areas WHERE code = '32.03.28'`).Scan(&bbox); err != nil {
		b.Fatal(err)
	}
	g, err := geo.ParseGrid("hex", "250", bbox)
	if err != nil {
		b.Fatal(err)
	}
	day := geo.DateString(benchDay)
	c := &http.Client{}
	f := geo.Filter{From: benchDay, To: benchDay}
	args := append([]any{g.Bounds.ToPolygon()}, f.SQLArgs()...)
	b.ResetTimer()
	measure(b, m, 30,
		func() error {
			return do(c, "GET", url+"/api/v1/density/grid?shape=hex&cell=250&at="+day+"&bbox="+bbox, nil)
		},
		drain(db, `SELECT i, j, geom, present, overstays FROM pantau_grid_figures('hex', 250, $1, $2, $3, $4, $5, $6)`, args...))
}
