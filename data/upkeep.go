package data

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Upkeep of what the readers' index-only scans rely on.
//
// The visibility map. An index-only scan reads a stay from the heap
// unless its page is marked all-visible, which VACUUM does. New arrivals
// stay unmarked until a vacuum visits their pages (autovacuum's insert
// threshold is a fifth of the table: weeks of day files at 10,000,000
// stays). And autovacuum skips index vacuuming when few pages hold dead
// rows (PostgreSQL 14+'s bypass), leaving exactly those pages — the ones
// a day's few departures and corrections touched — unmarked: 20 such
// pages of 2,589 held 2.5–3.4 % of the open stays
// (TestUpkeepIndexesRebuildsGrownIndexes; at 10,000,000 stays heap
// fetches once took a tile to 1.5 s). VacuumStays vacuums stays with
// index cleanup when that happened (see allVisibleMin).
//
// The GiST indexes. They are built sorted (bulk imports,
// migrations) and then grow by insertion: every day's arrivals go into
// stays_open_idx and leave it when they depart, and the closed-stay
// indexes take the departures. VACUUM removes dead entries and empty
// pages but never merges half-empty ones, so the pages per entry creep
// up: 400,000 arrivals and departures on the 1,000,000-stay benchmark set
// took stays_open_idx from 18 to 36 MB for the same 74,460 open stays, and
// the scan of every open stay over Cianjur from 97 to 157 ms (11,913 to
// 17,169 buffers) — docs/benchmarks.md, session 11. UpkeepIndexes measures
// each GiST index of stays against a fresh build of the same definition
// over a sample of its own rows and rebuilds, without blocking readers or
// writers (REINDEX CONCURRENTLY), those that hold more than growth times
// the bytes per entry that the fresh build needs.

// VacuumStays vacuums when a smaller share of the pages of stays is
// marked all-visible (allVisibleMin), or when more stays were inserted
// since the last vacuum than openWrittenMax of the open stays: the pages
// not marked are the recently written ones, where the open stays are — 20
// such pages of 2,589 (99.2 % marked) held 3 % of the open stays, and a
// day file's 50,000 arrivals into 10,000,000 stays fill 0.5 % of the
// pages with two thirds of the open stays, which autovacuum (its insert
// threshold a fifth of the table) would not visit for weeks.
//
// The share of open stays actually fetched from the heap could be
// measured with EXPLAIN ANALYZE of their index-only scan; a backend of the
// test cluster running exactly that aborted once on a corrupted heap
// (glibc's malloc assertion, PostgreSQL 15.20, PostGIS 3.3.2) and took the
// cluster through crash recovery, so the upkeep reads only statistics.
const (
	allVisibleMin  = 0.995
	openWrittenMax = 0.01
)

// Visibility is what VacuumStays read of stays before vacuuming.
type Visibility struct {
	// AllVisible: the share of its pages marked all-visible at the last
	// count (pg_class.relallvisible, kept by VACUUM and ANALYZE; 1 for a
	// table not counted yet, whose rows Inserted counts).
	AllVisible float64
	// Inserted: stays inserted since the last vacuum
	// (pg_stat_user_tables.n_ins_since_vacuum); Open: the open stays
	// (entries of stays_open_idx at its last build or vacuum).
	Inserted, Open float64
}

// VacuumStays runs VACUUM (INDEX_CLEANUP ON, ANALYZE) on stays over conn
// (its owner's) when the visibility map falls short for index-only scans
// (allVisibleMin, openWrittenMax). It returns what it read and whether it
// vacuumed.
func VacuumStays(ctx context.Context, conn *pgx.Conn) (v Visibility, vacuumed bool, err error) {
	if err := conn.QueryRow(ctx, `SELECT CASE WHEN c.relpages = 0 THEN 1 ELSE c.relallvisible::float8 / c.relpages END,
		       coalesce((SELECT n_ins_since_vacuum FROM pg_stat_user_tables WHERE relid = c.oid), 0),
		       coalesce((SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = to_regclass('public.stays_open_idx')), 0)
		FROM pg_class c WHERE c.oid = to_regclass('public.stays')`).Scan(&v.AllVisible, &v.Inserted, &v.Open); err != nil {
		return v, false, Classify(err)
	}
	if v.AllVisible >= allVisibleMin && v.Inserted <= openWrittenMax*v.Open {
		return v, false, nil
	}
	if _, err := conn.Exec(ctx, `VACUUM (INDEX_CLEANUP ON, ANALYZE) public.stays`); err != nil {
		return v, false, Classify(err)
	}
	return v, true, nil
}

