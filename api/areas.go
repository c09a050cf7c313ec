package api

import (
	"math"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"pantau/api/httpx"
	"pantau/geo"
)

func (s *Server) mountAreas(r chi.Router) {
	r.With(allow(anyRole...), revalidated).Get("/areas", httpx.Func(s.listAreas))
	r.With(allow(anyRole...), revalidated).Get("/areas/{code}", httpx.Func(s.getArea))
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
func (s *Server) listAreas(w http.ResponseWriter, r *http.Request) error {
	q := httpx.NewQuery(r, "level", "geometry")
	level := geo.Level(q.OneOf("level", "", "", string(geo.LevelDesa), string(geo.LevelKecamatan), string(geo.LevelKabupaten)))
	labels := q.OneOf("geometry", "outline", "outline", "label") == "label"
	if err := q.Err(); err != nil {
		return err
	}
	list := s.db.ListAreas
	if labels {
		list = s.db.ListAreaLabels
	}
	areas, err := list(r.Context(), level)
	if err != nil {
		return err
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
	httpx.WriteJSON(w, http.StatusOK, fc)
	return nil
}

// getArea: GET /api/v1/areas/{code} → one GeoJSON Feature.
func (s *Server) getArea(w http.ResponseWriter, r *http.Request) error {
	a, err := s.db.GetArea(r.Context(), chi.URLParam(r, "code"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/geo+json")
	httpx.WriteJSON(w, http.StatusOK, areaFeature(a))
	return nil
}
