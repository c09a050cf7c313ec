package data_test

import (
	"context"
	"testing"

	"pantau/data"
	"pantau/data/dbtest"
)

// TestUpkeepIndexesRebuildsGrownIndexes: days of arrivals and departures
// spread stays_open_idx over twice the pages a fresh build needs;
// UpkeepIndexes rebuilds it (and only what grew), the rebuilt index is
// near a fresh build's size and answers as before; the last day's vacuum,
// which skipped index vacuuming, had left pages not all-visible, and the
// upkeep's vacuum makes the open stays' index-only scan fetch none from
// the heap again; a second round finds nothing to do; a day's arrivals
// not vacuumed yet are; and what an interrupted rebuild left is dropped.
func TestUpkeepIndexesRebuildsGrownIndexes(t *testing.T) {
	// 30,000 stays, a third of them open.
	db, exec := upkeepDB(t, 30000, 3)
	ctx := context.Background()
	admin := db.Admin(t)

	// openStays: the open stays over Cianjur read through stays_open_idx
	// (openScan), the table blocks that scan fetched (beyond the
	// visibility map's page: the stays not on an all-visible page), and
	// the open stays counted directly.
	openStays := func() (viaIndex, heapFetches, direct int64) {
		t.Helper()
		viaIndex, _, heap := openScan(t, admin)
		if err := admin.QueryRow(ctx, `SELECT count(*) FROM stays WHERE departure_date IS NULL`).Scan(&direct); err != nil {
			t.Fatal(err)
		}
		return viaIndex, max(heap-1, 0), direct
	}
	if n, f, direct := openStays(); f != 0 || n != 10000 || direct != 10000 {
		t.Fatalf("freshly vacuumed: %d open stays through the index, %d from the table, %d in all", n, f, direct)
	}

	up, err := db.UpkeepIndexes(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	checks := up.Indexes
	byName := func(cs []data.IndexCheck) map[string]data.IndexCheck {
		m := map[string]data.IndexCheck{}
		for _, c := range cs {
			m[c.Index] = c
		}
		return m
	}
	first := byName(checks)
	for _, name := range []string{"stays_open_idx", "stays_period_cover_idx", "stays_geom_period_cover_idx"} {
		c, ok := first[name]
		if !ok {
			t.Fatalf("%s not checked: %+v", name, checks)
		}
		if c.Rebuilt {
			t.Errorf("%s freshly built and rebuilt anyway: %+v", name, c)
		}
		// A sorted build over all rows and one over a sample differ by
		// a few per cent at most.
		if r := c.EntryBytes / c.FreshEntryBytes; r < 0.85 || r > 1.2 {
			t.Errorf("%s: %.1f bytes an entry against %.1f for a fresh build of a sample", name, c.EntryBytes, c.FreshEntryBytes)
		}
	}

	// Thirty days of churn: 2,000 arrivals (open) and 2,000 departures a
	// day, with the vacuum that follows them.
	churn(exec, 30, 2000)
	// The last day's departures touch few pages: VACUUM skips index
	// vacuuming (bypass) and leaves those pages not all-visible.
	exec(`UPDATE stays SET departure_date = arrival_date + 1
		WHERE id IN (SELECT id FROM stays WHERE departure_date IS NULL ORDER BY random() LIMIT 20)`)
	exec(`INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, geom, desa_code)
		SELECT 'E-' || id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, geom, desa_code
		FROM stays WHERE departure_date = arrival_date + 1 ORDER BY id DESC LIMIT 20`)
	exec(`VACUUM stays`)
	beforeIdx, fetches, beforeDirect := openStays()
	if beforeIdx != beforeDirect || beforeDirect != 10000 {
		t.Fatalf("open stays before the rebuild: %d through the index, %d in all (want 10,000)", beforeIdx, beforeDirect)
	}
	if fetches == 0 {
		t.Fatal("every page all-visible after the bypassed vacuum: the test proves nothing about VacuumStays")
	}

	up, err = db.UpkeepIndexes(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	checks = up.Indexes
	if !up.Vacuumed {
		t.Fatalf("stays not vacuumed with %d of its open stays fetched from the heap: %+v", fetches, up)
	}
	grown := byName(checks)["stays_open_idx"]
	if grown.EntryBytes <= data.DefaultIndexGrowth*grown.FreshEntryBytes {
		t.Fatalf("the churn did not grow stays_open_idx (%.1f bytes an entry, fresh %.1f): the test proves nothing", grown.EntryBytes, grown.FreshEntryBytes)
	}
	if !grown.Rebuilt || float64(grown.BytesAfter) > 1.2*grown.FreshEntryBytes*grown.Entries {
		t.Fatalf("stays_open_idx not rebuilt to a fresh build's size: %+v", grown)
	}
	t.Logf("stays_open_idx after 60,000 arrivals and departures: %d → %d bytes (%.0f entries, fresh %.1f bytes each) in %.2f s",
		grown.Bytes, grown.BytesAfter, grown.Entries, grown.FreshEntryBytes, grown.Seconds)
	for _, c := range checks {
		if c.Rebuilt != (c.EntryBytes > data.DefaultIndexGrowth*c.FreshEntryBytes) {
			t.Errorf("%s: rebuilt %v at %.1f bytes an entry (fresh %.1f)", c.Index, c.Rebuilt, c.EntryBytes, c.FreshEntryBytes)
		}
	}
	afterIdx, afterFetches, afterDirect := openStays()
	if afterIdx != beforeIdx || afterDirect != beforeDirect || afterFetches != 0 {
		t.Fatalf("open stays after the upkeep: %d through the index (%d from the heap), %d in all (before %d, %d from the heap)",
			afterIdx, afterFetches, afterDirect, beforeIdx, fetches)
	}
	t.Logf("heap fetches of the open stays' scan: %d → 0 (all-visible pages %.3f before)", fetches, up.Visibility.AllVisible)
	if up, err = db.UpkeepIndexes(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if up.Vacuumed {
		t.Errorf("second round vacuumed again: %+v", up)
	}
	for _, c := range up.Indexes {
		if c.Rebuilt {
			t.Errorf("second round rebuilt %s: %+v", c.Index, c)
		}
	}

	// A day file's 500 arrivals, not vacuumed yet (autovacuum is off here;
	// on a large table its insert threshold is a fifth of the rows): their
	// pages are not marked, and the open stays' scan reads them from the
	// heap until the upkeep vacuums.
	exec(`INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, geom, desa_code)
		SELECT 'F-' || id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, geom, desa_code
		FROM stays WHERE departure_date IS NULL ORDER BY id LIMIT 500`)
	if _, f, _ := openStays(); f < 500 {
		t.Fatalf("%d of the open stays read from the heap after 500 arrivals: the test proves nothing", f)
	}
	if up, err = db.UpkeepIndexes(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if !up.Vacuumed || up.Visibility.Inserted < 500 {
		t.Fatalf("500 arrivals not vacuumed: %+v", up)
	}
	if n, f, _ := openStays(); f != 0 || n != 10500 {
		t.Fatalf("after the upkeep: %d open stays through the index, %d from the heap", n, f)
	}

	// An interrupted REINDEX CONCURRENTLY leaves an invalid index
	// (here: a unique build that failed on duplicates).
	if _, err := admin.Exec(ctx, `CREATE UNIQUE INDEX CONCURRENTLY stays_open_idx_ccnew ON stays (nationality)`); err == nil {
		t.Fatal("the failing build succeeded")
	}
	var leftovers int
	count := func() {
		t.Helper()
		if err := admin.QueryRow(ctx, `SELECT count(*) FROM pg_class WHERE relname = 'stays_open_idx_ccnew'`).Scan(&leftovers); err != nil {
			t.Fatal(err)
		}
	}
	if count(); leftovers != 1 {
		t.Fatalf("no invalid index left to clean up (%d)", leftovers)
	}
	if _, err := db.UpkeepIndexes(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if count(); leftovers != 0 {
		t.Fatal("the invalid index an interrupted rebuild left was not dropped")
	}
}

// TestUpkeepLeavesANewDatabaseAlone: no stays yet (never vacuumed, no
// pages): nothing to vacuum and no index to measure, round after round.
func TestUpkeepLeavesANewDatabaseAlone(t *testing.T) {
	db := dbtest.New(t)
	for range 2 {
		up, err := db.UpkeepIndexes(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		if up.Vacuumed || len(up.Indexes) != 0 {
			t.Fatalf("an empty database: %+v", up)
		}
	}
}
