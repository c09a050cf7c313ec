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
)

// BenchVersion names the benchmark datasets; bump it when the generator or
// the loading changes so every process builds the new one.
const BenchVersion = "v2"

// BenchUntil is the last day of the benchmark dataset's stays (fixed, so
// benchmarks can use fixed "as of" dates: 2026-11-30 is a good one).
var BenchUntil = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

// BenchDays is the length of the default benchmark dataset's reporting
// window: 1,000,000 stays over 450 days.
const BenchDays = 450

// BenchSpec sizes a benchmark dataset: Stays stays made by the seeded
// generator over Days days up to BenchUntil, among Accommodations places.
type BenchSpec struct {
	Stays, Accommodations, Days int
}

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

// Scaled is the spec with factor times the stays over factor times the
// days, among the same accommodations: the same kabupaten with factor
// times the history (1,000,000 stays over 450 days ×10 is 10,000,000 over
// 4,500, about twelve years), so as many stays are present on a day.
func (s BenchSpec) Scaled(factor int) BenchSpec {
	return BenchSpec{Stays: s.Stays * factor, Accommodations: s.Accommodations, Days: s.Days * factor}
}

// Bench returns the shared benchmark dataset: the real 360 desa, 32
// kecamatan and kabupaten of Cianjur (from ../shared; tb skips when absent),
// 50,000 accommodations and 1,000,000 stays (see BenchSize) made by the
// seeded generator over all of Cianjur, concentrated in Puncak/Cipanas,
// with stays over the 450 days up to BenchUntil. See BenchAt.
func Bench(tb testing.TB) *DB {
	tb.Helper()
	stays, accs := BenchSize()
	return BenchAt(tb, BenchSpec{Stays: stays, Accommodations: accs, Days: BenchDays})
}

// BenchAt returns the benchmark dataset of spec. The database lives in the
// shared test cluster, named by BenchVersion and the spec; the first
// process to ask builds it (others wait on an advisory lock) and later
// ones reuse it, migrated to the current schema (pending migrations and
// changed definitions applied in place: a schema change costs a migration,
// not a rebuild). It is never dropped: treat it as read-only, and undo in
// the same transaction anything a benchmark must write (or write to a
// dbtest.New database instead).
func BenchAt(tb testing.TB, spec BenchSpec) *DB {
	tb.Helper()
	dir := SharedData(tb)
	c := Cluster(tb)
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Minute)
	defer cancel()
	tpl, err := template(ctx, c)
	if err != nil {
		tb.Fatalf("template database: %v", err)
	}
	name := fmt.Sprintf("bench_%s_%d_%d_%dd", BenchVersion, spec.Stays, spec.Accommodations, spec.Days)
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
		tb.Logf("building the benchmark dataset %s once", name)
		if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Fatal(err)
		}
		if _, err := admin.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, tpl)); err != nil {
			tb.Fatalf("create bench database: %v", err)
		}
		if err := buildBench(ctx, c, name, dir, spec); err != nil {
			tb.Fatalf("build bench database: %v", err)
		}
		if _, err := admin.Exec(ctx, "COMMENT ON DATABASE "+name+" IS 'pantau bench complete'"); err != nil {
			tb.Fatal(err)
		}
		tb.Logf("benchmark dataset %s built in %s", name, time.Since(start).Round(time.Second))
	} else if err := data.MigrateDSN(ctx, c.ConnString(name, pgcluster.Superuser), quiet()); err != nil {
		tb.Fatalf("migrate bench database %s: %v", name, err)
	}
	if err := allVisible(ctx, c.ConnString(name, pgcluster.Superuser)); err != nil {
		tb.Fatalf("vacuum bench database %s: %v", name, err)
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

// allVisible vacuums stays when fewer than 99 % of its pages are marked
// all-visible (data.VacuumStays, the service's own rule): index-only
// scans then read the table instead (on the 10M
// dataset, 50,000 of 55,000 present stays of a tile fetched from the heap,
// 1.5 s, when the build's VACUUM ran beside other transactions of the
// cluster or a benchmark's deletes were not vacuumed yet).
func allVisible(ctx context.Context, dsn string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, _, err = data.VacuumStays(ctx, conn)
	return err
}
