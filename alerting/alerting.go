// Package alerting runs the alert machinery around the rules the database
// evaluates (data/sql/alerts.sql: triggers write alerts and outbox rows in
// the writing transaction): the outbox wake-up (one LISTEN), the hub that
// reads the outbox once per wake-up for every SSE stream, webhook delivery
// with retries, the scheduled sweep (overstays, counts, fences that opened)
// and the retention purge. The HTTP handlers (alerts, the SSE stream,
// webhooks) live in package api and call this one.
package alerting

import (
	"context"
	"log/slog"
	"time"

	"pantau/data"
	"pantau/geo"
)

// Service holds the workers' shared state: one per server.
type Service struct {
	cfg Config
	db  *data.DB
	log *slog.Logger
	now geo.Clock
	// wake is fired on every outbox NOTIFY (alert stream, webhooks).
	wake *wake
	// hub reads the outbox once per wake-up for all alert streams.
	hub *hub
}

// New returns the alert service of db; a nil log is slog.Default, a nil
// clock time.Now.
func New(db *data.DB, cfg Config, log *slog.Logger, now geo.Clock) *Service {
	if log == nil {
		log = slog.Default()
	}
	if now == nil {
		now = time.Now
	}
	return &Service{cfg: cfg.withDefaults(), db: db, log: log, now: now, wake: newWake(), hub: newHub()}
}

// Config returns the configuration with its defaults filled in.
func (s *Service) Config() Config { return s.cfg }

// Workers returns the background workers, each to run until its context
// ends: the outbox listener, the stream hub, webhook delivery, the sweep
// and (when RetentionDays is positive) the retention purge.
func (s *Service) Workers() []func(context.Context) {
	ws := []func(context.Context){s.listenOutbox, s.runHub, s.deliverWebhooks, s.sweepAlerts}
	if s.cfg.RetentionDays > 0 {
		ws = append(ws, s.purgeWorker)
	}
	return ws
}

// Batch is the most events Events returns at once.
const Batch = 500

// Events returns up to Batch events with id > last — from the hub's memory
// when it holds them, from the outbox otherwise — and a channel closed when
// newer events may have arrived. The channel is taken before the read, so
// nothing committed in between is missed.
func (s *Service) Events(ctx context.Context, last int64) ([]data.OutboxEvent, <-chan struct{}, error) {
	more := s.hub.wait()
	if evs, ok := s.hub.after(last, Batch); ok {
		return evs, more, nil
	}
	evs, err := s.db.OutboxAfter(ctx, last, Batch)
	return evs, more, err
}
