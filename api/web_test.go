package api_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pantau/api"
	"pantau/data/dbtest"
)

// TestWebPage: / serves the page when the bundle is built and a 503 page
// saying "run make web" when it is not; assets and config are public. The
// page carries its configuration and the login form, so a weak signal
// shows the form with the first answer.
func TestWebPage(t *testing.T) {
	db := dbtest.New(t)
	srv := httptest.NewServer(api.New(api.Config{DB: db.DB, BasemapURL: "https://tiles.example.org/{z}/{x}/{y}.png"}))
	t.Cleanup(srv.Close)
	ts := &testServer{Server: srv, DB: db}

	resp := ts.do(t, "GET", "/", "", nil)
	body, err := io.ReadAll(resp.Body)
	must(t, err)
	switch resp.StatusCode {
	case 200:
		page := string(body)
		if entry := pageEntry(t, page); entry == "" {
			t.Errorf("page lacks the entry module: %s", page)
		} else if r := ts.do(t, "GET", entry, "", nil); r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/javascript") {
			t.Errorf("%s: %d %s", entry, r.StatusCode, r.Header.Get("Content-Type"))
		}
		for _, want := range []string{`id="login-form"`, `id="username"`, `<script type="application/json" id="pantau-config">{`, `"basemap_url":"https://tiles.example.org/{z}/{x}/{y}.png"`} {
			if !strings.Contains(page, want) {
				t.Errorf("page lacks %s", want)
			}
		}
		if strings.Contains(page, `<body class="has-session">`) {
			t.Errorf("a request without a session cookie got the session page")
		}
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "https://tiles.example.org") {
			t.Errorf("CSP %q", csp)
		}
		// The sign-in script is inline (the password goes with the page
		// alone): the CSP allows exactly the page's inline scripts, by hash,
		// and nothing inline else ('unsafe-inline').
		inline := inlineScriptRe.FindAllStringSubmatch(page, -1)
		if len(inline) == 0 || !strings.Contains(inline[0][1], "/api/v1/auth/login") {
			t.Errorf("page lacks the inline sign-in script")
		}
		scriptSrc := cspDirective(csp, "script-src")
		for _, m := range inline {
			sum := sha256.Sum256([]byte(m[1]))
			if h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(scriptSrc, h) {
				t.Errorf("script-src %q does not allow the inline script %.60s… (%s)", scriptSrc, m[1], h)
			}
		}
		if strings.Contains(scriptSrc, "unsafe-inline") || strings.Count(scriptSrc, "'sha256-") != len(inline) {
			t.Errorf("script-src %q allows more than the page's %d inline scripts", scriptSrc, len(inline))
		}
		// A session cookie hides the form behind "loading the map" until
		// the page has asked who it belongs to.
		req, err := http.NewRequest("GET", ts.URL+"/", nil)
		must(t, err)
		req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: "x"})
		r2, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b2, err := io.ReadAll(r2.Body)
		must(t, err)
		r2.Body.Close()
		if !strings.Contains(string(b2), `<body class="has-session">`) || !strings.Contains(strings.Join(r2.Header.Values("Vary"), ","), "Cookie") {
			t.Errorf("with a session cookie: Vary %q, body %.200s", r2.Header.Get("Vary"), b2)
		}
		sw := ts.do(t, "GET", "/sw.js", "", nil)
		if sw.StatusCode != 200 || !strings.HasPrefix(sw.Header.Get("Content-Type"), "text/javascript") || sw.Header.Get("Cache-Control") != "no-cache" ||
			!strings.Contains(sw.Header.Get("Content-Security-Policy"), "worker-src 'self'") {
			t.Errorf("/sw.js: %d %v", sw.StatusCode, sw.Header)
		}
		// Label glyphs (make web): public, protobuf, sent compressed (the
		// client asks for gzip and unpacks it: Uncompressed).
		g := ts.do(t, "GET", "/fonts/DejaVu%20Sans/0-255.pbf", "", nil)
		b, err := io.ReadAll(g.Body)
		must(t, err)
		if g.StatusCode != 200 || g.Header.Get("Content-Type") != "application/x-protobuf" || !g.Uncompressed || len(b) < 10000 {
			t.Errorf("glyphs 0-255: %d %s gzip %v, %d bytes", g.StatusCode, g.Header.Get("Content-Type"), g.Uncompressed, len(b))
		}
	case 503:
		if !strings.Contains(string(body), "make web") {
			t.Errorf("503 page does not say to run make web: %s", body)
		}
	default:
		t.Fatalf("GET /: %d", resp.StatusCode)
	}
	for _, p := range []string{"/app/nope.js", "/app/index.html", "/app/manifest.json"} {
		if r := ts.do(t, "GET", p, "", nil); r.StatusCode != 404 {
			t.Errorf("%s: %d", p, r.StatusCode)
		}
	}
	// A glyph range not built (CJK), a font stack not built: 404 at once.
	for _, p := range []string{"/fonts/DejaVu%20Sans/19968-20223.pbf", "/fonts/Open%20Sans,Arial/0-255.pbf", "/fonts/..%2F..%2Findex.html/0-255.pbf"} {
		if r := ts.do(t, "GET", p, "", nil); r.StatusCode != 404 || r.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s", p, r.StatusCode, r.Header.Get("Content-Type"))
		}
	}

	resp = ts.do(t, "GET", "/config.json", "", nil)
	var cfg api.WebConfig
	if err := json.NewDecoder(resp.Body).Decode(&cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.BasemapURL != "https://tiles.example.org/{z}/{x}/{y}.png" || cfg.K != 5 || len(cfg.Today) != 10 {
		t.Errorf("config %+v", cfg)
	}
}

