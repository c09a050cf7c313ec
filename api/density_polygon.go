package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"pantau/api/httpx"
	"pantau/data"
	"pantau/geo"
)

// maxPolygonBody bounds the body of POST /api/v1/density/polygon (413 above).
const maxPolygonBody = 4 << 20

// figureJSON is a stay count with its overstays; null when suppressed.
type figureJSON struct {
	Present    *int64 `json:"present"`
	Overstays  *int64 `json:"overstays"`
	Suppressed bool   `json:"suppressed"`
}

// polygonDesaJSON is a desa the polygon touches (or that holds stays inside
// it by the desa assignment rule).
type polygonDesaJSON struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	ParentCode string `json:"parent_code"`
	figureJSON
	Share     float64 `json:"share"`      // of the polygon's area in this desa, 0..1
	InsideKm2 float64 `json:"inside_km2"` // the polygon's area in this desa
	AreaKm2   float64 `json:"area_km2"`   // the whole desa
}

type accommodationsJSON struct {
	Total    int64                    `json:"total"`
	ByKind   map[string]int64         `json:"by_kind"`
	ByStatus map[string]int64         `json:"by_status"` // licensed, unlicensed, apoa_registered, unregistered
	Groups   []accommodationGroupJSON `json:"groups"`
}

type accommodationGroupJSON struct {
	Kind           string `json:"kind"`
	Licensed       bool   `json:"licensed"`
	APOARegistered bool   `json:"apoa_registered"`
	Places         int64  `json:"places"` // accommodations, not people
}

// polygonJSON is the response of POST /api/v1/density/polygon.
type polygonJSON struct {
	Filter      filterJSON            `json:"filter"`
	Polygon     polygonInfoJSON       `json:"polygon"`
	Suppression suppressionJSON       `json:"suppression"`
	Cells       *gridJSON             `json:"cells,omitempty"` // set when built from whole fixed cells
	Total       figureJSON            `json:"total"`
	Breakdown   map[string][]keyCount `json:"breakdown"`
	Desa        []polygonDesaJSON     `json:"desa"`
	OutsideDesa figureJSON            `json:"outside_desa"`
	Accommod    accommodationsJSON    `json:"accommodations"`
}

type polygonInfoJSON struct {
	AreaKm2  float64   `json:"area_km2"` // after the buffer
	BufferM  float64   `json:"buffer_m"`
	Vertices int       `json:"vertices"` // as sent
	BBox     []float64 `json:"bbox"`     // after the buffer
}

