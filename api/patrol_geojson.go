package api

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// patrolGeoJSON renders a plan as a GeoJSON FeatureCollection: one
// LineString per team (kind "route"), one Point per stop (kind "stop", with
// team, seq, the hotspot's figures, score, contributions and reason), the
// start (kind "start"), and a foreign member "plan" with the settings,
// totals (including the nearest-neighbour baseline) and the hotspots left
// out with their reason.
func patrolGeoJSON(p *patrolPlan) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	start := geojson.NewFeature(p.Start.Point)
	start.Properties = geojson.Properties{"kind": "start", "id": p.Start.ID, "name": p.Start.Name,
		"approximate": p.Start.Approximate}
	fc.Append(start)
	var metres, nn, travel float64
	for _, t := range p.Teams {
		metres, nn, travel = metres+t.Metres, nn+t.NNMetres, travel+t.TravelSeconds
		var g orb.Geometry = t.Line
		if len(t.Line) < 2 {
			g = t.Line[0] // a team without stops stays at the start
		}
		f := geojson.NewFeature(g)
		f.Properties = geojson.Properties{"kind": "route", "team": t.Team, "stops": len(t.Stops),
			"distance_m": round1(t.Metres), "travel_min": round1(t.TravelSeconds / 60),
			"total_min": round1(t.TotalSeconds / 60), "nn_distance_m": round1(t.NNMetres)}
		fc.Append(f)
		for _, st := range t.Stops {
			h := st.Hotspot
			sf := geojson.NewFeature(h.Point)
			sf.ID = h.ID
			sf.Properties = geojson.Properties{"kind": "stop", "team": t.Team, "seq": st.Seq, "id": h.ID,
				"level": h.Level, "name": h.Name, "desa_code": h.DesaCode, "desa_name": h.DesaName,
				"kecamatan_name": h.KecamatanName, "score": round1(h.Score), "reason": h.Reason,
				"figures": h.Figures, "contributions": h.Contributions,
				"leg_m": round1(st.LegMetres), "arrive_min": round1(st.ArriveMinutes)}
			if p.People {
				sf.Properties["people"] = st.People
			}
			fc.Append(sf)
		}
	}
	var left []map[string]any
	for _, u := range p.Unvisited {
		left = append(left, map[string]any{"id": u.Hotspot.ID, "name": u.Hotspot.Name, "score": round1(u.Hotspot.Score), "reason": u.Reason})
	}
	improvement := 0.0
	if nn > 0 {
		improvement = round1(100 * (nn - metres) / nn)
	}
	fc.ExtraMembers = geojson.Properties{"plan": map[string]any{
		"date": p.Date, "generated_at": p.GeneratedAt, "level": p.Level, "cell_m": p.CellM,
		"start": map[string]any{"id": p.Start.ID, "name": p.Start.Name, "lon": p.Start.Point[0], "lat": p.Start.Point[1],
			"approximate": p.Start.Approximate},
		"settings": p.Settings, "weights": p.Weights,
		"totals": map[string]any{"stops": p.visited(), "distance_m": round1(metres), "travel_min": round1(travel / 60),
			"nn_distance_m": round1(nn), "improvement_vs_nn_pct": improvement},
		"unvisited": left,
	}}
	return fc
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