// DefaultIndexGrowth is the bytes per entry, relative to a fresh build,
// above which UpkeepIndexes rebuilds an index.
const DefaultIndexGrowth = 1.5

// upkeepSample is how many of an index's rows the fresh build samples.
// The entries of these indexes are nearly fixed-width (points, dates,
// codes), so a few thousand give the bytes per entry to a few per cent.
const upkeepSample = 10_000

// IndexCheck is what UpkeepIndexes found for one index of stays.
type IndexCheck struct {
	Index string
	// Entries: the index's entries at its last build or VACUUM
	// (pg_class.reltuples); Bytes: its size before any rebuild.
	Entries float64
	Bytes   int64
	// EntryBytes is Bytes ÷ Entries; FreshEntryBytes the same for a fresh
	// build over a sample of the index's rows.
	EntryBytes, FreshEntryBytes float64
	// Rebuilt: REINDEX CONCURRENTLY ran, taking Seconds; BytesAfter is the
	// rebuilt index's size.
	Rebuilt    bool
	BytesAfter int64
	Seconds    float64
}

// Upkeep is what one round of UpkeepIndexes found and did.
type Upkeep struct {
	// Visibility: what VacuumStays measured before the round; Vacuumed:
	// it vacuumed, taking VacuumSeconds.
	Visibility    Visibility
	Vacuumed      bool
	VacuumSeconds float64
	Indexes       []IndexCheck
}

