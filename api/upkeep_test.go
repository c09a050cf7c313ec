package api_test

import (
	"context"
	"net"
	"testing"
	"time"

	"pantau/api"
	"pantau/data/dbtest"
)

// TestIndexUpkeepWorker: a served instance checks the GiST indexes of
// stays at start, rebuilds the one that has grown (here stays_open_idx,
// after 30,000 arrivals among its 5,000 stays that were removed again)
// and reports it in its metrics.
func TestIndexUpkeepWorker(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	ctx := context.Background()
	admin := db.Admin(t)
	for _, sql := range []string{
		`WITH d AS (SELECT label_point, code, row_number() OVER (ORDER BY code) AS k FROM areas WHERE level = 'desa')
		 INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, arrival_date, departure_date, geom, desa_code)
		 SELECT 'W' || i, 'Synthetic Person', 'XW' || i, 'SAU', 'voa', DATE '2026-01-01' + i % 300,
		        CASE WHEN i % 2 = 0 THEN DATE '2026-11-01' END, d.label_point, d.code
		 FROM generate_series(1, 10000) i JOIN d ON d.k = 1 + i % 360`,
		`REINDEX TABLE stays`,
		// 30,000 arrivals among the 5,000 open stays, gone again.
		`INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, arrival_date, geom, desa_code)
		 SELECT 'T' || i || '-' || id, full_name, passport_no, nationality, permit_type, arrival_date, geom, desa_code
		 FROM stays, generate_series(1, 6) i WHERE departure_date IS NULL`,
		`DELETE FROM stays WHERE source_id LIKE 'T%'`,
		`VACUUM ANALYZE stays`,
	} {
		if _, err := admin.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	var before int64
	if err := admin.QueryRow(ctx, `SELECT pg_relation_size('stays_open_idx')`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithCancel(ctx)
	srv := api.New(api.Config{DB: db.DB, RateLimit: -1, IndexUpkeepEvery: time.Hour})
	done := make(chan struct{})
	go func() { srv.Serve(sctx, ln); close(done) }()
	defer func() { cancel(); <-done }()

	deadline := time.Now().Add(60 * time.Second)
	for {
		rebuilt, growth := 0.0, map[string]float64{}
		mfs, err := srv.Metrics.Registry.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, mf := range mfs {
			for _, m := range mf.GetMetric() {
				index := ""
				for _, l := range m.GetLabel() {
					if l.GetName() == "index" {
						index = l.GetValue()
					}
				}
				switch mf.GetName() {
				case "pantau_index_rebuilds_total":
					if index == "stays_open_idx" {
						rebuilt = m.GetCounter().GetValue()
					}
				case "pantau_index_growth_ratio":
					growth[index] = m.GetGauge().GetValue()
				}
			}
		}
		if rebuilt == 1 {
			if g := growth["stays_open_idx"]; g < 1.5 {
				t.Errorf("stays_open_idx rebuilt at %.1f times a fresh build's bytes per entry", g)
			}
			for _, name := range []string{"stays_period_cover_idx", "stays_geom_period_cover_idx"} {
				if _, ok := growth[name]; !ok {
					t.Errorf("%s not checked: %v", name, growth)
				}
			}
			t.Logf("bytes per entry over a fresh build's: %v", growth)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stays_open_idx not rebuilt within a minute (rebuilds %v, growth %v)", rebuilt, growth)
		}
		time.Sleep(100 * time.Millisecond)
	}
	var after int64
	if err := admin.QueryRow(ctx, `SELECT pg_relation_size('stays_open_idx')`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	t.Logf("stays_open_idx: %d → %d bytes", before, after)
	if after*3 > before*2 {
		t.Fatalf("stays_open_idx %d bytes after the rebuild, %d before", after, before)
	}
}
