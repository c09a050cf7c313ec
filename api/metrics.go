package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"pantau/data"
)

// Metrics holds the server's Prometheus registry and instruments.
type Metrics struct {
	Registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(pool func() *pgxpool.Pool) *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pantau_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "pantau_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
	}
	m.Registry.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	gauge := func(name, help string, f func(*pgxpool.Stat) float64) {
		m.Registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
			if p := pool(); p != nil {
				return f(p.Stat())
			}
			return 0
		}))
	}
	gauge("pantau_db_pool_total_conns", "Connections in the pool.", func(s *pgxpool.Stat) float64 { return float64(s.TotalConns()) })
	gauge("pantau_db_pool_acquired_conns", "Connections in use.", func(s *pgxpool.Stat) float64 { return float64(s.AcquiredConns()) })
	gauge("pantau_db_pool_idle_conns", "Idle connections.", func(s *pgxpool.Stat) float64 { return float64(s.IdleConns()) })
	gauge("pantau_db_pool_max_conns", "Maximum pool size.", func(s *pgxpool.Stat) float64 { return float64(s.MaxConns()) })
	m.Registry.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
		Name: "pantau_db_pool_acquire_total", Help: "Connection acquisitions.",
	}, func() float64 {
		if p := pool(); p != nil {
			return float64(p.Stat().AcquireCount())
		}
		return 0
	}))
	return m
}

func (m *Metrics) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		route := routePattern(r)
		m.requests.WithLabelValues(route, r.Method, strconv.Itoa(ww.Status())).Inc()
		m.duration.WithLabelValues(route, r.Method).Observe(time.Since(start).Seconds())
	})
}

func (m *Metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
}

// replicaMetrics exports which server served the delay-tolerant reads
// (data.DB.Reader): pantau_db_reads_total{served_by="primary"} and one
// series per replica (host:port), and each replica's last measured lag
// (-1: unknown or unreachable, so skipped).
func replicaMetrics(reg *prometheus.Registry, db *data.DB) {
	reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
		Name: "pantau_db_reads_total", Help: "Tile, density, OGC and patrol reads by the server that served them.",
		ConstLabels: prometheus.Labels{"served_by": "primary"},
	}, func() float64 { return float64(db.PrimaryReads()) }))
	for _, r := range db.Replicas() {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "pantau_db_reads_total", Help: "Tile, density, OGC and patrol reads by the server that served them.",
			ConstLabels: prometheus.Labels{"served_by": r.Name},
		}, func() float64 { return float64(r.Served.Load()) }))
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "pantau_db_replica_lag_seconds", Help: "Last measured replay lag of a replica; -1 when unknown.",
			ConstLabels: prometheus.Labels{"replica": r.Name},
		}, func() float64 {
			if lag, ok := r.Lag(); ok {
				return lag.Seconds()
			}
			return -1
		}))
	}
}
