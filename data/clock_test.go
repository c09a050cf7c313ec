package data_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/data/dbtest"
)

// TestSQLBusinessTime: pantau_now() is now() unless the session sets
// pantau.now; pantau_today() is pantau_now()'s WIB date unless pantau.today
// is set; fence windows (start inclusive, end exclusive) follow pantau_now().
func TestSQLBusinessTime(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	var same bool
	if err := db.Pool.QueryRow(ctx, `SELECT pantau_now() = now()`).Scan(&same); err != nil || !same {
		t.Fatalf("pantau_now() without the setting: equal to now() %v, %v", same, err)
	}
	at := time.Date(2026, 7, 9, 17, 30, 0, 0, time.UTC) // 00:30 WIB on 10 July
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT set_config('pantau.now', $1, true)`, at.Format(time.RFC3339)); err != nil {
			return err
		}
		var now time.Time
		var today string
		var opened, notYet, ended bool
		if err := tx.QueryRow(ctx, `SELECT pantau_now(), pantau_today()::text,
			pantau_fence_active($1, NULL), pantau_fence_active($2, NULL), pantau_fence_active(NULL, $1)`,
			at, at.Add(time.Second)).Scan(&now, &today, &opened, &notYet, &ended); err != nil {
			return err
		}
		if !now.Equal(at) || today != "2026-07-10" || !opened || notYet || ended {
			t.Errorf("at %s: pantau_now %s, today %s, window opening now active %v, opening in a second active %v, ending now active %v",
				at, now, today, opened, notYet, ended)
		}
		if _, err := tx.Exec(ctx, `SELECT set_config('pantau.today', '2026-08-01', true)`); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT pantau_today()::text`).Scan(&today); err != nil {
			return err
		}
		if today != "2026-08-01" {
			t.Errorf("pantau.today set: pantau_today() %s", today)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
