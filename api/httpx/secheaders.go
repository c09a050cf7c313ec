package httpx

import "net/http"

// APICSP is the Content-Security-Policy of every response but the map
// page (which sets its own) and the printable patrol sheet
// (SheetCSP): API answers, tiles and errors are data, never a document to
// run or frame.
const APICSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox"

// SheetCSP lets the printable patrol sheet use its own inline styles and
// nothing else: no script, no request anywhere.
const SheetCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// SecurityHeaders sets, on every response (errors included), headers that
// stop browsers from sniffing types, framing Pantau or leaking its URLs.
// Handlers that serve documents replace the Content-Security-Policy.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", APICSP)
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}
