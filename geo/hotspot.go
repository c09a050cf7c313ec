package geo

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/paulmach/orb"
)

// HotspotFigures are the inputs of a hotspot's score, for one desa or one
// grid cell, as of a date (or over a window):
//   - Present: stays present (pantau_area_figures / pantau_stays_matching),
//   - Overstays: of those, stays whose permit had expired,
//   - Unregistered: accommodations not registered with APOA,
//   - OpenAlerts: alerts in state "open" located there,
//   - PresentBefore: stays present 30 days earlier (same filter, shifted).
type HotspotFigures struct {
	Present       int64 `json:"present"`
	Overstays     int64 `json:"overstays"`
	Unregistered  int64 `json:"unregistered"`
	OpenAlerts    int64 `json:"open_alerts"`
	PresentBefore int64 `json:"present_30d_before"`
}

// Change is Present − PresentBefore (negative when fewer stay now).
func (f HotspotFigures) Change() int64 { return f.Present - f.PresentBefore }

// HotspotWeights weigh each factor of the score. Every weight is ≥ 0.
type HotspotWeights struct {
	Present      float64 `json:"present"`
	Overstays    float64 `json:"overstays"`
	Unregistered float64 `json:"unregistered"`
	OpenAlerts   float64 `json:"open_alerts"`
	Change       float64 `json:"change"`
}

// DefaultHotspotWeights: an overstay counts as much as five present stays,
// an open alert four, an unregistered accommodation three; a rise of two
// stays against 30 days earlier counts as one present stay.
var DefaultHotspotWeights = HotspotWeights{Present: 1, Overstays: 5, Unregistered: 3, OpenAlerts: 4, Change: 0.5}

// MaxHotspotWeight bounds each weight.
const MaxHotspotWeight = 1000

// Validate checks that every weight is finite, in [0, MaxHotspotWeight] and
// that not all are zero; errors name the field as weights.<factor>.
func (w HotspotWeights) Validate() error {
	any := false
	for _, f := range []struct {
		name string
		v    float64
	}{{"present", w.Present}, {"overstays", w.Overstays}, {"unregistered", w.Unregistered},
		{"open_alerts", w.OpenAlerts}, {"change", w.Change}} {
		if math.IsNaN(f.v) || f.v < 0 || f.v > MaxHotspotWeight {
			return RPatrolBadWeights.FieldErrorf("weights."+f.name, "weight %s must be from 0 to %d", f.name, MaxHotspotWeight)
		}
		any = any || f.v > 0
	}
	if !any {
		return RPatrolBadWeights.FieldErrorf("weights", "at least one weight must be above zero")
	}
	return nil
}

// Contribution is one factor's part of a score: Points = Weight × Value,
// except for "change", where only a rise counts (Points = Weight ×
// max(Value, 0)): fewer stays than a month ago never lowers a score.
type Contribution struct {
	Factor string  `json:"factor"`
	Value  float64 `json:"value"`
	Weight float64 `json:"weight"`
	Points float64 `json:"points"`
}

// Score returns the hotspot score of f — the sum of the contributions — and
// every contribution, in a fixed factor order.
func (w HotspotWeights) Score(f HotspotFigures) (float64, []Contribution) {
	cs := []Contribution{
		{"present", float64(f.Present), w.Present, w.Present * float64(f.Present)},
		{"overstays", float64(f.Overstays), w.Overstays, w.Overstays * float64(f.Overstays)},
		{"unregistered", float64(f.Unregistered), w.Unregistered, w.Unregistered * float64(f.Unregistered)},
		{"open_alerts", float64(f.OpenAlerts), w.OpenAlerts, w.OpenAlerts * float64(f.OpenAlerts)},
		{"change", float64(f.Change()), w.Change, w.Change * math.Max(float64(f.Change()), 0)},
	}
	sum := 0.0
	for _, c := range cs {
		sum += c.Points
	}
	return sum, cs
}

// Hotspot is a ranked place to patrol: a desa or a grid cell.
type Hotspot struct {
	ID            string         `json:"id"`    // desa code, or "hex:<cell_m>:<i>:<j>"
	Level         string         `json:"level"` // "desa" or "hex"
	Name          string         `json:"name"`  // desa name, or the cell's desa name
	DesaCode      string         `json:"desa_code"`
	DesaName      string         `json:"desa_name"`
	KecamatanName string         `json:"kecamatan_name"`
	Point         orb.Point      `json:"-"` // where a patrol goes (EPSG:4326)
	Figures       HotspotFigures `json:"figures"`
	Score         float64        `json:"score"`
	Contributions []Contribution `json:"contributions"`
	Reason        string         `json:"reason"`
}

// RankHotspots scores every hotspot with w and returns those with a score
// above zero, highest first; ties go to the lower ID, so the order is
// deterministic.
func RankHotspots(hs []Hotspot, w HotspotWeights) []Hotspot {
	out := make([]Hotspot, 0, len(hs))
	for _, h := range hs {
		h.Score, h.Contributions = w.Score(h.Figures)
		if h.Score <= 0 {
			continue
		}
		h.Reason = reason(h.Contributions)
		out = append(out, h)
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Score != out[b].Score {
			return out[a].Score > out[b].Score
		}
		return out[a].ID < out[b].ID
	})
	return out
}

// reason names the (up to three) largest contributions in words.
func reason(cs []Contribution) string {
	top := append([]Contribution(nil), cs...)
	sort.SliceStable(top, func(a, b int) bool { return top[a].Points > top[b].Points })
	var parts []string
	for _, c := range top {
		if c.Points <= 0 || len(parts) == 3 {
			break
		}
		v := int64(c.Value)
		switch c.Factor {
		case "present":
			parts = append(parts, plural(v, "stay present", "stays present"))
		case "overstays":
			parts = append(parts, plural(v, "overstay", "overstays"))
		case "unregistered":
			parts = append(parts, plural(v, "unregistered accommodation", "unregistered accommodations"))
		case "open_alerts":
			parts = append(parts, plural(v, "open alert", "open alerts"))
		case "change":
			parts = append(parts, fmt.Sprintf("+%d stays vs 30 days before", v))
		}
	}
	return strings.Join(parts, ", ")
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
