package api

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
	"golang.org/x/sync/errgroup"

	"pantau/api/httpx"
	"pantau/geo"
	"pantau/tiles"
)

// The field kit (docs/fieldmap.md "Field kit"): GET /api/v1/fieldkit?area=CODE
// answers ONE PMTiles v3 archive of the area's layers from zoom 8 to 16,
// each tile exactly the tile endpoint's answer for the caller (the same
// tiles.Service render, view and filter: tileViewFilter), plus — for roles
// that plan patrols — the patrol plan of the area as the "patrol" layer
// and as GeoJSON in the metadata. An officer outside its area gets the
// viewer's view there, as on the map. `pantau fieldkit` writes the same
// archive from the command line.
//
//	area=CODE   kecamatan or desa (required); any area the map shows
//	teams=N     patrol teams (default 2); start=ID (default: the configured
//	            start nearest the area)
//	at | from&to, nationality, permit, status   as for tiles
//	lang=id|en  words of the patrol layer (default id)

// Field kit bounds: zooms, tiles, bytes and time.
const (
	KitMinZoom       = 8
	KitMaxZoom       = 16
	maxKitTiles      = 4000
	maxKitBytes      = 96 << 20
	kitTimeout       = 3 * time.Minute
	kitRenderers     = 2 // tiles rendered at once
	defaultKitTeams  = 2
	kitPatrolLayer   = "patrol"
	kitTileBufferPx  = tiles.Buffer
	fieldKitMimeType = "application/vnd.pmtiles"
)

// FieldKitParams are the query parameters of GET /api/v1/fieldkit.
var FieldKitParams = append([]string{"area", "teams", "start", "lang"}, geo.FilterParams...)

func (s *Server) mountFieldKit(r chi.Router) {
	r.With(s.audited("fieldkit.read"), allow(anyRole...)).Get("/api/v1/fieldkit", httpx.Func(s.getFieldKit))
}

// fieldKit is a built kit, ready to write.
type fieldKit struct {
	area    geo.Area
	archive kitArchive
	bound   orb.Bound
	meta    map[string]any
	stops   int
}

