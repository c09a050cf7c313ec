package api

import (
	"math"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"pantau/geo"
)

func (s *Server) mountAreas(r chi.Router) {
	r.With(allow(anyRole...)).Get("/areas", s.listAreas)
	r.With(allow(anyRole...)).Get("/areas/{code}", s.getArea)
}

func areaFeature(a geo.Area) *geojson.Feature {
	f := geojson.NewFeature(a.Geometry)
	f.ID = a.Code
	f.Properties = geojson.Properties{
		"code": a.Code, "level": a.Level, "parent_code": a.ParentCode, "name": a.Name,
		"kind": a.Kind, "approximate": a.Approximate, "area_km2": a.AreaKm2,
		"label_lon": a.Label[0], "label_lat": a.Label[1],
	}
	return f
}

// listAreas: GET /api/v1/areas?level=desa|kecamatan|kabupaten → GeoJSON;
// with geometry=label each area is its label point instead of its outline
// (the map's name labels).
func (s *Server) listAreas(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r, "level", "geometry"); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	level := geo.Level(r.URL.Query().Get("level"))
	switch level {
	case "", geo.LevelDesa, geo.LevelKecamatan, geo.LevelKabupaten:
	default:
		writeError(w, r, s.log, geo.FieldErrorf(geo.EINVALID, "level", "level must be desa, kecamatan or kabupaten, not %q", level))
		return
	}
	list, labels := s.db.ListAreas, false
	switch g := r.URL.Query().Get("geometry"); g {
	case "", "outline":
	case "label":
		list, labels = s.db.ListAreaLabels, true
	default:
		writeError(w, r, s.log, geo.FieldErrorf(geo.EINVALID, "geometry", "geometry must be outline or label, not %q", g))
		return
	}
	areas, err := list(r.Context(), level)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	fc := geojson.NewFeatureCollection()
	for _, a := range areas {
		f := areaFeature(a)
		if labels { // small: the label point to 1 m, the name and code
			f.Geometry = orb.Point{math.Round(a.Label[0]*1e5) / 1e5, math.Round(a.Label[1]*1e5) / 1e5}
			f.Properties = geojson.Properties{"code": a.Code, "level": a.Level, "name": a.Name}
		}
		fc.Append(f)
	}
	w.Header().Set("Content-Type", "application/geo+json")
	writeJSONRaw(w, http.StatusOK, fc)
}

// getArea: GET /api/v1/areas/{code} → one GeoJSON Feature.
func (s *Server) getArea(w http.ResponseWriter, r *http.Request) {
	a, err := s.db.GetArea(r.Context(), chi.URLParam(r, "code"))
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	w.Header().Set("Content-Type", "application/geo+json")
	writeJSONRaw(w, http.StatusOK, areaFeature(a))
}
