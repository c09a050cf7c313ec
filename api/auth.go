package api

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"pantau/data"
	"pantau/geo"
)

type principalKey struct{}

// PrincipalFrom returns the authenticated caller, or nil for anonymous.
func PrincipalFrom(ctx context.Context) *geo.Principal {
	p, _ := ctx.Value(principalKey{}).(*geo.Principal)
	return p
}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *geo.Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// authenticate resolves "Authorization: Bearer <token>" to a principal, or
// else asks s.authenticators (the session cookie). A request without
// credentials continues as anonymous; routes decide with allow. A request
// with bad credentials is refused at once. Every caller is then held to the
// rate limit of its user, token or (anonymous) client address.
func (s *Server) authenticate(next http.Handler) http.Handler {
	next = s.auditTrail(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.principal(r)
		if err != nil {
			code := geo.ErrorCode(err)
			if code == geo.EUNAUTHORIZED || code == geo.EFORBIDDEN {
				s.writeAudit(r.Context(), data.AuditEntry{Action: "auth.credentials", Resource: r.URL.Path,
					Params: map[string]any{"method": r.Method, "reason": geo.ErrorMessage(err)}, Outcome: "denied",
					ClientAddr: clientAddr(r, s.cfg.TrustProxy), RequestID: RequestIDFrom(r.Context())})
			}
			if code == geo.EUNAUTHORIZED {
				w.Header().Set("WWW-Authenticate", `Bearer realm="pantau"`)
			}
			writeError(w, r, s.log, err)
			return
		}
		if err := s.limiter.allow(w, rateKey(r, p, s.cfg.TrustProxy), s.now()); err != nil {
			writeError(w, r, s.log, err)
			return
		}
		if p != nil {
			r = r.WithContext(WithPrincipal(r.Context(), p))
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) principal(r *http.Request) (*geo.Principal, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		for _, a := range s.authenticators {
			p, err := a(r)
			if err != nil || p != nil {
				return p, err
			}
		}
		return nil, nil
	}
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return nil, geo.Errorf(geo.EUNAUTHORIZED, "Use an Authorization: Bearer token.")
	}
	return s.db.Authenticate(r.Context(), strings.TrimSpace(token))
}

// allow admits only the given roles: anonymous callers get 401, others 403.
func allow(roles ...geo.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p := PrincipalFrom(r.Context())
			if p.Anonymous() {
				w.Header().Set("WWW-Authenticate", `Bearer realm="pantau"`)
				writeError(w, r, serverLog(r), geo.Errorf(geo.EUNAUTHORIZED, "Sign in or send a bearer token."))
				return
			}
			if !slices.Contains(roles, p.Role) {
				writeError(w, r, serverLog(r), geo.Errorf(geo.EFORBIDDEN, "Your role (%s) may not use this.", p.Role))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// Role sets used by routes.
var (
	anyRole       = []geo.Role{geo.RoleViewer, geo.RoleOfficer, geo.RoleAnalyst, geo.RoleAdmin}
	individualsOK = []geo.Role{geo.RoleOfficer, geo.RoleAnalyst, geo.RoleAdmin}
	analystOrUp   = []geo.Role{geo.RoleAnalyst, geo.RoleAdmin}
	adminOnly     = []geo.Role{geo.RoleAdmin}
)
