package data_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"pantau/data/dbtest"
)

// upkeepDB is a database for the index upkeep's tests and benchmark: n
// stays at the real desa's label points (shifted a little), every
// openEvery-th of them open, indexed as a bulk import leaves them (sorted
// builds) and vacuumed. Autovacuum is off for its tables: the tests vacuum
// themselves, and an autovacuum ANALYZE of any table of the database (the
// counters, the tiles' changes) running beside the upkeep's VACUUM would
// hold back the rows it may mark all-visible (the next round would finish
// the job; the tests want this one to). exec runs SQL as the owner, on a
// connection that commits synchronously as the service does: the test
// cluster commits asynchronously, and VACUUM marks no row all-visible
// before its commit is flushed (no hint bit yet).
func upkeepDB(tb testing.TB, n, openEvery int) (*dbtest.DB, func(sql string, args ...any)) {
	tb.Helper()
	db := dbtest.New(tb)
	db.LoadCianjur(tb)
	admin := db.Admin(tb)
	exec := func(sql string, args ...any) {
		tb.Helper()
		if _, err := admin.Exec(context.Background(), sql, args...); err != nil {
			tb.Fatalf("%s: %v", strings.Fields(sql)[0], err)
		}
	}
	exec(`SET synchronous_commit = on`)
	exec(`DO $$ DECLARE r record; BEGIN
		FOR r IN SELECT oid::regclass AS t FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' LOOP
			EXECUTE format('ALTER TABLE %s SET (autovacuum_enabled = false)', r.t);
		END LOOP; END $$`)
	exec(`WITH d AS (SELECT label_point, code, row_number() OVER (ORDER BY code) AS k FROM areas WHERE level = 'desa')
		INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, departure_date, geom, desa_code)
		SELECT 'U' || i, 'Synthetic Person', 'XU' || i, 'SAU', 'voa', DATE '2026-06-01' + i % 200, DATE '2025-01-01' + i % 650,
		       CASE WHEN i % $2 <> 0 THEN DATE '2025-01-01' + i % 650 + i % 20 END,
		       ST_Translate(d.label_point, (i % 37) * 0.0003, (i % 41) * 0.0003), d.code
		FROM generate_series(1, $1) i JOIN d ON d.k = 1 + i % 360`, n, openEvery)
	exec(`REINDEX TABLE stays`)
	exec(`VACUUM ANALYZE stays`)
	return db, exec
}

// churn runs days of perDay arrivals (copies of open stays) and perDay
// departures (open stays closed), each day followed by a VACUUM as
// autovacuum would run it.
func churn(exec func(string, ...any), days, perDay int) {
	for day := range days {
		exec(`INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, geom, desa_code)
			SELECT 'D' || $1::int || '-' || id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, geom, desa_code
			FROM stays WHERE departure_date IS NULL ORDER BY random() LIMIT $2`, day, perDay)
		exec(`UPDATE stays SET departure_date = arrival_date + 1
			WHERE id IN (SELECT id FROM stays WHERE departure_date IS NULL ORDER BY random() LIMIT $1)`, perDay)
		exec(`VACUUM stays`)
	}
}

// openScan reads every open stay over Cianjur through stays_open_idx, as
// the low-zoom tiles read them: an index-only scan with a column a tile
// takes, the plan forced (and checked with a plain EXPLAIN). It returns
// the rows read and the blocks the scan fetched from the index and from
// the table (the heap fetches of stays not on an all-visible page), from
// the transaction's own statistics. (EXPLAIN ANALYZE of this scan would
// give them too; a backend running it once aborted on a corrupted heap,
// data/upkeep.go.)
func openScan(tb testing.TB, c interface {
	Begin(context.Context) (pgx.Tx, error)
}) (rows, indexBlocks, heapBlocks int64) {
	tb.Helper()
	ctx := context.Background()
	tx, err := c.Begin(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off;
		SET LOCAL max_parallel_workers_per_gather = 0`); err != nil {
		tb.Fatal(err)
	}
	const q = `SELECT count(*), coalesce(sum(utm_x), 0) FROM stays
		WHERE departure_date IS NULL AND geom_3857 && ST_Transform(ST_MakeEnvelope(106.8, -7.6, 107.5, -6.5, 4326), 3857)`
	lines, err := tx.Query(ctx, `EXPLAIN (COSTS OFF) `+q)
	if err != nil {
		tb.Fatal(err)
	}
	plan, err := pgx.CollectRows(lines, pgx.RowTo[string])
	if err != nil {
		tb.Fatal(err)
	}
	if !strings.Contains(strings.Join(plan, "\n"), "Index Only Scan using stays_open_idx") {
		tb.Fatalf("the open stays are not read by an index-only scan of stays_open_idx: %s", strings.Join(plan, "\n"))
	}
	blocks := func() (idx, heap int64) {
		if err := tx.QueryRow(ctx, `SELECT pg_stat_get_xact_blocks_fetched('stays_open_idx'::regclass),
			pg_stat_get_xact_blocks_fetched('stays'::regclass)`).Scan(&idx, &heap); err != nil {
			tb.Fatal(err)
		}
		return idx, heap
	}
	idx0, heap0 := blocks()
	var sum float64
	if err := tx.QueryRow(ctx, q).Scan(&rows, &sum); err != nil {
		tb.Fatal(err)
	}
	idx1, heap1 := blocks()
	return rows, idx1 - idx0, heap1 - heap0
}
