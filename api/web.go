package api

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"pantau/api/httpx"
	"pantau/geo"
)

// The officers' map. api/web holds unbuilt.html (committed) and app/, what
// `make web` builds from web/ with esbuild (not committed): index.html (the
// page with the login form in it), boot-HASH.js (the small entry),
// main-HASH.js (the map chunk), MapLibre's worker and style sheet, sw.js
// (the service worker), each text file with a .gz and a .br copy made at
// build time, and manifest.json naming the hashed files. A binary built
// before `make web` serves a 503 page saying so at /, and the API works as
// usual. docs/fieldmap.md says why it is built this way (weak signal).
//
//go:embed web
var webFS embed.FS

// webAsset is one embedded file with its pre-compressed copies and ETag.
type webAsset struct {
	body, gz, br []byte
	etag         string
	ctype        string
	immutable    bool // content-hashed name: cached for a year, never revalidated
}

type webManifest struct {
	Entry     string   `json:"entry"`
	Immutable []string `json:"immutable"`
	// InlineScripts are the CSP sources ('sha256-…') of the page's inline
	// scripts (web/src/signin.js), computed by the build.
	InlineScripts []string `json:"inline_scripts"`
}

// webAssets reads every embedded file of app/ once; missing bundle → nil.
func webAssets() (assets map[string]*webAsset, inlineScripts []string, unbuilt []byte) {
	unbuilt, _ = webFS.ReadFile("web/unbuilt.html")
	raw, err := webFS.ReadFile("web/app/manifest.json")
	if err != nil {
		return nil, nil, unbuilt
	}
	var m webManifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, nil, unbuilt
	}
	immutable := map[string]bool{}
	for _, f := range m.Immutable {
		immutable[f] = true
	}
	assets = map[string]*webAsset{}
	fs.WalkDir(webFS, "web/app", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".gz") || strings.HasSuffix(p, ".br") {
			return nil
		}
		b, err := webFS.ReadFile(p)
		if err != nil {
			return nil
		}
		name := strings.TrimPrefix(p, "web/app/")
		a := &webAsset{body: b, etag: etagOf(b), ctype: webType(name), immutable: immutable[name]}
		a.gz, _ = webFS.ReadFile(p + ".gz")
		a.br, _ = webFS.ReadFile(p + ".br")
		if a.gz == nil && a.ctype == "application/x-protobuf" {
			a.gz = gzipBytes(b) // label glyphs (made after the bundle): about 2× smaller
		}
		assets[name] = a
		return nil
	})
	if assets["index.html"] == nil {
		return nil, nil, unbuilt
	}
	return assets, m.InlineScripts, unbuilt
}