// UpkeepIndexes first vacuums stays where the visibility map needs it
// (VacuumStays), then checks every valid GiST index of stays and rebuilds those
// whose bytes per entry exceed growth (DefaultIndexGrowth when ≤ 1) times
// a fresh build's, after dropping what an interrupted REINDEX CONCURRENTLY
// leaves behind (invalid indexes named *_ccnew or *_ccold). It runs on a
// connection of its own as the schema's owner (only the owner may
// reindex); an index not yet vacuumed or analysed (no entry count) is
// skipped. Rebuilding takes SHARE UPDATE EXCLUSIVE on stays: readers and
// writers go on; a bulk import waits for it without holding up other
// writers meanwhile (pantau_stays_lock), or the rebuild for the import
// (lock_timeout 10 s, then the next round tries again).
func (db *DB) UpkeepIndexes(ctx context.Context, growth float64) (Upkeep, error) {
	var up Upkeep
	if growth <= 1 {
		growth = DefaultIndexGrowth
	}
	conn, err := pgx.Connect(ctx, db.AdminDSN)
	if err != nil {
		return up, Classify(err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `SET statement_timeout = '1h'; SET lock_timeout = '10s'; SET maintenance_work_mem = '512MB'`); err != nil {
		return up, Classify(err)
	}
	t0 := time.Now()
	if up.Visibility, up.Vacuumed, err = VacuumStays(ctx, conn); err != nil {
		return up, fmt.Errorf("index upkeep: vacuuming stays: %w", err)
	}
	if up.Vacuumed {
		up.VacuumSeconds = time.Since(t0).Seconds()
		// A transaction that was running beside the vacuum (a long read,
		// an autovacuum ANALYZE) keeps the rows written after it from
		// being marked: the next round vacuums again.
		var after float64
		if err := conn.QueryRow(ctx, `SELECT relallvisible::float8 / greatest(relpages, 1) FROM pg_class
			WHERE oid = to_regclass('public.stays')`).Scan(&after); err != nil {
			return up, Classify(err)
		}
		db.Log.InfoContext(ctx, "index upkeep: vacuumed stays", "all_visible_before", up.Visibility.AllVisible,
			"inserted_since_vacuum", int64(up.Visibility.Inserted), "all_visible_after", after, "seconds", up.VacuumSeconds)
	}
	leftovers, err := collectStrings(ctx, conn, `SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		WHERE i.indrelid = to_regclass('public.stays') AND NOT i.indisvalid AND c.relname ~ '_cc(new|old)[0-9]*$' ORDER BY 1`)
	if err != nil {
		return up, err
	}
	for _, name := range leftovers {
		if _, err := conn.Exec(ctx, `DROP INDEX CONCURRENTLY IF EXISTS public.`+pgx.Identifier{name}.Sanitize()); err != nil {
			return up, Classify(err)
		}
		db.Log.WarnContext(ctx, "index upkeep: dropped what an interrupted rebuild left", "index", name)
	}
	rows, err := conn.Query(ctx, `
		SELECT c.relname, c.reltuples, pg_relation_size(c.oid), pg_get_indexdef(c.oid),
		       coalesce(pg_get_expr(i.indpred, i.indrelid), 'true')
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
		WHERE i.indrelid = to_regclass('public.stays') AND i.indisvalid AND a.amname = 'gist'
		ORDER BY 1`)
	if err != nil {
		return up, Classify(err)
	}
	type index struct {
		IndexCheck
		def, pred string
	}
	var idx []index
	for rows.Next() {
		var x index
		if err := rows.Scan(&x.Index, &x.Entries, &x.Bytes, &x.def, &x.pred); err != nil {
			rows.Close()
			return up, Classify(err)
		}
		idx = append(idx, x)
	}
	if err := rows.Err(); err != nil {
		return up, Classify(err)
	}
	for _, x := range idx {
		if x.Entries <= 0 {
			continue
		}
		x.EntryBytes = float64(x.Bytes) / x.Entries
		if x.FreshEntryBytes, err = freshEntryBytes(ctx, conn, x.def, x.pred); err != nil {
			return up, fmt.Errorf("index upkeep: measuring a fresh build of %s: %w", x.Index, err)
		}
		if x.FreshEntryBytes > 0 && x.EntryBytes > growth*x.FreshEntryBytes {
			t0 := time.Now()
			if _, err := conn.Exec(ctx, `REINDEX INDEX CONCURRENTLY public.`+pgx.Identifier{x.Index}.Sanitize()); err != nil {
				return up, fmt.Errorf("index upkeep: rebuilding %s: %w", x.Index, Classify(err))
			}
			x.Rebuilt, x.Seconds = true, time.Since(t0).Seconds()
			if err := conn.QueryRow(ctx, `SELECT pg_relation_size(to_regclass('public.' || quote_ident($1)))`, x.Index).Scan(&x.BytesAfter); err != nil {
				return up, Classify(err)
			}
			db.Log.InfoContext(ctx, "index upkeep: rebuilt", "index", x.Index, "entries", int64(x.Entries),
				"bytes_before", x.Bytes, "bytes_after", x.BytesAfter, "fresh_entry_bytes", int64(x.FreshEntryBytes), "seconds", x.Seconds)
		}
		up.Indexes = append(up.Indexes, x.IndexCheck)
	}
	return up, nil
}

// freshEntryBytes builds the index def (of stays, partial where pred) over
// up to upkeepSample of the rows it covers, copied into a temporary table,
// and returns the built index's bytes per entry (0: no rows).
func freshEntryBytes(ctx context.Context, conn *pgx.Conn, def, pred string) (float64, error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return 0, Classify(err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	cols, err := collectStrings(ctx, tx, `SELECT quote_ident(attname) FROM pg_attribute
		WHERE attrelid = to_regclass('public.stays') AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`)
	if err != nil {
		return 0, err
	}
	list := strings.Join(cols, ", ")
	var n int64
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE pantau_upkeep_sample (LIKE public.stays INCLUDING GENERATED) ON COMMIT DROP`); err != nil {
		return 0, Classify(err)
	}
	tag, err := tx.Exec(ctx, fmt.Sprintf(`INSERT INTO pantau_upkeep_sample (%s) SELECT %s FROM public.stays WHERE %s LIMIT %d`,
		list, list, pred, upkeepSample))
	if err != nil {
		return 0, Classify(err)
	}
	if n = tag.RowsAffected(); n == 0 {
		return 0, nil
	}
	on := " ON public.stays "
	if !strings.Contains(def, on) {
		return 0, fmt.Errorf("unexpected index definition %q", def)
	}
	_, rest, _ := strings.Cut(def, on)
	if _, err := tx.Exec(ctx, `CREATE INDEX pantau_upkeep_fresh ON pg_temp.pantau_upkeep_sample `+rest); err != nil {
		return 0, Classify(err)
	}
	var bytes int64
	if err := tx.QueryRow(ctx, `SELECT pg_relation_size('pg_temp.pantau_upkeep_fresh'::regclass)`).Scan(&bytes); err != nil {
		return 0, Classify(err)
	}
	return float64(bytes) / float64(n), nil
}

// collectStrings runs a query of one text column.
func collectStrings(ctx context.Context, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, sql string) ([]string, error) {
	rows, err := q.Query(ctx, sql)
	if err != nil {
		return nil, Classify(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return out, Classify(err)
}
