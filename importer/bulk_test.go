package importer_test

import (
	"context"
	"errors"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paulmach/orb"

	"pantau/data/dbtest"
	"pantau/demo"
	"pantau/geo"
	"pantau/importer"
)

// stayIndexes returns the schema of stays: its indexes, constraints,
// triggers, grants, column definitions, the foreign keys that point at it,
// the sequences it owns and the functions typed by its rows (a bulk import
// that builds a new table beside it and swaps must keep them all).
// Columns count in order without dropped ones; a trigger's WHEN compares
// without parentheses (created again, nested ORs print flat).
func stayIndexes(t *testing.T, db *dbtest.DB) []string {
	t.Helper()
	rows, err := db.Pool.Query(context.Background(), `SELECT indexdef FROM pg_indexes WHERE tablename = 'stays'
		UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'stays'::regclass
		UNION ALL SELECT translate(pg_get_triggerdef(oid), '()', '') || ' ' || tgenabled::text FROM pg_trigger WHERE tgrelid = 'stays'::regclass AND NOT tgisinternal
		UNION ALL SELECT 'grant ' || relacl::text || ' owner ' || relowner::regrole::text FROM pg_class WHERE oid = 'stays'::regclass
		UNION ALL SELECT format('column %s %s %s %s %s %s', row_number() OVER (ORDER BY attnum), attname, format_type(atttypid, atttypmod), attnotnull,
		    pg_get_expr(d.adbin, d.adrelid), attgenerated)
		  FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		  WHERE attrelid = 'stays'::regclass AND attnum > 0 AND NOT attisdropped
		UNION ALL SELECT 'references ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
		  FROM pg_constraint WHERE confrelid = 'stays'::regclass AND conrelid <> 'stays'::regclass
		UNION ALL SELECT 'owns ' || d.objid::regclass::text || ' ' || d.refobjsubid FROM pg_depend d
		  JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
		  WHERE d.refobjid = 'stays'::regclass AND d.classid = 'pg_class'::regclass AND d.deptype = 'a'
		UNION ALL SELECT 'function ' || p.oid::regprocedure::text || ' ' || coalesce(p.proacl::text, '') || ' ' || md5(pg_get_functiondef(p.oid))
		  FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid WHERE d.classid = 'pg_proc'::regclass AND d.refobjid = 'stays'::regtype
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return defs
}

// without returns the lines of a that b lacks.
func without(a, b []string) []string {
	var out []string
	for _, l := range a {
		if !slices.Contains(b, l) {
			out = append(out, l)
		}
	}
	return out
}

// The bulk path (an import at least as large as the table), with its
// indexes maintained and with them dropped and built again (LockReaders),
// writes the rows of an ordinary import: the same indexes exist
// afterwards, a re-import changes nothing, a changed row is updated with
// history; and a bulk import that fails leaves table and indexes exactly
// as they were.
func TestBulkImport(t *testing.T) {
	t.Run("readers free", func(t *testing.T) { testBulkImport(t, false, `"other writers held out"=true`) })
	t.Run("readers locked", func(t *testing.T) { testBulkImport(t, true, "written without secondary indexes") })
}

func testBulkImport(t *testing.T, lockReaders bool, bulkTrace string) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	ctx := context.Background()
	before := stayIndexes(t, db)
	stays := db.GenStays(t, 3000)
	res, err := importer.File(ctx, db.DB, "stays", "csv", strings.NewReader(stays), importer.Options{File: "stays.csv", BulkMin: 1000, LockReaders: lockReaders})
	if err != nil {
		t.Fatal(err)
	}
	if res.Inserted != 3000 {
		t.Fatalf("inserted %d, want 3000", res.Inserted)
	}
	if after := stayIndexes(t, db); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Fatalf("the schema of stays after a bulk import: lost\n%s\ngained\n%s", strings.Join(without(before, after), "\n"), strings.Join(without(after, before), "\n"))
	}
	var wrong int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM stays WHERE desa_code IS DISTINCT FROM pantau_desa_for(geom)`).Scan(&wrong); err != nil || wrong != 0 {
		t.Fatalf("%d stays with another desa than pantau_desa_for's (%v)", wrong, err)
	}
	// The same file again (as large as the table: the bulk path again, its
	// UPDATE arm) changes nothing; with one row changed, that row is updated
	// in place and its previous version kept, as on the ordinary path.
	res, err = importer.File(ctx, db.DB, "stays", "csv", strings.NewReader(stays), importer.Options{File: "stays.csv", BulkMin: 1000, LockReaders: lockReaders})
	if err != nil || res.Unchanged != 3000 || res.Inserted != 0 || res.Updated != 0 {
		t.Fatalf("re-import: %+v %v", res, err)
	}
	var trace strings.Builder
	db.Log = slog.New(slog.NewTextHandler(&trace, &slog.HandlerOptions{Level: slog.LevelDebug}))
	defer func() { db.Log = nil }()
	rows := strings.Split(strings.TrimRight(stays, "\n"), "\n")
	head := strings.Split(rows[0], ",")
	f := strings.Split(rows[10], ",")
	var sourceID string
	for j, h := range head {
		switch h {
		case "full_name":
			f[j] = "Changed Name"
		case "source_id":
			sourceID = f[j]
		}
	}
	rows[10] = strings.Join(f, ",")
	res, err = importer.File(ctx, db.DB, "stays", "csv", strings.NewReader(strings.Join(rows, "\n")+"\n"), importer.Options{File: "stays.csv", BulkMin: 1000, LockReaders: lockReaders})
	if err != nil || res.Updated != 1 || res.Unchanged != 2999 {
		t.Fatalf("re-import with one change: %+v %v", res, err)
	}
	if !strings.Contains(trace.String(), bulkTrace) {
		t.Fatalf("the re-import did not take the bulk path:\n%s", trace.String())
	}
	var name string
	var version, history int
	if err := db.Pool.QueryRow(ctx, `SELECT full_name, version, (SELECT count(*) FROM stays_history h WHERE h.id = s.id)
		FROM stays s WHERE source = 'apoa' AND source_id = $1`, sourceID).Scan(&name, &version, &history); err != nil {
		t.Fatal(err)
	}
	if name != "Changed Name" || version != 2 || history != 1 {
		t.Fatalf("changed stay: %q version %d, %d history rows", name, version, history)
	}

	// A failing bulk load: a second source of 3,000 stays whose last row
	// names an accommodation that does not exist.
	lines := strings.Split(strings.TrimRight(stays, "\n"), "\n")
	var b strings.Builder
	b.WriteString(lines[0] + "\n")
	for i, l := range lines[1:] {
		if i == len(lines)-2 {
			f := strings.Split(l, ",")
			for j, h := range strings.Split(lines[0], ",") {
				if h == "accommodation_id" {
					f[j] = "NO-SUCH-PLACE"
				}
			}
			l = strings.Join(f, ",")
		}
		b.WriteString(l + "\n")
	}
	var count int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM stays`).Scan(&count); err != nil {
		t.Fatal(err)
	}
	_, err = importer.File(ctx, db.DB, "stays", "csv", strings.NewReader(b.String()), importer.Options{File: "bad.csv", Source: "other", BulkMin: 1000, LockReaders: lockReaders})
	if err == nil || !strings.Contains(err.Error(), "NO-SUCH-PLACE") {
		t.Fatalf("bad bulk import: %v", err)
	}
	var after int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM stays`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != count {
		t.Fatalf("%d stays after a failed bulk import, want %d", after, count)
	}
	if got := stayIndexes(t, db); strings.Join(got, "\n") != strings.Join(before, "\n") {
		t.Fatalf("indexes after a failed bulk import:\n%s", strings.Join(got, "\n"))
	}
	// A second source as large as the table: the bulk path again, over a
	// table a bulk import built.
	res, err = importer.File(ctx, db.DB, "stays", "csv", strings.NewReader(stays), importer.Options{File: "stays.csv", Source: "second", BulkMin: 1000, LockReaders: lockReaders})
	if err != nil || res.Inserted != 3000 {
		t.Fatalf("second source: %+v %v", res, err)
	}
	if got := stayIndexes(t, db); strings.Join(got, "\n") != strings.Join(before, "\n") {
		t.Fatalf("the schema of stays after a second bulk import: lost\n%s\ngained\n%s", strings.Join(without(before, got), "\n"), strings.Join(without(got, before), "\n"))
	}
}

