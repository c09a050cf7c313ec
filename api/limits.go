package api

import (
	"net/http"
	"strings"

	"pantau/api/httpx"
	"pantau/geo"
)

// limitBodies applies to every request, before authentication:
//   - a body in a Content-Encoding other than identity is refused with 415,
//     so no handler ever inflates a compressed body (no decompression bombs;
//     a gzip file uploaded as the body's content, not its encoding, is the
//     importer's to cap);
//   - a declared Content-Length over the cap is refused with 413 at once;
//   - every body is wrapped in http.MaxBytesReader, so reading past the cap
//     fails (httpx.DecodeJSON turns that into 413).
//
// The cap is Config.MaxBodyBytes, or Config.MaxImportBytes under
// /api/v1/imports, where a refused body is drained first (upload.go).
// Handlers may cap lower (httpx.DecodeJSON's maxBytes).
func (s *Server) limitBodies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ce := strings.TrimSpace(r.Header.Get("Content-Encoding")); ce != "" && !strings.EqualFold(ce, "identity") {
			httpx.WriteProblem(w, r, geo.RUnsupportedMedia.Errorf(
				"Compressed request bodies (Content-Encoding %s) are not accepted; send the body uncompressed.", ce))
			return
		}
		max := s.cfg.MaxBodyBytes
		upload := strings.HasPrefix(r.URL.Path, "/api/v1/imports")
		if upload {
			max = s.cfg.MaxImportBytes
			w, r = s.asUpload(w, r)
		}
		if r.ContentLength > max {
			httpx.WriteProblem(w, r, geo.RBodyTooLarge.Errorf("The request body (%d bytes) exceeds %d bytes.", r.ContentLength, max))
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, max)
		}
		next.ServeHTTP(w, r)
	})
}
