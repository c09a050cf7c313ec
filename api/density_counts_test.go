package api_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"pantau/geo"
)

// TestDensityAreasFromKeptCounts: the desa and kecamatan figures come from
// the kept counters (desa_stay_counts) when no filter narrows the stays;
// on edge dates — before the first arrival, the first arrival, a month's
// last and first day, the last departures, after them — and windows across
// them, every caller gets what the same request through the stays gives
// (status=present selects them all): an analyst exactly the stays' own
// count, a viewer the disclosure rule's multiples of k (pantau_disclose)
// of it, present and overstays alike.
func TestDensityAreasFromKeptCounts(t *testing.T) {
	fx := newDensityFixture(t)
	ctx := context.Background()
	admin := fx.DB.Admin(t)
	var kept int
	if err := admin.QueryRow(ctx, `SELECT count(*) FROM desa_stay_counts`).Scan(&kept); err != nil || kept == 0 {
		t.Fatalf("%d kept counters (%v): the fixture's stays are not counted", kept, err)
	}
	queries := []string{"at=2026-05-31", "at=2026-06-01", "at=2026-06-30", "at=2026-07-01", "at=2026-07-10", "at=2026-07-11",
		"at=2026-07-12", "from=2026-05-31&to=2026-06-01", "from=2026-06-30&to=2026-07-01", "from=2026-07-11&to=2026-08-01"}
	var exactSeen, suppressedSeen int
	for _, q := range queries {
		v, err := url.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		f, err := geo.ParseFilter(v, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, level := range []string{"desa", "kecamatan"} {
			direct := map[string][2]int64{}
			rows, err := admin.Query(ctx, `SELECT CASE WHEN $1 = 'desa' THEN desa_code ELSE substr(desa_code, 1, 8) END, count(*),
				count(*) FILTER (WHERE permit_expiry < least($3::date, coalesce(departure_date, $3::date)))
				FROM stays WHERE desa_code IS NOT NULL AND arrival_date <= $3 AND coalesce(departure_date, 'infinity') >= $2 GROUP BY 1`,
				level, f.From, f.To)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var code string
				var n [2]int64
				if err := rows.Scan(&code, &n[0], &n[1]); err != nil {
					t.Fatal(err)
				}
				direct[code] = n
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			for _, who := range []struct {
				token string
				k     int
			}{{fx.analyst, 1}, {fx.viewer, 5}} {
				var got, stays areaResp
				getJSON(t, fx.testServer, fmt.Sprintf("/api/v1/density/areas?level=%s&%s", level, q), who.token, &got)
				// status=present selects every stay, through the stays.
				getJSON(t, fx.testServer, fmt.Sprintf("/api/v1/density/areas?level=%s&%s&status=present", level, q), who.token, &stays)
				for i, a := range got.Areas {
					want := direct[a.Code]
					for j, g := range []*int64{a.Present, a.Overstays} {
						s := []*int64{stays.Areas[i].Present, stays.Areas[i].Overstays}[j]
						if stays.Areas[i].Code != a.Code || (g == nil) != (s == nil) || g != nil && *g != *s {
							t.Errorf("%s %s %s (k=%d) figure %d: %v from the kept counts, %v from the stays", q, level, a.Code, who.k, j, deref(g), deref(s))
						}
						switch {
						case who.k == 1 && (g == nil || *g != want[j]):
							t.Errorf("%s %s %s figure %d: analyst sees %v, the stays give %d", q, level, a.Code, j, deref(g), want[j])
						case who.k > 1 && g != nil && *g%int64(who.k) != 0:
							t.Errorf("%s %s %s figure %d: viewer sees %d, not a multiple of %d", q, level, a.Code, j, *g, who.k)
						case g == nil:
							suppressedSeen++
						case *g > 0:
							exactSeen++
						}
					}
				}
			}
		}
	}
	if exactSeen == 0 || suppressedSeen == 0 {
		t.Fatalf("%d shown and %d suppressed figures: the dates do not test both", exactSeen, suppressedSeen)
	}
}

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}
