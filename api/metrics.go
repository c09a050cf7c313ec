package api

import (
	"net/http"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"pantau/api/httpx"
	"pantau/data"
)

// Metrics holds the server's Prometheus registry: request counts and
// latency (httpx.RequestMetrics), the Go runtime and the connection pool.
type Metrics struct {
	Registry *prometheus.Registry
	http     *httpx.RequestMetrics
	// The index upkeep (upkeep.go): rebuilds, each index's bytes per entry
	// against a fresh build's at the last check, and vacuums of stays.
	indexRebuilds *prometheus.CounterVec
	indexGrowth   *prometheus.GaugeVec
	staysVacuums  prometheus.Counter
}

func newMetrics(pool func() *pgxpool.Pool) *Metrics {
	m := &Metrics{Registry: prometheus.NewRegistry()}
	m.http = httpx.NewRequestMetrics(m.Registry)
	m.indexRebuilds = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "pantau_index_rebuilds_total", Help: "Indexes of stays rebuilt by the index upkeep (REINDEX CONCURRENTLY).",
	}, []string{"index"})
	m.indexGrowth = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "pantau_index_growth_ratio", Help: "An index's bytes per entry over a fresh build's, at the index upkeep's last check (before any rebuild).",
	}, []string{"index"})
	m.staysVacuums = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "pantau_stays_vacuums_total", Help: "Vacuums of stays with index cleanup by the index upkeep (pages not all-visible, or arrivals not yet vacuumed).",
	})
	m.Registry.MustRegister(m.indexRebuilds, m.indexGrowth, m.staysVacuums)
	m.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
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
