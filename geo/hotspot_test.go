package geo

import (
	"math"
	"testing"
)

func TestHotspotScore(t *testing.T) {
	w := DefaultHotspotWeights
	cases := []struct {
		name   string
		f      HotspotFigures
		w      HotspotWeights
		score  float64
		reason string
	}{
		{"empty", HotspotFigures{}, w, 0, ""},
		{"present only", HotspotFigures{Present: 10, PresentBefore: 10}, w, 10, "10 stays present"},
		{"rise counts", HotspotFigures{Present: 10, PresentBefore: 4}, w, 13, "10 stays present, +6 stays vs 30 days before"},
		{"fall never lowers", HotspotFigures{Present: 2, PresentBefore: 50}, w, 2, "2 stays present"},
		{"everything", HotspotFigures{Present: 20, Overstays: 3, Unregistered: 2, OpenAlerts: 1, PresentBefore: 10}, w,
			20 + 15 + 6 + 4 + 5, "20 stays present, 3 overstays, 2 unregistered accommodations"},
		{"custom weights", HotspotFigures{Present: 20, Overstays: 3, OpenAlerts: 1}, HotspotWeights{OpenAlerts: 100}, 100, "1 open alert"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			score, cs := c.w.Score(c.f)
			if math.Abs(score-c.score) > 1e-9 {
				t.Errorf("score %v, want %v (%+v)", score, c.score, cs)
			}
			sum := 0.0
			for _, x := range cs {
				sum += x.Points
			}
			if len(cs) != 5 || sum != score {
				t.Errorf("contributions %+v do not add up to %v", cs, score)
			}
			if got := reason(cs); got != c.reason {
				t.Errorf("reason %q, want %q", got, c.reason)
			}
		})
	}
}

func TestRankHotspots(t *testing.T) {
	hs := []Hotspot{
		{ID: "b", Figures: HotspotFigures{Present: 5}},
		{ID: "a", Figures: HotspotFigures{Present: 5}},
		{ID: "z", Figures: HotspotFigures{}},
		{ID: "c", Figures: HotspotFigures{Overstays: 2}},
	}
	got := RankHotspots(hs, DefaultHotspotWeights)
	ids := ""
	for _, h := range got {
		ids += h.ID
	}
	if ids != "cab" {
		t.Errorf("ranking %q, want cab (score order, ties by id, zero scores out)", ids)
	}
}

func TestHotspotWeightsValidate(t *testing.T) {
	cases := []struct {
		w     HotspotWeights
		field string
	}{
		{DefaultHotspotWeights, ""},
		{HotspotWeights{}, "weights"},
		{HotspotWeights{Present: -1}, "weights.present"},
		{HotspotWeights{Present: 1, Change: math.NaN()}, "weights.change"},
		{HotspotWeights{Present: 1, OpenAlerts: 1e9}, "weights.open_alerts"},
	}
	for _, c := range cases {
		err := c.w.Validate()
		var e *Error
		if c.field == "" && err != nil || c.field != "" && (!asError(err, &e) || e.Field != c.field) {
			t.Errorf("%+v: %v, want field %q", c.w, err, c.field)
		}
	}
}
