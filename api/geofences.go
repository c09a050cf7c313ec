package api

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"pantau/api/httpx"
	"pantau/data"
	"pantau/geo"
)

// Geofences: admins write, officers and analysts read (fence shapes reveal
// where the team is looking, so viewers do not see them).
func (s *Server) mountGeofences(r chi.Router) {
	r.With(allow(individualsOK...)).Get("/geofences", httpx.Func(s.listFences))
	r.With(allow(individualsOK...)).Get("/geofences/{id}", httpx.Func(s.getFence))
	r.With(allow(adminOnly...)).Post("/geofences", httpx.Func(s.createFence))
	r.With(allow(adminOnly...)).Put("/geofences/{id}", httpx.Func(s.updateFence))
	r.With(allow(adminOnly...)).Delete("/geofences/{id}", httpx.Func(s.deleteFence))
}

// fenceIn is the body of POST and PUT /api/v1/geofences. Exactly one of
// geometry (GeoJSON Polygon or MultiPolygon, lon/lat), center + radius_m
// (metres) or desa_code gives the shape.
type fenceIn struct {
	Name       string          `json:"name"`
	Kind       string          `json:"kind"`
	Geometry   json.RawMessage `json:"geometry"`
	Center     *fenceLonLat    `json:"center"`
	RadiusM    float64         `json:"radius_m"`
	DesaCode   string          `json:"desa_code"`
	Rules      []geo.Rule      `json:"rules"`
	ActiveFrom *time.Time      `json:"active_from"`
	ActiveTo   *time.Time      `json:"active_to"`
}

type fenceLonLat struct {
	Lon *float64 `json:"lon"`
	Lat *float64 `json:"lat"`
}

func (in fenceIn) fence() (geo.Fence, error) {
	f := geo.Fence{Name: strings.TrimSpace(in.Name), Kind: in.Kind, RadiusM: in.RadiusM,
		DesaCode: in.DesaCode, Rules: in.Rules, ActiveFrom: in.ActiveFrom, ActiveTo: in.ActiveTo}
	if len(in.Geometry) > 0 && string(in.Geometry) != "null" {
		g, err := geojson.UnmarshalGeometry(in.Geometry)
		if err != nil {
			return f, geo.RFenceBadGeometry.FieldErrorf("geometry", "not a GeoJSON geometry: %v", err)
		}
		mp, err := geo.ValidateFenceGeometry(g.Geometry())
		if err != nil {
			return f, err
		}
		f.Geometry = mp
	}
	if in.Center != nil {
		if in.Center.Lon == nil || in.Center.Lat == nil {
			return f, geo.RFenceBadGeometry.FieldErrorf("center", "center needs lon and lat")
		}
		f.Center = &orb.Point{*in.Center.Lon, *in.Center.Lat}
	}
	return f, nil
}

// fenceFeature renders a fence as a GeoJSON Feature.
func fenceFeature(f geo.Fence, now time.Time) *geojson.Feature {
	ft := geojson.NewFeature(f.Geometry)
	ft.ID = f.ID
	var center any
	if f.Center != nil {
		center = map[string]float64{"lon": f.Center[0], "lat": f.Center[1]}
	}
	var radius any
	if f.RadiusM > 0 {
		radius = f.RadiusM
	}
	var desa any
	if f.DesaCode != "" {
		desa = f.DesaCode
	}
	ft.Properties = geojson.Properties{
		"id": f.ID, "name": f.Name, "kind": f.Kind, "center": center, "radius_m": radius, "desa_code": desa,
		"rules": f.Rules, "active_from": f.ActiveFrom, "active_to": f.ActiveTo, "active": f.Active(now),
		"created_by": f.CreatedBy, "created_at": f.CreatedAt, "updated_at": f.UpdatedAt,
	}
	return ft
}

// listFences: GET /api/v1/geofences?kind=&active=true|false&after=&limit=
func (s *Server) listFences(w http.ResponseWriter, r *http.Request) error {
	q := httpx.NewQuery(r, "kind", "active", "after", "limit")
	fq := data.FenceQuery{Kind: q.Get("kind"), AfterID: q.Int64("after", 0, 0, math.MaxInt64), Limit: q.Int("limit", 1000, 0, math.MaxInt32)}
	if err := q.Err(); err != nil {
		return err
	}
	if fq.Kind != "" && !strings.Contains(strings.Join(geo.FenceKinds, ","), fq.Kind) {
		return geo.RFenceBadKind.FieldErrorf("kind", "kind must be one of %s", strings.Join(geo.FenceKinds, ", "))
	}
	now := s.now()
	switch q.Get("active") {
	case "":
	case "true":
		fq.ActiveAt = &now
	default:
		return geo.RQueryInvalid.FieldErrorf("active", "active may only be true")
	}
	fences, err := s.db.ListFences(r.Context(), fq)
	if err != nil {
		return err
	}
	fc := geojson.NewFeatureCollection()
	for _, f := range fences {
		fc.Append(fenceFeature(f, now))
	}
	w.Header().Set("Content-Type", "application/geo+json")
	httpx.WriteJSON(w, http.StatusOK, fc)
	return nil
}

func (s *Server) getFence(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.db.GetFence(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/geo+json")
	httpx.WriteJSON(w, http.StatusOK, fenceFeature(f, s.now()))
	return nil
}

func (s *Server) createFence(w http.ResponseWriter, r *http.Request) error {
	var in fenceIn
	if err := httpx.DecodeJSON(w, r, 8<<20, &in); err != nil {
		return err
	}
	f, err := in.fence()
	if err == nil {
		f.CreatedBy = PrincipalFrom(r.Context()).Name
		f, err = s.db.CreateFence(r.Context(), f, s.now.Today())
	}
	s.auditChange(r, "geofence.create", fmt.Sprintf("geofence/%d", f.ID), map[string]any{"name": f.Name, "kind": f.Kind}, err)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/geofences/%d", f.ID))
	w.Header().Set("Content-Type", "application/geo+json")
	httpx.WriteJSON(w, http.StatusCreated, fenceFeature(f, s.now()))
	return nil
}

func (s *Server) updateFence(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	var in fenceIn
	if err := httpx.DecodeJSON(w, r, 8<<20, &in); err != nil {
		return err
	}
	f, err := in.fence()
	if err == nil {
		f, err = s.db.UpdateFence(r.Context(), id, f, s.now.Today())
	}
	s.auditChange(r, "geofence.update", fmt.Sprintf("geofence/%d", id), map[string]any{"name": in.Name, "kind": in.Kind}, err)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/geo+json")
	httpx.WriteJSON(w, http.StatusOK, fenceFeature(f, s.now()))
	return nil
}

func (s *Server) deleteFence(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	err = s.db.DeleteFence(r.Context(), id)
	s.auditChange(r, "geofence.delete", fmt.Sprintf("geofence/%d", id), nil, err)
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// auditChange names the audit row the trail middleware writes for this
// request (action, resource, parameters); the outcome follows the status.
func (s *Server) auditChange(r *http.Request, action, resource string, params map[string]any, _ error) {
	auditAs(r, action)
	auditResource(r, resource)
	for k, v := range params {
		auditNote(r, k, v)
	}
}
