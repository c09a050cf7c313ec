package data

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// PurgeStays deletes the stays that departed before cutoff (a calendar
// date: departure_date < cutoff), together with every stays_history
// version of them, in one transaction. Stays without a departure date are
// never purged. The audit log is not touched: the application role cannot
// delete from it, and it is kept at least a year.
func (db *DB) PurgeStays(ctx context.Context, cutoff time.Time) (int64, error) {
	var n int64
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `DELETE FROM stays WHERE departure_date < $1 RETURNING id`, cutoff)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		n = int64(len(ids))
		if n == 0 {
			return nil
		}
		_, err = tx.Exec(ctx, `DELETE FROM stays_history WHERE id = ANY($1)`, ids)
		return err
	})
	return n, err
}
