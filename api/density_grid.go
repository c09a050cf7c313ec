package api

import (
	"net/http"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"pantau/api/httpx"
	"pantau/data"
	"pantau/geo"
)

// gridJSON describes the grid of a response.
type gridJSON struct {
	Shape   string  `json:"shape"`
	CellM   float64 `json:"cell_m"`
	CellKm2 float64 `json:"cell_km2"`
	SRID    int     `json:"srid"`  // the metric projection the cells are built in
	Fixed   bool    `json:"fixed"` // the requested shape/cell were replaced by the fixed grid
}

// densityGrid: GET /api/v1/density/grid?shape=hex|square&cell=<metres>&bbox=minLon,minLat,maxLon,maxLat
// with the stay filters; GeoJSON (default) or CSV of the non-empty cells.
// Roles that see aggregates only always get geo.ViewerGrid.
func (s *Server) densityGrid(w http.ResponseWriter, r *http.Request) error {
	p := PrincipalFrom(r.Context())
	q := r.URL.Query()
	if err := httpx.OnlyParams(r, append([]string{"shape", "cell", "bbox", "format"}, geo.FilterParams...)...); err != nil {
		return err
	}
	g, err := geo.ParseGrid(q.Get("shape"), q.Get("cell"), q.Get("bbox"))
	if err != nil {
		return err
	}
	format := q.Get("format")
	if format != "" && format != "geojson" && format != "json" && format != "csv" {
		return geo.RFormatUnsupported.FieldErrorf("format", "format must be geojson or csv, not %q", format)
	}
	v := p.View()
	sup := v.DisclosesSomewhere()
	f, err := s.densityFilter(r, sup)
	if err != nil {
		return err
	}
	fixed := false
	if sup && (g.Shape != geo.ViewerGrid.Shape || g.CellM != geo.ViewerGrid.CellM) {
		g.Shape, g.CellM, fixed = geo.ViewerGrid.Shape, geo.ViewerGrid.CellM, true
		if n := g.ApproxCells(); n > geo.MaxGridCells {
			return geo.RGridTooManyCells.FieldErrorf("bbox", "the bbox holds about %.0f cells of the fixed %v m grid; at most %d", n, g.CellM, geo.MaxGridCells)
		}
	}
	info := gridJSON{Shape: g.Shape, CellM: g.CellM, CellKm2: g.CellAreaKm2(), SRID: 32748, Fixed: fixed}
	publish := func(c data.GridCell) (present, over *int64, hidden bool) {
		if !sup {
			return &c.Present, &c.Overstays, false
		}
		present = geo.DiscloseMixed(c.Present, exactPart(v, c.PresentIn), s.cfg.K)
		if present != nil {
			over = geo.DiscloseMixed(c.Overstays, exactPart(v, c.OverstaysIn), s.cfg.K)
		}
		return present, over, over == nil
	}
	if format == "csv" {
		st := httpx.NewStream(w, r, "text/csv; charset=utf-8", "", "", "")
		var cw *data.CSVWriter
		err = s.db.Reader(r.Context()).EachGridCell(r.Context(), g, f, v.Scope, func(c data.GridCell) error {
			if cw == nil {
				cw = data.NewCSVWriter(st.Writer())
				cw.Write([]string{"i", "j", "lon", "lat", "present", "per_km2", "overstays", "suppressed"})
			}
			present, over, hidden := publish(c)
			ctr := c.Geometry.Bound().Center()
			row := []string{strconv.Itoa(c.I), strconv.Itoa(c.J), strconv.FormatFloat(ctr[0], 'f', 6, 64), strconv.FormatFloat(ctr[1], 'f', 6, 64), "", "", "", strconv.FormatBool(hidden)}
			if present != nil {
				row[4] = strconv.FormatInt(*present, 10)
				row[5] = strconv.FormatFloat(float64(*present)/info.CellKm2, 'f', 3, 64)
			}
			if over != nil {
				row[6] = strconv.FormatInt(*over, 10)
			}
			st.Counted()
			return cw.Write(row)
		})
		if cw != nil {
			cw.Flush()
		}
		return st.End(err)
	}
	head := `{"type":"FeatureCollection","grid":` + httpx.JSONString(info) + `,"bbox":` + httpx.JSONString([]float64{g.Bounds.Min[0], g.Bounds.Min[1], g.Bounds.Max[0], g.Bounds.Max[1]}) +
		`,"filter":` + httpx.JSONString(newFilterJSON(f)) + `,"suppression":` + httpx.JSONString(s.suppression(sup, "per_cell_fixed_grid")) + `,"features":[` + "\n"
	st := httpx.NewStream(w, r, "application/geo+json", head, ",", "]}\n")
	err = s.db.Reader(r.Context()).EachGridCell(r.Context(), g, f, v.Scope, func(c data.GridCell) error {
		present, over, hidden := publish(c)
		var perKm2 *float64
		if present != nil {
			d := float64(*present) / info.CellKm2
			perKm2 = &d
		}
		ft := geojson.NewFeature(orb.Polygon(c.Geometry))
		ft.ID = strconv.Itoa(c.I) + "_" + strconv.Itoa(c.J)
		ft.Properties = geojson.Properties{"i": c.I, "j": c.J, "present": present, "per_km2": perKm2, "overstays": over, "suppressed": hidden}
		return st.JSON(ft)
	})
	return st.End(err)
}

// exactPart is how many of a unit's in-scope people (in: counted within
// v.Scope) the caller may count exactly: all of them for a scoped caller
// that sees individuals (an officer in its area), none for the rest, whose
// units are disclosed whole (geo.DiscloseMixed).
func exactPart(v geo.View, in int64) int64 {
	if v.Individuals && v.Scope != "" {
		return in
	}
	return 0
}
