package data

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultMaxReplicaLag is how far behind the primary a streaming replica may
// be and still serve reads (--max-replica-lag).
const DefaultMaxReplicaLag = 5 * time.Second

// Replica is a PostgreSQL streaming replica (hot standby) of the primary
// that serves reads which tolerate a bounded delay: tiles, density, OGC and
// patrol reads (the API picks them with DB.Reader). Writes and reads that
// must see the caller's own write stay on the primary.
type Replica struct {
	// Name identifies the replica in metrics and logs: its host and port,
	// never its password.
	Name string
	db   *DB
	// lag is the last measured delay in nanoseconds (math.MaxInt64 when
	// unknown or unreachable); checked is the UnixNano of that measurement.
	lag, checked atomic.Int64
	checking     sync.Mutex
	// Served counts the reads this replica served.
	Served atomic.Int64
}

// replicaSet is the primary's list of replicas and its lag bound.
type replicaSet struct {
	list   []*Replica
	maxLag time.Duration
	// primaryServed counts the replica-eligible reads the primary served
	// (no replica configured or none fit).
	primaryServed atomic.Int64
}

// replicaLag measures a standby's delay. A standby whose WAL receiver is
// streaming and has replayed all it received is current (lag 0: an idle
// primary writes no WAL, so the last replayed transaction's age would grow
// without the replica falling behind); otherwise the lag is the age of the
// last replayed transaction. A server that is not in recovery (promoted)
// has no lag; a standby that has replayed nothing has unknown lag (-1).
const replicaLag = `SELECT CASE
	WHEN NOT pg_is_in_recovery() THEN 0
	WHEN EXISTS (SELECT FROM pg_stat_wal_receiver WHERE status = 'streaming')
	     AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
	WHEN pg_last_xact_replay_timestamp() IS NULL THEN -1
	ELSE greatest(extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 0)
	END::float8`

// AddReplicas connects a pool to each replica URL (same options as the
// primary's pool; no migrations: a replica replays the primary's schema)
// and routes eligible reads there while its lag stays within maxLag (0:
// DefaultMaxReplicaLag). A replica that cannot be reached now is kept and
// tried again on later reads.
func (db *DB) AddReplicas(ctx context.Context, urls []string, opts PoolOptions, maxLag time.Duration) error {
	if maxLag <= 0 {
		maxLag = DefaultMaxReplicaLag
	}
	set := &replicaSet{maxLag: maxLag}
	for _, u := range urls {
		rdb, err := Connect(ctx, u, opts)
		if err != nil {
			set.close()
			return fmt.Errorf("replica %s: %w", replicaName(u), err)
		}
		rdb.Log, rdb.Now, rdb.replica = db.Log, db.Now, true
		r := &Replica{Name: replicaName(u), db: rdb}
		r.lag.Store(math.MaxInt64)
		set.list = append(set.list, r)
	}
	db.replicas = set
	return nil
}

// Replicas lists the configured replicas.
func (db *DB) Replicas() []*Replica {
	if db.replicas == nil {
		return nil
	}
	return db.replicas.list
}

// PrimaryReads is the number of replica-eligible reads the primary served.
func (db *DB) PrimaryReads() int64 {
	if db.replicas == nil {
		return 0
	}
	return db.replicas.primaryServed.Load()
}

// Reader returns the handle a delay-tolerant read runs on: the
// least-lagging replica within the bound, else db itself (the primary).
// Each replica's lag is measured at most every lagCheckEvery, by the first
// read that finds the measurement old.
func (db *DB) Reader(ctx context.Context) *DB {
	set := db.replicas
	if set == nil {
		return db
	}
	var best *Replica
	for _, r := range set.list {
		lag := r.currentLag(ctx, set.maxLag)
		if lag <= set.maxLag && (best == nil || lag < time.Duration(best.lag.Load())) {
			best = r
		}
	}
	if best == nil {
		set.primaryServed.Add(1)
		return db
	}
	best.Served.Add(1)
	return best.db
}

// Lag returns the replica's last measured lag; ok is false when it is
// unknown (unreachable, nothing replayed yet).
func (r *Replica) Lag() (lag time.Duration, ok bool) {
	v := r.lag.Load()
	return time.Duration(v), v != math.MaxInt64
}

func (r *Replica) currentLag(ctx context.Context, maxLag time.Duration) time.Duration {
	every := min(time.Second, maxLag/4)
	if time.Since(time.Unix(0, r.checked.Load())) < every || !r.checking.TryLock() {
		return time.Duration(r.lag.Load())
	}
	defer r.checking.Unlock()
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	var secs float64
	lag := int64(math.MaxInt64)
	if err := r.db.Pool.QueryRow(ctx, replicaLag).Scan(&secs); err != nil {
		if r.lag.Load() != math.MaxInt64 { // logged once per outage
			r.db.Log.Warn("replica lag check failed; reads go elsewhere", "replica", r.Name, "err", err)
		}
	} else if secs >= 0 {
		lag = int64(secs * float64(time.Second))
	}
	r.lag.Store(lag)
	r.checked.Store(time.Now().UnixNano())
	return time.Duration(lag)
}

// ReplayLSN returns the WAL position a read on db has seen: on a replica the
// replayed position, on the primary the current one. The tile cache compares
// it with the position of the last invalidation so that a tile rendered on a
// replica that had not yet replayed a change is served but not cached.
const ReplayLSN = `(coalesce(pg_last_wal_replay_lsn(), pg_current_wal_lsn()) - '0/0'::pg_lsn)::int8`

// IsReplica reports whether db is a replica's handle (from Reader).
func (db *DB) IsReplica() bool { return db.replica }

func (s *replicaSet) close() {
	if s == nil {
		return
	}
	for _, r := range s.list {
		r.db.Close()
	}
}

// replicaName is host:port (or the socket directory) of a connection URL or
// keyword/value string, for logs and metrics.
func replicaName(dsn string) string {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		if u, uerr := url.Parse(dsn); uerr == nil {
			return u.Host
		}
		return "replica"
	}
	return strings.TrimSuffix(fmt.Sprintf("%s:%d", cfg.Host, cfg.Port), ":0")
}
