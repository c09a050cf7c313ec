package httpx

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"pantau/geo"
)

// CleanInput refuses, before anything else reads them, requests whose path
// or query parameters hold a NUL byte, another control character or
// invalid UTF-8: no handler, query or audit row ever sees such a value
// (PostgreSQL refuses NUL in text, and the audit row must always be
// writable). 400, naming the parameter.
func CleanInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !cleanText(r.URL.Path) {
			WriteProblem(w, r, geo.RInputControlChar.Errorf("The path holds a control character or invalid UTF-8."))
			return
		}
		for k, vs := range r.URL.Query() {
			ok := cleanText(k)
			for _, v := range vs {
				ok = ok && cleanText(v)
			}
			if !ok {
				WriteProblem(w, r, geo.RInputControlChar.FieldErrorf(cleanName(k),
					"query parameter %q holds a control character or invalid UTF-8", cleanName(k)))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// cleanText reports whether s is valid UTF-8 without control characters
// (tab excepted).
func cleanText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	return !strings.ContainsFunc(s, func(c rune) bool { return c < 0x20 && c != '\t' || c == 0x7f })
}

// cleanName is a parameter name safe to echo in an error.
func cleanName(k string) string {
	return strings.Map(func(c rune) rune {
		if c < 0x20 || c == 0x7f || c == utf8.RuneError {
			return '?'
		}
		return c
	}, strings.ToValidUTF8(k, "?"))
}
