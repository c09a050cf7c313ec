package api

import "net/http"

// apiCSP is the Content-Security-Policy of every response but the map
// page (which sets its own, webCSP) and the printable patrol sheet
// (sheetCSP): API answers, tiles and errors are data, never a document to
// run or frame.
const apiCSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox"

// sheetCSP lets the printable patrol sheet use its own inline styles and
// nothing else: no script, no request anywhere.
const sheetCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// securityHeaders sets, on every response (errors included), headers that
// stop browsers from sniffing types, framing Pantau or leaking its URLs.
// Handlers that serve documents replace the Content-Security-Policy.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", apiCSP)
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}
