package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/paulmach/orb/geojson"

	"pantau/api/httpx"
	"pantau/data"
	"pantau/geo"
)

// rankHotspots: GET /api/v1/patrols/hotspots → GeoJSON points, highest
// score first, each with its figures, every contribution and a reason.
//
//	level=desa|hex   (default desa)      cell_m=100..5000 (hex; default 1000)
//	top=N            (default 50, ≤ 1000) at | from&to, nationality, permit
//	weights=present:1,overstays:5,unregistered:3,open_alerts:4,change:0.5
//	                 (factors not named keep their default weight)
//
// Officers get only the hotspots in their assigned area.
func (s *Server) rankHotspots(w http.ResponseWriter, r *http.Request) error {
	allowed := append([]string{"level", "cell_m", "top", "weights"}, "at", "from", "to", "nationality", "permit")
	q := httpx.NewQuery(r, allowed...)
	level := q.OneOf("level", "desa", "desa", "hex")
	cellM := q.Float("cell_m", defaultHexCellM, data.MinHexCellM, data.MaxHexCellM)
	top := q.Int("top", 50, 1, geo.MaxPatrolStops)
	if err := q.Err(); err != nil {
		return err
	}
	f, err := geo.ParseFilter(q.Values, s.now)
	if err != nil {
		return err
	}
	weights, err := parseWeights(q.Get("weights"))
	if err != nil {
		return err
	}
	ranked, err := s.hotspotsFor(r.Context(), PrincipalFrom(r.Context()), level, cellM, f, nil, weights)
	if err != nil {
		return err
	}
	total := len(ranked)
	if len(ranked) > top {
		ranked = ranked[:top]
	}
	fc := geojson.NewFeatureCollection()
	for i, h := range ranked {
		ft := geojson.NewFeature(h.Point)
		ft.ID = h.ID
		ft.Properties = geojson.Properties{"rank": i + 1, "id": h.ID, "level": h.Level, "name": h.Name,
			"desa_code": h.DesaCode, "desa_name": h.DesaName, "kecamatan_name": h.KecamatanName,
			"score": round1(h.Score), "reason": h.Reason, "figures": h.Figures, "contributions": h.Contributions}
		fc.Append(ft)
	}
	fc.ExtraMembers = geojson.Properties{"date": f.To.Format("2006-01-02"), "level": level, "weights": weights,
		"scored": total, "returned": len(ranked)}
	if level == "hex" {
		fc.ExtraMembers["cell_m"] = cellM
	}
	w.Header().Set("Content-Type", "application/geo+json")
	httpx.WriteJSON(w, http.StatusOK, fc)
	return nil
}

// parseWeights reads "factor:weight,…" over the default weights.
func parseWeights(s string) (geo.HotspotWeights, error) {
	w := geo.DefaultHotspotWeights
	if s == "" {
		return w, nil
	}
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), ":")
		x, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil {
			return w, geo.RPatrolBadWeights.FieldErrorf("weights", "weights are factor:number pairs separated by commas, not %q", part)
		}
		switch k {
		case "present":
			w.Present = x
		case "overstays":
			w.Overstays = x
		case "unregistered":
			w.Unregistered = x
		case "open_alerts":
			w.OpenAlerts = x
		case "change":
			w.Change = x
		default:
			return w, geo.RPatrolBadWeights.FieldErrorf("weights", "unknown factor %q (present, overstays, unregistered, open_alerts, change)", k)
		}
	}
	return w, w.Validate()
}
