package data_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"pantau/data/dbtest"
)

// The period keys of migration 0900 select exactly the stays whose closed
// period overlaps the closed window, as daterange does — on the edges, for
// open stays and unbounded windows, at the extremes of the allowed dates —
// whether the test is evaluated row by row or through the GiST indexes, and
// so does pantau_stays_matching, which reads open stays apart (2100).
func TestPeriodKeysMatchDateranges(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	admin := db.Admin(t)
	// Dates around a few days, 2000-01-01 (day 0) and the extremes; every
	// stay and every window over them.
	const dates = `(VALUES (DATE '1900-01-01'), (DATE '1999-12-31'), (DATE '2000-01-01'), (DATE '2026-11-28'),
		(DATE '2026-11-29'), (DATE '2026-11-30'), (DATE '2027-02-01'), (DATE '9999-12-31'))`
	if _, err := admin.Exec(ctx, `
		INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, arrival_date, departure_date, geom)
		SELECT 'S' || row_number() OVER (), 'Synthetic Person', 'P1', 'SAU', 'voa', a.d, dep.d,
		       ST_SetSRID(ST_Point(107.0 + random() * 0.01, -6.7), 4326)
		FROM `+dates+` a(d), (SELECT d FROM `+dates+` x(d) UNION ALL SELECT NULL) dep(d)
		WHERE dep.d IS NULL OR dep.d >= a.d;
		ANALYZE stays`); err != nil {
		t.Fatal(err)
	}
	var stays int
	if err := admin.QueryRow(ctx, `SELECT count(*) FROM stays`).Scan(&stays); err != nil || stays != 8*9/2+8 {
		t.Fatalf("%d stays, %v", stays, err)
	}
	// Each window: the stays by daterange, by the period key, by the place
	// key; a mismatch names the window.
	check := func(setting string) {
		t.Helper()
		tx, err := admin.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, setting); err != nil {
			t.Fatal(err)
		}
		rows, err := tx.Query(ctx, `
			WITH w AS (SELECT f.d AS f, t.d AS t
			           FROM (SELECT d FROM `+dates+` x(d) UNION ALL SELECT NULL) f(d),
			                (SELECT d FROM `+dates+` x(d) UNION ALL SELECT NULL) t(d)
			           WHERE f.d IS NULL OR t.d IS NULL OR f.d <= t.d)
			SELECT w.f::text, w.t::text,
			       (SELECT array_agg(id ORDER BY id) FROM stays s WHERE daterange(s.arrival_date, s.departure_date, '[]') && daterange(w.f, w.t, '[]')),
			       (SELECT array_agg(id ORDER BY id) FROM stays s WHERE pantau_period_key(s.arrival_date, s.departure_date) && pantau_period_box(w.f, w.t)),
			       (SELECT array_agg(id ORDER BY id) FROM stays s WHERE s.geom && ST_MakeEnvelope(106, -7, 108, -6, 4326)
			           AND pantau_period_place_key(s.arrival_date, s.departure_date) && pantau_period_box(w.f, w.t)),
			       (SELECT array_agg(id ORDER BY id) FROM pantau_stays_matching(w.f, w.t, '{}', '{}', '{}') s),
			       (SELECT array_agg(id ORDER BY id) FROM pantau_stays_matching(w.f, w.t, '{}', '{}', '{}') s
			         WHERE s.geom && ST_MakeEnvelope(106, -7, 108, -6, 4326)
			           AND pantau_period_place_key(s.arrival_date, s.departure_date) && pantau_period_box(w.f, w.t))
			FROM w`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		windows := 0
		for rows.Next() {
			var f, to *string
			var want, byKey, byPlace, matching, matchingPlace []int64
			if err := rows.Scan(&f, &to, &want, &byKey, &byPlace, &matching, &matchingPlace); err != nil {
				t.Fatal(err)
			}
			windows++
			if !slices.Equal(want, byKey) || !slices.Equal(want, byPlace) || !slices.Equal(want, matching) || !slices.Equal(want, matchingPlace) {
				t.Errorf("%s: window [%v, %v]: daterange %v, period key %v, place key %v, pantau_stays_matching %v, by place %v",
					setting, deref(f), deref(to), want, byKey, byPlace, matching, matchingPlace)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if windows != 8*9/2+9+8 {
			t.Fatalf("%d windows", windows)
		}
	}
	check(`SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexonlyscan = off`)
	check(`SET LOCAL enable_seqscan = off`)
	// pantau_stays_matching reaches the indexes each branch is written for:
	// closed stays the period index (by period) or the place index (by
	// place), open stays their own index; and nothing else.
	for q, indexes := range map[string][]string{
		`SELECT desa_code, geom_3857 FROM pantau_stays_matching('2026-11-30', '2026-11-30', '{}', '{}', '{}') s
		   WHERE s.geom_3857 && ST_Transform(ST_MakeEnvelope(106, -7, 108, -6, 4326), 3857)`: {"stays_period_cover_idx", "stays_open_idx"},
		`SELECT desa_code, geom FROM pantau_stays_matching('2026-11-30', '2026-11-30', '{}', '{}', '{}') s
		   WHERE s.geom && ST_MakeEnvelope(106, -7, 108, -6, 4326)
		   AND pantau_period_place_key(s.arrival_date, s.departure_date) && pantau_period_box('2026-11-30', '2026-11-30')`: {"stays_geom_period_cover_idx", "stays_open_idx"},
	} {
		tx, err := admin.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var plan string
		if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
			t.Fatal(err)
		}
		if err := tx.QueryRow(ctx, `EXPLAIN (FORMAT JSON) `+q).Scan(&plan); err != nil {
			t.Fatal(err)
		}
		tx.Rollback(ctx)
		for _, index := range indexes {
			if !strings.Contains(plan, `"Index Name": "`+index+`"`) {
				t.Errorf("%s: plan does not use %s: %s", q, index, plan)
			}
		}
		if strings.Count(plan, `"Index Name"`) != len(indexes) {
			t.Errorf("%s: plan uses other indexes than %v: %s", q, indexes, plan)
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "∞"
	}
	return *s
}
