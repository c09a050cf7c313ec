package data

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// sqlClock is the business time a transaction runs at. The alert rules and
// the sweep read the time through pantau_now() and pantau_today()
// (data/sql/alerts.sql): the database's clock, unless the transaction fixes
// it with the settings pantau.now (an instant) and pantau.today (a WIB
// calendar date; without it, the WIB date of pantau_now()). A zero field
// leaves its setting alone. Delivery leases, retries and row timestamps
// (created_at, updated_at) always use the database's own clock.
type sqlClock struct{ now, today time.Time }

// inTxAt runs fn in a transaction at clock c, so the triggers and rules it
// sets off evaluate for the caller's clock.
func (db *DB) inTxAt(ctx context.Context, c sqlClock, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		var now, today string // '' is "not set" to pantau_now() and pantau_today()
		if !c.now.IsZero() {
			now = c.now.UTC().Format("2006-01-02 15:04:05.999999Z07:00")
		}
		if !c.today.IsZero() {
			today = c.today.Format(time.DateOnly)
		}
		if now != "" || today != "" {
			if _, err := tx.Exec(ctx, `SELECT set_config('pantau.now', $1, true), set_config('pantau.today', $2, true)`, now, today); err != nil {
				return err
			}
		}
		return fn(tx)
	})
}
