package api

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"pantau/api/httpx"
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
				// Valid credentials are never held up by others' failures
				// from the same address; failures use up its allowance.
				if lerr := s.authFailed(w, r, err); lerr != nil {
					httpx.WriteProblem(w, r, lerr)
					return
				}
			}
			if code == geo.EUNAUTHORIZED {
				w.Header().Set("WWW-Authenticate", `Bearer realm="pantau"`)
			}
			httpx.WriteProblem(w, r, err)
			return
		}
		if err := s.limiter.Allow(w, rateKey(r, p, s.cfg.TrustProxy), s.now()); err != nil {
			httpx.WriteProblem(w, r, err)
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
		return nil, geo.RAuthBadToken.Errorf("Use an Authorization: Bearer token.")
	}
	return s.db.Authenticate(r.Context(), strings.TrimSpace(token))
}

// allow admits only the given roles: anonymous callers get 401, others 403.
func allow(roles ...geo.Role) func(http.Handler) http.Handler {
	return httpx.Middleware(func(w http.ResponseWriter, r *http.Request) error {
		p := PrincipalFrom(r.Context())
		if p.Anonymous() {
			w.Header().Set("WWW-Authenticate", `Bearer realm="pantau"`)
			return geo.RUnauthorized.Errorf("Sign in or send a bearer token.")
		}
		if !slices.Contains(roles, p.Role) {
			return geo.RAuthRole.Errorf("Your role (%s) may not use this.", p.Role)
		}
		return nil
	})
}

// Role sets used by routes.
var (
	anyRole       = []geo.Role{geo.RoleViewer, geo.RoleOfficer, geo.RoleAnalyst, geo.RoleAdmin}
	individualsOK = []geo.Role{geo.RoleOfficer, geo.RoleAnalyst, geo.RoleAdmin}
	analystOrUp   = []geo.Role{geo.RoleAnalyst, geo.RoleAdmin}
	adminOnly     = []geo.Role{geo.RoleAdmin}
)

// authFailed counts a request with bad credentials against its address's
// allowance for failed attempts (shared with logins: authLimiter) and logs
// it in aggregate (logFailure). It returns ERATELIMIT (Retry-After set on
// w) once the allowance is used up: the caller then gets 429 instead of
// 401.
func (s *Server) authFailed(w http.ResponseWriter, r *http.Request, err error) error {
	s.logFailure(r, geo.ErrorMessage(err))
	return s.authLimiter.Allow(w, httpx.ClientAddr(r, s.cfg.TrustProxy), s.now())
}

// logFailure writes an unauthenticated failure — bad credentials, a failed
// or refused login, a change refused for want of credentials — to the
// audit log in aggregate: at most one auth.credentials row per client
// address per Config.FailureWindow, carrying how many failures it speaks
// for (failureLog), so a flood of them cannot flood the log.
func (s *Server) logFailure(r *http.Request, reason string) {
	addr := httpx.ClientAddr(r, s.cfg.TrustProxy)
	n, write := s.failures.add(addr, s.now())
	if !write {
		s.failures.note(addr, r, reason)
		return
	}
	s.writeAudit(r.Context(), failureEntry(addr, r.Method, r.URL.Path, reason, n, s.failures.window, httpx.RequestIDFrom(r.Context())))
}
