package api_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"pantau/api"
	"pantau/data/dbtest"
)

// BenchmarkPatrolPlanHTTP: POST /api/v1/patrols/plan for the top 200 desa
// hotspots and 5 teams over the real 360 desa with 30,000 SQL-generated
// stays (figures, ranking, planning, GeoJSON), beside the bare SQL that
// produces the hotspot inputs (pantau_patrol_desa) timed in the same run.
// Target: plan_ms ≤ 200 (the geo benchmark times the planning alone).
func BenchmarkPatrolPlanHTTP(b *testing.B) {
	db := dbtest.New(b)
	db.LoadCianjur(b)
	ctx := context.Background()
	_, err := db.Admin(b).Exec(ctx, `
		WITH pts AS (SELECT (ST_Dump(ST_GeneratePoints(geom, 32000, 5))).geom AS g FROM areas WHERE level = 'kabupaten'),
		n AS (SELECT g, row_number() OVER () AS i FROM pts),
		acc AS (INSERT INTO accommodations (source_id, name, kind, apoa_registered, geom, desa_code)
		        SELECT 'A' || i, 'Villa ' || i, 'villa', i % 3 <> 0, g, pantau_desa_for(g) FROM n WHERE i > 30000)
		INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, departure_date, geom, desa_code)
		SELECT 'S' || i, 'Synthetic Person', 'XP' || i, 'SAU', 'voa', DATE '2026-06-01' + (i % 40)::int,
		       DATE '2026-05-01' + (i % 50)::int, DATE '2026-06-15' + (i % 20)::int, g, pantau_desa_for(g)
		FROM n WHERE i <= 30000`)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Admin(b).Exec(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	benchPatrolPlan(b, db, patrolDay, 200, b)
}

// BenchmarkPatrolPlanHTTP1M: the same request over the shared benchmark
// dataset (1,000,000 stays, 50,000 accommodations; dbtest.Bench) as of
// 2026-11-30, beside the bare hotspot SQL of the same run.
func BenchmarkPatrolPlanHTTP1M(b *testing.B) {
	db := dbtest.Bench(b)
	benchPatrolPlan(b, db, dbtest.BenchUntil, 200, b)
}

// benchPatrolPlan times POST /api/v1/patrols/plan (top 200 desa, 5 teams)
// and the bare SQL of its hotspot inputs, as of day, reporting to m. The
// plan must have from minStops to 200 stops (small datasets have fewer
// hotspots than 200).
func benchPatrolPlan(b *testing.B, db *dbtest.DB, day time.Time, minStops int, m api.BenchMetrics) {
	ctx := context.Background()
	srv := httptest.NewServer(api.New(api.Config{DB: db.DB, RateLimit: -1, Now: func() time.Time { return day }}))
	defer srv.Close()
	tok := db.Token(b, "analyst", "")
	body := `{"teams": 5, "start": "kanim-cianjur", "hotspots": {"top": 200}}`
	post := func() {
		req, err := http.NewRequest("POST", srv.URL+"/api/v1/patrols/plan", strings.NewReader(body))
		must(b, err)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := srv.Client().Do(req)
		if err != nil {
			b.Fatal(err)
		}
		out, err := io.ReadAll(resp.Body)
		must(b, err)
		resp.Body.Close()
		if stops := strings.Count(string(out), `"kind":"stop"`); resp.StatusCode != 200 || stops < minStops || stops > 200 {
			b.Fatalf("status %d, %d stops", resp.StatusCode, strings.Count(string(out), `"kind":"stop"`))
		}
	}
	bareSQL := func() {
		var n, sum int64
		if err := db.Pool.QueryRow(ctx, `SELECT count(*), sum(present + overstays + unregistered + open_alerts + present_before + ST_X(pt)::int)
			FROM pantau_patrol_desa($1, $1, '{}', '{}')`, day).Scan(&n, &sum); err != nil || n != 360 {
			b.Fatalf("bare SQL: %d %v", n, err)
		}
	}
	post() // warm the pool and caches
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		post()
	}
	b.StopTimer()
	planMs := dbtest.MedianMs(9, post)
	sqlMs := dbtest.MedianMs(9, bareSQL)
	m.ReportMetric(planMs, "plan_ms")
	m.ReportMetric(sqlMs, "bare_sql_ms")
	m.ReportMetric(planMs/sqlMs, "x_sql")
}
