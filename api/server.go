// Package api is Pantau's HTTP layer: the chi router, authentication and
// audit middleware, problem+json errors, handlers (the SSE alert stream and
// webhooks among them; their workers are package alerting) and the
// embedded web map.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pantau/alerting"
	"pantau/api/httpx"
	"pantau/data"
	"pantau/geo"
	"pantau/tiles"
)

// Config is what the server needs; main.go fills it from flags and env.
type Config struct {
	DB     *data.DB
	Logger *slog.Logger
	Now    geo.Clock
	// K is the small-count threshold: aggregate counts 1..K-1 are hidden
	// from roles that see aggregates only. Default 5.
	K int
	// RequestTimeout bounds ordinary (non-streaming) requests. Default 30s.
	RequestTimeout time.Duration
	// BasemapURL is an optional XYZ raster tile template the web map draws
	// under its layers (PANTAU_BASEMAP_URL); empty: a neutral background.
	BasemapURL string
	// PatrolStarts are the named start points of patrol plans; nil means
	// geo.DefaultPatrolStarts (approximate positions).
	PatrolStarts []geo.PatrolStart
	// Tiles tunes the vector tile service (cache size, query timeout,
	// features per tile); zero values take its defaults.
	Tiles tiles.Options
	// TrustProxy makes the server believe X-Forwarded-Proto (for the
	// cookie's Secure flag) and X-Forwarded-For (client address in the
	// audit log). Set it only behind a reverse proxy that overwrites them.
	TrustProxy bool
	// PublicURL is the scheme://host[:port] clients reach Pantau at, which
	// absolute links (OGC, TileJSON) are built on; empty: the request's
	// Host (and, with TrustProxy, X-Forwarded-Proto/-Host). `pantau serve`
	// sets it from --public-url or its listen address.
	PublicURL string
	// RateLimit is the sustained requests per second allowed per user,
	// token or (anonymous) client address; RateBurst the bucket size
	// (default 300). Zero or negative: no limit — the library default, so
	// tests and benchmarks are never throttled; `pantau serve` sets 50/s.
	// With a limit, logins are also limited per client address.
	RateLimit float64
	RateBurst int
	// MaxBodyBytes caps every request body (default 16 MiB);
	// MaxImportBytes caps bodies under /api/v1/imports (default 1 GiB).
	MaxBodyBytes, MaxImportBytes int64
	// ImportDB runs the imports, on a small pool of its own
	// (data.DB.ForImports), so uploads never take the connections other
	// requests need; nil: DB.
	ImportDB *data.DB
	// UploadStallTimeout is the longest an upload may send nothing before
	// it fails with 408 and its import rolls back (default 10s).
	UploadStallTimeout time.Duration
	// DrainBytes is how much of a refused upload is read and discarded so
	// the client gets the answer rather than a reset (default 64 MiB).
	DrainBytes int64
	// FailureWindow: unauthenticated failures of one client address are
	// written to the audit log at most once per window, with their count
	// (default 1 minute).
	FailureWindow time.Duration
	// Alerts tunes the SSE stream, webhook delivery, the alert sweep and
	// the retention purge (package alerting).
	Alerts alerting.Config
	// IndexUpkeepEvery: how often the GiST indexes of stays are checked
	// and rebuilt when grown (upkeep.go; default DefaultIndexUpkeepEvery,
	// negative: never).
	IndexUpkeepEvery time.Duration
}

// Server is Pantau's HTTP service.
type Server struct {
	cfg Config
	db  *data.DB
	// importDB runs imports (Config.ImportDB).
	importDB *data.DB
	log      *slog.Logger
	now      geo.Clock
	router   chi.Router
	// Metrics is exported so tests and main can inspect the registry.
	Metrics *Metrics
	// authenticators resolve a principal from a request without an
	// Authorization header (e.g. a session cookie); nil result = anonymous.
	authenticators []func(*http.Request) (*geo.Principal, error)
	// background workers started by Run and stopped with its context.
	workers              []func(context.Context)
	tiles                *tiles.Service
	limiter, authLimiter *httpx.RateLimiter
	cursorMu             sync.Mutex
	cursor               *StreamCursor // alert stream event ids (streamCursor)
	failures             failureLog
	// alerts runs the alert workers and feeds the SSE streams.
	alerts *alerting.Service
	// extent caches the loaded areas' extent for polygon validation.
	extent extentCache
}

// New builds the server and its routes.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.K <= 0 {
		cfg.K = 5
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 30 * time.Second
	}
	if cfg.RateBurst <= 0 {
		cfg.RateBurst = 300
	}
	if cfg.IndexUpkeepEvery == 0 {
		cfg.IndexUpkeepEvery = DefaultIndexUpkeepEvery
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 16 << 20
	}
	if cfg.MaxImportBytes <= 0 {
		cfg.MaxImportBytes = 1 << 30
	}
	if cfg.ImportDB == nil {
		cfg.ImportDB = cfg.DB
	}
	if cfg.UploadStallTimeout <= 0 {
		cfg.UploadStallTimeout = 10 * time.Second
	}
	if cfg.DrainBytes <= 0 {
		cfg.DrainBytes = 64 << 20
	}
	if cfg.FailureWindow <= 0 {
		cfg.FailureWindow = time.Minute
	}
	s := &Server{cfg: cfg, db: cfg.DB, importDB: cfg.ImportDB, log: cfg.Logger, now: cfg.Now,
		alerts: alerting.New(cfg.DB, cfg.Alerts, cfg.Logger, cfg.Now)}
	s.failures.window = cfg.FailureWindow
	if cfg.RateLimit > 0 {
		s.limiter = httpx.NewRateLimiter(cfg.RateLimit, cfg.RateBurst)
		s.authLimiter = httpx.NewRateLimiter(loginRate, loginBurst)
	}
	s.authenticators = append(s.authenticators, s.sessionAuthenticator)
	s.Metrics = newMetrics(func() *pgxpool.Pool {
		if s.db == nil {
			return nil
		}
		return s.db.Pool
	})
	s.router = s.routes()
	if s.db != nil {
		replicaMetrics(s.Metrics.Registry, s.db)
		s.workers = append(append(s.workers, s.alerts.Workers()...), s.failureFlush)
		if s.cfg.IndexUpkeepEvery >= 0 && s.db.AdminDSN != "" {
			s.workers = append(s.workers, s.indexUpkeep)
		}
	}
	return s
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.router.ServeHTTP(w, r) }

// Router exposes the chi router (the authorisation matrix test walks it).
func (s *Server) Router() chi.Router { return s.router }

// Serve serves HTTP on ln until ctx ends, then shuts down gracefully: no new
// connections, in-flight requests get up to 15 seconds.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Minute, // large imports; handlers bound their own work
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	wctx, stopWorkers := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWorkers()
	for _, w := range s.workers {
		go w(wctx)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	stopWorkers()
	if errors.Is(err, context.DeadlineExceeded) {
		srv.Close()
	}
	return err
}