// densityPolygon: POST /api/v1/density/polygon[?buffer=<m>][&at=…|from=…&to=…][&nationality=…]
// with a GeoJSON Polygon, MultiPolygon or Feature body. The polygon is
// validated in Go (geo.ParseQueryPolygon) before any query, then by
// ST_IsValid; see docs/density.md for the response.
func (s *Server) densityPolygon(w http.ResponseWriter, r *http.Request) error {
	p := PrincipalFrom(r.Context())
	if err := httpx.OnlyParams(r, append([]string{"buffer"}, geo.FilterParams...)...); err != nil {
		return err
	}
	buffer, err := geo.CheckBuffer(r.URL.Query().Get("buffer"))
	if err != nil {
		return err
	}
	// Exact figures for callers that see individuals, as long as the
	// polygon stays inside their scope; a polygon reaching outside it gets
	// the viewer's figures (geo.View: outside its area an officer sees
	// what a viewer sees).
	v := p.View()
	sup := v.AggregatesOnly()
	f, err := s.densityFilter(r, sup)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPolygonBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			err = geo.RPolygonBodyTooLarge.Errorf("The polygon body exceeds %d bytes; simplify the polygon.", maxPolygonBody)
		}
		return err
	}
	lim := geo.DefaultPolygonLimits
	if lim.Extent, err = s.extent.get(r.Context(), s.db); err != nil {
		return err
	}
	if lim.Extent.IsZero() {
		return geo.RPolygonNoAreas.Errorf("No areas are loaded, so no polygon can lie inside them.")
	}
	mp, err := geo.ParseQueryPolygon(body, lim)
	if err != nil {
		return err
	}
	// One handle for the whole request: the area prepared and the figures
	// counted on the same server.
	rd := s.db.Reader(r.Context())
	area, km2, err := rd.PreparePolygon(r.Context(), mp, buffer)
	if err != nil {
		return err
	}
	var cells *geo.GridSpec
	if sup {
		g := geo.ViewerGrid
		cells = &g
	}
	res, err := rd.PolygonFigures(r.Context(), area, f, cells, v.Scope)
	if err == nil && !sup && !polygonWithin(v, res) {
		sup = true
		g := geo.ViewerGrid
		cells = &g
		if f, err = s.densityFilter(r, sup); err == nil {
			res, err = rd.PolygonFigures(r.Context(), area, f, cells, v.Scope)
		}
	}
	if err != nil {
		return err
	}
	b := area.Bound()
	out := polygonJSON{
		Filter:      newFilterJSON(f),
		Polygon:     polygonInfoJSON{AreaKm2: km2, BufferM: buffer, Vertices: geo.VertexCount(mp), BBox: []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}},
		Suppression: s.suppression(sup, "fixed_cells"),
		Breakdown:   map[string][]keyCount{},
		Accommod:    publishAccommodations(res.Accommodations),
	}
	desaFig := map[string]*figureJSON{}
	if cells != nil {
		out.Cells = &gridJSON{Shape: cells.Shape, CellM: cells.CellM, CellKm2: cells.CellAreaKm2(), SRID: 32748}
		out.Total, out.Breakdown, desaFig = s.publishCells(res.Cells, v)
	} else {
		out.Total, out.Breakdown, desaFig = publishExact(res.Stays)
	}
	if o, ok := desaFig[""]; ok {
		out.OutsideDesa = *o
		delete(desaFig, "")
	} else {
		out.OutsideDesa = figureJSON{Present: new(int64), Overstays: new(int64)}
	}
	for _, d := range res.Desa {
		fig := desaFig[d.Code]
		if fig == nil {
			fig = &figureJSON{Present: new(int64), Overstays: new(int64)}
		}
		delete(desaFig, d.Code)
		out.Desa = append(out.Desa, polygonDesaJSON{Code: d.Code, Name: d.Name, ParentCode: d.ParentCode, figureJSON: *fig,
			Share: d.Share, InsideKm2: d.InsideKm2, AreaKm2: d.AreaKm2})
	}
	// Stays inside the polygon assigned (by the gap rule) to a desa the
	// polygon does not touch.
	for code, fig := range desaFig {
		out.Desa = append(out.Desa, polygonDesaJSON{Code: code, ParentCode: geo.ParentCode(code), figureJSON: *fig})
	}
	sort.Slice(out.Desa, func(i, j int) bool { return out.Desa[i].Code < out.Desa[j].Code })
	if out.Desa == nil {
		out.Desa = []polygonDesaJSON{}
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// polygonWithin reports whether every desa the polygon touches, and every
// desa its stays are assigned to, lies inside v's scope (stays in no desa
// only inside the unscoped view).
func polygonWithin(v geo.View, res data.PolygonResult) bool {
	for _, d := range res.Desa {
		if !v.Contains(d.Code) {
			return false
		}
	}
	for _, r := range res.Stays {
		if r.Dim == "desa" && r.Present > 0 && !v.Contains(r.Key) {
			return false
		}
	}
	return true
}

// publishExact turns exact polygon rows into the response parts.
func publishExact(rows []data.PolygonRow) (figureJSON, map[string][]keyCount, map[string]*figureJSON) {
	total := figureJSON{Present: new(int64), Overstays: new(int64)}
	breakdown := map[string][]keyCount{}
	for _, dim := range geo.Breakdowns {
		breakdown[dim] = []keyCount{}
	}
	desa := map[string]*figureJSON{}
	for _, r := range rows {
		present, over := r.Present, r.Overstays
		switch r.Dim {
		case "total":
			total = figureJSON{Present: &present, Overstays: &over}
		case "desa":
			desa[r.Key] = &figureJSON{Present: &present, Overstays: &over}
		default:
			breakdown[r.Dim] = append(breakdown[r.Dim], keyCount{Key: r.Key, Present: &present})
		}
	}
	return total, breakdown, desa
}

// publishCells builds the figures of callers that see (some of) these
// stays as aggregates only from whole fixed cells: each cell's count,
// overstays and breakdown parts are disclosed on their own
// (geo.DiscloseMixed: a scoped officer's own stays in a cell exactly, the
// rest disclosed), and every figure of the response is a sum of disclosed
// cell figures only (hidden ones count 0). A cell counts toward the desa
// that holds its centre.
func (s *Server) publishCells(rows []data.CellRow, v geo.View) (figureJSON, map[string][]keyCount, map[string]*figureJSON) {
	k := s.cfg.K
	type cellKey struct{ i, j int }
	type cell struct {
		total, over     int64
		totalIn, overIn int64
		desa            string
		parts           map[string][]data.CellRow
	}
	cells := map[cellKey]*cell{}
	var order []cellKey
	for _, r := range rows {
		ck := cellKey{r.I, r.J}
		c := cells[ck]
		if c == nil {
			c = &cell{parts: map[string][]data.CellRow{}}
			cells[ck] = c
			order = append(order, ck)
		}
		if r.Dim == "total" {
			c.total, c.over, c.desa = r.Present, r.Overstays, r.Desa
			c.totalIn, c.overIn = r.PresentIn, r.OverstaysIn
		} else {
			c.parts[r.Dim] = append(c.parts[r.Dim], r)
		}
	}
	var present, over int64
	suppressed := false
	sums := map[string]map[string]int64{}
	hiddenKeys := map[string]map[string]bool{}
	desa := map[string]*figureJSON{}
	for _, dim := range geo.Breakdowns {
		sums[dim], hiddenKeys[dim] = map[string]int64{}, map[string]bool{}
	}
	for _, ck := range order {
		c := cells[ck]
		d := desa[c.desa]
		if d == nil {
			d = &figureJSON{Present: new(int64), Overstays: new(int64)}
			desa[c.desa] = d
		}
		shown := geo.DiscloseMixed(c.total, exactPart(v, c.totalIn), k)
		if shown == nil {
			suppressed, d.Suppressed = true, true
			for dim, parts := range c.parts {
				for _, p := range parts {
					sums[dim][p.Key] += 0
					hiddenKeys[dim][p.Key] = true
				}
			}
			continue
		}
		present += *shown
		*d.Present += *shown
		if o := geo.DiscloseMixed(c.over, exactPart(v, c.overIn), k); o != nil {
			over += *o
			*d.Overstays += *o
		} else {
			suppressed, d.Suppressed = true, true
		}
		for dim, parts := range c.parts {
			for _, p := range parts {
				if n := geo.DiscloseMixed(p.Present, exactPart(v, p.PresentIn), k); n != nil {
					sums[dim][p.Key] += *n
				} else {
					sums[dim][p.Key] += 0
					hiddenKeys[dim][p.Key] = true
				}
			}
		}
	}
	breakdown := map[string][]keyCount{}
	for _, dim := range geo.Breakdowns {
		keys := make([]string, 0, len(sums[dim]))
		for key := range sums[dim] {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		breakdown[dim] = []keyCount{}
		for _, key := range keys {
			n := sums[dim][key]
			breakdown[dim] = append(breakdown[dim], keyCount{Key: key, Present: &n, Suppressed: hiddenKeys[dim][key]})
		}
	}
	return figureJSON{Present: &present, Overstays: &over, Suppressed: suppressed}, breakdown, desa
}

func publishAccommodations(groups []data.AccommodationGroup) accommodationsJSON {
	out := accommodationsJSON{ByKind: map[string]int64{}, Groups: []accommodationGroupJSON{},
		ByStatus: map[string]int64{"licensed": 0, "unlicensed": 0, "apoa_registered": 0, "unregistered": 0}}
	for _, g := range groups {
		out.Total += g.N
		out.ByKind[g.Kind] += g.N
		if g.Licensed {
			out.ByStatus["licensed"] += g.N
		} else {
			out.ByStatus["unlicensed"] += g.N
		}
		if g.Registered {
			out.ByStatus["apoa_registered"] += g.N
		} else {
			out.ByStatus["unregistered"] += g.N
		}
		out.Groups = append(out.Groups, accommodationGroupJSON{Kind: g.Kind, Licensed: g.Licensed, APOARegistered: g.Registered, Places: g.N})
	}
	return out
}

// extentCache keeps the loaded area's extent for a minute: polygons must lie
// inside it, and it changes only when boundaries are imported.
type extentCache struct {
	mu  sync.Mutex
	at  time.Time
	val orb.Bound
}

func (c *extentCache) get(ctx context.Context, db *data.DB) (orb.Bound, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && time.Since(c.at) < time.Minute && !c.val.IsZero() {
		return c.val, nil
	}
	b, err := db.LoadedExtent(ctx)
	if err != nil {
		return b, err
	}
	c.val, c.at = b, time.Now()
	return b, nil
}
