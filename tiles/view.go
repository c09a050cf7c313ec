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
//     accommodations are limited to that area (by desa_code); stays outside
//     it are still counted, in clusters from which those with 1..K−1 stays
//     are dropped.
//   - Suppress, K: small-count suppression for viewers. A hexagon or cluster
//     with 1..K−1 stays is dropped from the tile; a desa or kecamatan keeps
//     its feature but omits present, per_km2 (both when present is 1..K−1)
//     and overstays (when 1..K−1). Zero is shown: it reveals no one.
//     Accommodation counts are about places, not people, and are shown.
type View struct {
	Individuals bool
	Scope       string
	Suppress    bool
	K           int
}

// ViewOf returns the view of principal p with threshold k.
func ViewOf(p *geo.Principal, k int) View {
	v := View{Individuals: p.SeesIndividuals(), Suppress: p.SuppressesSmallCounts(), K: k}
	if p != nil {
		v.Scope = p.AreaCode
	}
	return v
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

// minCount is the smallest aggregate count the view may see (1 = all).
func (v View) minCount() int {
	if v.Suppress && v.K > 1 {
		return v.K
	}
	return 1
}
