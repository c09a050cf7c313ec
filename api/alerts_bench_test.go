package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"pantau/alerting"
)

// BenchmarkStayToSSELatency: with 1,000 active fences, the time from a
// single stay POST (/api/v1/stays) to its alert arriving on an open SSE
// stream; p50 and p99, beside the bare POST's own round trip (a stay outside
// every fence) in the same run. The alert is matched by its longitude.
// tail_* is the part after the POST's own response (what delivery adds; 0
// when the event was already there), so p99 splits into the write and the
// delivery.
func BenchmarkStayToSSELatency(b *testing.B) {
	b.Run("streams=1", func(b *testing.B) { stayToSSELatency(b, 0) })
	b.Run("streams=50", func(b *testing.B) { stayToSSELatency(b, 49) })
}

// stayToSSELatency measures with one stream plus others more open streams
// (officers' maps) that receive every event too.
func stayToSSELatency(b *testing.B, others int) {
	ls := newLiveServer(b, alerting.Config{})
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
	for range others {
		other, stop := openStream(b, ls.URL, token, "")
		defer stop()
		go func() {
			for range other {
			}
		}()
	}
	const samples = 200
	var lat, bare, tail []time.Duration
	seq := 0
	// insert POSTs one stay to /api/v1/stays and returns its sequence
	// number and the round trip.
	insert := func(lon float64) (int64, time.Duration) {
		seq++
		body := fmt.Sprintf(`{"source_id":"lat-%d","full_name":"Synthetic Person","passport_no":"PX%06d","nationality":"AUS",
			"permit_type":"voa","permit_expiry":%q,"arrival_date":%q,"lat":-6.5,"lon":%g}`,
			seq, seq, time.Now().AddDate(0, 1, 0).Format(time.DateOnly), time.Now().Format(time.DateOnly), lon)
		req, err := http.NewRequest("POST", ls.URL+"/api/v1/stays", strings.NewReader(body))
		must(b, err)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		drainBody(b, resp.Body)
		resp.Body.Close()
		took := time.Since(start)
		if resp.StatusCode != 201 {
			b.Fatalf("POST /api/v1/stays: %d", resp.StatusCode)
		}
		return int64(seq), took
	}
	b.ResetTimer()
	for range b.N {
		for range samples {
			_, d := insert(107.9) // outside every fence
			bare = append(bare, d)
			start := time.Now()
			// Each stay gets its own longitude (0.1 m apart, all inside the
			// 300 m target fence), which identifies its alert on the stream.
			lon := 107.5 + float64(seq+1)*1e-6
			id, _ := insert(lon)
			answered := time.Now()
			for {
				var e sseEvent
				select {
				case e = <-ch:
				case <-time.After(10 * time.Second):
					b.Fatalf("no SSE event for stay %d", id)
				}
				var a struct {
					Lon float64 `json:"lon"`
				}
				must(b, json.Unmarshal([]byte(e.Data), &a))
				if math.Abs(a.Lon-lon) < 1e-9 {
					break
				}
			}
			got := time.Now()
			lat = append(lat, got.Sub(start))
			tail = append(tail, got.Sub(answered))
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
	b.ReportMetric(pct(bare, 0.5), "bare_post_p50_ms")
	b.ReportMetric(pct(bare, 0.99), "bare_post_p99_ms")
	b.ReportMetric(pct(tail, 0.5), "tail_p50_ms")
	b.ReportMetric(pct(tail, 0.99), "tail_p99_ms")
	b.ReportMetric(pct(bare, 0.5)/pct(lat, 0.5), "ratio")
}