// A transaction of the service's role that drops the indexes for a bulk
// load but never builds them again cannot commit.
func TestDroppedIndexesMustBeRestored(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	before := stayIndexes(t, db)
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `SELECT pantau_stays_indexes_drop()`)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "not built again") {
		t.Fatalf("commit without restore: %v", err)
	}
	if got := stayIndexes(t, db); strings.Join(got, "\n") != strings.Join(before, "\n") {
		t.Fatalf("indexes after the refused commit:\n%s", strings.Join(got, "\n"))
	}
	// A row that breaks a foreign key while it is dropped fails its re-adding.
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pantau_stays_indexes_drop()`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, arrival_date, accommodation_id, geom)
			VALUES ('x', 'Synthetic Person', 'P1', 'NLD', 'voa', DATE '2026-11-01', 999999, ST_SetSRID(ST_Point(107, -6.8), 4326))`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `SELECT pantau_stays_indexes_restore()`)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "accommodation") {
		t.Fatalf("a dangling accommodation_id through a bulk load: %v", err)
	}
	if got := stayIndexes(t, db); strings.Join(got, "\n") != strings.Join(before, "\n") {
		t.Fatalf("indexes after the failed restore:\n%s", strings.Join(got, "\n"))
	}
	// The service's role may not drop indexes itself.
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `DROP INDEX stays_passport_idx`)
		return err
	})
	var pgErr interface{ SQLState() string }
	if !errors.As(err, &pgErr) || pgErr.SQLState() != "42501" {
		t.Fatalf("DROP INDEX as the service's role: %v", err)
	}
}

