package data_test

import (
	"context"
	"testing"
	"time"

	"pantau/data"
	"pantau/data/dbtest"
)

// receive waits up to ten seconds for a value on ch.
func receive[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
	var zero T
	return zero
}

// TestListenReconnectsAndSaysSo: Listen delivers notifications; when its
// backend is terminated it reports the loss, connects again, says so
// (Connected, where callers re-read what they may have missed) and
// delivers the notifications sent after that; it ends with its context
// without reporting a loss.
func TestListenReconnectsAndSaysSo(t *testing.T) {
	db := dbtest.New(t)
	const channel = "pantau_listen_test"
	connected := make(chan struct{}, 4)
	notes := make(chan string, 16)
	lost := make(chan error, 4)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		db.Listen(ctx, channel, data.Listener{
			Connected: func(context.Context) { connected <- struct{}{} },
			Notify:    func(_ context.Context, payload string) { notes <- payload },
			Lost:      func(err error, _ time.Duration) { lost <- err },
		})
	}()
	admin := db.Admin(t)
	notify := func(payload string) {
		t.Helper()
		if _, err := admin.Exec(context.Background(), `SELECT pg_notify($1, $2)`, channel, payload); err != nil {
			t.Fatal(err)
		}
	}

	receive(t, connected, "the first connect")
	notify("one")
	if got := receive(t, notes, "the first notification"); got != "one" {
		t.Fatalf("first notification %q", got)
	}

	var n int
	if err := admin.QueryRow(context.Background(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND query = 'LISTEN "`+channel+`"'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("terminated %d listeners: %v", n, err)
	}
	if err := receive(t, lost, "the loss"); err == nil {
		t.Fatal("Lost was called without an error")
	}
	receive(t, connected, "the reconnect")
	notify("two")
	if got := receive(t, notes, "the notification after the reconnect"); got != "two" {
		t.Fatalf("notification after the reconnect %q", got)
	}

	cancel()
	receive(t, done, "Listen to return")
	if len(lost) != 0 || len(notes) != 0 || len(connected) != 0 {
		t.Fatalf("after the end: %d losses, %d notifications, %d connects", len(lost), len(notes), len(connected))
	}
}
