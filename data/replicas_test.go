package data_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/data"
	"pantau/data/dbtest"
	"pantau/data/pgcluster"
)

// TestReplicaReadsAndLag: reads go to a streaming replica while it keeps
// up, to the primary when its replay falls further behind than the bound
// or it is down, and back to the replica when it has caught up.
func TestReplicaReadsAndLag(t *testing.T) {
	p := dbtest.Replicated(t, nil)
	db := p.Primary.DB
	ctx := context.Background()
	const maxLag = 400 * time.Millisecond
	if err := db.AddReplicas(ctx, []string{p.ReplicaDSN}, data.PoolOptions{SetRole: pgcluster.AppRole}, maxLag); err != nil {
		t.Fatal(err)
	}
	admin, err := pgx.Connect(ctx, db.AdminDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `CREATE TABLE probe (n int); GRANT SELECT ON probe TO `+pgcluster.AppRole+`; INSERT INTO probe VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	inRecovery := func(h *data.DB) bool {
		var rec bool
		if err := h.Pool.QueryRow(ctx, `SELECT pg_is_in_recovery()`).Scan(&rec); err != nil {
			t.Fatal(err)
		}
		return rec
	}
	// waitReader polls Reader until it hands out the replica (want) or the
	// primary, failing after a minute (a replica resumed on a loaded
	// machine may take many seconds to replay what it received).
	waitReader := func(want bool) *data.DB {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		for {
			h := db.Reader(ctx)
			if h.IsReplica() == want {
				if inRecovery(h) != want {
					t.Fatalf("Reader gave IsReplica=%v but pg_is_in_recovery disagrees", want)
				}
				return h
			}
			if time.Now().After(deadline) {
				lag, ok := db.Replicas()[0].Lag()
				t.Fatalf("Reader never gave replica=%v (lag %v known %v)", want, lag, ok)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	h := waitReader(true)
	var n int
	if err := h.Pool.QueryRow(ctx, `SELECT count(*) FROM probe`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("replica sees %d probe rows (%v), want 1", n, err)
	}
	served, primary := db.Replicas()[0].Served.Load(), db.PrimaryReads()
	if served == 0 {
		t.Fatal("replica reads not counted")
	}

	// Replay paused on the replica: the primary writes on, the replica's
	// lag grows past the bound and reads go to the primary.
	rconn, err := pgx.Connect(ctx, p.Replica.ConnString(pgcluster.DBName, pgcluster.Superuser))
	if err != nil {
		t.Fatal(err)
	}
	defer rconn.Close(ctx)
	if _, err := rconn.Exec(ctx, `SELECT pg_wal_replay_pause()`); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() { // keep the primary writing so the replica falls behind
		for {
			select {
			case <-stop:
				done <- nil
				return
			case <-time.After(50 * time.Millisecond):
			}
			if _, err := admin.Exec(ctx, `INSERT INTO probe VALUES (2)`); err != nil {
				done <- err
				return
			}
		}
	}()
	waitReader(false)
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if db.PrimaryReads() <= primary {
		t.Fatal("primary reads not counted")
	}
	if _, err := rconn.Exec(ctx, `SELECT pg_wal_replay_resume()`); err != nil {
		t.Fatal(err)
	}
	h = waitReader(true)
	// Within the lag bound the replica may still be replaying the last
	// few commits (bounded staleness is the contract); it must then catch
	// up with every row the primary holds.
	var want, got int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM probe`).Scan(&want); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if err := h.Pool.QueryRow(ctx, `SELECT count(*) FROM probe`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got == want {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica never caught up: %d rows, primary %d", got, want)
		}
	}

	// The replica down: reads go to the primary.
	rconn.Close(ctx)
	if err := p.Replica.Kill(ctx); err != nil {
		t.Fatal(err)
	}
	waitReader(false)
}
