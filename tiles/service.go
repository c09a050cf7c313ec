package tiles

import (
	"bytes"
	"compress/gzip"
	"context"
	"log/slog"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/cespare/xxhash/v2"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/singleflight"

	"pantau/data"
	"pantau/geo"
)

// Options tune the tile service; zero values take the defaults.
type Options struct {
	CacheBytes  int64         // cache bound; default 64 MiB; negative disables the cache
	Timeout     time.Duration // per-tile query timeout; default 10 s (then ETIMEOUT → 503)
	MaxFeatures int           // features per layer per tile; default 20,000
}

func (o Options) withDefaults() Options {
	if o.CacheBytes == 0 {
		o.CacheBytes = 64 << 20
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.MaxFeatures <= 0 {
		o.MaxFeatures = 20000
	}
	return o
}

// Service renders and caches tiles.
type Service struct {
	db    *data.DB
	log   *slog.Logger
	opts  Options
	cache *Cache
	group singleflight.Group
	// invalidatedLSN is the primary's WAL position (data.ReplayLSN) when
	// the last invalidation was applied; a tile rendered on a replica that
	// had replayed less is served but not cached (replica.go).
	invalidatedLSN atomic.Int64
	// RenderedApart counts the tiles rendered one statement per layer.
	RenderedApart atomic.Int64
}

// New returns a tile service over db. Its cache stores nothing until Listen
// has connected (see Cache).
func New(db *data.DB, log *slog.Logger, opts Options) *Service {
	if log == nil {
		log = slog.Default()
	}
	opts = opts.withDefaults()
	return &Service{db: db, log: log, opts: opts, cache: NewCache(opts.CacheBytes)}
}

// Cache exposes the service's cache (metrics, tests).
func (s *Service) Cache() *Cache { return s.cache }

// Options returns the effective options.
func (s *Service) Options() Options { return s.opts }

// Tile returns the tile for req from the cache or renders it; hit says which.
// Concurrent misses for the same key share one render.
func (s *Service) Tile(ctx context.Context, req Request) (e *Entry, hit bool, err error) {
	key := req.Key()
	if e, ok := s.cache.Get(key); ok {
		return e, true, nil
	}
	v, err, _ := s.group.Do(key, func() (any, error) {
		gen := s.cache.Generation()
		// The render is shared by every caller waiting for this key, so one
		// caller going away does not cancel it; Render's timeout bounds it.
		b, fresh, err := s.render(context.WithoutCancel(ctx), req)
		if err != nil {
			return nil, err
		}
		e := NewEntry(b)
		if !fresh {
			return e, nil
		}
		if s.cache.Storing() {
			// Cached tiles are served many times: encode gzip once now.
			e.Gzip = Gzip(e.Data)
		}
		s.cache.Put(key, req, e, gen)
		return e, nil
	})
	if err != nil {
		return nil, false, err
	}
	return v.(*Entry), false, nil
}

// Render runs the request's SQL with the service's timeout, bypassing the
// cache. A timeout is ETIMEOUT, an unreachable database EUNAVAILABLE.
func (s *Service) Render(ctx context.Context, req Request) ([]byte, error) {
	b, _, err := s.render(ctx, req)
	return b, err
}

// render runs the request's SQL on the primary or a fit replica
// (data.DB.Reader); fresh is false when a replica rendered it before
// replaying the last invalidation the cache applied.
//
// A tile of several layers is rendered one statement per layer, side by
// side on as many connections, while fewer connections are in use than the
// machine has cores (the pool has 4 per core, data.PoolOptions): one
// statement computes its layers one after the other, so a z10 tile of desa
// and stays took the sum of both (at 1,000,000 stays 27 + 86 ms), and apart
// it takes the longer. The bytes are the same: a tile is its layers'
// encodings one after the other, which is what the single statement
// concatenates. Apart, the layers may read different snapshots; a write
// committed between them is followed by its invalidation, as for any
// render. When the pool is busier (many tiles at once, the cores already
// working) the single statement keeps a tile to one connection.
func (s *Service) render(ctx context.Context, req Request) ([]byte, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	db := s.db.Reader(ctx)
	layers := req.inZoom()
	if len(layers) < 2 || busy(db) {
		return s.renderSQL(ctx, db, req)
	}
	s.RenderedApart.Add(1)
	parts := make([][]byte, len(layers))
	fresh := make([]bool, len(layers))
	g, gctx := errgroup.WithContext(ctx)
	for i, l := range layers {
		one := req
		one.Layers = []*Layer{l}
		g.Go(func() (err error) {
			parts[i], fresh[i], err = s.renderSQL(gctx, db, one)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, false, err
	}
	return bytes.Join(parts, nil), !slices.Contains(fresh, false), nil
}

// busy reports whether a quarter or more of the pool's connections are in
// use: then a tile keeps to one connection. (Pool.Stat takes the pool's
// lock and copies its counters; a tile of one layer never asks.)
func busy(db *data.DB) bool {
	st := db.Pool.Stat()
	return st.AcquiredConns() >= st.MaxConns()/4
}

// renderSQL runs the request as one statement on db.
func (s *Service) renderSQL(ctx context.Context, db *data.DB, req Request) (b []byte, fresh bool, err error) {
	sql, args := req.SQL(s.opts.MaxFeatures)
	if args == nil {
		return nil, true, nil
	}
	fresh = true
	if db.IsReplica() {
		var lsn int64
		err = db.Pool.QueryRow(ctx, `SELECT (`+sql+`), `+data.ReplayLSN, append([]any{data.CustomPlan}, args...)...).Scan(&b, &lsn)
		fresh = lsn >= s.invalidatedLSN.Load()
	} else {
		err = db.Pool.QueryRow(ctx, sql, append([]any{data.CustomPlan}, args...)...).Scan(&b)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, geo.RTileTimeout.Errorf("The tile took longer than %s to render; try again.", s.opts.Timeout)
		}
		return nil, false, data.Classify(err)
	}
	return b, fresh, nil
}

// NewEntry wraps rendered bytes with their ETag: a 64-bit xxHash of the
// bytes, plus their length (stable across processes and replicas). Gzip is
// left nil; the service fills it for tiles it caches.
func NewEntry(b []byte) *Entry {
	return &Entry{Data: b, ETag: `"` + strconv.FormatUint(xxhash.Sum64(b), 36) + "-" + strconv.Itoa(len(b)) + `"`}
}

// Gzip returns b gzip-encoded at the fastest level (nil for no bytes).
func Gzip(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}
