package data

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/geo"
)

// Webhook is a subscriber that receives every outbox event as a signed POST.
// The secret is write-only: it is never read back through the API.
type Webhook struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	URL        string    `json:"url"`
	Secret     string    `json:"-"`
	Active     bool      `json:"active"`
	ExpiryDays int       `json:"expiry_days"`
	CreatedBy  string    `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

const webhookColumns = `id, coalesce(name, ''), url, secret, active, expiry_days, coalesce(created_by, ''), created_at, updated_at`

func scanWebhook(row pgx.Row) (Webhook, error) {
	var w Webhook
	err := row.Scan(&w.ID, &w.Name, &w.URL, &w.Secret, &w.Active, &w.ExpiryDays, &w.CreatedBy, &w.CreatedAt, &w.UpdatedAt)
	return w, err
}

// ValidateWebhook checks url, secret and expiry.
func ValidateWebhook(w *Webhook) error {
	u, err := url.Parse(w.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return geo.RWebhookInvalid.FieldErrorf("url", "url must be an absolute http(s) URL")
	}
	if len(w.Secret) < 16 {
		return geo.RWebhookInvalid.FieldErrorf("secret", "secret must be at least 16 characters")
	}
	if w.ExpiryDays == 0 {
		w.ExpiryDays = 3
	}
	if w.ExpiryDays < 1 || w.ExpiryDays > 30 {
		return geo.RWebhookInvalid.FieldErrorf("expiry_days", "expiry_days must be between 1 and 30")
	}
	return nil
}

// CreateWebhook stores w. It receives events written after its creation.
func (db *DB) CreateWebhook(ctx context.Context, w Webhook) (Webhook, error) {
	if err := ValidateWebhook(&w); err != nil {
		return w, err
	}
	out, err := scanWebhook(db.Pool.QueryRow(ctx, `INSERT INTO webhooks (name, url, secret, active, expiry_days, created_by)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING `+webhookColumns, w.Name, w.URL, w.Secret, w.Active, w.ExpiryDays, w.CreatedBy))
	return out, Classify(err)
}

// UpdateWebhook replaces webhook id's fields; an empty Secret keeps the old one.
func (db *DB) UpdateWebhook(ctx context.Context, id int64, w Webhook) (Webhook, error) {
	keep := w.Secret == ""
	if keep {
		w.Secret = "0123456789abcdef" // passes validation; not stored
	}
	if err := ValidateWebhook(&w); err != nil {
		return w, err
	}
	out, err := scanWebhook(db.Pool.QueryRow(ctx, `UPDATE webhooks SET name = $2, url = $3,
		secret = CASE WHEN $4 THEN secret ELSE $5 END, active = $6, expiry_days = $7, updated_at = now()
		WHERE id = $1 RETURNING `+webhookColumns, id, w.Name, w.URL, keep, w.Secret, w.Active, w.ExpiryDays))
	if errors.Is(err, pgx.ErrNoRows) {
		return out, geo.RWebhookNotFound.Errorf("No webhook %d.", id)
	}
	return out, Classify(err)
}

// GetWebhook returns webhook id.
func (db *DB) GetWebhook(ctx context.Context, id int64) (Webhook, error) {
	w, err := scanWebhook(db.Pool.QueryRow(ctx, `SELECT `+webhookColumns+` FROM webhooks WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return w, geo.RWebhookNotFound.Errorf("No webhook %d.", id)
	}
	return w, Classify(err)
}

// ListWebhooks returns every webhook by id.
func (db *DB) ListWebhooks(ctx context.Context) ([]Webhook, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+webhookColumns+` FROM webhooks ORDER BY id`)
	if err != nil {
		return nil, Classify(err)
	}
	ws, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Webhook, error) { return scanWebhook(r) })
	return ws, Classify(err)
}

// DeleteWebhook deletes webhook id and its pending deliveries.
func (db *DB) DeleteWebhook(ctx context.Context, id int64) error {
	tag, err := db.Pool.Exec(ctx, `DELETE FROM webhooks WHERE id = $1`, id)
	if err != nil {
		return Classify(err)
	}
	if tag.RowsAffected() == 0 {
		return geo.RWebhookNotFound.Errorf("No webhook %d.", id)
	}
	return nil
}

// Delivery is one outbox event owed to one webhook, with its attempts.
type Delivery struct {
	ID            int64             `json:"id"`
	WebhookID     int64             `json:"webhook_id"`
	OutboxID      int64             `json:"event_id"`
	Topic         string            `json:"topic"`
	Key           string            `json:"idempotency_key"`
	Status        string            `json:"status"` // pending, delivered, expired
	AttemptCount  int               `json:"attempts"`
	NextAttemptAt *time.Time        `json:"next_attempt_at,omitempty"`
	DeliveredAt   *time.Time        `json:"delivered_at,omitempty"`
	ExpiresAt     time.Time         `json:"expires_at"`
	LastStatus    *int              `json:"last_status,omitempty"`
	LastError     *string           `json:"last_error,omitempty"`
	Attempts      []DeliveryAttempt `json:"attempt_log,omitempty"`
	Payload       json.RawMessage   `json:"-"`
	URL           string            `json:"-"`
	Secret        string            `json:"-"`
}

