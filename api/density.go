package api

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb/geojson"

	"pantau/api/httpx"
	"pantau/data"
	"pantau/geo"
)

// mountDensity: density by area, by grid cell and inside a polygon. Every
// role may ask; roles that see aggregates only get suppressed figures built
// by the rule of docs/density.md "Small counts".
func (s *Server) mountDensity(r chi.Router) {
	r.With(allow(anyRole...)).Get("/density/areas", httpx.Func(s.densityAreas))
	r.With(allow(anyRole...)).Get("/density/grid", httpx.Func(s.densityGrid))
	r.With(allow(anyRole...)).Post("/density/polygon", httpx.Func(s.densityPolygon))
}

// densityFilter parses the stay filter; with sup (figures for roles that
// see aggregates only) from/to windows are snapped to whole months.
func (s *Server) densityFilter(r *http.Request, sup bool) (geo.Filter, error) {
	f, err := geo.ParseFilter(r.URL.Query(), geo.Clock(s.now))
	if err != nil {
		return f, err
	}
	if sup {
		f = geo.SnapToMonths(f)
	}
	return f, nil
}

// filterJSON echoes the filter a response was computed for.
type filterJSON struct {
	From        string   `json:"from"`
	To          string   `json:"to"`
	Nationality []string `json:"nationality"`
	Permit      []string `json:"permit"`
	Status      []string `json:"status"`
}

func newFilterJSON(f geo.Filter) filterJSON {
	nz := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	return filterJSON{From: geo.DateString(f.From), To: geo.DateString(f.To), Nationality: nz(f.Nationality), Permit: nz(f.Permit), Status: nz(f.Status)}
}

// suppressionJSON says whether the disclosure rule (docs/density.md "Small counts")
// was applied: counts from 1 to k−1 hidden, others rounded down to a
// multiple of round (= k).
type suppressionJSON struct {
	Applied bool   `json:"applied"`
	K       int    `json:"k"`
	Round   int    `json:"round"` // 1 when not applied
	Rule    string `json:"rule"`
}

func (s *Server) suppression(sup bool, rule string) suppressionJSON {
	if !sup {
		return suppressionJSON{Applied: false, K: s.cfg.K, Round: 1, Rule: "none"}
	}
	return suppressionJSON{Applied: true, K: s.cfg.K, Round: max(s.cfg.K, 1), Rule: rule}
}

// keyCount is one part of a breakdown; Present is null when suppressed.
type keyCount struct {
	Key        string `json:"key"`
	Present    *int64 `json:"present"`
	Suppressed bool   `json:"suppressed,omitempty"`
}

// areaJSON is one area of GET /api/v1/density/areas.
type areaJSON struct {
	Code           string     `json:"code"`
	Name           string     `json:"name"`
	ParentCode     string     `json:"parent_code"`
	AreaKm2        float64    `json:"area_km2"`
	Present        *int64     `json:"present"`
	PerKm2         *float64   `json:"per_km2"`
	Overstays      *int64     `json:"overstays"`
	Accommodations int64      `json:"accommodations"`
	Unregistered   int64      `json:"unregistered"`
	Suppressed     bool       `json:"suppressed"`
	Breakdown      []keyCount `json:"breakdown,omitempty"`
}