func etagOf(b []byte) string {
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

func webType(name string) string {
	switch path.Ext(name) {
	case ".mjs", ".js":
		return "text/javascript; charset=utf-8"
	case ".pbf":
		return "application/x-protobuf"
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// serveAsset writes a, brotli or gzip when the client takes it, with its
// ETag (304 on a match) and cache rule.
func serveAsset(w http.ResponseWriter, r *http.Request, a *webAsset, csp string) {
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Content-Security-Policy", csp) // the page's own, for its scripts and workers
	if a.immutable {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	body, etag := a.body, a.etag
	if a.gz != nil || a.br != nil {
		httpx.AddVary(h, "Accept-Encoding")
		switch {
		case a.br != nil && httpx.AcceptsEncoding(r, "br"):
			body, etag = a.br, strings.TrimSuffix(a.etag, `"`)+`-br"`
			h.Set("Content-Encoding", "br")
		case a.gz != nil && httpx.AcceptsEncoding(r, "gzip"):
			body, etag = a.gz, strings.TrimSuffix(a.etag, `"`)+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// mountWeb serves the page at /, its files under /app/, the service
// worker at /sw.js (its scope is the whole site), the label glyphs under
// /fonts/ and the page's configuration at /config.json. All are public: the page itself holds no
// data and signs the user in; every figure comes from /api/v1 and /tiles,
// which authorise each request.
func (s *Server) mountWeb(r chi.Router) {
	assets, inlineScripts, unbuilt := webAssets()
	csp := webCSP(s.cfg.BasemapURL, inlineScripts)
	r.Get("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("Referrer-Policy", "same-origin")
		if assets == nil {
			w.Header().Set("Retry-After", "3600")
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write(unbuilt)
			return
		}
		httpx.AddVary(w.Header(), "Cookie") // the session cookie hides the login form
		serveAsset(w, r, s.indexPage(r, assets["index.html"].body), csp)
	})
	r.Get("/app/*", func(w http.ResponseWriter, r *http.Request) {
		name := chi.URLParam(r, "*")
		a, ok := assets[name]
		if !ok || name == "index.html" || name == "sw.js" || name == "manifest.json" {
			httpx.WriteProblem(w, r, geo.Errorf(geo.ENOTFOUND, "No such web asset."))
			return
		}
		serveAsset(w, r, a, csp)
	})
	r.Get("/sw.js", func(w http.ResponseWriter, r *http.Request) {
		a, ok := assets["sw.js"]
		if !ok {
			httpx.WriteProblem(w, r, geo.Errorf(geo.ENOTFOUND, "No service worker: the web map is not built."))
			return
		}
		serveAsset(w, r, a, csp)
	})
	// The map's label glyphs (scripts/glyphs, run by `make web`), where
	// MapLibre's style asks for them: /fonts/{fontstack}/{start}-{end}.pbf.
	// A range that was not built answers 404 at once.
	r.Get("/fonts/{stack}/{range}", func(w http.ResponseWriter, r *http.Request) {
		a, ok := assets["fonts/"+chi.URLParam(r, "stack")+"/"+chi.URLParam(r, "range")]
		if !ok {
			httpx.WriteProblem(w, r, geo.Errorf(geo.ENOTFOUND, "No such glyph range."))
			return
		}
		serveAsset(w, r, a, csp)
	})
	r.Get("/config.json", httpx.Func(s.webConfig))
}

// indexPage is index.html with the page's configuration in it (one round
// trip less on a weak signal) and, when the request carries a session
// cookie, the login form hidden behind "loading the map" until the page
// has asked who the session belongs to. Gzip-compressed per request (it is
// a few KB); its ETag follows its content.
func (s *Server) indexPage(r *http.Request, tmpl []byte) *webAsset {
	cfg, _ := json.Marshal(s.currentWebConfig()) // HTML-safe: < > & escaped
	page := bytes.Replace(tmpl, []byte("{{config}}"), cfg, 1)
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		page = bytes.Replace(page, []byte("<body>"), []byte(`<body class="has-session">`), 1)
	}
	return &webAsset{body: page, etag: etagOf(page), ctype: "text/html; charset=utf-8", gz: gzipBytes(page)}
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// WebConfig is what the page learns from GET /config.json (and from the
// copy in index.html).
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

func (s *Server) currentWebConfig() WebConfig {
	return WebConfig{
		BasemapURL: s.cfg.BasemapURL,
		Today:      s.now.Today().Format("2006-01-02"),
		K:          s.cfg.K,
	}
}

func (s *Server) webConfig(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, s.currentWebConfig())
	return nil
}

// webCSP allows only this origin, plus the base map's origin for images
// and fetches when one is configured, and of inline scripts only those
// the build hashed (inlineScripts: 'sha256-…', the page's sign-in). MapLibre
// runs its workers from blob: URLs and sets inline styles on its controls;
// the service worker (/sw.js) is a 'self' worker.
func webCSP(basemap string, inlineScripts []string) string {
	extra := ""
	if u, err := url.Parse(basemap); err == nil && u.Scheme != "" && u.Host != "" {
		extra = " " + u.Scheme + "://" + u.Host
	}
	scripts := "'self'"
	for _, h := range inlineScripts {
		if strings.HasPrefix(h, "sha256-") && !strings.ContainsAny(h, "'; ") {
			scripts += " '" + h + "'"
		}
	}
	return "default-src 'self'; script-src " + scripts + "; worker-src 'self' blob:; child-src 'self' blob:; " +
		"style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:" + extra + "; connect-src 'self'" + extra +
		"; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
}
