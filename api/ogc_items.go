package api

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"pantau/api/httpx"
	"pantau/data"
	"pantau/geo"
)

// ogcQuery is a parsed items request.
type ogcQuery struct {
	fq     data.FeatureQuery
	filter geo.Filter
}

// parseOGCQuery reads bbox, limit (1..10000, default 100), offset and
// datetime (a date, an RFC 3339 instant, or an interval "a/b" with ".." for
// an open end; open starts are refused).
func (s *Server) parseOGCQuery(r *http.Request, p *geo.Principal) (ogcQuery, error) {
	var q ogcQuery
	v := r.URL.Query()
	if b := v.Get("bbox"); b != "" {
		bb, err := geo.ParseBBox(b, "bbox")
		if err != nil {
			return q, err
		}
		q.fq.BBox = &bb
	}
	params := httpx.NewQuery(r)
	q.fq.Limit = min(params.Int("limit", ogcDefaultPage, 1, math.MaxInt32), ogcMaxPage)
	q.fq.Offset = params.Int("offset", 0, 0, math.MaxInt32)
	if err := params.Err(); err != nil {
		return q, err
	}
	today := geo.Clock(s.now).Today()
	q.filter = geo.Filter{From: today, To: today}
	if dt := v.Get("datetime"); dt != "" {
		day := func(s string) (time.Time, error) {
			if t, err := time.Parse("2006-01-02", s); err == nil {
				return t, nil
			}
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				return t, geo.RFilterBadDate.FieldErrorf("datetime", "datetime: %q is neither a date nor an RFC 3339 time", s)
			}
			wib := t.In(time.FixedZone("WIB", 7*3600))
			return time.Date(wib.Year(), wib.Month(), wib.Day(), 0, 0, 0, 0, time.UTC), nil
		}
		from, to, interval := strings.Cut(dt, "/")
		var err error
		if q.filter.From, err = day(from); from == ".." || from == "" {
			return q, geo.RFilterBadWindow.FieldErrorf("datetime", "datetime intervals need a start date")
		} else if err != nil {
			return q, err
		}
		q.filter.To = q.filter.From
		if interval {
			if to == ".." || to == "" {
				q.filter.To = today
			} else if q.filter.To, err = day(to); err != nil {
				return q, err
			}
		}
		if q.filter.To.Before(q.filter.From) || q.filter.To.Sub(q.filter.From) > geo.MaxWindow {
			return q, geo.RFilterBadWindow.FieldErrorf("datetime", "datetime interval %q is reversed or longer than 3 years", dt)
		}
	}
	if p.View().DisclosesSomewhere() {
		q.filter = geo.SnapToMonths(q.filter)
	}
	q.fq.Scope = p.View().Scope
	return q, nil
}

// ogcRequest reads an items request: its collection (as the caller may
// read it) and its query, taking the given parameters.
func (s *Server) ogcRequest(r *http.Request, params ...string) (ogcCollection, ogcQuery, error) {
	p := PrincipalFrom(r.Context())
	if err := ogcParams(r, params...); err != nil {
		return ogcCollection{}, ogcQuery{}, err
	}
	c, err := findCollection(chi.URLParam(r, "id"), p)
	if err != nil {
		return c, ogcQuery{}, err
	}
	q, err := s.parseOGCQuery(r, p)
	return c, q, err
}

// ogcItems: GET /ogc/collections/{id}/items — a GeoJSON FeatureCollection,
// streamed, with numberMatched, numberReturned and a next link while more
// remain.
func (s *Server) ogcItems(w http.ResponseWriter, r *http.Request) error {
	c, q, err := s.ogcRequest(r, "bbox", "limit", "offset", "datetime")
	if err != nil {
		return err
	}
	st := httpx.NewStream(w, r, "application/geo+json", `{"type":"FeatureCollection","features":[`+"\n", ",", "")
	matched, err := s.ogcEach(r, c, q, func(f *geojson.Feature) error { return st.JSON(f) })
	if err == nil {
		st.SetSuffix(s.ogcTail(r, c, q, matched, st.Items()))
	}
	return st.End(err)
}

// ogcTail closes an items response: counts, timestamp and links.
func (s *Server) ogcTail(r *http.Request, c ogcCollection, q ogcQuery, matched int64, returned int) string {
	base := s.ogcBase(r) + "/collections/" + c.ID
	page := func(offset int) string {
		v := url.Values{}
		for k, vs := range r.URL.Query() {
			v[k] = vs
		}
		v.Set("limit", strconv.Itoa(q.fq.Limit))
		v.Set("offset", strconv.Itoa(offset))
		return base + "/items?" + v.Encode()
	}
	links := []ogcLink{
		{Href: page(q.fq.Offset), Rel: "self", Type: "application/geo+json", Title: "This page"},
		{Href: base, Rel: "collection", Type: "application/json", Title: c.Title},
	}
	if int64(q.fq.Offset+returned) < matched {
		links = append(links, ogcLink{Href: page(q.fq.Offset + q.fq.Limit), Rel: "next", Type: "application/geo+json", Title: "Next page"})
	}
	if q.fq.Offset > 0 {
		links = append(links, ogcLink{Href: page(max(0, q.fq.Offset-q.fq.Limit)), Rel: "prev", Type: "application/geo+json", Title: "Previous page"})
	}
	return `],"numberMatched":` + strconv.FormatInt(matched, 10) + `,"numberReturned":` + strconv.Itoa(returned) +
		`,"timeStamp":` + httpx.JSONString(s.now().UTC().Format(time.RFC3339)) + `,"links":` + httpx.JSONString(links) + "}\n"
}

