package data_test

import (
	"context"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"pantau/data"
	"pantau/data/dbtest"
	"pantau/geo"
)

// seedPatrolData makes stays, accommodations and alerts around Cipanas with
// SQL: 2,000 stays at random points in kecamatan Cipanas and Pacet, a third
// of them overstaying on 2026-06-20, 200 accommodations (every fourth not
// registered) and 30 open plus 10 resolved alerts.
func seedPatrolData(t testing.TB, db *dbtest.DB) {
	t.Helper()
	db.SeedPatrol(t, dbtest.PatrolSeed{
		Kecamatan: []string{"CIPANAS", "PACET"},
		Points:    2200, Seed: 7, Stays: 2000, AlertEvery: 50,
	})
}

// patrolDB returns a database with the real desa and seedPatrolData's
// rows, and the day the tests ask about.
func patrolDB(t *testing.T) (*dbtest.DB, context.Context, time.Time) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	seedPatrolData(t, db)
	return db, context.Background(), time.Date(2026, 6, 20, 0, 0, 0, 0, time.UTC)
}

// hotspotTotals sums the hotspots' present stays, overstays, unregistered
// accommodations, open alerts and stays present 30 days before.
func hotspotTotals(hs []geo.Hotspot) (n [5]int64) {
	for _, h := range hs {
		n[0] += h.Figures.Present
		n[1] += h.Figures.Overstays
		n[2] += h.Figures.Unregistered
		n[3] += h.Figures.OpenAlerts
		n[4] += h.Figures.PresentBefore
	}
	return n
}

