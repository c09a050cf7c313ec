package dbtest

import (
	"context"
	"testing"
)

// PatrolSeed says what SeedPatrol makes: Points random points (generator
// seed Seed) in the union of the kecamatan named by code or upper-case name
// in Kecamatan; the first Stays points get a stay each (a third
// overstaying on 2026-06-20, arrivals from 2026-05-01), the rest an
// accommodation each (every fourth not registered); every AlertEvery-th
// stay an overstay alert, every fourth of those resolved.
type PatrolSeed struct {
	Kecamatan           []string
	Points, Seed, Stays int
	AlertEvery          int
}

// SeedPatrol makes synthetic stays, accommodations and alerts with SQL for
// the hotspot and patrol tests. The database must hold the desa
// (LoadCianjur).
func (d *DB) SeedPatrol(tb testing.TB, s PatrolSeed) {
	tb.Helper()
	_, err := d.Admin(tb).Exec(context.Background(), `
		WITH area AS (SELECT ST_Union(geom) AS g FROM areas WHERE level = 'kecamatan' AND (code = ANY($1) OR upper(name) = ANY($1))),
		pts AS (SELECT (ST_Dump(ST_GeneratePoints(g, $2, $3))).geom AS g FROM area),
		n AS (SELECT g, row_number() OVER () AS i FROM pts),
		acc AS (
		  INSERT INTO accommodations (source_id, name, kind, apoa_registered, geom, desa_code)
		  SELECT 'A' || i, 'Villa ' || i, 'villa', i % 4 <> 0, g, pantau_desa_for(g) FROM n WHERE i > $4
		  RETURNING id),
		st AS (
		  INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, departure_date, geom, desa_code)
		  SELECT 'S' || i, 'Synthetic Person ' || i, 'XP' || lpad(i::text, 7, '0'), (ARRAY['SAU','ARE','KWT','CHN'])[1 + i % 4], 'voa',
		         CASE WHEN i % 3 = 0 THEN DATE '2026-06-10' ELSE DATE '2026-08-01' END,
		         DATE '2026-05-01' + (i % 50)::int, CASE WHEN i % 7 = 0 THEN NULL ELSE DATE '2026-06-15' + (i % 20)::int END,
		         g, pantau_desa_for(g)
		  FROM n WHERE i <= $4
		  RETURNING id, geom, desa_code)
		INSERT INTO alerts (idempotency_key, rule, stay_id, geom, desa_code, state)
		SELECT 'k' || id, 'overstay', id, geom, desa_code, CASE WHEN id % 4 = 0 THEN 'resolved' ELSE 'open' END
		FROM st WHERE id % $5 = 0`, s.Kecamatan, s.Points, s.Seed, s.Stays, s.AlertEvery)
	if err != nil {
		tb.Fatal(err)
	}
}
