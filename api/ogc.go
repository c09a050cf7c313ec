package api

import (
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb"

	"pantau/api/httpx"
	"pantau/geo"
)

// OGC API – Features Part 1 (Core + GeoJSON), read-only, at /ogc. Every
// request authenticates like /api/v1 (GDAL: --config GDAL_HTTP_HEADERS
// "Authorization: Bearer <token>"). Coordinates are CRS84 (lon, lat).
//
// Collections: desa, kecamatan (boundaries; every role), desa_density (the
// figures of GET /api/v1/density/areas for the datetime, small counts
// suppressed for viewers; every role), accommodations (non-identifying
// fields: kind, licence, APOA registration, capacity, desa — no name, no
// owner; officer and up, officers only in their area) and geofences
// (officer and up).

const (
	crs84          = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
	ogcDefaultPage = 100
	ogcMaxPage     = 10000
)

type ogcCollection struct {
	ID, Title, Description string
	Roles                  []geo.Role
	Temporal               bool
}

var ogcCollections = []ogcCollection{
	{ID: "desa", Title: "Desa / kelurahan", Description: "Village boundaries with Kemendagri codes.", Roles: anyRole},
	{ID: "kecamatan", Title: "Kecamatan", Description: "District boundaries with Kemendagri codes.", Roles: anyRole},
	{ID: "desa_density", Title: "Foreign residents per desa", Temporal: true, Roles: anyRole,
		Description: "Present stays per desa for the datetime (a date or a date interval; default today, WIB). Counts 1..k-1 are null for viewers."},
	{ID: "accommodations", Title: "Accommodations", Roles: individualsOK,
		Description: "Places foreigners stay: kind, licence, APOA registration, capacity, desa. No names or owners."},
	{ID: "geofences", Title: "Geofences", Roles: individualsOK, Description: "Watched zones (without their rules)."},
}

func findCollection(id string, p *geo.Principal) (ogcCollection, error) {
	for _, c := range ogcCollections {
		if c.ID == id {
			if !slices.Contains(c.Roles, p.Role) {
				return c, geo.RAuthRole.Errorf("Your role (%s) may not read the %s collection.", p.Role, id)
			}
			return c, nil
		}
	}
	return ogcCollection{}, geo.Errorf(geo.ENOTFOUND, "No collection %q.", id)
}

func (s *Server) mountOGC(r chi.Router) {
	r.With(allow(anyRole...)).Get("/", httpx.Func(s.ogcLanding))
	r.With(allow(anyRole...)).Get("/conformance", httpx.Func(s.ogcConformance))
	r.With(allow(anyRole...)).Get("/collections", httpx.Func(s.ogcCollectionsList))
	r.With(allow(anyRole...)).Get("/collections/{id}", httpx.Func(s.ogcCollection))
	r.With(allow(anyRole...)).Get("/collections/{id}/items", httpx.Func(s.ogcItems))
	r.With(allow(anyRole...)).Get("/collections/{id}/items/{fid}", httpx.Func(s.ogcItem))
}

type ogcLink struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// ogcBase is the absolute URL of /ogc (publicBase).
func (s *Server) ogcBase(r *http.Request) string { return s.publicBase(r) + "/ogc" }

// ogcParams rejects unknown query parameters; f=json|geojson is accepted
// everywhere (GDAL and browsers send it).
func ogcParams(r *http.Request, allowed ...string) error {
	if err := httpx.OnlyParams(r, append(allowed, "f")...); err != nil {
		return err
	}
	switch f := r.URL.Query().Get("f"); f {
	case "", "json", "geojson", "application/json", "application/geo+json":
		return nil
	default:
		return geo.RFormatUnsupported.FieldErrorf("f", "f must be json or geojson, not %q", f)
	}
}

func (s *Server) ogcLanding(w http.ResponseWriter, r *http.Request) error {
	if err := ogcParams(r); err != nil {
		return err
	}
	base := s.ogcBase(r)
	httpx.WriteJSON(w, http.StatusOK, map[string]any{
		"title":       "Pantau",
		"description": "Foreign-resident oversight data of Kabupaten Cianjur (OGC API – Features, read-only).",
		"links": []ogcLink{
			{Href: base, Rel: "self", Type: "application/json", Title: "This document"},
			{Href: base + "/conformance", Rel: "conformance", Type: "application/json", Title: "Conformance classes"},
			{Href: base + "/collections", Rel: "data", Type: "application/json", Title: "Collections"},
		},
	})
	return nil
}

func (s *Server) ogcConformance(w http.ResponseWriter, r *http.Request) error {
	if err := ogcParams(r); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"conformsTo": []string{
		"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
		"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
	}})
	return nil
}

func (s *Server) collectionJSON(r *http.Request, c ogcCollection, extent orb.Bound) map[string]any {
	base := s.ogcBase(r)
	ext := map[string]any{"spatial": map[string]any{
		"bbox": [][]float64{{extent.Min[0], extent.Min[1], extent.Max[0], extent.Max[1]}}, "crs": crs84}}
	if c.Temporal {
		ext["temporal"] = map[string]any{"interval": [][]any{{nil, nil}}, "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}
	}
	return map[string]any{
		"id": c.ID, "title": c.Title, "description": c.Description, "itemType": "feature",
		"crs": []string{crs84}, "extent": ext,
		"links": []ogcLink{
			{Href: base + "/collections/" + c.ID, Rel: "self", Type: "application/json", Title: c.Title},
			{Href: base + "/collections/" + c.ID + "/items", Rel: "items", Type: "application/geo+json", Title: c.Title + " (GeoJSON)"},
		},
	}
}

func (s *Server) ogcCollectionsList(w http.ResponseWriter, r *http.Request) error {
	if err := ogcParams(r); err != nil {
		return err
	}
	p := PrincipalFrom(r.Context())
	extent, err := s.extent.get(r.Context(), s.db)
	if err != nil {
		return err
	}
	var cols []map[string]any
	for _, c := range ogcCollections {
		if slices.Contains(c.Roles, p.Role) {
			cols = append(cols, s.collectionJSON(r, c, extent))
		}
	}
	base := s.ogcBase(r)
	httpx.WriteJSON(w, http.StatusOK, map[string]any{
		"links":       []ogcLink{{Href: base + "/collections", Rel: "self", Type: "application/json", Title: "Collections"}},
		"collections": cols,
	})
	return nil
}

func (s *Server) ogcCollection(w http.ResponseWriter, r *http.Request) error {
	if err := ogcParams(r); err != nil {
		return err
	}
	c, err := findCollection(chi.URLParam(r, "id"), PrincipalFrom(r.Context()))
	if err != nil {
		return err
	}
	extent, err := s.extent.get(r.Context(), s.db)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, s.collectionJSON(r, c, extent))
	return nil
}
