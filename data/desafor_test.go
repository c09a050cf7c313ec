package data_test

import (
	"context"
	"strings"
	"testing"

	"pantau/data/dbtest"
)

// outlinePoints returns points just outside the kabupaten (as lon and lat
// slices): off every 40th vertex of its outline by each of the distances
// in metres (away from its centre), and 150 random points in a band of
// 300 m around it.
func outlinePoints(t *testing.T, db *dbtest.DB, metres ...float64) (xs, ys []float64) {
	t.Helper()
	rows, err := db.Pool.Query(context.Background(), `
		WITH k AS (SELECT geom, ST_Centroid(geom) AS c FROM areas WHERE level = 'kabupaten'),
		ring AS (SELECT ST_ExteriorRing((ST_Dump(k.geom)).geom) AS r, k.c FROM k),
		v AS (SELECT (ST_DumpPoints(r)).geom AS v, c FROM ring),
		vs AS (SELECT v, c, row_number() OVER () AS k FROM v),
		off AS (SELECT ST_Project(vs.v::geography, d, ST_Azimuth(vs.c, vs.v))::geometry AS p
		          FROM vs, unnest($1::float8[]) d WHERE vs.k % 40 = 0),
		band AS (SELECT (ST_Dump(ST_GeneratePoints(
		           ST_Difference(ST_Buffer(k.geom::geography, 300)::geometry, k.geom), 150, 17))).geom AS p FROM k)
		SELECT ST_X(p), ST_Y(p) FROM (SELECT p FROM off UNION ALL SELECT p FROM band) x`, metres)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var x, y float64
		if err := rows.Scan(&x, &y); err != nil {
			t.Fatal(err)
		}
		xs, ys = append(xs, x), append(ys, y)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return xs, ys
}

// The gap rule of pantau_desa_for (no desa covers the point: the nearest
// desa within 100 m, ties to the lowest code) gives the answers of the
// rule computed by brute force — every desa measured as geography, no
// index: the nearest desa (ties to the lowest code) if it lies within 100 m —
// for points just outside the kabupaten: outlinePoints at 99, 99.9, 100.1
// and 101 m. Points 99–100 m from
// the nearest desa must get that desa and points 100–101 m off none, and
// the gap search must be served by the GiST index of areas.
func TestDesaForGapRuleMatchesBruteForce(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	ctx := context.Background()
	admin := db.Admin(t)
	xs, ys := outlinePoints(t, db, 99, 99.9, 100.1, 101)
	args := []any{xs, ys}
	for _, q := range []string{
		`CREATE TEMP TABLE pts AS SELECT i, ST_SetSRID(ST_Point(x, y), 4326) AS p
		   FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(x, y, i)`,
		`CREATE TEMP TABLE brute AS SELECT code, geom::geography AS g FROM areas WHERE level = 'desa'`,
		`CREATE TEMP TABLE want AS
		   SELECT i, p, coalesce(c.code, CASE WHEN ST_DWithin(m.g, p::geography, 100) THEN m.code END) AS code,
		          CASE WHEN c.code IS NULL THEN m.dist ELSE 0 END AS dist
		   FROM pts
		   LEFT JOIN LATERAL (SELECT code FROM brute WHERE ST_Covers(brute.g::geometry, p) ORDER BY code LIMIT 1) c ON true
		   LEFT JOIN LATERAL (SELECT code, g, ST_Distance(g, p::geography) AS dist FROM brute
		                       WHERE c.code IS NULL ORDER BY 3, code LIMIT 1) m ON true`,
	} {
		if _, err := admin.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
		args = nil
	}
	var n, wrong, near, far, inside int
	if err := admin.QueryRow(ctx, `SELECT count(*),
		  count(*) FILTER (WHERE pantau_desa_for(p) IS DISTINCT FROM code),
		  count(*) FILTER (WHERE dist BETWEEN 99 AND 100 AND code IS NOT NULL),
		  count(*) FILTER (WHERE dist > 100 AND dist <= 101 AND code IS NULL),
		  count(*) FILTER (WHERE dist = 0)
		FROM want`).Scan(&n, &wrong, &near, &far, &inside); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d points: %d 99–100 m off a desa, %d 100–101 m off, %d in a desa", n, near, far, inside)
	if wrong != 0 {
		t.Fatalf("%d of %d points: pantau_desa_for differs from the brute-force rule", wrong, n)
	}
	if near < 10 || far < 10 {
		t.Fatalf("the points do not test the 100 m edge: %d at 99–100 m, %d at 100–101 m", near, far)
	}
	var plan strings.Builder
	rows, err := admin.Query(ctx, `EXPLAIN SELECT a.code FROM areas a
		WHERE a.level = 'desa' AND a.geom && pantau_gap_box(ST_SetSRID(ST_Point(106.9, -6.7), 4326))
		  AND ST_DWithin(a.geom::geography, ST_SetSRID(ST_Point(106.9, -6.7), 4326)::geography, 100)`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(line + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan.String(), "areas_geom_idx") {
		t.Fatalf("the gap search is not served by areas_geom_idx:\n%s", plan.String())
	}
}
