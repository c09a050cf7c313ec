package tiles

import (
	"strconv"

	"pantau/geo"
)

// View is what the caller may see; it shapes the SQL and is part of every
// cache key.
//
//   - Individuals: individual stays from z15 and the accommodations layer
//     (officer, analyst, admin).
//   - Scope: a Kemendagri area code; when set, individual stays and
//     accommodations are limited to that area (by desa_code), and what lies
//     outside it is seen as Suppress sees it (the disclosure rule below);
//     counts that mix both are the exact in-scope part plus the disclosed
//     rest.
//   - Suppress, K: the disclosure rule of docs/density.md "Small counts" for callers
//     that see aggregates only (geo.Disclose; pantau_disclose in SQL): every
//     count of people is 0, hidden (1..K−1) or rounded down to a multiple
//     of K, and clusters are drawn at their cell's centre. A hexagon or
//     cluster whose count is hidden is dropped; a desa or kecamatan keeps
//     its feature but omits a hidden present (with per_km2) or overstays.
//     Accommodation counts are about places, not people, and are exact.
type View struct {
	Individuals bool
	Scope       string
	Suppress    bool
	K           int
}

// ViewOf returns the view of principal p with threshold k.
func ViewOf(p *geo.Principal, k int) View {
	pv := p.View()
	return View{Individuals: pv.Individuals, Suppress: pv.AggregatesOnly(), Scope: pv.Scope, K: k}
}

// Key is a canonical string of the view for cache keys.
func (v View) Key() string {
	s := "agg"
	if v.Individuals {
		s = "ind"
	}
	if v.Suppress {
		s += "-suppress"
	}
	return s + ":k" + strconv.Itoa(v.K) + ":" + v.Scope
}
