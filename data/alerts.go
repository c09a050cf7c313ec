package data

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/geo"
)

// Alert states.
const (
	AlertOpen         = "open"
	AlertAcknowledged = "acknowledged"
	AlertResolved     = "resolved"
)

// AlertQuery filters ListAlerts. Zero values select everything.
type AlertQuery struct {
	State      []string
	Rule       []string
	GeofenceID int64
	StayID     int64
	From, To   *time.Time // created_at in [From, To)
	Scope      string     // area code prefix (officers' assigned area); "" = all
	BeforeID   int64      // keyset pagination, newest first: alerts with id < BeforeID
	Limit      int        // default 100, at most 1000
}

// ListAlerts returns alerts newest first, each as the JSON of
// pantau_alert_json — the same document the SSE stream and webhooks carry.
func (db *DB) ListAlerts(ctx context.Context, q AlertQuery) ([]json.RawMessage, error) {
	if q.Limit <= 0 {
		q.Limit = 100
	}
	q.Limit = min(q.Limit, 1000)
	if q.State == nil {
		q.State = []string{}
	}
	if q.Rule == nil {
		q.Rule = []string{}
	}
	rows, err := db.Pool.Query(ctx, `SELECT pantau_alert_json(a) FROM alerts a
		WHERE (cardinality($1::text[]) = 0 OR a.state = ANY ($1))
		  AND (cardinality($2::text[]) = 0 OR a.rule = ANY ($2))
		  AND ($3 = 0 OR a.geofence_id = $3)
		  AND ($4 = 0 OR a.stay_id = $4)
		  AND ($5::timestamptz IS NULL OR a.created_at >= $5)
		  AND ($6::timestamptz IS NULL OR a.created_at < $6)
		  AND ($7 = '' OR a.desa_code = $7 OR a.desa_code LIKE $7 || '.%')
		  AND ($8 = 0 OR a.id < $8)
		ORDER BY a.id DESC LIMIT $9`,
		q.State, q.Rule, q.GeofenceID, q.StayID, q.From, q.To, q.Scope, q.BeforeID, q.Limit)
	if err != nil {
		return nil, Classify(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[json.RawMessage])
	return out, Classify(err)
}

// GetAlert returns one alert's JSON and its desa code (for scope checks).
func (db *DB) GetAlert(ctx context.Context, id int64) (json.RawMessage, string, error) {
	var doc json.RawMessage
	var desa string
	err := db.Pool.QueryRow(ctx, `SELECT pantau_alert_json(a), coalesce(a.desa_code, '') FROM alerts a WHERE a.id = $1`, id).Scan(&doc, &desa)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, "", geo.RAlertNotFound.Errorf("No alert %d.", id)
	}
	return doc, desa, Classify(err)
}

// SetAlertState moves alert id to state (acknowledged or resolved) on
// behalf of actor, recording who and when, and writes an outbox row
// ("alert.acknowledged" / "alert.resolved") in the same transaction.
// open → acknowledged → resolved; resolving an open alert acknowledges it
// too. Anything else (acknowledging twice, reopening) is ECONFLICT.
func (db *DB) SetAlertState(ctx context.Context, id int64, state, actor string) (json.RawMessage, error) {
	var doc json.RawMessage
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		var cur string
		if err := tx.QueryRow(ctx, `SELECT state FROM alerts WHERE id = $1 FOR UPDATE`, id).Scan(&cur); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return geo.RAlertNotFound.Errorf("No alert %d.", id)
			}
			return err
		}
		switch {
		case state == AlertAcknowledged && cur == AlertOpen:
			if _, err := tx.Exec(ctx, `UPDATE alerts SET state = 'acknowledged', acknowledged_by = $2, acknowledged_at = now() WHERE id = $1`, id, actor); err != nil {
				return err
			}
		case state == AlertResolved && cur != AlertResolved:
			if _, err := tx.Exec(ctx, `UPDATE alerts SET state = 'resolved', resolved_by = $2, resolved_at = now(),
				acknowledged_by = coalesce(acknowledged_by, $2), acknowledged_at = coalesce(acknowledged_at, now()) WHERE id = $1`, id, actor); err != nil {
				return err
			}
		default:
			return geo.RAlertBadTransition.Errorf("Alert %d is %s; it cannot become %s.", id, cur, state)
		}
		err := tx.QueryRow(ctx, `INSERT INTO outbox (topic, alert_id, payload)
			SELECT 'alert.' || a.state, a.id, pantau_alert_json(a) FROM alerts a WHERE a.id = $1 AND pantau_outbox_lock()
			RETURNING payload`, id).Scan(&doc)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `SELECT pg_notify('pantau_outbox', '')`)
		return err
	})
	return doc, err
}
