package tiles

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"

	"pantau/data"
)

// Channel is the NOTIFY channel of migration 0200.
const Channel = "pantau_tiles"

// Listen keeps the cache in step with the database until ctx ends: on a
// dedicated connection (data.DB.Listen) it LISTENs on Channel and, for each
// notification, reads the recorded changes and invalidates the tiles they
// touch. The cache stores tiles only while the listener is connected; on
// every (re)connect it is flushed, since changes made while disconnected
// were not seen. It also prunes tile_changes rows older than ten minutes.
func (s *Service) Listen(ctx context.Context) {
	defer s.cache.SetLive(false)
	var pruned time.Time
	s.db.Listen(ctx, Channel, data.Listener{
		Connected: func(ctx context.Context) {
			s.noteInvalidation(ctx)
			s.cache.Flush()
			s.cache.SetLive(true)
			s.log.Debug("tile invalidation listener connected")
		},
		Notify: func(ctx context.Context, payload string) {
			s.apply(ctx, payload)
			if time.Since(pruned) > time.Minute {
				pruned = time.Now()
				s.pruneChanges(ctx)
			}
		},
		Lost: func(err error, retry time.Duration) {
			s.cache.SetLive(false)
			s.cache.Flush()
			s.log.Warn("tile invalidation listener lost its connection; cache flushed and off until reconnected", "err", err, "retry_in", retry)
		},
	})
	s.cache.Flush()
}

// pruneChanges deletes the tile_changes rows every listener has read.
func (s *Service) pruneChanges(ctx context.Context) {
	if _, err := s.db.Pool.Exec(ctx, `DELETE FROM tile_changes WHERE at < now() - interval '10 minutes'`); err != nil {
		s.log.Warn("pruning tile_changes", "err", err)
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
