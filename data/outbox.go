package data

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"
)

// OutboxChannel is the LISTEN/NOTIFY channel the alert triggers notify on
// commit when they write outbox rows.
const OutboxChannel = "pantau_outbox"

// OutboxEvent is one outbox row. ID is the SSE event id; ids become visible
// in increasing order (0400_alerts.sql takes a lock before drawing them), so
// "every event after ID n" has no gaps.
type OutboxEvent struct {
	ID        int64
	Topic     string // "alert", "alert.acknowledged", "alert.resolved"
	AlertID   int64
	DesaCode  string
	Payload   json.RawMessage
	CreatedAt time.Time
}

// OutboxAfter returns up to limit events with id > after, in id order.
func (db *DB) OutboxAfter(ctx context.Context, after int64, limit int) ([]OutboxEvent, error) {
	rows, err := db.Pool.Query(ctx, `SELECT id, topic, coalesce(alert_id, 0), coalesce(payload->>'desa_code', ''), payload, created_at
		FROM outbox WHERE id > $1 ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, Classify(err)
	}
	evs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (OutboxEvent, error) {
		var e OutboxEvent
		err := r.Scan(&e.ID, &e.Topic, &e.AlertID, &e.DesaCode, &e.Payload, &e.CreatedAt)
		return e, err
	})
	return evs, Classify(err)
}

// OutboxHead returns the largest outbox id (0 when empty).
func (db *DB) OutboxHead(ctx context.Context) (int64, error) {
	var id int64
	err := db.Pool.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM outbox`).Scan(&id)
	return id, Classify(err)
}

// OutboxRetention is how long outbox events (and their webhook deliveries
// and attempts) are kept: longer than the longest webhook expiry (30 days).
// An SSE client resuming from an older event id gets what is left.
const OutboxRetention = 31 * 24 * time.Hour

// Sweep runs the scheduler's pass as of at (pantau.now, so fence windows
// and today's WIB date are the caller's clock): fences that opened since the
// last sweep are evaluated, overstays of present stays inside fences and
// every count_above rule, then outbox events older than OutboxRetention are
// dropped. It returns the number of new alerts.
func (db *DB) Sweep(ctx context.Context, at time.Time) (int, error) {
	var n int
	err := db.inTxAt(ctx, sqlClock{now: at}, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT pantau_sweep(pantau_today())`).Scan(&n)
	})
	if err != nil {
		return 0, Classify(err)
	}
	_, err = db.Pool.Exec(ctx, `DELETE FROM outbox WHERE created_at < now() - $1::interval`, OutboxRetention)
	return n, Classify(err)
}

// AlertStreamKey returns the key of the alert stream's event cursors
// (migration 1002).
func (db *DB) AlertStreamKey(ctx context.Context) ([]byte, error) {
	var k []byte
	err := db.Pool.QueryRow(ctx, `SELECT key FROM pantau_keys WHERE name = 'alert_stream'`).Scan(&k)
	return k, Classify(err)
}
