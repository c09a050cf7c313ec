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

// The polygon figures, counted strip by strip on separate connections, are
// those of the whole polygon counted at once — also for stays exactly on a
// strip's edge and on the polygon's boundary — and each stay counts once.
func TestPolygonStripsAddUp(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	// 2,000 stays on a 0.001° lattice over [107, 107.1] × [-6.75, -6.73]
	// (strip edges fall on lattice columns: 107.05, 107.025, …), some with
	// an accommodation, a third departed before the day.
	if _, err := db.Admin(t).Exec(ctx, `
		INSERT INTO accommodations (source_id, name, kind, geom)
		SELECT 'A' || k, 'Villa ' || k, (ARRAY['villa','hotel','kos'])[1 + k % 3], ST_SetSRID(ST_Point(107 + k * 0.001, -6.74), 4326)
		FROM generate_series(0, 100) k;
		INSERT INTO stays (source_id, full_name, passport_no, nationality, permit_type, permit_expiry, arrival_date, departure_date, accommodation_id, geom)
		SELECT 'S' || i || '-' || j, 'Synthetic Person', 'P' || i || j, (ARRAY['SAU','ARE','CHN','NLD'])[1 + (i + j) % 4],
		       (ARRAY['voa','itas'])[1 + i % 2], DATE '2026-11-20' + (i % 20), DATE '2026-11-01',
		       CASE WHEN j % 3 = 0 THEN DATE '2026-11-10' END,
		       (SELECT id FROM accommodations WHERE source_id = 'A' || i),
		       ST_SetSRID(ST_Point(107 + i * 0.001, -6.75 + j * 0.001), 4326)
		FROM generate_series(0, 100) i, generate_series(0, 20) j`); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	f := geo.Filter{From: day, To: day}
	for _, area := range []orb.MultiPolygon{
		{{{{107, -6.75}, {107.1, -6.75}, {107.1, -6.73}, {107, -6.73}, {107, -6.75}}}},      // the lattice's box: edges on lattice points
		{{{{107.0105, -6.749}, {107.0905, -6.7455}, {107.05, -6.731}, {107.0105, -6.749}}}}, // a triangle
		{{{{107.02, -6.745}, {107.03, -6.745}, {107.03, -6.735}, {107.02, -6.735}, {107.02, -6.745}}}, // two parts
			{{{107.07, -6.745}, {107.08, -6.745}, {107.08, -6.735}, {107.07, -6.735}, {107.07, -6.745}}}},
	} {
		res, err := db.PolygonFigures(ctx, area, f, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		rows, err := db.Pool.Query(ctx, `SELECT dim, key, present, overstays FROM pantau_polygon_stays($1, $2, $2, '{}', '{}', '{}')`, area, day)
		if err != nil {
			t.Fatal(err)
		}
		want := map[[2]string][2]int64{}
		for rows.Next() {
			var r data.PolygonRow
			if err := rows.Scan(&r.Dim, &r.Key, &r.Present, &r.Overstays); err != nil {
				t.Fatal(err)
			}
			want[[2]string{r.Dim, r.Key}] = [2]int64{r.Present, r.Overstays}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		got := map[[2]string][2]int64{}
		for _, r := range res.Stays {
			got[[2]string{r.Dim, r.Key}] = [2]int64{r.Present, r.Overstays}
		}
		if len(got) != len(want) {
			t.Errorf("%v: %d rows, want %d:\n%v\n%v", area.Bound(), len(got), len(want), got, want)
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%v: %v = %v, want %v", area.Bound(), k, got[k], w)
			}
		}
		var inside int64
		if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM stays WHERE ST_Covers($1, geom)
			AND daterange(arrival_date, departure_date, '[]') @> $2::date`, area, day).Scan(&inside); err != nil {
			t.Fatal(err)
		}
		if tot := got[[2]string{"total", ""}][0]; tot != inside || inside == 0 {
			t.Errorf("%v: total %d, ST_Covers counts %d", area.Bound(), tot, inside)
		}
	}
}
