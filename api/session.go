package api

import (
	"crypto/subtle"
	"mime"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"pantau/api/httpx"
	"pantau/data"
	"pantau/geo"
)

// Web sessions for the officers' map.
//
//	POST /api/v1/auth/login   {"username","password"} → 200 Me + Set-Cookie
//	POST /api/v1/auth/logout  (cookie + X-CSRF-Token)  → 204, cookie cleared
//	GET  /api/v1/auth/me      → 200 Me (401 when signed out)
//
// The cookie (SessionCookie) is HttpOnly, SameSite=Strict, Path=/, and
// Secure when the request came over TLS (or X-Forwarded-Proto https with
// Config.TrustProxy). A cookie-authenticated request with an unsafe method
// (anything but GET, HEAD, OPTIONS) must carry the session's CSRF token,
// from Me.CSRFToken, in the CSRFHeader header, or it is refused with 403.
// Bearer-token requests are exempt: they carry no ambient credentials.
const (
	// Login attempts and failed credentials per client address (one
	// allowance, authLimiter): bursts of loginBurst, then one every
	// 1/loginRate seconds.
	loginRate  = 1.0 / 3
	loginBurst = 20

	SessionCookie = "pantau_session"
	CSRFHeader    = "X-CSRF-Token"
	loginPath     = "/api/v1/auth/login"
)

func (s *Server) mountSession(r chi.Router) {
	r.With(s.audited("auth.login")).Post("/auth/login", httpx.Func(s.login)) // public: the way in
	r.With(s.audited("auth.logout"), allow(anyRole...)).Post("/auth/logout", httpx.Func(s.logout))
	r.With(allow(anyRole...)).Get("/auth/me", httpx.Func(s.me))
}

// Me describes the caller to the web map, which adapts to role and area.
type Me struct {
	Username         string   `json:"username"`
	Name             string   `json:"name"`
	Role             geo.Role `json:"role"`
	AreaCode         string   `json:"area_code,omitempty"` // "" = all areas
	AreaName         string   `json:"area_name,omitempty"`
	Auth             string   `json:"auth"`                 // "session" or "token"
	CSRFToken        string   `json:"csrf_token,omitempty"` // sessions only; echo in X-CSRF-Token
	CSRFHeader       string   `json:"csrf_header,omitempty"`
	SeesIndividuals  bool     `json:"sees_individuals"`
	SeesPersonalData bool     `json:"sees_personal_data"`
	K                int      `json:"k"` // viewers never see counts 1..k-1
	IdleTimeoutSec   int      `json:"idle_timeout_s,omitempty"`
}

// sessionAuthenticator resolves the session cookie (see s.authenticators).
// An unknown or ended session is anonymous; a known one on an unsafe
// method without the right CSRF token is refused. The login route ignores
// cookies altogether.
func (s *Server) sessionAuthenticator(r *http.Request) (*geo.Principal, error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" || r.URL.Path == loginPath || s.db == nil {
		return nil, nil
	}
	p, csrf, err := s.db.SessionPrincipal(r.Context(), c.Value, s.now())
	if err != nil || p == nil {
		return nil, err
	}
	if unsafeMethod(r.Method) {
		got := r.Header.Get(CSRFHeader)
		if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(csrf)) != 1 {
			return nil, geo.RAuthCSRF.Errorf("Send the session's CSRF token (csrf_token of GET /api/v1/auth/me) in the %s header.", CSRFHeader)
		}
	}
	return p, nil
}

// secureRequest reports whether the client reached us over HTTPS.
func (s *Server) secureRequest(r *http.Request) bool {
	return r.TLS != nil || s.cfg.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secureRequest(r), SameSite: http.SameSiteStrictMode,
	})
}

// login: POST /api/v1/auth/login with {"username", "password"} as JSON.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return geo.RUnsupportedMedia.Errorf("Send the credentials as application/json.")
	}
	// Password guessing across many accounts from one address is slowed
	// here; guessing one account is stopped by the lockout.
	if err := s.authLimiter.Allow(w, httpx.ClientAddr(r, s.cfg.TrustProxy), s.now()); err != nil {
		return err
	}
	var in struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := httpx.DecodeJSON(w, r, 4<<10, &in); err != nil {
		return err
	}
	if in.Username == "" || in.Password == "" {
		return geo.RAuthNoCredentials.FieldErrorf("username", "username and password are required")
	}
	rec := auditFrom(r)
	if rec == nil { // not behind s.authenticate; record nothing
		rec = &auditRecord{params: map[string]any{}}
	}
	name := strings.ToLower(strings.TrimSpace(in.Username))
	if len(name) > 64 {
		name = name[:64]
	}
	rec.mu.Lock()
	rec.actor = name
	rec.mu.Unlock()
	p, result, err := s.db.CheckLogin(r.Context(), in.Username, in.Password, s.now())
	rec.mu.Lock()
	rec.outcome = string(result)
	rec.mu.Unlock()
	if err != nil {
		return err
	}
	sess, err := s.db.CreateSession(r.Context(), p.UserID, s.now())
	if err != nil {
		return err
	}
	rec.mu.Lock()
	rec.role = string(p.Role)
	rec.mu.Unlock()
	s.setSessionCookie(w, r, sess.Cookie, 0)
	me, err := s.describe(r, p, "session", sess.CSRF)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, me)
	return nil
}

// logout: POST /api/v1/auth/logout ends the cookie's session.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		if err := s.db.EndSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	s.setSessionCookie(w, r, "", -1)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// me: GET /api/v1/auth/me describes the caller.
func (s *Server) me(w http.ResponseWriter, r *http.Request) error {
	p := PrincipalFrom(r.Context())
	auth, csrf := "token", ""
	if p.TokenID == 0 {
		auth = "session"
		if c, err := r.Cookie(SessionCookie); err == nil {
			var err error
			if _, csrf, err = s.db.SessionPrincipal(r.Context(), c.Value, s.now()); err != nil {
				return err
			}
		}
	}
	me, err := s.describe(r, p, auth, csrf)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, me)
	return nil
}

func (s *Server) describe(r *http.Request, p *geo.Principal, auth, csrf string) (Me, error) {
	me := Me{Username: p.Name, Name: p.Name, Role: p.Role, AreaCode: p.AreaCode, Auth: auth,
		SeesIndividuals: p.View().Individuals, SeesPersonalData: p.View().Personal, K: s.cfg.K}
	if csrf != "" {
		me.CSRFToken, me.CSRFHeader = csrf, CSRFHeader
		me.IdleTimeoutSec = int(data.SessionIdle.Seconds())
	}
	if p.UserID != 0 && p.TokenID == 0 {
		prof, err := s.db.GetUserProfile(r.Context(), p.UserID)
		if err != nil {
			return me, err
		}
		if prof.DisplayName != "" {
			me.Name = prof.DisplayName
		}
		me.AreaName = prof.AreaName
	} else if p.AreaCode != "" {
		name, err := s.db.AreaName(r.Context(), p.AreaCode)
		if err != nil {
			return me, err
		}
		me.AreaName = name
	}
	return me, nil
}
