package data_test

import (
	"context"
	"testing"
	"time"

	"pantau/data/dbtest"
	"pantau/geo"
)

// TestAreaFiguresMatchIndependentCount checks pantau_area_figures against a
// plain ST_Contains count over the same rows, for every real desa.
func TestAreaFiguresMatchIndependentCount(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	ctx := context.Background()
	admin := db.Admin(t)
	// 5,000 stays at random points in the kabupaten, random periods.
	_, err := admin.Exec(ctx, `
		WITH pts AS (SELECT (ST_Dump(ST_GeneratePoints(geom, 5000, 42))).geom AS g FROM areas WHERE level = 'kabupaten'),
		     n AS (SELECT g, row_number() OVER () AS i FROM pts)
		INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, departure_date, geom, desa_code)
		SELECT 'S' || i, 'Test Person', 'P' || i, (ARRAY['SAU','ARE','KWT','CHN'])[1 + i % 4], (ARRAY['voa','itas'])[1 + i % 2],
		       DATE '2026-06-01' + (i % 40)::int, DATE '2026-06-01' + (i % 30)::int,
		       CASE WHEN i % 5 = 0 THEN NULL ELSE DATE '2026-06-01' + (i % 30)::int + (i % 11)::int END,
		       g, pantau_desa_for(g)
		FROM n`)
	if err != nil {
		t.Fatal(err)
	}
	f := geo.Filter{From: time.Date(2026, 6, 20, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 6, 20, 0, 0, 0, 0, time.UTC)}
	rows, err := db.Pool.Query(ctx, `SELECT code, present, overstays FROM pantau_area_figures('desa', $1, $2, $3, $4, $5)`, f.SQLArgs()...)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]int64{}
	var total int64
	for rows.Next() {
		var code string
		var present, over int64
		if err := rows.Scan(&code, &present, &over); err != nil {
			t.Fatal(err)
		}
		got[code] = [2]int64{present, over}
		total += present
	}
	if len(got) != 360 || total == 0 {
		t.Fatalf("%d desa, %d present", len(got), total)
	}
	// Independent count: ST_Contains per desa for stays inside exactly one
	// desa; stays in a gap or an overlap are checked against the documented
	// rule (lowest code of those covering it; else nearest within 100 m).
	_, err = admin.Exec(ctx, `CREATE TEMP TABLE present AS
		SELECT s.*, (SELECT count(*) FROM areas a WHERE a.level = 'desa' AND ST_Contains(a.geom, s.geom)) AS n_in
		FROM stays s WHERE s.arrival_date <= DATE '2026-06-20' AND (s.departure_date IS NULL OR s.departure_date >= DATE '2026-06-20')`)
	if err != nil {
		t.Fatal(err)
	}
	var badRule, odd int
	if err := admin.QueryRow(ctx, `SELECT count(*) FILTER (WHERE desa_code IS DISTINCT FROM coalesce(
			(SELECT min(a.code) FROM areas a WHERE a.level = 'desa' AND ST_Covers(a.geom, p.geom)),
			(SELECT a.code FROM areas a WHERE a.level = 'desa' AND ST_DWithin(a.geom::geography, p.geom::geography, 100)
			  ORDER BY ST_Distance(a.geom::geography, p.geom::geography), a.code LIMIT 1))),
		count(*) FROM present p WHERE n_in <> 1`).Scan(&badRule, &odd); err != nil {
		t.Fatal(err)
	}
	if badRule != 0 {
		t.Fatalf("%d of %d gap/overlap stays break the assignment rule", badRule, odd)
	}
	indep, err := admin.Query(ctx, `
		SELECT a.code,
		       count(p.id) FILTER (WHERE p.n_in = 1 AND ST_Contains(a.geom, p.geom) OR p.n_in <> 1 AND p.desa_code = a.code),
		       count(p.id) FILTER (WHERE (p.n_in = 1 AND ST_Contains(a.geom, p.geom) OR p.n_in <> 1 AND p.desa_code = a.code)
		                         AND p.permit_expiry < LEAST(DATE '2026-06-20', coalesce(p.departure_date, DATE '2026-06-20')))
		FROM areas a LEFT JOIN present p ON ST_DWithin(a.geom, p.geom, 0.002)
		WHERE a.level = 'desa' GROUP BY a.code`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for indep.Next() {
		var code string
		var present, over int64
		if err := indep.Scan(&code, &present, &over); err != nil {
			t.Fatal(err)
		}
		n++
		if got[code] != [2]int64{present, over} {
			t.Errorf("desa %s: figures %v, independent count %v", code, got[code], [2]int64{present, over})
		}
	}
	if err := indep.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 360 {
		t.Fatalf("independent count covered %d desa", n)
	}
	t.Logf("%d present stays, %d in a gap or overlap", total, odd)
}