// ogcItem: GET /ogc/collections/{id}/items/{fid} — one GeoJSON Feature.
func (s *Server) ogcItem(w http.ResponseWriter, r *http.Request) error {
	c, q, err := s.ogcRequest(r, "datetime")
	if err != nil {
		return err
	}
	q.fq.ID, q.fq.Limit, q.fq.Offset = chi.URLParam(r, "fid"), 1, 0
	var found *geojson.Feature
	if _, err := s.ogcEach(r, c, q, func(f *geojson.Feature) error { found = f; return nil }); err != nil {
		return err
	}
	if found == nil {
		return geo.Errorf(geo.ENOTFOUND, "No feature %q in %s.", q.fq.ID, c.ID)
	}
	base := s.ogcBase(r) + "/collections/" + c.ID
	out := map[string]any{"type": "Feature", "id": found.ID, "geometry": geojson.NewGeometry(found.Geometry), "properties": found.Properties,
		"links": []ogcLink{
			{Href: base + "/items/" + url.PathEscape(q.fq.ID), Rel: "self", Type: "application/geo+json"},
			{Href: base, Rel: "collection", Type: "application/json"},
		}}
	w.Header().Set("Content-Type", "application/geo+json")
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// ogcEach runs collection c's query and hands each feature to fn.
func (s *Server) ogcEach(r *http.Request, c ogcCollection, q ogcQuery, fn func(*geojson.Feature) error) (int64, error) {
	ctx := r.Context()
	p := PrincipalFrom(ctx)
	switch c.ID {
	case "desa", "kecamatan":
		return s.db.Reader(ctx).EachAreaFeature(ctx, geo.Level(c.ID), q.fq, func(a data.AreaFeature) error {
			f := geojson.NewFeature(a.Geometry)
			f.ID = a.Code
			f.Properties = geojson.Properties{"code": a.Code, "name": a.Name, "parent_code": a.ParentCode,
				"kind": a.Kind, "area_km2": a.AreaKm2, "approximate": a.Approximate}
			return fn(f)
		})
	case "desa_density":
		aq := data.AreaQuery{Level: geo.LevelDesa, Filter: q.filter, WithGeometry: true, BBox: q.fq.BBox, Limit: q.fq.Limit, Offset: q.fq.Offset}
		if q.fq.ID != "" {
			aq.Codes = []string{q.fq.ID}
		}
		rd := s.db.Reader(ctx) // the count and the items from one server
		matched, err := rd.CountAreas(ctx, geo.LevelDesa, q.fq.BBox)
		if err != nil {
			return 0, err
		}
		// Scoped officers see exact figures of their own desa only.
		v := p.View()
		sup := func(code string) bool { return !v.Sees(code) }
		from, to := geo.DateString(q.filter.From), geo.DateString(q.filter.To)
		return matched, rd.EachAreaFigure(ctx, aq, func(a data.AreaFigure) error {
			out := s.publishArea(a, sup(a.Code), nil)
			f := geojson.NewFeature(a.Geometry)
			f.ID = a.Code
			f.Properties = geojson.Properties{"code": a.Code, "name": a.Name, "parent_code": a.ParentCode, "area_km2": a.AreaKm2,
				"present": out.Present, "per_km2": out.PerKm2, "overstays": out.Overstays, "accommodations": out.Accommodations,
				"unregistered": out.Unregistered, "suppressed": out.Suppressed, "from": from, "to": to}
			return fn(f)
		})
	case "accommodations":
		return s.db.Reader(ctx).EachAccommodationFeature(ctx, q.fq, func(a data.AccommodationFeature) error {
			f := geojson.NewFeature(a.Geometry)
			f.ID = strconv.FormatInt(a.ID, 10)
			f.Properties = geojson.Properties{"id": a.ID, "kind": a.Kind, "licensed": a.Licensed,
				"apoa_registered": a.APOARegistered, "capacity": a.Capacity, "desa_code": a.DesaCode}
			return fn(f)
		})
	case "geofences":
		return s.db.Reader(ctx).EachGeofenceFeature(ctx, q.fq, func(g data.GeofenceFeature) error {
			f := geojson.NewFeature(orb.Geometry(g.Geometry))
			f.ID = strconv.FormatInt(g.ID, 10)
			f.Properties = geojson.Properties{"id": g.ID, "name": g.Name, "kind": g.Kind, "radius_m": g.RadiusM,
				"desa_code": g.DesaCode, "active_from": g.ActiveFrom, "active_to": g.ActiveTo}
			return fn(f)
		})
	}
	return 0, geo.Errorf(geo.ENOTFOUND, "No collection %q.", c.ID)
}
