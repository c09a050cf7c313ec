package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"pantau/data"
	"pantau/geo"
)

// Geofences: admins write, officers and analysts read (fence shapes reveal
// where the team is looking, so viewers do not see them).
func (s *Server) mountGeofences(r chi.Router) {
	r.With(allow(individualsOK...)).Get("/geofences", s.listFences)
	r.With(allow(individualsOK...)).Get("/geofences/{id}", s.getFence)
	r.With(allow(adminOnly...)).Post("/geofences", s.createFence)
	r.With(allow(adminOnly...)).Put("/geofences/{id}", s.updateFence)
	r.With(allow(adminOnly...)).Delete("/geofences/{id}", s.deleteFence)
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

// decodeStrictBody decodes a JSON body refusing unknown fields, so a typo
// ("raduis_m") is a 400 naming it rather than a silently different fence.
func decodeStrictBody(w http.ResponseWriter, r *http.Request, maxBytes int64, v any) error {
	var raw json.RawMessage
	if err := decodeJSON(w, r, maxBytes, &raw); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return geo.FieldErrorf(geo.EINVALID, te.Field, "field %s must be %s, not %s", te.Field, te.Type, te.Value)
		}
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return geo.FieldErrorf(geo.EINVALID, strings.Trim(name, `"`), "unknown field %s", name)
		}
		return geo.Errorf(geo.EINVALID, "Malformed JSON: %v", err)
	}
	return nil
}

func (in fenceIn) fence() (geo.Fence, error) {
	f := geo.Fence{Name: strings.TrimSpace(in.Name), Kind: in.Kind, RadiusM: in.RadiusM,
		DesaCode: in.DesaCode, Rules: in.Rules, ActiveFrom: in.ActiveFrom, ActiveTo: in.ActiveTo}
	if len(in.Geometry) > 0 && string(in.Geometry) != "null" {
		g, err := geojson.UnmarshalGeometry(in.Geometry)
		if err != nil {
			return f, geo.FieldErrorf(geo.EINVALID, "geometry", "not a GeoJSON geometry: %v", err)
		}
		mp, err := geo.ValidateFenceGeometry(g.Geometry())
		if err != nil {
			return f, err
		}
		f.Geometry = mp
	}
	if in.Center != nil {
		if in.Center.Lon == nil || in.Center.Lat == nil {
			return f, geo.FieldErrorf(geo.EINVALID, "center", "center needs lon and lat")
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

func pathInt64(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0, geo.FieldErrorf(geo.EINVALID, name, "%q is not an id", chi.URLParam(r, name))
	}
	return id, nil
}

// listFences: GET /api/v1/geofences?kind=&active=true|false&after=&limit=
func (s *Server) listFences(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r, "kind", "active", "after", "limit"); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	q := r.URL.Query()
	fq := data.FenceQuery{Kind: q.Get("kind")}
	if fq.Kind != "" && !strings.Contains(strings.Join(geo.FenceKinds, ","), fq.Kind) {
		writeError(w, r, s.log, geo.FieldErrorf(geo.EINVALID, "kind", "kind must be one of %s", strings.Join(geo.FenceKinds, ", ")))
		return
	}
	var err error
	if fq.AfterID, err = queryInt(q.Get("after"), "after", 0); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	limit, err := queryInt(q.Get("limit"), "limit", 1000)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	fq.Limit = int(limit)
	now := s.now()
	switch q.Get("active") {
	case "":
	case "true":
		fq.ActiveAt = &now
	default:
		writeError(w, r, s.log, geo.FieldErrorf(geo.EINVALID, "active", "active may only be true"))
		return
	}
	fences, err := s.db.ListFences(r.Context(), fq)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	fc := geojson.NewFeatureCollection()
	for _, f := range fences {
		fc.Append(fenceFeature(f, now))
	}
	w.Header().Set("Content-Type", "application/geo+json")
	writeJSONRaw(w, http.StatusOK, fc)
}

func queryInt(v, name string, def int64) (int64, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, geo.FieldErrorf(geo.EINVALID, name, "%s must be a non-negative integer, not %q", name, v)
	}
	return n, nil
}

func (s *Server) getFence(w http.ResponseWriter, r *http.Request) {
	id, err := pathInt64(r, "id")
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	f, err := s.db.GetFence(r.Context(), id)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	w.Header().Set("Content-Type", "application/geo+json")
	writeJSONRaw(w, http.StatusOK, fenceFeature(f, s.now()))
}

func (s *Server) createFence(w http.ResponseWriter, r *http.Request) {
	var in fenceIn
	if err := decodeStrictBody(w, r, 8<<20, &in); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	f, err := in.fence()
	if err == nil {
		f.CreatedBy = PrincipalFrom(r.Context()).Name
		f, err = s.db.CreateFence(r.Context(), f, s.now.Today())
	}
	s.auditChange(r, "geofence.create", fmt.Sprintf("geofence/%d", f.ID), map[string]any{"name": f.Name, "kind": f.Kind}, err)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/geofences/%d", f.ID))
	w.Header().Set("Content-Type", "application/geo+json")
	writeJSONRaw(w, http.StatusCreated, fenceFeature(f, s.now()))
}

func (s *Server) updateFence(w http.ResponseWriter, r *http.Request) {
	id, err := pathInt64(r, "id")
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	var in fenceIn
	if err := decodeStrictBody(w, r, 8<<20, &in); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	f, err := in.fence()
	if err == nil {
		f, err = s.db.UpdateFence(r.Context(), id, f, s.now.Today())
	}
	s.auditChange(r, "geofence.update", fmt.Sprintf("geofence/%d", id), map[string]any{"name": in.Name, "kind": in.Kind}, err)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	w.Header().Set("Content-Type", "application/geo+json")
	writeJSONRaw(w, http.StatusOK, fenceFeature(f, s.now()))
}

func (s *Server) deleteFence(w http.ResponseWriter, r *http.Request) {
	id, err := pathInt64(r, "id")
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	err = s.db.DeleteFence(r.Context(), id)
	s.auditChange(r, "geofence.delete", fmt.Sprintf("geofence/%d", id), nil, err)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
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
