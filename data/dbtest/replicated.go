package dbtest

import (
	"context"
	"testing"
	"time"

	"pantau/data"
	"pantau/data/pgcluster"
)

// Pair is a private primary cluster, migrated, with one streaming replica
// of it (pgcluster.StartReplica), each in its own TempHome; both are stopped
// when the test ends.
type Pair struct {
	// Primary is the service's handle on the primary (application role),
	// with the test helpers (Admin, Token, LoadCianjur).
	Primary *DB
	Replica *pgcluster.Cluster
	// ReplicaDSN reaches the pantau database on the replica as the
	// application role.
	ReplicaDSN string
}

// Replicated starts a Pair; settings go to the primary's postgresql.conf
// (e.g. synchronous_standby_names).
func Replicated(tb testing.TB, settings map[string]string) *Pair {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	phome, rhome := TempHome(tb), TempHome(tb)
	db, err := data.Open(ctx, data.Config{Home: phome, Logger: quiet(), NoFsync: true})
	if err != nil {
		tb.Fatalf("primary: %v", err)
	}
	tb.Cleanup(db.Close)
	if len(settings) > 0 {
		// Settings are written at every start: restart with them.
		if err := db.Cluster.Stop(ctx); err != nil {
			tb.Fatal(err)
		}
		if _, err := pgcluster.Ensure(ctx, pgcluster.Config{Home: phome, Logger: quiet(), NoFsync: true, Settings: settings}); err != nil {
			tb.Fatal(err)
		}
	}
	rep, err := pgcluster.StartReplica(ctx, db.Cluster, pgcluster.Config{Home: rhome, Logger: quiet(), NoFsync: true})
	if err != nil {
		tb.Fatalf("replica: %v", err)
	}
	// Runs before TempHome's cleanup, which would otherwise start a
	// bootstrap on the standby.
	tb.Cleanup(func() { rep.Kill(context.Background()) })
	return &Pair{Primary: &DB{DB: db, Name: pgcluster.DBName, AppDSN: db.Cluster.ConnString(pgcluster.DBName, pgcluster.AppRole), Cluster: db.Cluster}, Replica: rep, ReplicaDSN: rep.ConnString(pgcluster.DBName, pgcluster.AppRole)}
}