// DeliveryAttempt is one POST of a delivery.
type DeliveryAttempt struct {
	At         time.Time `json:"at"`
	Status     *int      `json:"status,omitempty"`
	Error      *string   `json:"error,omitempty"`
	DurationMS int       `json:"duration_ms"`
}

// ListDeliveries returns webhook id's deliveries, newest first, with their
// attempts; status filters ("pending", "delivered", "expired"; "" = all).
func (db *DB) ListDeliveries(ctx context.Context, webhookID int64, status string, limit int) ([]Delivery, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	rows, err := db.Pool.Query(ctx, `SELECT d.id, d.webhook_id, d.outbox_id, o.topic, coalesce(o.payload->>'idempotency_key', ''),
		  CASE WHEN d.delivered_at IS NOT NULL THEN 'delivered' WHEN d.expires_at <= now() THEN 'expired' ELSE 'pending' END,
		  d.attempts, CASE WHEN d.delivered_at IS NULL AND d.expires_at > now() THEN d.next_attempt_at END,
		  d.delivered_at, d.expires_at, d.last_status, d.last_error,
		  coalesce((SELECT jsonb_agg(jsonb_build_object('at', a.at, 'status', a.status, 'error', a.error, 'duration_ms', a.duration_ms) ORDER BY a.id)
		            FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]')
		FROM webhook_deliveries d JOIN outbox o ON o.id = d.outbox_id
		WHERE d.webhook_id = $1
		  AND ($2 = '' OR $2 = CASE WHEN d.delivered_at IS NOT NULL THEN 'delivered' WHEN d.expires_at <= now() THEN 'expired' ELSE 'pending' END)
		ORDER BY d.id DESC LIMIT $3`, webhookID, status, limit)
	if err != nil {
		return nil, Classify(err)
	}
	ds, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Delivery, error) {
		var d Delivery
		var attempts []byte
		err := r.Scan(&d.ID, &d.WebhookID, &d.OutboxID, &d.Topic, &d.Key, &d.Status, &d.AttemptCount, &d.NextAttemptAt,
			&d.DeliveredAt, &d.ExpiresAt, &d.LastStatus, &d.LastError, &attempts)
		if err == nil {
			err = json.Unmarshal(attempts, &d.Attempts)
		}
		return d, err
	})
	return ds, Classify(err)
}

// ClaimDeliveries leases up to limit due deliveries for lease: their
// next_attempt_at moves lease ahead, so a crashed worker's claims come due
// again by themselves. Concurrent workers skip each other's rows.
func (db *DB) ClaimDeliveries(ctx context.Context, limit int, lease time.Duration) ([]Delivery, error) {
	rows, err := db.Pool.Query(ctx, `WITH due AS (
		  SELECT d.id FROM webhook_deliveries d
		  WHERE d.delivered_at IS NULL AND d.next_attempt_at <= now() AND d.expires_at > now()
		  ORDER BY d.next_attempt_at, d.id LIMIT $1 FOR UPDATE SKIP LOCKED)
		UPDATE webhook_deliveries d SET next_attempt_at = now() + $2::interval
		FROM due, outbox o, webhooks w
		WHERE d.id = due.id AND o.id = d.outbox_id AND w.id = d.webhook_id
		RETURNING d.id, d.webhook_id, d.outbox_id, o.topic, coalesce(o.payload->>'idempotency_key', ''), d.attempts,
		          d.expires_at, o.payload, w.url, w.secret`, limit, lease)
	if err != nil {
		return nil, Classify(err)
	}
	ds, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Delivery, error) {
		var d Delivery
		err := r.Scan(&d.ID, &d.WebhookID, &d.OutboxID, &d.Topic, &d.Key, &d.AttemptCount, &d.ExpiresAt, &d.Payload, &d.URL, &d.Secret)
		return d, err
	})
	return ds, Classify(err)
}

// RecordAttempt stores the outcome of one POST: delivered when ok, else the
// next attempt after backoff.
func (db *DB) RecordAttempt(ctx context.Context, id int64, ok bool, status int, errText string, took, backoff time.Duration) error {
	var st *int
	if status != 0 {
		st = &status
	}
	var et *string
	if errText != "" {
		et = &errText
	}
	_, err := db.Pool.Exec(ctx, `WITH a AS (
		  INSERT INTO webhook_attempts (delivery_id, status, error, duration_ms) VALUES ($1, $3, $4, $5))
		UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $3, last_error = $4,
		  delivered_at = CASE WHEN $2 THEN now() END,
		  next_attempt_at = now() + $6::interval
		WHERE id = $1`, id, ok, st, et, int(took.Milliseconds()), backoff)
	return Classify(err)
}