// While a bulk import writes, readers of stays are not blocked (it holds
// out other writers only): a reader with a lock timeout of 100 ms reads
// stays and its indexes from the moment the import has its lock until it
// writes, and the import holds no lock stronger than SHARE ROW EXCLUSIVE
// until its swap. A writer that waited for the import writes into the
// swapped table, and the reader's prepared statement reads it.
func TestBulkImportLeavesReadersAlone(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	ctx := context.Background()
	stays := db.GenStays(t, 3000)
	reader, err := db.Pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Release()
	if _, err := reader.Exec(ctx, `SET lock_timeout = '100ms'`); err != nil {
		t.Fatal(err)
	}
	defer reader.Exec(context.WithoutCancel(ctx), `RESET lock_timeout`)
	var checked []string
	var readErr error
	wrote := make(chan error, 1)
	probe := func(p importer.Progress) {
		if p.Phase == "writing" {
			go func() {
				_, err := db.Pool.Exec(ctx, `INSERT INTO stays (source, source_id, full_name, passport_no, nationality, permit_type, arrival_date, geom)
					VALUES ('post', 'waited', 'Synthetic Person', 'P1', 'NLD', 'voa', DATE '2026-11-01', ST_SetSRID(ST_Point(107, -6.7), 4326))`)
				wrote <- err
			}()
		}
		if p.Phase != "checking" && p.Phase != "writing" || readErr != nil {
			return
		}
		var n int
		var modes []string
		if readErr = reader.QueryRow(ctx, `SELECT (SELECT count(*) FROM stays WHERE geom && ST_MakeEnvelope(106.9, -6.8, 107.1, -6.6, 4326)),
			(SELECT coalesce(array_agg(mode ORDER BY mode), '{}') FROM pg_locks WHERE locktype = 'relation' AND relation = 'stays'::regclass AND pid <> pg_backend_pid())`).Scan(&n, &modes); readErr != nil {
			return
		}
		checked = append(checked, p.Phase+": "+strings.Join(modes, " "))
	}
	res, err := importer.File(ctx, db.DB, "stays", "csv", strings.NewReader(stays), importer.Options{File: "stays.csv", BulkMin: 1000, Progress: probe})
	if err != nil || res.Inserted != 3000 {
		t.Fatalf("import: %+v %v", res, err)
	}
	if readErr != nil {
		t.Fatalf("a reader during the bulk import: %v", readErr)
	}
	// The import's locks: ShareRowExclusiveLock (bulkLoad) and the weaker
	// ones its statements take; none that blocks a reader. (Table locks
	// only: a relation's extension lock, held for an instant while a
	// writer adds a page, is listed as ExclusiveLock too.)
	weak := map[string]bool{"AccessShareLock": true, "RowShareLock": true, "RowExclusiveLock": true, "ShareRowExclusiveLock": true}
	for _, c := range checked {
		if !strings.Contains(c, "ShareRowExclusiveLock") {
			t.Fatalf("the import did not take the bulk path: %s", c)
		}
		for _, m := range strings.Fields(c)[1:] {
			if !weak[m] {
				t.Fatalf("the import holds %s on stays: %s", m, c)
			}
		}
	}
	if len(checked) != 2 {
		t.Fatalf("the reader read %d times, want 2 (checking, writing): %v", len(checked), checked)
	}
	if err := <-wrote; err != nil {
		t.Fatalf("a writer that waited for the bulk import: %v", err)
	}
	probe(importer.Progress{Phase: "checking"})
	var waited int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM stays WHERE source = 'post'`).Scan(&waited); err != nil || waited != 1 || readErr != nil {
		t.Fatalf("after the swap: %d stays of the waiting writer (%v), reader: %v", waited, err, readErr)
	}
}

// An import that builds stays beside and swaps raises the alerts, keeps
// the counts and records the tiles' changes an ordinary import of the same
// file does: the demo fences and a count_above fence over Cipanas, the
// same stays imported through the ordinary path, the bulk path detached
// (a second connection holds the writers out; the indexes are built on
// two) and the bulk path in one transaction (the imports' pool has one
// connection), each into a fresh database that already holds 800 stays of
// another source.
func TestBulkImportRaisesTheSameAlerts(t *testing.T) {
	ctx := context.Background()
	outcome := func(bulkMin int, conns int32, path string) (alerts, counts, tiles []string) {
		db := dbtest.New(t)
		db.LoadCianjur(t)
		if _, err := demo.LoadFences(ctx, db.DB); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateFence(ctx, geo.Fence{Name: "Cipanas count", Kind: geo.FenceWatchZone, Center: &orb.Point{107.0, -6.73},
			RadiusM: 3000, Rules: []geo.Rule{{Rule: geo.RuleCountAbove, Threshold: 3}, {Rule: geo.RuleStayStarted}}}, time.Time{}); err != nil {
			t.Fatal(err)
		}
		stays := db.GenStays(t, 3000)
		// 800 of them already stored under another source: the bulk
		// import copies those beside and counts only its own rows.
		earlier := strings.Join(strings.SplitAfterN(stays, "\n", 802)[:801], "")
		if res, err := importer.File(ctx, db.DB, "stays", "csv", strings.NewReader(earlier),
			importer.Options{File: "earlier.csv", Source: "earlier", BulkMin: -1}); err != nil || res.Inserted != 800 {
			t.Fatalf("stays stored before: %+v %v", res, err)
		}
		var trace strings.Builder
		idb, err := db.ForImports(ctx, conns)
		if err != nil {
			t.Fatal(err)
		}
		idb.Log = slog.New(slog.NewTextHandler(&trace, &slog.HandlerOptions{Level: slog.LevelDebug}))
		res, err := importer.File(ctx, idb, "stays", "csv", strings.NewReader(stays), importer.Options{File: "stays.csv", BulkMin: bulkMin})
		idb.Pool.Close()
		if err != nil || res.Inserted != 3000 {
			t.Fatalf("import (%s): %+v %v", path, res, err)
		}
		if !regexp.MustCompile(path).MatchString(trace.String()) {
			t.Fatalf("the import did not take the %s path:\n%s", path, trace.String())
		}
		rows, err := db.Pool.Query(ctx, `SELECT format('%s %s %s %s', a.rule, g.name, s.source_id, a.details)
			FROM alerts a JOIN geofences g ON g.id = a.geofence_id LEFT JOIN stays s ON s.id = a.stay_id ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		if alerts, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			t.Fatal(err)
		}
		rows, err = db.Pool.Query(ctx, `SELECT format('%s %s %s %s %s %s %s', span, bucket, desa_code, started, ended, over_started, over_ended)
			FROM desa_stay_counts ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		if counts, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			t.Fatal(err)
		}
		rows, err = db.Pool.Query(ctx, `SELECT format('%s %s %s %s %s', layer, minx, miny, maxx, maxy) FROM tile_changes ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		if tiles, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			t.Fatal(err)
		}
		return alerts, counts, tiles
	}
	alerts, counts, tiles := outcome(-1, 2, `"other writers held out"=false`)
	if len(alerts) == 0 || !slices.ContainsFunc(alerts, func(a string) bool { return strings.HasPrefix(a, "count_above") }) {
		t.Fatalf("the ordinary import raised no count_above alert: %q", alerts)
	}
	for _, bulk := range []struct {
		conns int32
		path  string
	}{{2, `phase="indexed on two connections"(.|\n)*phase=swapped`}, {1, `phase="indexed and swapped"`}} {
		bulkAlerts, bulkCounts, bulkTiles := outcome(1000, bulk.conns, bulk.path)
		if d := append(without(alerts, bulkAlerts), without(bulkAlerts, alerts)...); len(d) > 0 || len(alerts) != len(bulkAlerts) {
			t.Fatalf("alerts of the bulk import (%s: %d) differ from the ordinary import's (%d): %q", bulk.path, len(bulkAlerts), len(alerts), d)
		}
		if len(counts) == 0 || strings.Join(counts, "\n") != strings.Join(bulkCounts, "\n") {
			t.Fatalf("kept counts differ (%s): %d against %d rows", bulk.path, len(bulkCounts), len(counts))
		}
		if len(tiles) == 0 || strings.Join(tiles, "\n") != strings.Join(bulkTiles, "\n") {
			t.Fatalf("tiles' changes differ (%s): %d boxes against %d", bulk.path, len(bulkTiles), len(tiles))
		}
	}
}

