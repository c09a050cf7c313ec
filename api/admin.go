package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"pantau/api/httpx"
	"pantau/data"
	"pantau/geo"
)

// Administration of users and tokens (admin only; every call is audited as
// a change, passwords and tokens never).
func (s *Server) mountAdmin(r chi.Router) {
	r.With(s.audited("users.list"), allow(adminOnly...)).Get("/users", httpx.Func(s.listUsers))
	r.With(s.audited("users.create"), allow(adminOnly...)).Post("/users", httpx.Func(s.createUser))
	r.With(s.audited("users.update"), allow(adminOnly...)).Patch("/users/{id}", httpx.Func(s.updateUser))
	r.With(s.audited("tokens.create"), allow(adminOnly...)).Post("/tokens", httpx.Func(s.createToken))
	r.With(s.audited("tokens.revoke"), allow(adminOnly...)).Delete("/tokens/{id}", httpx.Func(s.revokeToken))
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.OnlyParams(r); err != nil {
		return err
	}
	users, err := s.db.ListUsers(r.Context())
	if err != nil {
		return err
	}
	if users == nil {
		users = []data.User{}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"users": users})
	return nil
}

// createUser: POST /api/v1/users {"username","display_name","password","role","area_code"}.
func (s *Server) createUser(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Username    string `json:"username"`
		DisplayName string `json:"display_name"`
		Password    string `json:"password"`
		Role        string `json:"role"`
		AreaCode    string `json:"area_code"`
	}
	if err := httpx.DecodeJSON(w, r, 16<<10, &in); err != nil {
		return err
	}
	auditNote(r, "username", in.Username)
	auditNote(r, "role", in.Role)
	auditNote(r, "area_code", in.AreaCode)
	role, err := geo.ParseRole(in.Role)
	if err != nil {
		return err
	}
	id, err := s.db.CreateUser(r.Context(), data.NewUser{Username: in.Username, DisplayName: in.DisplayName,
		Password: in.Password, Role: role, AreaCode: in.AreaCode, Audit: s.auditInTx(r, http.StatusCreated)})
	if err != nil {
		return err
	}
	auditCommitted(r)
	auditResource(r, "user/"+strconv.FormatInt(id, 10))
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"id": id, "username": in.Username, "role": role, "area_code": in.AreaCode})
	return nil
}

// updateUser: PATCH /api/v1/users/{id} with any of {"display_name",
// "role", "area_code" ("" = all areas), "disabled", "password"} → 200
// {"user", "sessions_ended", "tokens_revoked"}. See data.UpdateUser for what
// a change ends. The audit log records which fields changed, never a
// password.
func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	auditResource(r, "user/"+strconv.FormatInt(id, 10))
	var in struct {
		DisplayName *string `json:"display_name"`
		Role        *string `json:"role"`
		AreaCode    *string `json:"area_code"`
		Disabled    *bool   `json:"disabled"`
		Password    *string `json:"password"`
	}
	if err := httpx.DecodeJSON(w, r, 16<<10, &in); err != nil {
		return err
	}
	var c data.UserChange
	c.DisplayName, c.AreaCode, c.Disabled, c.Password = in.DisplayName, in.AreaCode, in.Disabled, in.Password
	if in.Role != nil {
		role, err := geo.ParseRole(*in.Role)
		if err != nil {
			return err
		}
		c.Role = &role
		auditNote(r, "role", role)
	}
	if in.AreaCode != nil {
		auditNote(r, "area_code", *in.AreaCode)
	}
	if in.Disabled != nil {
		auditNote(r, "disabled", *in.Disabled)
	}
	if in.Password != nil {
		auditNote(r, "password", "set")
	}
	if in.DisplayName == nil && in.Role == nil && in.AreaCode == nil && in.Disabled == nil && in.Password == nil {
		return geo.RUserNothingChanged.Errorf("Nothing to change: give display_name, role, area_code, disabled or password.")
	}
	c.Audit = s.auditInTx(r, http.StatusOK)
	res, err := s.db.UpdateUser(r.Context(), id, c)
	if err != nil {
		return err
	}
	auditCommitted(r)
	httpx.WriteJSON(w, http.StatusOK, res)
	return nil
}

// createToken: POST /api/v1/tokens {"role","name","area_code","expires_in":"720h"}
// → 201 {"id","token"}; the token is shown this once.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Role      string `json:"role"`
		Name      string `json:"name"`
		AreaCode  string `json:"area_code"`
		ExpiresIn string `json:"expires_in"`
	}
	if err := httpx.DecodeJSON(w, r, 16<<10, &in); err != nil {
		return err
	}
	auditNote(r, "role", in.Role)
	auditNote(r, "name", in.Name)
	auditNote(r, "area_code", in.AreaCode)
	role, err := geo.ParseRole(in.Role)
	if err != nil {
		return err
	}
	t := data.NewToken{Name: in.Name, Role: role, AreaCode: in.AreaCode}
	if in.ExpiresIn != "" {
		d, err := time.ParseDuration(in.ExpiresIn)
		if err != nil || d <= 0 {
			return geo.FieldErrorf(geo.EINVALID, "expires_in", "expires_in must be a positive duration such as 720h, not %q", in.ExpiresIn)
		}
		t.Expires = s.now().Add(d)
	}
	t.Audit = s.auditInTx(r, http.StatusCreated)
	tok, id, err := s.db.CreateToken(r.Context(), t)
	if err != nil {
		return err
	}
	auditCommitted(r)
	auditResource(r, "token/"+strconv.FormatInt(id, 10))
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"id": id, "token": tok, "role": role})
	return nil
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.db.RevokeToken(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
