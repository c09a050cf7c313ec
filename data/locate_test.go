package data_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"pantau/data/dbtest"
	"pantau/geo"
)

// Where the Go locator answers, it gives pantau_desa_for's answer: for
// random points over Cianjur, every label point, points on and just off
// the desa boundaries (vertices and edge midpoints, nudged by 1e-12° to
// 1e-6°), and points 90 to 250 m outside the kabupaten's outline (the gap
// rule's edge). Boundary points themselves are left to the database, and
// points in no desa within about 110 m of one.
func TestDesaLocatorAgreesWithTheDatabase(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	ctx := context.Background()
	shapes := db.DesaShapesOf(t)
	var polys []geo.DesaPolygon
	var all orb.Bound
	var pts []orb.Point
	rng := rand.New(rand.NewPCG(1, 2))
	for i, s := range shapes {
		polys = append(polys, geo.DesaPolygon{Code: s.Code, Geom: s.Geom})
		if i == 0 {
			all = s.Geom.Bound()
		}
		all = all.Union(s.Geom.Bound())
		pts = append(pts, s.Label)
		for _, p := range s.Geom {
			for _, r := range p {
				for k := 1; k < len(r); k += 7 {
					a, b := r[k-1], r[k]
					mid := orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
					d := []float64{1e-12, 1e-9, 1e-8, 1e-6}[k%4]
					pts = append(pts, a, mid, orb.Point{mid[0] + d, mid[1] - d}, orb.Point{a[0] - d, a[1] + d})
				}
			}
		}
	}
	// Points off the kabupaten's outline, in reach of the gap rule and
	// beyond it (the locator answers none for those beyond about 110 m).
	xs, ys := outlinePoints(t, db, 90, 99, 101, 105, 109, 111, 115, 121, 130, 160, 250)
	for i := range xs {
		pts = append(pts, orb.Point{xs[i], ys[i]})
	}
	for range 20000 {
		pts = append(pts, orb.Point{all.Min[0] + rng.Float64()*(all.Max[0]-all.Min[0]), all.Min[1] + rng.Float64()*(all.Max[1]-all.Min[1])})
	}
	loc := geo.NewDesaLocator(polys)
	// The database is asked about the points the locator answers (the
	// others, mostly outside every desa, take its slow nearest-desa rule).
	xs, ys = nil, nil
	var codes []string
	var random, randomAnswered, none int
	for i, p := range pts {
		got, ok := loc.Locate(p)
		if i >= len(pts)-20000 {
			random++
			if ok {
				randomAnswered++
			}
		}
		if ok {
			xs, ys, codes = append(xs, p[0]), append(ys, p[1]), append(codes, got)
			if got == "" {
				none++
			}
		}
	}
	answered := len(codes)
	rows, err := db.Pool.Query(ctx, `SELECT i, pantau_desa_for(ST_SetSRID(ST_MakePoint(x, y), 4326))
		FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(x, y, i)`, xs, ys)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var i int
		var want *string
		if err := rows.Scan(&i, &want); err != nil {
			t.Fatal(err)
		}
		if want == nil && codes[i-1] != "" || want != nil && *want != codes[i-1] {
			t.Errorf("point (%v, %v): locator %s, pantau_desa_for %v", xs[i-1], ys[i-1], codes[i-1], want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// Nearly all random points are answered here, those outside every desa
	// (the kabupaten's box holds much land of other kabupaten) too.
	t.Logf("%d of %d points answered by the locator (%d of them: in no desa); random points: %d of %d", answered, len(pts), none, randomAnswered, random)
	if answered == 0 || randomAnswered < random*3/4 || none < len(pts)/20 {
		t.Fatalf("the locator answered too little: %d of %d random points, %d in no desa", randomAnswered, random, none)
	}
}
