package api

import (
	"fmt"
	"math"
	"net/http"

	"pantau/alerting"
	"pantau/api/httpx"
	"pantau/data"
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

func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.OnlyParams(r); err != nil {
		return err
	}
	ws, err := s.db.ListWebhooks(r.Context())
	if err != nil {
		return err
	}
	if ws == nil {
		ws = []data.Webhook{}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"webhooks": ws})
	return nil
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) error {
	var in webhookIn
	if err := httpx.DecodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	if err := alerting.CheckWebhookTarget(r.Context(), in.URL, s.cfg.Alerts.AllowPrivateWebhooks); err != nil {
		return err
	}
	wh := in.webhook()
	wh.CreatedBy = PrincipalFrom(r.Context()).Name
	wh, err := s.db.CreateWebhook(r.Context(), wh)
	s.auditChange(r, "webhook.create", fmt.Sprintf("webhook/%d", wh.ID), map[string]any{"url": in.URL}, err)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/webhooks/%d", wh.ID))
	httpx.WriteJSON(w, http.StatusCreated, wh)
	return nil
}

func (s *Server) getWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	wh, err := s.db.GetWebhook(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, wh)
	return nil
}

func (s *Server) updateWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	var in webhookIn
	if err := httpx.DecodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	if err := alerting.CheckWebhookTarget(r.Context(), in.URL, s.cfg.Alerts.AllowPrivateWebhooks); err != nil {
		return err
	}
	wh, err := s.db.UpdateWebhook(r.Context(), id, in.webhook())
	s.auditChange(r, "webhook.update", fmt.Sprintf("webhook/%d", id), map[string]any{"url": in.URL}, err)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, wh)
	return nil
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	err = s.db.DeleteWebhook(r.Context(), id)
	s.auditChange(r, "webhook.delete", fmt.Sprintf("webhook/%d", id), nil, err)
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// listDeliveries: GET /api/v1/webhooks/{id}/deliveries?status=pending|delivered|expired&limit=
// → {"deliveries": [{…, "attempt_log": [{at, status, error, duration_ms}]}]}.
func (s *Server) listDeliveries(w http.ResponseWriter, r *http.Request) error {
	q := httpx.NewQuery(r, "status", "limit")
	status := q.OneOf("status", "", "", "pending", "delivered", "expired")
	limit := q.Int("limit", 100, 0, math.MaxInt32)
	if err := q.Err(); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.db.GetWebhook(r.Context(), id); err != nil {
		return err
	}
	ds, err := s.db.ListDeliveries(r.Context(), id, status, limit)
	if err != nil {
		return err
	}
	if ds == nil {
		ds = []data.Delivery{}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"deliveries": ds})
	return nil
}
