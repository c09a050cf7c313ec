package api_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"pantau/api"
	"pantau/data/dbtest"
)

// BenchmarkWebAsset measures GET of the map chunk (/app/main-HASH.js, gzip) through the whole
// router — request id, logging, metrics, rate limit, ETag — against the
// bare baseline of net/http serving the same gzip bytes from memory in the
// same run; ratio = pantau / baseline (lower is better, 1 = no overhead).
func BenchmarkWebAsset(b *testing.B) {
	db := dbtest.New(b)
	srv := api.New(api.Config{DB: db.DB, RateLimit: -1, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	page := httptest.NewRecorder()
	srv.ServeHTTP(page, httptest.NewRequest("GET", "/", nil))
	m := mapChunkRe.FindStringSubmatch(page.Body.String())
	if m == nil {
		b.Skip("web bundle not built (make web)")
	}
	get := func(h http.Handler) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", m[1], nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	first := get(srv)
	if first.Code != 200 {
		b.Skip("web bundle not built (make web)")
	}
	gz := first.Body.Bytes()
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		http.ServeContent(w, r, "main.js", time.Time{}, bytes.NewReader(gz))
	})
	// Interleaved, so both see the same machine load.
	var pantau, base time.Duration
	b.SetBytes(int64(len(gz)))
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		drainBody(b, get(srv).Body)
		pantau += time.Since(start)
		start = time.Now()
		drainBody(b, get(bare).Body)
		base += time.Since(start)
	}
	b.StopTimer()
	b.ReportMetric(float64(pantau.Nanoseconds())/float64(b.N), "ns/asset")
	b.ReportMetric(float64(base.Nanoseconds())/float64(b.N), "baseline-ns/asset")
	b.ReportMetric(float64(pantau)/float64(base), "ratio")
	b.ReportMetric(float64(len(gz))/1024, "gzip-KiB")
}
