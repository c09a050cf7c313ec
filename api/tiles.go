package api

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"

	"pantau/api/httpx"
	"pantau/geo"
	"pantau/tiles"
)

// mountTiles serves the vector tiles under /tiles (see package tiles):
//
//	GET /tiles/{layers}/{z}/{x}/{y}.mvt   a tile; {layers} is one name or a comma list
//	GET /tiles/{layers}.json              TileJSON 3.0.0
//
// Every role may fetch tiles; what a tile holds depends on the role (see
// tiles.View). The invalidation listener runs as a server worker.
func (s *Server) mountTiles(r chi.Router) {
	if s.tiles == nil {
		s.tiles = tiles.New(s.db, s.log, s.cfg.Tiles)
		if s.db != nil {
			s.workers = append(s.workers, s.tiles.Listen)
		}
		tileMetrics(s.Metrics.Registry, s.tiles)
	}
	r.With(allow(anyRole...)).Get("/{layers}/{z}/{x}/{y}.mvt", httpx.Func(s.getTile))
	r.With(allow(anyRole...)).Get("/{layers}.json", httpx.Func(s.getTileJSON))
}

// tileMetrics exports the tile service's figures: its cache, and how many tiles
// were rendered one statement per layer.
func tileMetrics(reg *prometheus.Registry, svc *tiles.Service) {
	c := svc.Cache()
	counter := func(name, help string, v *atomic.Int64) {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help},
			func() float64 { return float64(v.Load()) }))
	}
	counter("pantau_tile_cache_hits_total", "Tiles served from the cache.", &c.Hits)
	counter("pantau_tile_cache_misses_total", "Tiles rendered because they were not cached.", &c.Misses)
	counter("pantau_tile_cache_evicted_total", "Cached tiles evicted to stay within the byte bound.", &c.Evicted)
	counter("pantau_tile_cache_invalidated_total", "Cached tiles dropped because the data under them changed.", &c.Invalidated)
	counter("pantau_tiles_rendered_apart_total", "Tiles rendered one statement per layer, side by side (idle connections to spare).", &svc.RenderedApart)
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "pantau_tile_cache_bytes", Help: "Bytes held by the tile cache."},
		func() float64 { return float64(c.Bytes()) }))
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "pantau_tile_cache_tiles", Help: "Tiles held by the tile cache."},
		func() float64 { return float64(c.Len()) }))
}

// tileRequest validates the layers, tile and filter of a tile request.
func (s *Server) tileRequest(r *http.Request, withTile bool) (tiles.Request, error) {
	var req tiles.Request
	if err := httpx.OnlyParams(r, geo.FilterParams...); err != nil {
		return req, err
	}
	var err error
	if req.View, req.Filter, err = s.tileViewFilter(PrincipalFrom(r.Context()), r.URL.Query()); err != nil {
		return req, err
	}
	if req.Layers, err = tiles.ParseLayers(chi.URLParam(r, "layers"), req.View); err != nil {
		return req, err
	}
	if withTile {
		if req.Tile, err = tiles.ParseTile(chi.URLParam(r, "z"), chi.URLParam(r, "x"), chi.URLParam(r, "y")); err != nil {
			return req, err
		}
	}
	return req, nil
}

// tileViewFilter is what p may see in tiles and the filter its tiles use,
// from the filter parameters in q: the tile endpoint and the field kit
// (fieldkit.go) draw tiles alike.
func (s *Server) tileViewFilter(p *geo.Principal, q url.Values) (tiles.View, geo.Filter, error) {
	v := tiles.ViewOf(p, s.cfg.K)
	f, err := geo.ParseFilter(q, s.now)
	if err != nil {
		return v, f, err
	}
	if v.Suppress {
		// The same window a viewer's density query gets (docs/density.md "Small counts").
		f = geo.SnapToMonths(f)
	}
	return v, f, nil
}

// getTile answers with the tile: gzip when accepted, an ETag (304 on a
// matching If-None-Match), 204 for an empty tile. Tiles are private to the
// caller's role and revalidated on every use, since data changes at any time.
func (s *Server) getTile(w http.ResponseWriter, r *http.Request) error {
	req, err := s.tileRequest(r, true)
	if err != nil {
		return err
	}
	e, hit, err := s.tiles.Tile(r.Context(), req)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("ETag", e.ETag)
	h.Set("Cache-Control", "private, no-cache")
	h.Set("Vary", "Authorization, Accept-Encoding")
	if hit {
		h.Set("X-Cache", "hit")
	} else {
		h.Set("X-Cache", "miss")
	}
	if etagMatch(r.Header.Get("If-None-Match"), e.ETag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	if len(e.Data) == 0 {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	h.Set("Content-Type", "application/vnd.mapbox-vector-tile")
	body := e.Data
	if acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = e.Gzip
		if body == nil {
			body = tiles.Gzip(e.Data)
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
	return nil
}

// getTileJSON describes the layers; its tile URL keeps the request's
// filter parameters.
func (s *Server) getTileJSON(w http.ResponseWriter, r *http.Request) error {
	req, err := s.tileRequest(r, false)
	if err != nil {
		return err
	}
	u := s.publicBase(r) + "/tiles/" + tiles.Names(req.Layers) + "/{z}/{x}/{y}.mvt"
	if q := r.URL.RawQuery; q != "" {
		u += "?" + r.URL.Query().Encode()
	}
	tj, err := s.tiles.TileJSON(r.Context(), req.Layers, u)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-cache")
	httpx.WriteJSON(w, http.StatusOK, tj)
	return nil
}

func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

func acceptsGzip(r *http.Request) bool { return httpx.AcceptsEncoding(r, "gzip") }
