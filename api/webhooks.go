package api

import (
	"fmt"
	"net/http"

	"pantau/data"
	"pantau/geo"
)

// webhookIn is the body of POST and PUT /api/v1/webhooks. The secret keys
// the HMAC-SHA256 signature; it is never returned (PUT without it keeps it).
type webhookIn struct {
	Name       string `json:"name"`
	URL        string `json:"url"`
	Secret     string `json:"secret"`
	Active     *bool  `json:"active"`
	ExpiryDays int    `json:"expiry_days"`
}

func (in webhookIn) webhook() data.Webhook {
	w := data.Webhook{Name: in.Name, URL: in.URL, Secret: in.Secret, Active: true, ExpiryDays: in.ExpiryDays}
	if in.Active != nil {
		w.Active = *in.Active
	}
	return w
}

func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	ws, err := s.db.ListWebhooks(r.Context())
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if ws == nil {
		ws = []data.Webhook{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"webhooks": ws})
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) {
	var in webhookIn
	if err := decodeStrictBody(w, r, 64<<10, &in); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if err := checkWebhookTarget(r.Context(), in.URL, s.cfg.Alerts.AllowPrivateWebhooks); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	wh := in.webhook()
	wh.CreatedBy = PrincipalFrom(r.Context()).Name
	wh, err := s.db.CreateWebhook(r.Context(), wh)
	s.auditChange(r, "webhook.create", fmt.Sprintf("webhook/%d", wh.ID), map[string]any{"url": in.URL}, err)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/webhooks/%d", wh.ID))
	writeJSON(w, http.StatusCreated, wh)
}

func (s *Server) getWebhook(w http.ResponseWriter, r *http.Request) {
	id, err := pathInt64(r, "id")
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	wh, err := s.db.GetWebhook(r.Context(), id)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, wh)
}

func (s *Server) updateWebhook(w http.ResponseWriter, r *http.Request) {
	id, err := pathInt64(r, "id")
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	var in webhookIn
	if err := decodeStrictBody(w, r, 64<<10, &in); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if err := checkWebhookTarget(r.Context(), in.URL, s.cfg.Alerts.AllowPrivateWebhooks); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	wh, err := s.db.UpdateWebhook(r.Context(), id, in.webhook())
	s.auditChange(r, "webhook.update", fmt.Sprintf("webhook/%d", id), map[string]any{"url": in.URL}, err)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, wh)
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	id, err := pathInt64(r, "id")
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	err = s.db.DeleteWebhook(r.Context(), id)
	s.auditChange(r, "webhook.delete", fmt.Sprintf("webhook/%d", id), nil, err)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// listDeliveries: GET /api/v1/webhooks/{id}/deliveries?status=pending|delivered|expired&limit=
// → {"deliveries": [{…, "attempt_log": [{at, status, error, duration_ms}]}]}.
func (s *Server) listDeliveries(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r, "status", "limit"); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	id, err := pathInt64(r, "id")
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	status := r.URL.Query().Get("status")
	switch status {
	case "", "pending", "delivered", "expired":
	default:
		writeError(w, r, s.log, geo.FieldErrorf(geo.EINVALID, "status", "status must be pending, delivered or expired"))
		return
	}
	limit, err := queryInt(r.URL.Query().Get("limit"), "limit", 100)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if _, err := s.db.GetWebhook(r.Context(), id); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	ds, err := s.db.ListDeliveries(r.Context(), id, status, int(limit))
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if ds == nil {
		ds = []data.Delivery{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"deliveries": ds})
}