func (s *Server) getFieldKit(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.OnlyParams(r, FieldKitParams...); err != nil {
		return err
	}
	kit, err := s.buildFieldKit(r.Context(), PrincipalFrom(r.Context()), r.URL.Query())
	if err != nil {
		return err
	}
	auditNote(r, "tiles", len(kit.archive.tiles))
	auditNote(r, "bytes", kit.archive.bytes)
	auditNote(r, "plan_stops", kit.stops)
	h := w.Header()
	h.Set("Content-Type", fieldKitMimeType)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="paket-lapangan-%s.pmtiles"`, kit.area.Code))
	h.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	if _, err := kit.archive.writeTo(w, kit.bound, kit.area.Label, KitMinZoom, KitMaxZoom, kit.meta); err != nil {
		s.log.WarnContext(r.Context(), "field kit not fully sent", "err", err)
	}
	return nil
}

// buildFieldKit renders the kit of q's area for p.
func (s *Server) buildFieldKit(ctx context.Context, p *geo.Principal, q url.Values) (*fieldKit, error) {
	ctx, cancel := context.WithTimeout(ctx, kitTimeout)
	defer cancel()
	code := q.Get("area")
	if code == "" {
		return nil, geo.FieldErrorf(geo.EINVALID, "area", "area is required: the code of a kecamatan or desa")
	}
	area, err := s.db.Reader(ctx).GetArea(ctx, code)
	if err != nil {
		return nil, err
	}
	view, filter, err := s.tileViewFilter(p, q)
	if err != nil {
		return nil, err
	}
	lang, err := parsePatrolLang(q.Get("lang"))
	if err != nil {
		return nil, err
	}
	kit := &fieldKit{area: area, bound: area.Geometry.Bound()}
	var layers []*tiles.Layer
	for _, name := range tiles.LayerNames {
		if l := tiles.Catalogue[name]; !l.IndividualsOnly || view.Individuals {
			layers = append(layers, l)
		}
	}
	var plan *patrolPlan
	planNote := "patrol plans are for officers, analysts and admins"
	if p.View().Individuals {
		if plan, err = s.kitPlan(ctx, p, area, filter, q); err != nil {
			return nil, err
		}
		for _, t := range plan.Teams {
			kit.bound = kit.bound.Union(t.Line.Bound())
		}
		kit.stops, planNote = plan.visited(), ""
	}
	list, err := kitTiles(kit.bound)
	if err != nil {
		return nil, geo.FieldErrorf(geo.ETOOLARGE, "area", "The field kit of %s %s would hold more than %d tiles from zoom %d to %d; choose a kecamatan or a desa.",
			area.Level, area.Name, maxKitTiles, KitMinZoom, KitMaxZoom)
	}
	var patrol func(maptile.Tile) []byte
	if plan != nil {
		patrol = patrolTileLayer(plan, wordsByLang[lang])
	}
	if err := s.renderKit(ctx, kit, list, tiles.Request{Layers: layers, Filter: filter, View: view}, patrol); err != nil {
		return nil, err
	}
	kit.meta = kitMetadata("Pantau "+area.Name, fmt.Sprintf("Paket lapangan %s %s (%s)", area.Level, area.Name, area.Code),
		kitVectorLayers(layers, plan != nil), map[string]any{
			"area":         map[string]any{"code": area.Code, "name": area.Name, "level": area.Level},
			"view":         map[string]any{"individuals": view.Individuals, "scope": view.Scope, "disclosed": view.Suppress, "k": view.K},
			"filter":       map[string]any{"from": filter.From.Format(time.DateOnly), "to": filter.To.Format(time.DateOnly), "nationality": filter.Nationality, "permit": filter.Permit, "status": filter.Status},
			"generated_at": s.now().UTC().Format(time.RFC3339),
			"plan":         planGeoJSON(plan),
			"plan_note":    planNote,
		})
	return kit, nil
}

func planGeoJSON(plan *patrolPlan) any {
	if plan == nil {
		return nil
	}
	return patrolGeoJSON(plan)
}

// kitPlan plans patrols over the hotspots inside area, as POST
// /api/v1/patrols/plan would for p with {"teams", "start", "hotspots":
// {"within": area}}, under the kit's filter.
func (s *Server) kitPlan(ctx context.Context, p *geo.Principal, area geo.Area, f geo.Filter, q url.Values) (*patrolPlan, error) {
	req := planRequest{Teams: defaultKitTeams, Hotspots: hotspotSelection{Top: geo.MaxPatrolStops}}
	if v := q.Get("teams"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, geo.FieldErrorf(geo.EINVALID, "teams", "teams must be a whole number, not %q", v)
		}
		req.Teams = n
	}
	start := q.Get("start")
	if start == "" {
		start = nearestStart(s.patrolStarts(), area.Label)
	}
	if start != "" {
		req.Start, _ = json.Marshal(start)
	}
	if err := req.resolve(s.patrolStarts(), s.now); err != nil {
		return nil, err
	}
	req.filter, req.within = f, area.Geometry
	return s.buildPatrolPlan(ctx, p, &req)
}

// nearestStart is the id of the start closest to pt ("" when none).
func nearestStart(starts []geo.PatrolStart, pt orb.Point) string {
	best, id := math.Inf(1), ""
	for _, st := range starts {
		if d := geo.GeodesicDistance(st.Point, pt); d < best {
			best, id = d, st.ID
		}
	}
	return id
}

// kitTiles lists the tiles from KitMinZoom to KitMaxZoom over bound; an
// error when there would be more than maxKitTiles.
func kitTiles(b orb.Bound) ([]maptile.Tile, error) {
	var out []maptile.Tile
	for z := maptile.Zoom(KitMinZoom); z <= KitMaxZoom; z++ {
		nw, se := maptile.At(orb.Point{b.Min[0], b.Max[1]}, z), maptile.At(orb.Point{b.Max[0], b.Min[1]}, z)
		if int(se.X-nw.X+1)*int(se.Y-nw.Y+1)+len(out) > maxKitTiles {
			return nil, fmt.Errorf("more than %d tiles", maxKitTiles)
		}
		for x := nw.X; x <= se.X; x++ {
			for y := nw.Y; y <= se.Y; y++ {
				out = append(out, maptile.New(x, y, z))
			}
		}
	}
	return out, nil
}

// renderKit renders every tile of list through the tile service (cache
// included) with req's layers, filter and view, adds the patrol layer where
// it has features, and stores the non-empty ones in kit's archive.
func (s *Server) renderKit(ctx context.Context, kit *fieldKit, list []maptile.Tile, req tiles.Request, patrol func(maptile.Tile) []byte) error {
	out := make([][]byte, len(list))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(kitRenderers)
	var size int64
	for i, t := range list {
		g.Go(func() error {
			if gctx.Err() != nil {
				return gctx.Err()
			}
			r := req
			r.Tile = t
			e, _, err := s.tiles.Tile(gctx, r)
			if err != nil {
				return err
			}
			raw := e.Data
			if patrol != nil {
				if extra := patrol(t); len(extra) > 0 {
					raw = append(append([]byte(nil), raw...), extra...)
				}
			}
			if len(raw) == 0 {
				return nil
			}
			gz := e.Gzip
			if gz == nil || len(raw) != len(e.Data) {
				gz = tiles.Gzip(raw)
			}
			out[i] = gz
			return nil
		})
	}
	err := g.Wait()
	if ctx.Err() != nil {
		return geo.Errorf(geo.ETIMEOUT, "The field kit took longer than %s to build; choose a smaller area.", kitTimeout)
	}
	if err != nil {
		return err
	}
	for i, gz := range out {
		if gz == nil {
			continue
		}
		if size += int64(len(gz)); size > maxKitBytes {
			return geo.FieldErrorf(geo.ETOOLARGE, "area", "The field kit would exceed %d MiB; choose a smaller area.", maxKitBytes>>20)
		}
		t := list[i]
		kit.archive.add(uint8(t.Z), t.X, t.Y, gz)
	}
	return nil
}

// patrolTileLayer returns a function that encodes the plan's routes, stops
// and start falling in a tile as the MVT layer "patrol" (nil when none):
// kind route (team), stop (team, seq, name, kecamatan, reason in plain
// words) and start (name).
func patrolTileLayer(plan *patrolPlan, w *words) func(maptile.Tile) []byte {
	return func(t maptile.Tile) []byte {
		buf := float64(kitTileBufferPx) / tiles.Extent
		tb := t.Bound(buf)
		fc := geojson.NewFeatureCollection()
		add := func(g orb.Geometry, props geojson.Properties) {
			if g.Bound().Intersects(tb) {
				f := geojson.NewFeature(orb.Clone(g))
				f.Properties = props
				fc.Append(f)
			}
		}
		add(plan.Start.Point, geojson.Properties{"kind": "start", "name": plan.Start.Name})
		for _, team := range plan.Teams {
			if len(team.Line) > 1 {
				add(team.Line, geojson.Properties{"kind": "route", "team": team.Team})
			}
			for _, st := range team.Stops {
				h := st.Hotspot
				add(h.Point, geojson.Properties{"kind": "stop", "team": team.Team, "seq": st.Seq, "name": h.DesaName,
					"kecamatan": h.KecamatanName, "reason": w.Reason(h)})
			}
		}
		if len(fc.Features) == 0 {
			return nil
		}
		l := mvt.NewLayer(kitPatrolLayer, fc)
		l.Version = 2
		l.ProjectToTile(t)
		e := float64(tiles.Extent)
		b := float64(kitTileBufferPx)
		l.Clip(orb.Bound{Min: orb.Point{-b, -b}, Max: orb.Point{e + b, e + b}})
		if len(l.Features) == 0 {
			return nil
		}
		data, err := mvt.Marshal(mvt.Layers{l})
		if err != nil {
			return nil
		}
		return data
	}
}

// kitVectorLayers describes the archive's layers (TileJSON vector_layers),
// zoom ranges limited to the kit's.
func kitVectorLayers(layers []*tiles.Layer, patrol bool) []map[string]any {
	var out []map[string]any
	for _, l := range layers {
		fields := map[string]string{}
		for _, f := range l.Fields {
			fields[f.Name] = f.Type
		}
		out = append(out, map[string]any{"id": l.Name, "description": l.Description, "fields": fields,
			"minzoom": max(l.MinZoom, KitMinZoom), "maxzoom": min(l.MaxZoom, KitMaxZoom)})
	}
	if patrol {
		out = append(out, map[string]any{"id": kitPatrolLayer, "description": "Patrol plan: routes, numbered stops, start",
			"fields":  map[string]string{"kind": "String", "team": "Number", "seq": "Number", "name": "String", "kecamatan": "String", "reason": "String"},
			"minzoom": KitMinZoom, "maxzoom": KitMaxZoom})
	}
	return out
}
