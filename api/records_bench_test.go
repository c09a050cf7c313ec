package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"pantau/api"
	"pantau/data/dbtest"
)

// BenchmarkPostStay: latency of POST /api/v1/stays with one stay (JSON,
// validated, desa assigned, audited) over loopback HTTP, beside the bare SQL
// baseline — one INSERT of the same row with pantau_desa_for — in the same
// run. Reports p50/p95 in ms and x_sql = POST p50 ÷ INSERT p50.
func BenchmarkPostStay(b *testing.B) {
	db := dbtest.New(b)
	db.LoadCianjur(b)
	postStay(b, db, b)
}

// postStay measures BenchmarkPostStay's figures on db, reporting to m, and
// deletes the stays it wrote (and their history) afterwards, so it can run
// on the shared benchmark datasets.
func postStay(b *testing.B, db *dbtest.DB, m api.BenchMetrics) {
	admin := db.Admin(b)
	defer deleteStays(b, admin, `source_id LIKE 'bench-%' OR source_id LIKE 'sql-%'`)
	srv := httptest.NewServer(api.New(api.Config{DB: db.DB, RateLimit: -1}))
	defer srv.Close()
	token := db.Token(b, "admin", "")
	ctx := context.Background()
	const per = 200
	var post, sql []time.Duration
	b.ResetTimer()
	for i := range b.N * per {
		body := fmt.Sprintf(`{"source_id":"bench-%d","full_name":"Bench Person","passport_no":"BP%07d","nationality":"SAU",
			"permit_type":"voa","permit_expiry":"2026-12-30","arrival_date":"2026-11-30","lat":-6.7128,"lon":107.005}`, i, i)
		req, err := http.NewRequest("POST", srv.URL+"/api/v1/stays", strings.NewReader(body))
		must(b, err)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		t0 := time.Now()
		resp, err := srv.Client().Do(req)
		if err != nil || resp.StatusCode != http.StatusCreated {
			b.Fatalf("POST: %v %v", resp.Status, err)
		}
		resp.Body.Close()
		post = append(post, time.Since(t0))
		t0 = time.Now()
		if _, err := db.Pool.Exec(ctx, `INSERT INTO stays (source, source_id, full_name, passport_no, nationality, permit_type,
			permit_expiry, arrival_date, geom, desa_code)
			SELECT 'sql', $1, 'Bench Person', $2, 'SAU', 'voa', DATE '2026-12-30', DATE '2026-11-30', g, pantau_desa_for(g)
			FROM (SELECT ST_SetSRID(ST_MakePoint(107.005, -6.7128), 4326) AS g) x`, fmt.Sprint("sql-", i), fmt.Sprintf("SQ%07d", i)); err != nil {
			b.Fatal(err)
		}
		sql = append(sql, time.Since(t0))
	}
	b.StopTimer()
	p := func(d []time.Duration, q float64) float64 {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return float64(d[int(q*float64(len(d)-1))].Microseconds()) / 1000
	}
	m.ReportMetric(p(post, 0.5), "p50_ms")
	m.ReportMetric(p(post, 0.95), "p95_ms")
	m.ReportMetric(p(sql, 0.5), "sql_p50_ms")
	m.ReportMetric(p(post, 0.5)/p(sql, 0.5), "x_sql")
}
