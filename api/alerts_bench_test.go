package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"pantau/api"
)

// BenchmarkStayToSSELatency: with 1,000 active fences, the time from a
// single stay write (one INSERT through the application pool, as a POST
// commits it) to its alert arriving on an open SSE stream; p50 and p99,
// beside the bare write's own round trip (a stay outside every fence) in the
// same run.
func BenchmarkStayToSSELatency(b *testing.B) {
	ls := newLiveServer(b, api.AlertsConfig{})
	ctx := context.Background()
	if _, err := ls.DB.Pool.Exec(ctx, `
		INSERT INTO geofences (name, kind, geom, rules)
		SELECT 'bench ' || i, 'watch_zone',
		       ST_Multi(ST_Expand(ST_SetSRID(ST_Point(106.8 + random() * 0.65, -7.45 + random() * 0.85), 4326), 0.002)),
		       '[{"rule":"stay_started"},{"rule":"overstay"}]'
		FROM generate_series(1, 999) i;
		INSERT INTO geofences (name, kind, geom, center, radius_m, rules)
		VALUES ('target', 'restricted_zone', ST_Multi(ST_Buffer(ST_SetSRID(ST_Point(107.5, -6.5), 4326)::geography, 300)::geometry),
		        ST_SetSRID(ST_Point(107.5, -6.5), 4326), 300, '[{"rule":"stay_started"}]')`); err != nil {
		b.Fatal(err)
	}
	token := ls.DB.Token(b, "admin", "")
	ch, stop := openStream(b, ls.URL, token, "")
	defer stop()
	const samples = 200
	var lat, bare []time.Duration
	seq := 0
	insert := func(lon float64) (int64, time.Duration) {
		seq++
		var id int64
		start := time.Now()
		if err := ls.DB.Pool.QueryRow(ctx, `INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type,
			permit_expiry, arrival_date, geom)
			VALUES ($1, 'Synthetic', 'P', 'AUS', 'voa', current_date + 30, current_date, ST_SetSRID(ST_Point($2, -6.5), 4326))
			RETURNING id`, fmt.Sprintf("lat-%d", seq), lon).Scan(&id); err != nil {
			b.Fatal(err)
		}
		return id, time.Since(start)
	}
	b.ResetTimer()
	for range b.N {
		for range samples {
			_, d := insert(107.9) // outside every fence
			bare = append(bare, d)
			start := time.Now()
			id, _ := insert(107.5)
			for {
				var e sseEvent
				select {
				case e = <-ch:
				case <-time.After(10 * time.Second):
					b.Fatalf("no SSE event for stay %d", id)
				}
				var a struct {
					StayID int64 `json:"stay_id"`
				}
				json.Unmarshal([]byte(e.Data), &a)
				if a.StayID == id {
					break
				}
			}
			lat = append(lat, time.Since(start))
		}
	}
	b.StopTimer()
	pct := func(ds []time.Duration, p float64) float64 {
		s := slices.Clone(ds)
		slices.Sort(s)
		return float64(s[int(p*float64(len(s)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(lat, 0.5), "p50_ms")
	b.ReportMetric(pct(lat, 0.99), "p99_ms")
	b.ReportMetric(pct(bare, 0.5), "bare_insert_p50_ms")
	b.ReportMetric(pct(bare, 0.5)/pct(lat, 0.5), "ratio")
}
