package geo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// Fence kinds.
const (
	FenceWatchZone      = "watch_zone"      // an area of concern, e.g. a villa cluster
	FenceRestrictedZone = "restricted_zone" // e.g. the palace grounds in Cipanas
	FenceGuidedVillage  = "guided_village"  // Desa Binaan Imigrasi
)

// FenceKinds lists the valid fence kinds.
var FenceKinds = []string{FenceWatchZone, FenceRestrictedZone, FenceGuidedVillage}

// Rule names: what a fence watches for.
const (
	RuleStayStarted  = "stay_started"               // a present stay is (first) seen inside
	RuleStayEnded    = "stay_ended"                 // a departure is reported for a stay inside
	RuleOverstay     = "overstay"                   // a present stay inside has an expired permit
	RuleUnregistered = "unregistered_accommodation" // an accommodation inside is not APOA-registered
	RuleCountAbove   = "count_above"                // more than Threshold present stays inside
	MaxRulesPerFence = 16
	MaxFenceRadiusM  = 50000
	MaxFenceVertices = 100000
)

// RuleNames lists the valid rule names.
var RuleNames = []string{RuleStayStarted, RuleStayEnded, RuleOverstay, RuleUnregistered, RuleCountAbove}

// Rule is one thing a fence watches. Nationality and Permit filter the stays
// the rule considers (empty: all); they do not apply to
// unregistered_accommodation. Threshold and Hysteresis apply to count_above
// only: it fires when the number of present stays inside exceeds Threshold
// and re-arms only once the number has fallen to Threshold − Hysteresis or
// below (Hysteresis 0: a tenth of Threshold, at least 1), so a count that
// wobbles around the threshold raises one alert. The rules are evaluated by
// the database (data/sql/alerts.sql), where they are defined.
type Rule struct {
	Rule        string   `json:"rule"`
	Nationality []string `json:"nationality,omitempty"`
	Permit      []string `json:"permit,omitempty"`
	Threshold   int      `json:"threshold,omitempty"`
	Hysteresis  int      `json:"hysteresis,omitempty"`
}

// Fence is a watched zone. Geometry is EPSG:4326; a point + radius fence
// keeps its Center and RadiusM (metres, geodesic) and its Geometry is the
// buffer PostGIS computed on the spheroid. Points on the boundary are inside.
// A fence is active at t when ActiveFrom <= t < ActiveTo (open ends: always).
type Fence struct {
	ID         int64
	Name       string
	Kind       string
	Geometry   orb.MultiPolygon
	Center     *orb.Point
	RadiusM    float64
	DesaCode   string
	Rules      []Rule
	ActiveFrom *time.Time
	ActiveTo   *time.Time
	CreatedBy  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Active reports whether the fence is active at t.
func (f Fence) Active(t time.Time) bool {
	return (f.ActiveFrom == nil || !t.Before(*f.ActiveFrom)) && (f.ActiveTo == nil || t.Before(*f.ActiveTo))
}

// ValidateRules checks rule names, filters and thresholds, normalises
// nationality codes to upper case and returns the first problem as an
// EINVALID error naming the field (e.g. "rules[2].threshold").
func ValidateRules(rules []Rule) error {
	if len(rules) > MaxRulesPerFence {
		return RFenceBadRule.FieldErrorf("rules", "at most %d rules per fence, got %d", MaxRulesPerFence, len(rules))
	}
	for i := range rules {
		r := &rules[i]
		field := fmt.Sprintf("rules[%d]", i)
		if !slices.Contains(RuleNames, r.Rule) {
			return RFenceBadRule.FieldErrorf(field+".rule", "unknown rule %q (want one of %s)", r.Rule, strings.Join(RuleNames, ", "))
		}
		for j, n := range r.Nationality {
			n = strings.ToUpper(strings.TrimSpace(n))
			if len(n) != 3 || strings.Trim(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
				return RFenceBadRule.FieldErrorf(fmt.Sprintf("%s.nationality[%d]", field, j), "%q is not an ISO 3166-1 alpha-3 code", r.Nationality[j])
			}
			r.Nationality[j] = n
		}
		for j, p := range r.Permit {
			if !slices.Contains(PermitTypes, p) {
				return RFenceBadRule.FieldErrorf(fmt.Sprintf("%s.permit[%d]", field, j), "unknown permit type %q (want one of %s)", p, strings.Join(PermitTypes, ", "))
			}
		}
		if r.Rule == RuleUnregistered && (len(r.Nationality) > 0 || len(r.Permit) > 0) {
			return RFenceBadRule.FieldErrorf(field, "nationality and permit filters apply to stay rules, not to %s", r.Rule)
		}
		if r.Rule == RuleCountAbove {
			if r.Threshold < 1 {
				return RFenceBadRule.FieldErrorf(field+".threshold", "count_above needs a threshold of at least 1")
			}
			if r.Hysteresis < 0 || r.Hysteresis > r.Threshold {
				return RFenceBadRule.FieldErrorf(field+".hysteresis", "hysteresis must be between 0 and the threshold (%d)", r.Threshold)
			}
		} else if r.Threshold != 0 || r.Hysteresis != 0 {
			return RFenceBadRule.FieldErrorf(field+".threshold", "threshold and hysteresis apply to count_above only")
		}
	}
	return nil
}

// ValidateFenceGeometry checks a Polygon or MultiPolygon given as a fence:
// lon/lat in range, closed rings of at least 4 positions. Self-intersection
// is left to PostGIS (ST_IsValidReason), which names the spot.
func ValidateFenceGeometry(g orb.Geometry) (orb.MultiPolygon, error) {
	if g == nil {
		return nil, RFenceBadGeometry.FieldErrorf("geometry", "geometry is required (or center + radius_m, or desa_code)")
	}
	mp, ok := AsMultiPolygon(g)
	if !ok {
		return nil, RFenceBadGeometry.FieldErrorf("geometry", "a fence is a Polygon or MultiPolygon, not a %s", g.GeoJSONType())
	}
	if len(mp) == 0 {
		return nil, RFenceBadGeometry.FieldErrorf("geometry", "the geometry is empty")
	}
	n := 0
	for pi, p := range mp {
		if len(p) == 0 {
			return nil, RFenceBadGeometry.FieldErrorf(fmt.Sprintf("geometry.coordinates[%d]", pi), "polygon without rings")
		}
		for ri, ring := range p {
			field := fmt.Sprintf("geometry.coordinates[%d][%d]", pi, ri)
			if len(ring) < 4 {
				return nil, RPolygonRingTooShort.FieldErrorf(field, "a ring needs at least 4 positions, got %d", len(ring))
			}
			if ring[0] != ring[len(ring)-1] {
				return nil, RPolygonRingNotClosed.FieldErrorf(field, "the ring is not closed (first and last positions differ)")
			}
			for _, pt := range ring {
				if err := fenceLonLat(pt); err != nil {
					return nil, RPolygonBadCoordinate.FieldErrorf(field, "%s", ErrorMessage(err))
				}
			}
			n += len(ring)
		}
	}
	if n > MaxFenceVertices {
		return nil, RFenceBadGeometry.FieldErrorf("geometry", "at most %d vertices, got %d", MaxFenceVertices, n)
	}
	return mp, nil
}

// fenceLonLat checks that p is a finite longitude/latitude in degrees.
func fenceLonLat(p orb.Point) error {
	if !(p[0] >= -180 && p[0] <= 180) || !(p[1] >= -90 && p[1] <= 90) {
		return RPolygonBadCoordinate.Errorf("position [%g, %g] is not a longitude/latitude in degrees", p[0], p[1])
	}
	return nil
}
