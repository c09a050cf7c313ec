package alerting

import (
	"context"
	"time"
)

// sweepAlerts is the scheduler: at start-up and every SweepEvery (at least
// daily) it runs the database sweep for today's date by the server's clock
// (geo.Clock, injectable): overstays of present stays inside fences, whose
// permits expire with no write to trigger them, and count_above rules, whose
// counts fall as stays end by the calendar.
func (s *Service) sweepAlerts(ctx context.Context) {
	t := time.NewTicker(s.cfg.SweepEvery)
	defer t.Stop()
	for {
		today := s.now.Today()
		// One instance sweeps at a time (data.DB.Exclusive); the others skip.
		var n int
		_, err := s.db.Exclusive(ctx, "alert sweep", func(ctx context.Context) (err error) {
			n, err = s.db.Sweep(ctx, today)
			return err
		})
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			s.log.Warn("alert sweep failed", "err", err)
		} else if n > 0 {
			s.log.Info("alert sweep", "date", today.Format(time.DateOnly), "new_alerts", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
