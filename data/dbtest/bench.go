package dbtest

import (
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/data"
	"pantau/data/pgcluster"
	"pantau/demo"
)

// BenchVersion names the benchmark dataset; bump it when the generator or
// the loading changes so every process builds the new one.
const BenchVersion = "v1"

// BenchUntil is the last day of the benchmark dataset's stays (fixed, so
// benchmarks can use fixed "as of" dates: 2026-11-30 is a good one).
var BenchUntil = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

// BenchSize returns the number of stays and accommodations of the benchmark
// dataset: 1,000,000 and 50,000, or PANTAU_BENCH_STAYS stays and a
// twentieth as many accommodations.
func BenchSize() (stays, accommodations int) {
	stays = 1_000_000
	if v, err := strconv.Atoi(os.Getenv("PANTAU_BENCH_STAYS")); err == nil && v > 0 {
		stays = v
	}
	return stays, max(50, stays/20)
}

// Bench returns the shared benchmark dataset: the real 360 desa, 32
// kecamatan and kabupaten of Cianjur (from ../shared; tb skips when absent),
// 50,000 accommodations and 1,000,000 stays (see BenchSize) made by the
// seeded generator over all of Cianjur, concentrated in Puncak/Cipanas,
// with stays up to BenchUntil. The database lives in the shared test
// cluster, named by BenchVersion, the migrations and the size; the first
// process to ask builds it (others wait on an advisory lock) and later ones
// reuse it. It is never dropped: treat it as read-only, and undo in the same
// transaction anything a benchmark must write (or write to a dbtest.New
// database instead).
func Bench(tb testing.TB) *DB {
	tb.Helper()
	dir := SharedData(tb)
	stays, accs := BenchSize()
	c := Cluster(tb)
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Minute)
	defer cancel()
	tpl, err := template(ctx, c)
	if err != nil {
		tb.Fatalf("template database: %v", err)
	}
	name := fmt.Sprintf("bench_%s_%s_%d", BenchVersion, migrationsHash()[:8], stays)
	admin, err := pgx.Connect(ctx, c.ConnString("postgres", pgcluster.Superuser))
	if err != nil {
		tb.Fatalf("connect: %v", err)
	}
	defer admin.Close(context.Background())
	h := fnv.New64a()
	h.Write([]byte(name))
	key := int64(h.Sum64() >> 1)
	if _, err := admin.Exec(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
		tb.Fatalf("bench lock: %v", err)
	}
	defer admin.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, key)
	var done bool
	if err := admin.QueryRow(ctx, `SELECT coalesce(shobj_description(oid, 'pg_database') = 'pantau bench complete', false)
		FROM pg_database WHERE datname = $1`, name).Scan(&done); err != nil && err != pgx.ErrNoRows {
		tb.Fatalf("bench lookup: %v", err)
	}
	appDSN := c.ConnString(name, pgcluster.AppRole)
	if !done {
		start := time.Now()
		tb.Logf("building the benchmark dataset %s (%d stays, %d accommodations) once", name, stays, accs)
		if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Fatal(err)
		}
		if _, err := admin.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, tpl)); err != nil {
			tb.Fatalf("create bench database: %v", err)
		}
		if err := buildBench(ctx, c, name, dir, stays, accs); err != nil {
			tb.Fatalf("build bench database: %v", err)
		}
		if _, err := admin.Exec(ctx, "COMMENT ON DATABASE "+name+" IS 'pantau bench complete'"); err != nil {
			tb.Fatal(err)
		}
		tb.Logf("benchmark dataset %s built in %s", name, time.Since(start).Round(time.Second))
	}
	// Connections as the service keeps them: open and warm.
	db, err := data.Connect(ctx, appDSN, data.PoolOptions{StatementTimeout: 10 * time.Minute, MinConns: data.ServiceMinConns})
	if err != nil {
		tb.Fatalf("connect bench database: %v", err)
	}
	if err := db.Warm(ctx, data.ServiceMinConns); err != nil {
		tb.Fatalf("warm bench connections: %v", err)
	}
	db.Cluster, db.AdminDSN, db.Log = c, c.ConnString(name, pgcluster.Superuser), quiet()
	tb.Cleanup(db.Close)
	return &DB{DB: db, Name: name, AppDSN: appDSN, Cluster: c}
}

func buildBench(ctx context.Context, c *pgcluster.Cluster, name, dir string, stays, accs int) error {
	conn, err := pgx.Connect(ctx, c.ConnString(name, pgcluster.Superuser))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if err := loadCianjurSQL(ctx, conn, dir); err != nil {
		return err
	}
	db, err := data.Connect(ctx, c.ConnString(name, pgcluster.AppRole), data.PoolOptions{StatementTimeout: time.Hour})
	if err != nil {
		return err
	}
	defer db.Close()
	db.Log = quiet()
	if _, err := demo.GenerateInto(ctx, db, demo.GenOptions{Seed: 42, Stays: stays, Accommodations: accs, Until: BenchUntil}, nil); err != nil {
		return err
	}
	_, err = conn.Exec(ctx, "VACUUM ANALYZE")
	return err
}
