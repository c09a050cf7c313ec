package data_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"pantau/data/dbtest"
)

// TestDesaStayCountsMatchStays: the kept counters (desa_stay_counts, read
// by pantau_desa_presence and pantau_area_figures) give exactly the
// present stays and overstays that the stays themselves give, per desa and
// per kecamatan, on edge dates (year, month and leap-day boundaries, the
// first and last day of the data, before and after it) and windows across
// them, for all areas or some (p_codes) — through inserts, updates of dates, permits and desa, deletes,
// concurrent writers and TRUNCATE.
func TestDesaStayCountsMatchStays(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	ctx := context.Background()
	admin := db.Admin(t)
	// 3,000 stays at desa label points over 2023-11 … 2026-03 with every
	// kind of edge: open, one-day, permit expiring before, on, just before
	// and after the departure, no permit expiry, no desa.
	_, err := admin.Exec(ctx, `
		WITH d AS (SELECT code, label_point, row_number() OVER (ORDER BY code) AS k FROM areas WHERE level = 'desa'),
		g AS (SELECT i, DATE '2023-11-15' + (i * 7919 % 850) AS arr, i % 11 AS shape FROM generate_series(1, 3000) i)
		INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, departure_date, geom, desa_code)
		SELECT 'C' || g.i, 'Synthetic Person', 'XC' || g.i, 'SAU', 'voa',
		       CASE g.shape WHEN 0 THEN NULL WHEN 1 THEN g.arr - 3 WHEN 2 THEN g.arr + (g.i % 40) WHEN 3 THEN g.arr + (g.i % 40) - 1
		                    WHEN 4 THEN g.arr WHEN 5 THEN g.arr + 400 ELSE g.arr + (g.i % 60) END,
		       g.arr,
		       CASE WHEN g.shape IN (6, 9) THEN NULL WHEN g.shape = 7 THEN g.arr ELSE g.arr + (g.i % 40) END,
		       d.label_point, CASE WHEN g.shape = 8 AND g.i % 3 = 0 THEN NULL ELSE d.code END
		FROM g JOIN d ON d.k = 1 + g.i % 360`)
	if err != nil {
		t.Fatal(err)
	}
	days := []string{"2023-11-14", "2023-11-15", "2023-12-31", "2024-01-01", "2024-02-28", "2024-02-29", "2024-03-01",
		"2024-12-31", "2025-01-01", "2025-06-30", "2025-07-01", "2025-12-31", "2026-01-01", "2026-03-13", "2026-03-14",
		"2026-05-01", "2027-01-01"}
	check := func(step string) {
		t.Helper()
		for i, f := range days {
			for _, to := range []string{f, days[min(i+1, len(days)-1)], days[min(i+4, len(days)-1)]} {
				// Against the stays themselves, per desa …
				var wrong, present int
				if err := db.Pool.QueryRow(ctx, `
					WITH direct AS (SELECT desa_code, count(*) AS present,
					                       count(*) FILTER (WHERE pantau_is_overstay(permit_expiry, departure_date, $2)) AS overstays
					                FROM stays WHERE desa_code IS NOT NULL AND arrival_date <= $2 AND coalesce(departure_date, 'infinity') >= $1
					                GROUP BY 1),
					kept AS (SELECT * FROM pantau_desa_presence($1, $2) WHERE present <> 0 OR overstays <> 0)
					SELECT count(*) FILTER (WHERE d.present IS DISTINCT FROM k.present OR d.overstays IS DISTINCT FROM k.overstays),
					       coalesce(sum(d.present), 0)
					FROM direct d FULL JOIN kept k USING (desa_code)`, f, to).Scan(&wrong, &present); err != nil {
					t.Fatal(err)
				}
				if wrong != 0 {
					t.Fatalf("%s: [%s, %s]: %d desa whose kept counts differ from the stays (%d present)", step, f, to, wrong, present)
				}
				// … and the figures both ways: kept counts (no filter)
				// against the stays (the filter 'present' selects all).
				for _, level := range []string{"desa", "kecamatan"} {
					if err := db.Pool.QueryRow(ctx, `
						SELECT count(*) FROM pantau_area_figures($3, $1, $2, '{}', '{}', '{}') k
						JOIN pantau_area_figures($3, $1, $2, '{}', '{}', '{present}') d USING (code)
						WHERE (k.present, k.overstays, k.per_km2) IS DISTINCT FROM (d.present, d.overstays, d.per_km2)`, f, to, level).Scan(&wrong); err != nil {
						t.Fatal(err)
					}
					if wrong != 0 {
						t.Fatalf("%s: [%s, %s]: %d %s whose figures differ", step, f, to, wrong, level)
					}
					// … and for some areas only (p_codes, a tile's areas),
					// both ways: the same figures for those, no other area.
					for _, status := range []string{"{}", "{present}"} {
						if err := db.Pool.QueryRow(ctx, `
							WITH c AS (SELECT array_agg(code) AS codes FROM areas WHERE level = $3 AND ascii(right(code, 1)) % 3 = 0)
							SELECT count(*) FROM (SELECT r.* FROM c, pantau_area_figures($3, $1, $2, '{}', '{}', $4, c.codes) r) r
							FULL JOIN (SELECT a.* FROM c, pantau_area_figures($3, $1, $2, '{}', '{}', $4) a WHERE a.code = ANY (c.codes)) w USING (code)
							WHERE r IS DISTINCT FROM w`, f, to, level, status).Scan(&wrong); err != nil {
							t.Fatal(err)
						}
						if wrong != 0 {
							t.Fatalf("%s: [%s, %s]: %d %s whose figures for some areas (status %s) differ", step, f, to, wrong, level, status)
						}
					}
				}
				if step == "insert" && f == "2025-01-01" && to == f && present == 0 {
					t.Fatal("no stay present on 2025-01-01: the data does not test the counters")
				}
			}
		}
	}
	check("insert")
	for _, q := range []string{
		`UPDATE stays SET departure_date = arrival_date + 45 WHERE id % 5 = 0`,
		`UPDATE stays SET departure_date = NULL WHERE id % 17 = 0`,
		`UPDATE stays SET permit_expiry = departure_date - 1 WHERE id % 7 = 0 AND departure_date IS NOT NULL`,
		`UPDATE stays SET permit_expiry = NULL WHERE id % 13 = 0`,
		`UPDATE stays SET arrival_date = arrival_date - 400 WHERE id % 19 = 0`,
		`UPDATE stays SET desa_code = (SELECT min(code) FROM areas WHERE level = 'desa') WHERE id % 9 = 0`,
		`UPDATE stays SET desa_code = NULL WHERE id % 23 = 0`,
		`UPDATE stays SET full_name = 'Renamed Person' WHERE id % 3 = 0`,
		`DELETE FROM stays WHERE id % 29 = 0`,
	} {
		if _, err := admin.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
		check(q)
	}
	// Concurrent writers over the same desa and months.
	concurrently(t, 4, func(w int) error {
		for i := range 8 {
			if _, err := db.Pool.Exec(ctx, `UPDATE stays SET departure_date = coalesce(departure_date, arrival_date) + 1
				WHERE id % 4 = $1 AND id % 8 = $2`, w, i); err != nil {
				return err
			}
			if _, err := db.Pool.Exec(ctx, `INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type,
				permit_expiry, arrival_date, geom, desa_code)
				SELECT $1, 'Synthetic Person', 'XW', 'SAU', 'voa', DATE '2025-01-10', DATE '2024-12-31', label_point, code
				FROM areas WHERE code = '32.03.28.2003'`, fmt.Sprintf("W%d-%d", w, i)); err != nil {
				return err
			}
		}
		return nil
	})
	check("concurrent writers")
	if _, err := admin.Exec(ctx, `TRUNCATE stays CASCADE`); err != nil {
		t.Fatal(err)
	}
	var left int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM desa_stay_counts`).Scan(&left); err != nil || left != 0 {
		t.Fatalf("%d counters left after TRUNCATE (%v)", left, err)
	}
}

// concurrently runs f(0) … f(n−1) at once and fails t with the first error.
func concurrently(t *testing.T, n int, f func(w int) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = f(w)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}