// publishArea applies the disclosure rule (when sup) to one area's raw
// figures: present, overstays and each breakdown part on its own; per_km2
// is the shown present over the area. own, when not nil, holds the
// figures of the caller's scope inside this area (a desa-scoped officer's
// kecamatan), counted exactly beside the disclosed rest
// (geo.DiscloseMixed).
func (s *Server) publishArea(a data.AreaFigure, sup bool, own *data.AreaFigure) areaJSON {
	out := areaJSON{Code: a.Code, Name: a.Name, ParentCode: a.ParentCode, AreaKm2: a.AreaKm2,
		Accommodations: a.Accommodations, Unregistered: a.Unregistered}
	k := s.cfg.K
	if own == nil {
		own = &data.AreaFigure{}
	}
	disclose := func(n, exact int64) *int64 {
		if !sup {
			return &n
		}
		return geo.DiscloseMixed(n, exact, k)
	}
	out.Present = disclose(a.Present, own.Present)
	if out.Present != nil && a.AreaKm2 > 0 {
		v := float64(*out.Present) / a.AreaKm2
		out.PerKm2 = &v
	}
	// With the total hidden its parts are hidden too.
	part := func(n, exact int64) *int64 {
		if out.Present == nil {
			return nil
		}
		return disclose(n, exact)
	}
	out.Overstays = part(a.Overstays, own.Overstays)
	out.Suppressed = out.Present == nil || out.Overstays == nil
	if a.Breakdown != nil {
		keys := make([]string, 0, len(a.Breakdown))
		for key := range a.Breakdown {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		out.Breakdown = make([]keyCount, len(keys))
		for i, key := range keys {
			v := part(a.Breakdown[key], own.Breakdown[key])
			out.Breakdown[i] = keyCount{Key: key, Present: v, Suppressed: v == nil}
			out.Suppressed = out.Suppressed || v == nil
		}
	}
	return out
}

// densityAreas: GET /api/v1/density/areas?level=desa|kecamatan&at=…|from=…&to=…
// [&by=…][&nationality=…&permit=…&status=…][&format=json|geojson|csv].
// The figures are pantau_area_figures', the same as the desa/kecamatan tiles.
func (s *Server) densityAreas(w http.ResponseWriter, r *http.Request) error {
	p := PrincipalFrom(r.Context())
	q := r.URL.Query()
	err := httpx.OnlyParams(r, append([]string{"level", "by", "format"}, geo.FilterParams...)...)
	if err != nil {
		return err
	}
	level := geo.Level(q.Get("level"))
	if level == "" {
		level = geo.LevelDesa
	}
	if level != geo.LevelDesa && level != geo.LevelKecamatan {
		return geo.RDensityBadLevel.FieldErrorf("level", "level must be desa or kecamatan, not %q", level)
	}
	by, err := geo.ParseBy(q.Get("by"))
	if err != nil {
		return err
	}
	format := q.Get("format")
	switch format {
	case "":
		format = "json"
	case "json", "geojson", "csv":
	default:
		return geo.RFormatUnsupported.FieldErrorf("format", "format must be json, geojson or csv, not %q", format)
	}
	// Every area, each exact or disclosed as p's view says (an officer:
	// its own area exactly, the rest as a viewer sees it).
	v := p.View()
	f, err := s.densityFilter(r, v.AggregatesOnly())
	if err != nil {
		return err
	}
	aq := data.AreaQuery{Level: level, By: by, Filter: f, WithGeometry: format == "geojson"}
	// A scope finer than the level (a desa-scoped caller's kecamatan): the
	// area holding it counts the scope's own figures exactly.
	var own *data.AreaFigure
	if v.Individuals && level == geo.LevelKecamatan && strings.Count(v.Scope, ".") > 2 {
		err = s.db.Reader(r.Context()).EachAreaFigure(r.Context(), data.AreaQuery{Level: geo.LevelDesa, By: by, Filter: f, Codes: []string{v.Scope}},
			func(a data.AreaFigure) error { own = &a; return nil })
		if err != nil {
			return err
		}
	}
	out := s.areaWriter(w, r, format, level, by, f, v.DisclosesSomewhere())
	err = s.db.Reader(r.Context()).EachAreaFigure(r.Context(), aq, func(a data.AreaFigure) error {
		mine := own
		if !strings.HasPrefix(v.Scope, a.Code+".") {
			mine = nil
		}
		return out.item(s.publishArea(a, !v.Sees(a.Code), mine), a)
	})
	return out.end(err)
}

// areaOut writes areas as JSON, GeoJSON or CSV, streaming.
type areaOut struct {
	st   *httpx.Stream
	item func(areaJSON, data.AreaFigure) error
	end  func(error) error
}

func (s *Server) areaWriter(w http.ResponseWriter, r *http.Request, format string, level geo.Level, by string, f geo.Filter, sup bool) areaOut {
	head := `"level":` + httpx.JSONString(level) + `,"by":` + httpx.JSONString(by) + `,"filter":` + httpx.JSONString(newFilterJSON(f)) +
		`,"suppression":` + httpx.JSONString(s.suppression(sup, "per_area"))
	switch format {
	case "geojson":
		st := httpx.NewStream(w, r, "application/geo+json", `{"type":"FeatureCollection",`+head+`,"features":[`+"\n", ",", "]}\n")
		return areaOut{st: st, end: st.End, item: func(a areaJSON, raw data.AreaFigure) error {
			props := geojson.Properties{"code": a.Code, "name": a.Name, "parent_code": a.ParentCode, "area_km2": a.AreaKm2,
				"present": a.Present, "per_km2": a.PerKm2, "overstays": a.Overstays, "accommodations": a.Accommodations,
				"unregistered": a.Unregistered, "suppressed": a.Suppressed}
			for _, b := range a.Breakdown {
				props[by+"_"+b.Key] = b.Present
			}
			ft := geojson.NewFeature(raw.Geometry)
			ft.ID, ft.Properties = a.Code, props
			return st.JSON(ft)
		}}
	case "csv":
		st := httpx.NewStream(w, r, "text/csv; charset=utf-8", "", "", "")
		var cw *data.CSVWriter
		num := func(v *int64) string {
			if v == nil {
				return ""
			}
			return strconv.FormatInt(*v, 10)
		}
		flt := func(v *float64) string {
			if v == nil {
				return ""
			}
			return strconv.FormatFloat(*v, 'f', 4, 64)
		}
		return areaOut{st: st, end: func(err error) error {
			if cw != nil {
				cw.Flush()
			}
			return st.End(err)
		}, item: func(a areaJSON, _ data.AreaFigure) error {
			if cw == nil {
				cw = data.NewCSVWriter(st.Writer())
				hdr := []string{"code", "name", "parent_code", "area_km2", "present", "per_km2", "overstays", "accommodations", "unregistered", "suppressed"}
				if by != "" {
					hdr = append(hdr, by, "present_"+by)
				}
				cw.Write(hdr)
			}
			st.Counted()
			row := []string{a.Code, a.Name, a.ParentCode, strconv.FormatFloat(a.AreaKm2, 'f', 4, 64), num(a.Present), flt(a.PerKm2),
				num(a.Overstays), strconv.FormatInt(a.Accommodations, 10), strconv.FormatInt(a.Unregistered, 10), strconv.FormatBool(a.Suppressed)}
			if by == "" {
				return cw.Write(row)
			}
			if len(a.Breakdown) == 0 {
				return cw.Write(append(row, "", ""))
			}
			for _, b := range a.Breakdown {
				if err := cw.Write(append(slices.Clone(row), b.Key, num(b.Present))); err != nil {
					return err
				}
			}
			return nil
		}}
	}
	st := httpx.NewStream(w, r, "application/json", "{"+head+`,"areas":[`+"\n", ",", "]}\n")
	return areaOut{st: st, end: st.End, item: func(a areaJSON, _ data.AreaFigure) error { return st.JSON(a) }}
}
