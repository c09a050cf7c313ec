package tiles

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/paulmach/orb/maptile"

	"pantau/geo"
)

// Request is one tile request: which layers, which tile, which stays, and
// what the caller may see.
type Request struct {
	Layers []*Layer
	Tile   maptile.Tile
	Filter geo.Filter
	View   View
}

// Key is the request's cache key: layers, tile, filter and view.
func (r Request) Key() string {
	return fmt.Sprintf("%s/%d/%d/%d?%s#%s", Names(r.Layers), r.Tile.Z, r.Tile.X, r.Tile.Y, r.Filter.Key(), r.View.Key())
}

// inZoom returns the layers whose zoom range holds the request's zoom.
func (r Request) inZoom() []*Layer {
	var out []*Layer
	for _, l := range r.Layers {
		if z := int(r.Tile.Z); z >= l.MinZoom && z <= l.MaxZoom {
			out = append(out, l)
		}
	}
	return out
}

// SQL turns the request into one statement and its arguments — the pure
// step; nothing is executed. The statement returns one bytea: the layers'
// ST_AsMVT outputs concatenated (a valid tile; empty when no layer has a
// feature). Each layer holds at most maxFeatures features. Every value is a
// $n parameter; layer names come from the catalogue.
func (r Request) SQL(maxFeatures int) (string, []any) {
	layers := r.inZoom()
	if len(layers) == 0 {
		return "SELECT ''::bytea", nil
	}
	q := &query{req: r, z: int(r.Tile.Z), view: r.View, max: maxFeatures, ph: map[string]string{}}
	var parts []string
	for _, l := range layers {
		parts = append(parts, fmt.Sprintf(
			// OFFSET 0 keeps "geom IS NOT NULL" from being pushed into the
			// layer, where ST_AsMVTGeom would run twice per row.
			"coalesce((SELECT ST_AsMVT(l, %s, %d, 'geom', 'fid') FROM (SELECT * FROM (SELECT * FROM (%s) r0 OFFSET 0) r WHERE r.geom IS NOT NULL LIMIT %d) l), ''::bytea)",
			quoteLiteral(l.Name), Extent, l.sql(q), maxFeatures))
	}
	return "SELECT " + strings.Join(parts, "\n || "), q.args
}

// query collects the parameters of one statement; layers read the shared
// placeholders and add their own with arg.
type query struct {
	req  Request
	z    int
	view View
	max  int
	args []any
	ph   map[string]string // shared placeholders by name, added on first use
}

// shared returns the placeholder of a value every layer may use, adding it
// on first use (PostgreSQL must see every parameter it is sent).
func (q *query) shared(name string) string {
	if p, ok := q.ph[name]; ok {
		return p
	}
	f := q.req.Filter.SQLArgs()
	var p string
	switch name {
	case "z":
		p = q.arg(int32(q.req.Tile.Z)) + "::int"
	case "x":
		p = q.arg(int32(q.req.Tile.X)) + "::int"
	case "y":
		p = q.arg(int32(q.req.Tile.Y)) + "::int"
	case "from":
		p = q.arg(f[0]) + "::date"
	case "to":
		p = q.arg(f[1]) + "::date"
	case "nat":
		p = q.arg(f[2]) + "::text[]"
	case "permit":
		p = q.arg(f[3]) + "::text[]"
	case "status":
		p = q.arg(f[4]) + "::text[]"
	case "k":
		p = q.arg(int32(q.view.K)) + "::int"
	case "scope":
		p = q.arg(q.view.Scope) + "::text"
	}
	q.ph[name] = p
	return p
}

// to is the filter's last day (the day overstays are judged on).
func (q *query) to() string { return q.shared("to") }

func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

// num adds a float parameter.
func (q *query) num(v float64) string { return q.arg(v) + "::float8" }

// env is the tile's EPSG:3857 envelope.
func (q *query) env() string {
	return "ST_TileEnvelope(" + q.shared("z") + ", " + q.shared("x") + ", " + q.shared("y") + ")"
}

// near is a bounding-box test of col against the tile grown by margin metres.
func (q *query) near(col string, margin float64) string {
	return col + " && ST_Expand(" + q.env() + ", " + q.num(margin) + ")"
}

// nearStays is near for the stays table. Up to StaysPlaceMinZoom − 1 a
// tile covers a large area and its stays are found through the period
// index (the EPSG:3857 position is one of its columns); from
// StaysPlaceMinZoom through the place index, by the tile's box in EPSG:4326
// (pantau_tile_search_box holds every stay near the tile) and period, with
// the same exact tests. See migration 0700.
func (q *query) nearStays(margin float64) string {
	near := q.near("s.geom_3857", margin)
	if q.z < StaysPlaceMinZoom {
		return near
	}
	return "s.geom && pantau_tile_search_box(ST_Expand(" + q.env() + ", " + q.num(margin) + ")) AND " +
		"pantau_period_place_key(s.arrival_date, s.departure_date) && pantau_period_box(" + q.shared("from") + ", " + q.shared("to") + ") AND " + near
}

