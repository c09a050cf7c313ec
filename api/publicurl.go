package api

import (
	"net/http"
	"regexp"
	"strings"
)

// hostSyntax is what a Host header may hold to be echoed in a link.
var hostSyntax = regexp.MustCompile(`^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$`)

// publicBase is the scheme://host that absolute links (OGC, TileJSON) are
// built on. It comes from configuration (Config.PublicURL; `pantau serve`
// sets it from --public-url or its listen address). Only a server behind a
// trusted proxy (--trust-proxy) believes X-Forwarded-Proto and
// X-Forwarded-Host; otherwise a client's headers can never send another
// client to a host of its choosing.
func (s *Server) publicBase(r *http.Request) string {
	if s.cfg.PublicURL != "" {
		return strings.TrimRight(s.cfg.PublicURL, "/")
	}
	scheme, host := "http", r.Host
	if r.TLS != nil {
		scheme = "https"
	}
	if s.cfg.TrustProxy {
		if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
			scheme = p
		}
		if h := r.Header.Get("X-Forwarded-Host"); hostSyntax.MatchString(h) {
			host = h
		}
	}
	if !hostSyntax.MatchString(host) {
		host = "localhost"
	}
	return scheme + "://" + host
}
