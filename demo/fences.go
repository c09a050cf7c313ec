package demo

import (
	"context"
	"time"

	"github.com/paulmach/orb"

	"pantau/data"
	"pantau/geo"
)

// Fences are the demo's watched zones: the three immigration-guided
// villages (Desa Binaan Imigrasi) of Kec. Bojongpicung, made from their desa
// codes; the presidential palace grounds in Cipanas as a restricted zone
// (point + radius; the point is approximate); and a villa cluster of concern
// in Cipanas/Pacet (an approximate square). They are created before the
// synthetic stays, so the demo starts with alerts.
func Fences() []geo.Fence {
	village := []geo.Rule{{Rule: geo.RuleStayStarted}, {Rule: geo.RuleOverstay}, {Rule: geo.RuleStayEnded},
		{Rule: geo.RuleCountAbove, Threshold: 100, Hysteresis: 10}}
	palace := orb.Point{107.0414, -6.7336}
	return []geo.Fence{
		{Name: "Desa Binaan Imigrasi Bojongpicung", Kind: geo.FenceGuidedVillage, DesaCode: "32.03.06.2002", Rules: village},
		{Name: "Desa Binaan Imigrasi Sukajaya", Kind: geo.FenceGuidedVillage, DesaCode: "32.03.06.2007", Rules: village},
		{Name: "Desa Binaan Imigrasi Sukarama", Kind: geo.FenceGuidedVillage, DesaCode: "32.03.06.2010", Rules: village},
		{Name: "Istana Kepresidenan Cipanas (approximate)", Kind: geo.FenceRestrictedZone, Center: &palace, RadiusM: 400,
			Rules: []geo.Rule{{Rule: geo.RuleStayStarted}, {Rule: geo.RuleUnregistered}}},
		{Name: "Villa cluster Cipanas–Pacet (approximate)", Kind: geo.FenceWatchZone,
			Geometry: orb.MultiPolygon{{{{107.02, -6.745}, {107.05, -6.745}, {107.05, -6.725}, {107.02, -6.725}, {107.02, -6.745}}}},
			Rules: []geo.Rule{{Rule: geo.RuleUnregistered}, {Rule: geo.RuleOverstay},
				{Rule: geo.RuleCountAbove, Threshold: 300, Hysteresis: 30}}},
	}
}

// LoadFences creates the Fences that do not exist yet (by name);
// fences on a desa that is not loaded are skipped. It returns how many it
// created.
func LoadFences(ctx context.Context, db *data.DB) (int, error) {
	n := 0
	for _, f := range Fences() {
		var exists bool
		if err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM geofences WHERE name = $1)`, f.Name).Scan(&exists); err != nil {
			return n, data.Classify(err)
		}
		if exists {
			continue
		}
		f.CreatedBy = "demo"
		if _, err := db.CreateFence(ctx, f, time.Time{}); err != nil {
			if geo.ErrorCode(err) == geo.EUNPROCESSABLE { // desa not loaded
				continue
			}
			return n, err
		}
		n++
	}
	return n, nil
}
