package alerting

import (
	"context"
	"time"

	"pantau/data"
)

// purgeWorker runs the retention purge once at start and then every
// Config.PurgeEvery until ctx ends.
func (s *Service) purgeWorker(ctx context.Context) {
	for {
		// One instance purges at a time (data.DB.Exclusive); the others skip.
		_, err := s.db.Exclusive(ctx, "retention purge", func(ctx context.Context) error {
			_, err := s.PurgeExpired(ctx)
			return err
		})
		if err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "retention purge failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(s.cfg.PurgeEvery):
		}
	}
}

// PurgeExpired deletes the stays that departed more than RetentionDays
// before today (WIB, by the server's clock) and their history, ends idle
// sessions, and records the purge in the audit log — also when it removed
// nothing, so the log shows the purge ran. It returns the stays removed.
func (s *Service) PurgeExpired(ctx context.Context) (int64, error) {
	if s.cfg.RetentionDays <= 0 {
		return 0, nil
	}
	now := s.now()
	cutoff := s.now.Today().AddDate(0, 0, -s.cfg.RetentionDays)
	n, err := s.db.PurgeStays(ctx, cutoff)
	outcome := "ok"
	params := map[string]any{"retention_days": s.cfg.RetentionDays, "departed_before": cutoff.Format("2006-01-02"), "stays_deleted": n}
	if err != nil {
		outcome = "error"
		params["error"] = err.Error()
	}
	if sn, serr := s.db.PurgeSessions(ctx, now); serr == nil {
		params["sessions_ended"] = sn
	}
	s.audit(ctx, data.AuditEntry{Actor: "system", Role: "system", Action: "retention.purge",
		Resource: "stays", Params: params, Outcome: outcome, ClientAddr: "local"})
	if err == nil {
		s.log.InfoContext(ctx, "retention purge", "stays_deleted", n, "departed_before", cutoff.Format("2006-01-02"))
	}
	return n, err
}

// audit writes e, bounded in time and also when ctx has ended; a failure
// is logged.
func (s *Service) audit(ctx context.Context, e data.AuditEntry) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := s.db.Audit(ctx, e); err != nil {
		s.log.ErrorContext(ctx, "audit log write failed", "err", err, "action", e.Action)
	}
}
