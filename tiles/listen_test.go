package tiles_test

import (
	"context"
	"testing"
	"time"

	"pantau/tiles"
)

// waitFor polls cond for up to ten seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// TestListenerInvalidatesAndRecovers: the listener drops a tile when a stay
// is written inside it (another tile stays cached); when its connection is
// killed the cache is flushed and refuses tiles until it has reconnected.
func TestListenerInvalidatesAndRecovers(t *testing.T) {
	db := seed(t, 200)
	svc := tiles.New(db.DB, nil, tiles.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { svc.Listen(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	c := svc.Cache()
	waitFor(t, "the listener", c.Storing)

	ls := layers(t, "stays", analyst)
	near := tiles.Request{Layers: ls, Tile: tileAt(107.05, -6.75, 15), Filter: dayFilter(), View: analyst}
	far := tiles.Request{Layers: ls, Tile: tileAt(107.3, -7.3, 15), Filter: dayFilter(), View: analyst}
	for _, r := range []tiles.Request{near, far} {
		if _, _, err := svc.Tile(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if c.Len() != 2 {
		t.Fatalf("%d tiles cached", c.Len())
	}
	admin := db.Admin(t)
	if _, err := admin.Exec(ctx, `INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, arrival_date, geom)
		VALUES ('L1', 'Synthetic', 'P', 'NLD', 'voa', DATE '2026-06-19', ST_SetSRID(ST_MakePoint(107.05, -6.75), 4326))`); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the near tile to be dropped", func() bool { _, ok := c.Get(near.Key()); return !ok })
	if _, ok := c.Get(far.Key()); !ok {
		t.Fatal("the far tile was dropped too")
	}

	var n int
	if err := admin.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND query = 'LISTEN "`+tiles.Channel+`"'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("terminated %d listeners: %v", n, err)
	}
	waitFor(t, "the flush", func() bool { return c.Len() == 0 })
	waitFor(t, "the reconnect", c.Storing)
	if _, _, err := svc.Tile(ctx, far); err != nil || c.Len() != 1 {
		t.Fatalf("after reconnect: %d cached, %v", c.Len(), err)
	}
}