// inlineScriptRe: a <script> element with no attributes (the JSON
// configuration block has a type and is no script).
var inlineScriptRe = regexp.MustCompile(`<script>([^<]*)</script>`)

// cspDirective is one directive of a Content-Security-Policy.
func cspDirective(csp, name string) string {
	for _, d := range strings.Split(csp, ";") {
		if d = strings.TrimSpace(d); strings.HasPrefix(d, name+" ") {
			return d
		}
	}
	return ""
}

var moduleRe = regexp.MustCompile(`<script type="module" src="(/app/[^"]+)"`)
var mapChunkRe = regexp.MustCompile(`<link rel="modulepreload" href="(/app/main-[^"]+)"`)

// pageEntry is the page's entry module (/app/boot-HASH.js).
func pageEntry(t *testing.T, page string) string {
	t.Helper()
	if m := moduleRe.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return ""
}

// TestWebAssetsCompressed: hashed files go brotli or gzip compressed
// (pre-compressed at build time), as the client accepts, cached for a year
// as immutable; the page and the service worker are revalidated, and a
// matching If-None-Match gets 304 with no body.
func TestWebAssetsCompressed(t *testing.T) {
	ts := newTestServer(t)
	r := ts.do(t, "GET", "/", "", nil)
	page, err := io.ReadAll(r.Body)
	must(t, err)
	if r.StatusCode != 200 {
		t.Skip("web bundle not built (make web)")
	}
	m := mapChunkRe.FindStringSubmatch(string(page))
	if m == nil {
		t.Fatalf("page does not preload the map chunk: %s", page)
	}
	get := func(path, accept, inm string) *http.Response { return rawGet(t, ts.URL+path, "", accept, inm) }
	var sizes []int
	for _, c := range []struct{ accept, encoding string }{{"gzip, deflate, br", "br"}, {"gzip", "gzip"}, {"br;q=0, gzip", "gzip"}, {"", ""}} {
		resp := get(m[1], c.accept, "")
		b, err := io.ReadAll(resp.Body)
		must(t, err)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != c.encoding ||
			resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || resp.Header.Get("Content-Length") != strconv.Itoa(len(b)) {
			t.Fatalf("Accept-Encoding %q: %d %v", c.accept, resp.StatusCode, resp.Header)
		}
		var plain []byte
		switch c.encoding {
		case "gzip":
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			plain, err = io.ReadAll(zr)
			must(t, err)
		case "br":
			plain = b // no brotli reader in the standard library: compared by size below
		default:
			plain = b
		}
		if c.encoding != "br" && !bytes.Contains(plain, []byte("maplibre")) {
			t.Errorf("%s (%s) does not hold MapLibre", m[1], c.encoding)
		}
		sizes = append(sizes, len(b))
		resp2 := get(m[1], c.accept, resp.Header.Get("ETag"))
		b2, err := io.ReadAll(resp2.Body)
		must(t, err)
		if resp2.StatusCode != http.StatusNotModified || len(b2) != 0 {
			t.Errorf("revalidating %s (%s): %d, %d bytes", m[1], c.encoding, resp2.StatusCode, len(b2))
		}
	}
	if !(sizes[0] < sizes[1] && sizes[1]*3 < sizes[3]) {
		t.Errorf("br %d, gzip %d, identity %d bytes: want br < gzip < identity/3", sizes[0], sizes[1], sizes[3])
	}
	for _, p := range []string{"/", "/sw.js"} {
		resp := get(p, "br, gzip", "")
		if resp.Header.Get("Cache-Control") != "no-cache" || resp.Header.Get("ETag") == "" || resp.Header.Get("Content-Encoding") == "" {
			t.Errorf("%s: %v", p, resp.Header)
		}
		if r2 := get(p, "br, gzip", resp.Header.Get("ETag")); r2.StatusCode != http.StatusNotModified {
			t.Errorf("revalidating %s: %d", p, r2.StatusCode)
		}
	}
}