// StaysPlaceMinZoom is the zoom from which stays tiles search by place.
const StaysPlaceMinZoom = 13

// simplified pre-simplifies a polygon column to half a tile pixel before
// ST_AsMVTGeom clips it: far fewer vertices to clip at low zoom, and no
// visible change (ST_AsMVTGeom snaps to that grid anyway).
func (q *query) simplified(col string) string {
	return "ST_Simplify(" + col + ", " + q.num(TileWidth(q.z)/Extent/2) + ", true)"
}

// mvtGeom clips and snaps a 3857 geometry to the tile grid.
func (q *query) mvtGeom(g string) string {
	return fmt.Sprintf("ST_AsMVTGeom(%s, %s, %d, %d, true)", g, q.env(), Extent, Buffer)
}

// matching is the shared stay selection of migration 0002.
func (q *query) matching() string {
	return "pantau_stays_matching(" + q.filterArgs() + ")"
}

// figures is the shared area aggregation of migration 0002 for the areas of
// level whose codes the SQL array codes holds.
func (q *query) figures(level, codes string) string {
	return "pantau_area_figures(" + quoteLiteral(level) + ", " + q.filterArgs() + ", " + codes + ")"
}

func (q *query) filterArgs() string {
	return q.shared("from") + ", " + q.shared("to") + ", " + q.shared("nat") + ", " + q.shared("permit") + ", " + q.shared("status")
}

// inScope tests a desa_code column against the view's scope (true when the
// view has none).
func (q *query) inScope(col string) string {
	if q.view.Scope == "" {
		return "true"
	}
	sc := q.shared("scope")
	return fmt.Sprintf("coalesce(%s = %s OR starts_with(%s, %s || '.'), false)", col, sc, col, sc)
}

// disclose is pantau_disclose of a count (docs/density.md "Small counts"): NULL
// for 1..k−1, else rounded down to a multiple of k.
func (q *query) disclose(count string) string {
	return "pantau_disclose(" + count + ", " + q.shared("k") + ")"
}

// groupCount is the count the view may see of a group of all stays, out of
// them outside the view's scope: all for views that see every count exactly;
// disclosed for views that see aggregates only (NULL when 1..k−1); for
// scoped views the exact in-scope part plus the disclosed rest (a hidden
// rest counts 0), so any difference of such counts less what the caller may
// see exactly is a multiple of k.
func (q *query) groupCount(all, out string) string {
	switch {
	case q.view.Suppress:
		return q.disclose(all)
	case q.view.Scope != "":
		return fmt.Sprintf("(%s - %s + coalesce(%s, 0))", all, out, q.disclose(out))
	}
	return all
}

// areaCount is the count the view may see of an area (code: its code
// column): exact, or disclosed for views that see aggregates only and, in
// scoped views, for areas outside the scope. own, when set, is the exact
// count of the scope inside an area that holds it (a desa scope's
// kecamatan): that area shows own plus the disclosed rest.
func (q *query) areaCount(count, code, own string) string {
	switch {
	case q.view.Suppress:
		return q.disclose(count)
	case q.view.Scope != "" && own != "":
		return fmt.Sprintf("CASE WHEN %s THEN %s WHEN starts_with(%s, %s || '.') THEN %s + coalesce(%s, 0) ELSE %s END",
			q.inScope(code), count, q.shared("scope"), code, own, q.disclose(count+" - "+own), q.disclose(count))
	case q.view.Scope != "":
		return fmt.Sprintf("CASE WHEN %s THEN %s ELSE %s END", q.inScope(code), count, q.disclose(count))
	}
	return count
}

// groupPoint is where a cluster of cell (i, j) of width cell (a placeholder)
// is drawn: at the mean of its stays (x, y columns) when the view may see
// every one of them exactly (out, the count outside its scope, is 0), else
// at the cell's centre, a point that does not depend on who is in it.
func (q *query) groupPoint(i, j, cell, out string) string {
	mean := "ST_SetSRID(ST_MakePoint(avg(m.x), avg(m.y)), 3857)"
	centre := fmt.Sprintf("ST_SetSRID(ST_MakePoint((%s + 0.5) * %s, (%s + 0.5) * %s), 3857)", i, cell, j, cell)
	switch {
	case q.view.Suppress:
		return centre
	case q.view.Scope != "":
		return fmt.Sprintf("CASE WHEN %s = 0 THEN %s ELSE %s END", out, mean, centre)
	}
	return mean
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