// countedTotals counts hotspotTotals' figures straight from the tables, on
// day, over the rows that meet cond.
func countedTotals(t *testing.T, db *dbtest.DB, day time.Time, cond string) (n [5]int64) {
	t.Helper()
	present := `arrival_date <= $1 AND (departure_date IS NULL OR departure_date >= $1)`
	if err := db.Pool.QueryRow(context.Background(), `SELECT
		(SELECT count(*) FROM stays WHERE `+cond+` AND `+present+`),
		(SELECT count(*) FROM stays WHERE `+cond+` AND `+present+` AND permit_expiry < $1),
		(SELECT count(*) FROM accommodations WHERE `+cond+` AND NOT apoa_registered),
		(SELECT count(*) FROM alerts WHERE `+cond+` AND state = 'open'),
		(SELECT count(*) FROM stays WHERE `+cond+` AND arrival_date <= $1::date - 30 AND (departure_date IS NULL OR departure_date >= $1::date - 30))`,
		day).Scan(&n[0], &n[1], &n[2], &n[3], &n[4]); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestHotspotInputsDesaMatchFigures(t *testing.T) {
	db, ctx, day := patrolDB(t)
	f := geo.Filter{From: day, To: day}
	hs, err := db.HotspotInputs(ctx, data.HotspotQuery{Level: "desa", Filter: f})
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 360 {
		t.Fatalf("%d desa, want 360", len(hs))
	}
	for _, h := range hs {
		if h.Point.Lon() < 106 || h.Point.Lon() > 108 || h.KecamatanName == "" {
			t.Fatalf("desa %s: point %v kecamatan %q", h.ID, h.Point, h.KecamatanName)
		}
	}
	got, want := hotspotTotals(hs), countedTotals(t, db, day, "desa_code IS NOT NULL")
	if got != want || got[0] == 0 || got[3] == 0 || got[4] == 0 {
		t.Fatalf("hotspot totals %v, independent %v", got, want)
	}
	// Scope and polygon narrow the desa.
	scoped, err := db.HotspotInputs(ctx, data.HotspotQuery{Level: "desa", Filter: f, Scope: hs[0].ID[:8]})
	if err != nil || len(scoped) == 0 || len(scoped) >= 360 {
		t.Fatalf("scoped: %d desa, %v", len(scoped), err)
	}
	for _, h := range scoped {
		if h.ID[:8] != hs[0].ID[:8] {
			t.Fatalf("desa %s outside scope %s", h.ID, hs[0].ID[:8])
		}
	}
	box := orb.MultiPolygon{orb.Polygon{{{107.0, -6.76}, {107.1, -6.76}, {107.1, -6.70}, {107.0, -6.70}, {107.0, -6.76}}}}
	inBox, err := db.HotspotInputs(ctx, data.HotspotQuery{Level: "desa", Filter: f, Within: box})
	if err != nil || len(inBox) == 0 || len(inBox) > 40 {
		t.Fatalf("in box: %d desa, %v", len(inBox), err)
	}
}

func TestHotspotInputsHex(t *testing.T) {
	db, ctx, day := patrolDB(t)
	hs, err := db.HotspotInputs(ctx, data.HotspotQuery{Level: "hex", CellM: 1000, Filter: geo.Filter{From: day, To: day}})
	if err != nil {
		t.Fatal(err)
	}
	// Hex cells carry no figure of 30 days before.
	got, want := hotspotTotals(hs), countedTotals(t, db, day, "true")
	if [4]int64(got[:4]) != [4]int64(want[:4]) {
		t.Fatalf("hex totals %v, independent %v", got[:4], want[:4])
	}
	// Every stay lies in its cell's hexagon (the cell centre is within
	// the circumradius of each point) — check with the cell geometry.
	var outside int
	err = db.Pool.QueryRow(ctx, `
		SELECT count(*) FROM stays s
		WHERE s.arrival_date <= $1 AND (s.departure_date IS NULL OR s.departure_date >= $1)
		  AND NOT EXISTS (SELECT FROM pantau_patrol_hex(1000, $1, $1, '{}', '{}', ST_Expand(s.geom, 0.0001)) h
		                  WHERE ST_Covers(ST_Hexagon(1000, h.i, h.j, ST_SetSRID(ST_Point(0, 0), 32748)), ST_Transform(s.geom, 32748)))`,
		day).Scan(&outside)
	if err != nil || outside != 0 {
		t.Fatalf("%d stays outside their cell (%v)", outside, err)
	}
	if _, err := db.HotspotInputs(ctx, data.HotspotQuery{Level: "hex", CellM: 10}); geo.ErrorCode(err) != geo.EINVALID {
		t.Fatalf("cell 10 m: %v", err)
	}
	t.Logf("%d cells with %d present stays", len(hs), got[0])
}

// OverstayersIn lists, per desa or cell, exactly the overstaying stays the
// hotspot counted (up to the limit), longest overdue first.
func TestOverstayersIn(t *testing.T) {
	db, ctx, day := patrolDB(t)
	f := geo.Filter{From: day, To: day}
	for _, level := range []string{"desa", "hex"} {
		hs, err := db.HotspotInputs(ctx, data.HotspotQuery{Level: level, CellM: 700, Filter: f})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		want := map[string]int64{}
		for _, h := range hs {
			if h.Figures.Overstays > 0 {
				ids = append(ids, h.ID)
				want[h.ID] = h.Figures.Overstays
			}
		}
		if len(ids) == 0 {
			t.Fatalf("%s: no hotspot with overstays", level)
		}
		people, err := db.OverstayersIn(ctx, f, "", level, 700, ids, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if int64(len(people[id])) != want[id] {
				t.Errorf("%s %s: %d people listed, %d overstays counted", level, id, len(people[id]), want[id])
			}
			for _, p := range people[id] {
				if p.FullName == "" || p.PassportNo == "" || p.PermitExpiry == nil || !p.PermitExpiry.Before(day) {
					t.Errorf("%s %s: %+v", level, id, p)
				}
			}
		}
		limited, err := db.OverstayersIn(ctx, f, "", level, 700, ids, 1)
		if err != nil {
			t.Fatal(err)
		}
		for id, ps := range limited {
			if len(ps) > 1 {
				t.Errorf("%s %s: limit 1, got %d", level, id, len(ps))
			}
		}
	}
}
