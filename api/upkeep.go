package api

import (
	"context"
	"time"
)

// DefaultIndexUpkeepEvery is how often the index upkeep runs by default.
const DefaultIndexUpkeepEvery = time.Hour

// indexUpkeep runs the index upkeep (data.DB.UpkeepIndexes) at start and
// then every Config.IndexUpkeepEvery until ctx ends; with several instances
// one of them runs each round (data.DB.Exclusive).
func (s *Server) indexUpkeep(ctx context.Context) {
	for {
		_, err := s.db.Exclusive(ctx, "index upkeep", func(ctx context.Context) error {
			up, err := s.db.UpkeepIndexes(ctx, 0)
			if up.Vacuumed {
				s.Metrics.staysVacuums.Inc()
			}
			for _, c := range up.Indexes {
				s.Metrics.indexGrowth.WithLabelValues(c.Index).Set(c.EntryBytes / c.FreshEntryBytes)
				if c.Rebuilt {
					s.Metrics.indexRebuilds.WithLabelValues(c.Index).Inc()
				}
			}
			return err
		})
		if err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "index upkeep failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(s.cfg.IndexUpkeepEvery):
		}
	}
}
