package alerting

import (
	"context"
	"time"

	"pantau/geo"
)

// sweepAlerts is the scheduler: at start-up and every SweepEvery (at least
// daily) it runs the database sweep as of the server's clock (geo.Clock,
// injectable; the sweep's SQL reads it as pantau.now): fences that opened,
// overstays of present stays inside fences, whose permits expire with no
// write to trigger them, and count_above rules, whose counts fall as stays
// end by the calendar.
func (s *Service) sweepAlerts(ctx context.Context) {
	t := time.NewTicker(s.cfg.SweepEvery)
	defer t.Stop()
	for {
		at := s.now()
		// One instance sweeps at a time (data.DB.Exclusive); the others skip.
		var n int
		_, err := s.db.Exclusive(ctx, "alert sweep", func(ctx context.Context) (err error) {
			n, err = s.db.Sweep(ctx, at)
			return err
		})
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			s.log.Warn("alert sweep failed", "err", err)
		} else if n > 0 {
			s.log.Info("alert sweep", "date", at.In(geo.Jakarta).Format(time.DateOnly), "new_alerts", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
