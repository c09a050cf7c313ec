package api

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"

	"pantau/geo"
)

// The officers' map. api/web holds index.html (committed) and app/, the
// bundle `make web` builds from web/src with esbuild (not committed). A
// binary built before `make web` serves a 503 page saying so at /, and the
// API works as usual.
//
//go:embed web
var webFS embed.FS

// webAsset is one embedded file with its content hash for ETag and, for
// text, a gzip copy made on first request (app.js shrinks about 3×).
type webAsset struct {
	body  []byte
	etag  string
	ctype string
	gz    *gzipOnce
}

type gzipOnce struct {
	once sync.Once
	body []byte
}

func (g *gzipOnce) get(raw []byte) []byte {
	g.once.Do(func() {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(raw)
		zw.Close()
		g.body = buf.Bytes()
	})
	return g.body
}

// webAssets reads every embedded file once; missing bundle → built=false.
func webAssets() (assets map[string]webAsset, built bool) {
	assets = map[string]webAsset{}
	fs.WalkDir(webFS, "web", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := webFS.ReadFile(p)
		if err != nil {
			return nil
		}
		sum := sha256.Sum256(b)
		ct := mime.TypeByExtension(path.Ext(p))
		switch path.Ext(p) {
		case ".mjs", ".js":
			ct = "text/javascript; charset=utf-8"
		case ".pbf": // label glyphs: distance fields shrink about 2× in gzip
			ct = "application/x-protobuf"
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		a := webAsset{body: b, etag: `"` + hex.EncodeToString(sum[:12]) + `"`, ctype: ct}
		if strings.HasPrefix(ct, "text/") || strings.Contains(ct, "json") || strings.Contains(ct, "protobuf") {
			a.gz = &gzipOnce{}
		}
		assets[strings.TrimPrefix(p, "web/")] = a
		return nil
	})
	_, built = assets["app/app.js"]
	return assets, built
}

// mountWeb serves the page at /, its assets under /app/, the label glyphs
// under /fonts/ and the page's configuration at /config.json. All are
// public: the page itself holds no data and signs the user in; every figure
// comes from /api/v1 and /tiles, which authorise each request.
func (s *Server) mountWeb(r chi.Router) {
	assets, built := webAssets()
	csp := webCSP(s.cfg.BasemapURL)
	serve := func(w http.ResponseWriter, r *http.Request, a webAsset, cache string) {
		h := w.Header()
		h.Set("Content-Type", a.ctype)
		h.Set("Cache-Control", cache)
		h.Set("Content-Security-Policy", csp) // the page's own, for its scripts and workers
		body, etag := a.body, a.etag
		if a.gz != nil {
			h.Add("Vary", "Accept-Encoding")
			if acceptsGzip(r) {
				body, etag = a.gz.get(a.body), a.etag[:len(a.etag)-1]+`-gz"`
				h.Set("Content-Encoding", "gzip")
			}
		}
		h.Set("ETag", etag)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	}
	r.Get("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("Referrer-Policy", "same-origin")
		if !built {
			w.Header().Set("Retry-After", "3600")
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write(assets["unbuilt.html"].body)
			return
		}
		serve(w, r, assets["index.html"], "no-cache")
	})
	r.Get("/app/*", func(w http.ResponseWriter, r *http.Request) {
		a, ok := assets["app/"+chi.URLParam(r, "*")]
		if !ok {
			writeError(w, r, s.log, geo.Errorf(geo.ENOTFOUND, "No such web asset."))
			return
		}
		serve(w, r, a, "no-cache")
	})
	// The map's label glyphs (scripts/glyphs, run by `make web`), where
	// MapLibre's style asks for them: /fonts/{fontstack}/{start}-{end}.pbf.
	// A range that was not built answers 404 at once.
	r.Get("/fonts/{stack}/{range}", func(w http.ResponseWriter, r *http.Request) {
		a, ok := assets["app/fonts/"+chi.URLParam(r, "stack")+"/"+chi.URLParam(r, "range")]
		if !ok {
			writeError(w, r, s.log, geo.Errorf(geo.ENOTFOUND, "No such glyph range."))
			return
		}
		serve(w, r, a, "no-cache")
	})
	r.Get("/config.json", s.webConfig)
}

// WebConfig is what the page learns from GET /config.json.
type WebConfig struct {
	// BasemapURL is an XYZ raster tile template ({z}/{x}/{y}) the operator
	// configured (PANTAU_BASEMAP_URL); empty: no base map, as offline.
	BasemapURL string `json:"basemap_url"`
	// Today is the service's calendar date in WIB, YYYY-MM-DD: the
	// default "as of" date.
	Today string `json:"today"`
	// K is the small-count threshold viewers see suppressed below.
	K int `json:"k"`
}

func (s *Server) webConfig(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, WebConfig{
		BasemapURL: s.cfg.BasemapURL,
		Today:      s.now.Today().Format("2006-01-02"),
		K:          s.cfg.K,
	})
}

// webCSP allows only this origin, plus the base map's origin for images
// and fetches when one is configured. MapLibre runs its workers from blob:
// URLs and sets inline styles on its controls.
func webCSP(basemap string) string {
	extra := ""
	if u, err := url.Parse(basemap); err == nil && u.Scheme != "" && u.Host != "" {
		extra = " " + u.Scheme + "://" + u.Host
	}
	return "default-src 'self'; script-src 'self'; worker-src 'self' blob:; child-src 'self' blob:; " +
		"style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:" + extra + "; connect-src 'self'" + extra +
		"; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
}
