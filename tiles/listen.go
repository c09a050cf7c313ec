package tiles

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"pantau/data"
)

// Channel is the NOTIFY channel of migration 0200.
const Channel = "pantau_tiles"

// Listen keeps the cache in step with the database until ctx ends: on a
// dedicated connection it LISTENs on Channel and, for each notification,
// reads the recorded changes and invalidates the tiles they touch. The cache
// stores tiles only while the listener is connected; on every (re)connect it
// is flushed, since changes made while disconnected were not seen. It also
// prunes tile_changes rows older than ten minutes.
func (s *Service) Listen(ctx context.Context) {
	backoff := 100 * time.Millisecond
	for {
		err := s.listenOnce(ctx)
		s.cache.SetLive(false)
		s.cache.Flush()
		if ctx.Err() != nil {
			return
		}
		s.log.Warn("tile invalidation listener lost its connection; cache flushed and off until reconnected", "err", err, "retry_in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

func (s *Service) listenOnce(ctx context.Context) error {
	pc, err := s.db.Pool.Acquire(ctx)
	if err != nil {
		return err
	}
	conn := pc.Hijack()
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return err
	}
	s.noteInvalidation(ctx)
	s.cache.Flush()
	s.cache.SetLive(true)
	s.log.Debug("tile invalidation listener connected")
	lastPrune := time.Time{}
	for {
		wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, context.DeadlineExceeded) || wctx.Err() != nil && err != nil:
			// Quiet period: make sure the connection is still alive.
			if err := conn.Ping(ctx); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			s.apply(ctx, n.Payload)
		}
		if time.Since(lastPrune) > time.Minute {
			lastPrune = time.Now()
			if _, err := s.db.Pool.Exec(ctx, `DELETE FROM tile_changes WHERE at < now() - interval '10 minutes'`); err != nil {
				s.log.Warn("pruning tile_changes", "err", err)
			}
		}
	}
}

// apply handles one notification payload: "flush", or "<first> <last>" ids
// of tile_changes rows. When the rows cannot be read the cache is flushed.
func (s *Service) apply(ctx context.Context, payload string) {
	s.noteInvalidation(ctx)
	lo, hi, ok := strings.Cut(payload, " ")
	a, err1 := strconv.ParseInt(lo, 10, 64)
	b, err2 := strconv.ParseInt(hi, 10, 64)
	if payload == "flush" || !ok || err1 != nil || err2 != nil {
		s.cache.Flush()
		return
	}
	rows, err := s.db.Pool.Query(ctx, `SELECT layer, minx, miny, maxx, maxy FROM tile_changes WHERE id BETWEEN $1 AND $2`, a, b)
	if err != nil {
		s.log.Warn("reading tile_changes; flushing the tile cache", "err", err)
		s.cache.Flush()
		return
	}
	defer rows.Close()
	for rows.Next() {
		var layer string
		var box Box
		if err := rows.Scan(&layer, &box.MinX, &box.MinY, &box.MaxX, &box.MaxY); err != nil {
			s.cache.Flush()
			return
		}
		s.cache.Invalidate(layer, box)
	}
	if rows.Err() != nil {
		s.cache.Flush()
	}
}

// noteInvalidation records the primary's WAL position before the cache
// drops tiles, when reads may go to replicas (see Service.render): a render
// on a replica that has not replayed this far may predate the change. When
// the position cannot be read, no replica render is cached until it can.
func (s *Service) noteInvalidation(ctx context.Context) {
	if len(s.db.Replicas()) == 0 {
		return
	}
	var lsn int64
	if err := s.db.Pool.QueryRow(ctx, `SELECT `+data.ReplayLSN).Scan(&lsn); err != nil {
		s.log.Warn("reading the primary's WAL position; replica tiles are not cached", "err", err)
		lsn = math.MaxInt64
	}
	s.invalidatedLSN.Store(lsn)
}
