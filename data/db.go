// Package data is Pantau's PostgreSQL/PostGIS layer: the pool and its
// geometry codec, embedded migrations and the stores, on the private
// cluster of data/pgcluster (the default) or a DATABASE_URL. Imports live
// in package importer, the demo data in package demo.
package data

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pantau/data/pgcluster"
	"pantau/geo"
)

// Config says how to reach PostgreSQL.
type Config struct {
	URL              string        // DATABASE_URL; empty means the embedded cluster under Home
	Home             string        // PANTAU_HOME, default ./.pantau
	StatementTimeout time.Duration // per statement; default 30s
	MaxConns         int32         // default 4 × cores, at least 8
	Logger           *slog.Logger
	NoFsync          bool // embedded cluster only; tests
}

// DB is the service's handle on PostgreSQL.
type DB struct {
	Pool     *pgxpool.Pool
	Cluster  *pgcluster.Cluster // nil when DATABASE_URL is used
	AdminDSN string             // the role that owns the schema; runs migrations
	Log      *slog.Logger
	Now      geo.Clock
	// replicas serve delay-tolerant reads (replicas.go); replica marks a
	// replica's own handle.
	replicas *replicaSet
	replica  bool
}

// Open reaches the database named by cfg, starting or reusing the embedded
// cluster when cfg.URL is empty, applies pending migrations and opens the
// pool. With DATABASE_URL the pool switches to role pantau_app after
// connecting, so the audit log stays append-only there too.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	var appDSN, adminDSN, setRole string
	var cluster *pgcluster.Cluster
	if cfg.URL == "" {
		home := cfg.Home
		if home == "" {
			home = ".pantau"
		}
		var err error
		if cluster, err = pgcluster.Ensure(ctx, pgcluster.Config{Home: home, Logger: log, NoFsync: cfg.NoFsync}); err != nil {
			return nil, err
		}
		appDSN, adminDSN = cluster.ConnString(pgcluster.DBName, pgcluster.AppRole), cluster.ConnString(pgcluster.DBName, pgcluster.Superuser)
	} else {
		appDSN, adminDSN, setRole = cfg.URL, cfg.URL, pgcluster.AppRole
	}
	if err := MigrateDSN(ctx, adminDSN, log); err != nil {
		return nil, err
	}
	db, err := Connect(ctx, appDSN, PoolOptions{SetRole: setRole, StatementTimeout: cfg.StatementTimeout, MaxConns: cfg.MaxConns,
		MinConns: ServiceMinConns})
	if err != nil {
		return nil, err
	}
	db.Cluster, db.AdminDSN, db.Log = cluster, adminDSN, log
	return db, nil
}

// MigrateDSN connects to dsn and applies the embedded schema.
func MigrateDSN(ctx context.Context, dsn string, log *slog.Logger) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("connect for migrations: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	return Migrate(ctx, conn, EmbeddedSchema(), log)
}

// PoolOptions tune the connection pool.
type PoolOptions struct {
	SetRole          string
	StatementTimeout time.Duration
	MaxConns         int32
	// MinConns connections are kept open (and warm, see Connect) even when
	// idle; the service keeps ServiceMinConns.
	MinConns int32
}

// ServiceMinConns is the number of connections the service keeps open: a
// polygon's strips run on up to four at once (data/polygon.go).
const ServiceMinConns = 4

// Connect opens a pool on a migrated database. Every connection registers
// the geometry codec, has a statement timeout and runs with jit off (JIT
// costs milliseconds per tile or density query and buys nothing here). A
// new connection is warmed before use: the first PostGIS call of a server
// process loads the library and the first transformation PROJ's
// definitions, 10–100 ms that would otherwise fall on some request (the
// polygon benchmark's p99 was its first request on fresh connections).
func Connect(ctx context.Context, dsn string, opts PoolOptions) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("database address: %w", err)
	}
	if opts.StatementTimeout <= 0 {
		opts.StatementTimeout = 30 * time.Second
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	} else if cfg.MaxConns < 8 {
		cfg.MaxConns = 8
	}
	cfg.MinConns = min(opts.MinConns, cfg.MaxConns)
	rp := cfg.ConnConfig.RuntimeParams
	rp["statement_timeout"] = strconv.FormatInt(opts.StatementTimeout.Milliseconds(), 10)
	rp["jit"] = "off"
	rp["application_name"] = "pantau"
	rp["timezone"] = "UTC"
	cfg.ConnConfig.ConnectTimeout = 3 * time.Second
	cfg.HealthCheckPeriod = 5 * time.Second
	cfg.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
		if opts.SetRole != "" {
			if _, err := conn.Exec(ctx, "SET ROLE "+pgx.Identifier{opts.SetRole}.Sanitize()); err != nil {
				return fmt.Errorf("set role %s: %w", opts.SetRole, err)
			}
		}
		if err := RegisterGeometry(ctx, conn); err != nil {
			return err
		}
		for _, sql := range warmUp {
			if _, err := conn.Exec(ctx, sql); err != nil {
				return fmt.Errorf("warming a new connection: %w", err)
			}
		}
		return nil
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &DB{Pool: pool, Log: slog.Default()}, nil
}

// warmUp loads into a new server process PostGIS, the two projections the
// stays' generated columns and the tiles use, and the vector-tile encoder,
// and plans (without running) a selection of present stays, which loads
// the catalog entries of stays, its indexes and pantau_stays_matching. A
// z11 stays tile on the 10M benchmark set took 97–140 ms as a connection's
// first statement and 43 ms after; warmed so, 71–75 ms.
var warmUp = []string{
	`SELECT ST_X(ST_Transform(p, 3857)) + ST_X(ST_Transform(p, 32748)), length(ST_AsMVT(t))
	FROM (SELECT ST_SetSRID(ST_Point(107.0, -6.8), 4326) AS p) x,
	     (SELECT 1 AS id, ST_AsMVTGeom(ST_Hexagon(10, 1, 1, ST_SetSRID(ST_MakePoint(0, 0), 3857)), ST_TileEnvelope(11, 1632, 1062)) AS geom) t
	GROUP BY p`,
	`EXPLAIN SELECT count(*) FROM pantau_stays_matching(current_date, current_date, '{}', '{}', '{}') s
	WHERE s.geom_3857 && ST_TileEnvelope(11, 1632, 1062)`,
}

// Warm makes sure n connections are open (each warmed by Connect), as a
// running service has them; benchmarks call it before measuring.
func (db *DB) Warm(ctx context.Context, n int) error {
	conns := make([]*pgxpool.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Release()
		}
	}()
	for range n {
		c, err := db.Pool.Acquire(ctx)
		if err != nil {
			return err
		}
		conns = append(conns, c)
	}
	return nil
}

// Close closes the pool. The embedded cluster keeps running for the next
// pantau process; `pantau db stop` stops it.
func (db *DB) Close() { db.Pool.Close(); db.replicas.close() }

// Ready reports whether the database answers and every embedded migration
// has been applied.
func (db *DB) Ready(ctx context.Context) error {
	pending, err := Pending(ctx, db.Pool)
	if err != nil {
		return Classify(err)
	}
	if len(pending) > 0 {
		return geo.Errorf(geo.EUNAVAILABLE, "%d migrations pending (first %s)", len(pending), pending[0])
	}
	return nil
}

// InTx runs fn in a transaction, committing when fn returns nil.
func (db *DB) InTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return Classify(pgx.BeginFunc(ctx, db.Pool, fn))
}