// A detached bulk import that fails after its rows were committed beside
// (here an index of stays that the new rows violate, built on the table
// beside) leaves stays, its schema and the kept counts as they were,
// leaves no table beside, and lets the next import through; so does one
// killed after writing beside (its table is dropped by the next).
func TestDetachedSwapThatFailsLeavesStaysAlone(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	ctx := context.Background()
	stays := db.GenStays(t, 3000)
	earlier := strings.Join(strings.SplitAfterN(stays, "\n", 802)[:801], "")
	if res, err := importer.File(ctx, db.DB, "stays", "csv", strings.NewReader(earlier),
		importer.Options{File: "earlier.csv", Source: "earlier", BulkMin: -1}); err != nil || res.Inserted != 800 {
		t.Fatalf("stays stored before: %+v %v", res, err)
	}
	admin := db.Admin(t)
	if _, err := admin.Exec(ctx, `CREATE UNIQUE INDEX stays_one_a_nationality ON stays (nationality) WHERE source = 'boom'`); err != nil {
		t.Fatal(err)
	}
	state := func() string {
		var s string
		if err := db.Pool.QueryRow(ctx, `SELECT format('%s stays, %s counters %s, beside %s', (SELECT count(*) FROM stays),
			(SELECT count(*) FROM desa_stay_counts), (SELECT md5(string_agg(c::text, ',' ORDER BY c::text)) FROM desa_stay_counts c),
			to_regclass('pantau_stays_next'))`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s + "\n" + strings.Join(stayIndexes(t, db), "\n")
	}
	before := state()
	var trace strings.Builder
	db.Log = slog.New(slog.NewTextHandler(&trace, &slog.HandlerOptions{Level: slog.LevelDebug}))
	res, err := importer.File(ctx, db.DB, "stays", "csv", strings.NewReader(stays), importer.Options{File: "stays.csv", Source: "boom", BulkMin: 1000})
	db.Log = nil
	if err == nil || !strings.Contains(trace.String(), `phase="written beside"`) || strings.Contains(trace.String(), "phase=swapped") {
		t.Fatalf("import over a violated index: %+v %v\n%s", res, err, trace.String())
	}
	if res.Inserted != 0 {
		t.Fatalf("a failed import reports %d stays inserted", res.Inserted)
	}
	if after := state(); after != before {
		t.Fatalf("after a failed detached import:\n%s\nbefore:\n%s", after, before)
	}
	if _, err := admin.Exec(ctx, `DROP INDEX stays_one_a_nationality`); err != nil {
		t.Fatal(err)
	}
	// A table beside left by an import killed after writing it (the
	// holder gone, its rows committed): the next bulk import drops it.
	holder, err := db.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback(ctx)
	if _, err := holder.Exec(ctx, `SELECT pantau_stays_lock('SHARE ROW EXCLUSIVE', NULL)`); err != nil {
		t.Fatal(err)
	}
	var last int64
	if err := db.Pool.QueryRow(ctx, `SELECT pantau_stays_build(true)`).Scan(&last); err != nil || last == 0 {
		t.Fatalf("a detached build: %d %v", last, err)
	}
	if err := holder.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	res, err = importer.File(ctx, db.DB, "stays", "csv", strings.NewReader(stays), importer.Options{File: "stays.csv", Source: "boom", BulkMin: 1000})
	if err != nil || res.Inserted != 3000 {
		t.Fatalf("the next import: %+v %v", res, err)
	}
	var left *string
	if err := db.Pool.QueryRow(ctx, `SELECT to_regclass('pantau_stays_next')::text`).Scan(&left); err != nil || left != nil {
		t.Fatalf("after the next import, a table beside: %v %v", left, err)
	}
}

// A swap that waits for its lock behind a long reader does not hold up
// the readers that come after it: it waits at most lock_timeout at a time
// and lets them through between tries (a lock request that simply waited
// would queue every later reader behind it until the long reader ends).
// The long reader here ends only after the later reader has read.
func TestBulkSwapLetsReadersPassWhileItWaits(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	ctx := context.Background()
	stays := db.GenStays(t, 3000)
	long, err := db.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer long.Rollback(context.WithoutCancel(ctx))
	var n int
	if err := long.QueryRow(ctx, `SELECT count(*) FROM stays`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	done := importBehindLock(t, db, stays, "AccessExclusiveLock")
	reader := guarded(t, db)
	// (a reader queued behind the swap would wait until the long reader
	// ends, which is after this read)
	for i := 0; i < 5; i++ {
		var m int
		if err := reader.QueryRow(ctx, `SELECT count(*) FROM stays`).Scan(&m); err != nil {
			t.Fatalf("a reader while the swap waited for its lock: %v", err)
		}
		if m != n {
			t.Fatalf("a reader while the swap waited saw %d stays, want %d", m, n)
		}
	}
	if err := long.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || r.res.Inserted != 3000 {
		t.Fatalf("import: %+v %v", r.res, r.err)
	}
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM stays`).Scan(&n); err != nil || n != 3000 {
		t.Fatalf("after the swap: %d stays (%v), want 3000", n, err)
	}
}

// A bulk import that waits for its lock behind a long SHARE UPDATE
// EXCLUSIVE holder (the index upkeep's REINDEX CONCURRENTLY, a manual
// VACUUM) does not hold up the writers of single stays that come after
// it (pantau_stays_lock): a lock request that simply waited would queue
// them behind it until the holder ends, which here is after they wrote.
func TestBulkImportLetsWritersPassWhileItWaits(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	ctx := context.Background()
	stays := db.GenStays(t, 3000)
	admin := db.Admin(t)
	long, err := admin.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer long.Rollback(context.WithoutCancel(ctx))
	if _, err := long.Exec(ctx, `LOCK TABLE stays IN SHARE UPDATE EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	done := importBehindLock(t, db, stays, "ShareRowExclusiveLock")
	// (a writer queued behind the import would wait until the long
	// holder ends, which is after these writes)
	writer := guarded(t, db)
	for i := range 3 {
		if _, err := writer.Exec(ctx, `INSERT INTO stays (source, source_id, full_name, passport_no, nationality, permit_type, arrival_date, geom, desa_code)
			SELECT 'host', 'H' || $1::int, 'Synthetic Person', 'XH' || $1::int, 'SAU', 'voa', DATE '2026-11-01', label_point, code
			FROM areas WHERE level = 'desa' ORDER BY code LIMIT 1`, i); err != nil {
			t.Fatalf("a writer while the import waited for its lock: %v", err)
		}
	}
	if err := long.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || r.res.Inserted != 3000 {
		t.Fatalf("import: %+v %v", r.res, r.err)
	}
	var n int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM stays`).Scan(&n); err != nil || n != 3003 {
		t.Fatalf("after the import: %d stays (%v), want 3,003", n, err)
	}
}

type importOutcome struct {
	res importer.Result
	err error
}

// importBehindLock starts importing stays on the bulk path (BulkMin
// 1,000) and returns once the import waits for mode on stays, held by
// someone else; its outcome arrives on the channel.
func importBehindLock(t *testing.T, db *dbtest.DB, stays, mode string) <-chan importOutcome {
	t.Helper()
	ctx := context.Background()
	done := make(chan importOutcome, 1)
	go func() {
		res, err := importer.File(ctx, db.DB, "stays", "csv", strings.NewReader(stays), importer.Options{File: "stays.csv", BulkMin: 1000})
		done <- importOutcome{res, err}
	}()
	for range 6000 {
		select {
		case r := <-done:
			t.Fatalf("the import ended while stays was locked: %+v %v", r.res, r.err)
		default:
		}
		var asked bool
		if err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_locks WHERE relation = 'stays'::regclass
			AND mode = $1 AND NOT granted)`, mode).Scan(&asked); err != nil {
			t.Fatal(err)
		}
		if asked {
			return done
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("the import never asked for its %s", mode)
	return nil
}

// guarded is a connection whose statements fail after 5 s: a guard, not
// a measurement.
func guarded(t *testing.T, db *dbtest.DB) *pgxpool.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(conn.Release)
	if _, err := conn.Exec(ctx, `SET statement_timeout = '5s'`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Exec(context.WithoutCancel(ctx), `RESET statement_timeout`) })
	return conn
}

// Only the transaction that holds the writers out may swap the table
// beside in: a swap from any other would lose the rows written since the
// stored stays were copied.
func TestSwapNeedsTheWritersLock(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	tx, err := db.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	var last int64
	if err := tx.QueryRow(ctx, `SELECT pantau_stays_build(false)`).Scan(&last); err != nil {
		t.Fatal(err)
	}
	lone, err := db.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer lone.Rollback(ctx)
	if _, err := lone.Exec(ctx, `SELECT pantau_stays_swap_finish()`); err == nil || !strings.Contains(err.Error(), "does not hold stays") {
		t.Fatalf("a swap without the writers' lock: %v", err)
	}
	if err := lone.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `SELECT pantau_stays_swap($1, 0)`, last); err != nil {
		t.Fatalf("the swap of the lock's holder: %v", err)
	}
}
