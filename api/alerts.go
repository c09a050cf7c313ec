package api

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"pantau/api/httpx"
	"pantau/data"
	"pantau/geo"
)

// Alerts: officers, analysts and admins read and act on them; an officer
// scoped to an area sees and acts on the alerts located in it only.
func (s *Server) mountAlerts(r chi.Router) {
	r.With(allow(individualsOK...)).Get("/alerts", httpx.Func(s.listAlerts))
	r.With(allow(individualsOK...)).Get("/alerts/{id}", httpx.Func(s.getAlert))
	r.With(allow(individualsOK...)).Post("/alerts/{id}/acknowledge", httpx.Func(s.alertTransition(data.AlertAcknowledged)))
	r.With(allow(individualsOK...)).Post("/alerts/{id}/resolve", httpx.Func(s.alertTransition(data.AlertResolved)))
	r.With(allow(adminOnly...)).Get("/webhooks", httpx.Func(s.listWebhooks))
	r.With(allow(adminOnly...)).Post("/webhooks", httpx.Func(s.createWebhook))
	r.With(allow(adminOnly...)).Get("/webhooks/{id}", httpx.Func(s.getWebhook))
	r.With(allow(adminOnly...)).Put("/webhooks/{id}", httpx.Func(s.updateWebhook))
	r.With(allow(adminOnly...)).Delete("/webhooks/{id}", httpx.Func(s.deleteWebhook))
	r.With(allow(adminOnly...)).Get("/webhooks/{id}/deliveries", httpx.Func(s.listDeliveries))
}

func csvParam(v string) []string {
	if v == "" {
		return nil
	}
	parts := strings.Split(v, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// listAlerts: GET /api/v1/alerts?state=open,acknowledged&rule=&geofence_id=
// &stay_id=&from=&to=(RFC 3339 or YYYY-MM-DD)&before=&limit= → {"alerts": […],
// "next_before": id}, newest first.
func (s *Server) listAlerts(w http.ResponseWriter, r *http.Request) error {
	q := httpx.NewQuery(r, "state", "rule", "geofence_id", "stay_id", "from", "to", "before", "limit")
	aq := data.AlertQuery{State: csvParam(q.Get("state")), Rule: csvParam(q.Get("rule")), Scope: PrincipalFrom(r.Context()).View().Scope}
	for _, st := range aq.State {
		if !slices.Contains([]string{data.AlertOpen, data.AlertAcknowledged, data.AlertResolved}, st) {
			return geo.RQueryInvalid.FieldErrorf("state", "state must be open, acknowledged or resolved, not %q", st)
		}
	}
	for _, ru := range aq.Rule {
		if !slices.Contains(geo.RuleNames, ru) {
			return geo.RQueryInvalid.FieldErrorf("rule", "unknown rule %q (want one of %s)", ru, strings.Join(geo.RuleNames, ", "))
		}
	}
	aq.GeofenceID, aq.StayID = q.Int64("geofence_id", 0, 0, math.MaxInt64), q.Int64("stay_id", 0, 0, math.MaxInt64)
	aq.BeforeID, aq.Limit = q.Int64("before", 0, 0, math.MaxInt64), q.Int("limit", 0, 0, math.MaxInt32)
	for _, p := range []struct {
		name string
		dst  **time.Time
	}{{"from", &aq.From}, {"to", &aq.To}} {
		if t := q.Time(p.name, false); !t.IsZero() {
			*p.dst = &t
		}
	}
	if err := q.Err(); err != nil {
		return err
	}
	alerts, err := s.db.ListAlerts(r.Context(), aq)
	if err != nil {
		return err
	}
	out := map[string]any{"alerts": alerts}
	if len(alerts) > 0 {
		var last struct {
			ID int64 `json:"id"`
		}
		json.Unmarshal(alerts[len(alerts)-1], &last)
		out["next_before"] = last.ID
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) getAlert(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	doc, desa, err := s.db.GetAlert(r.Context(), id)
	if err == nil && !PrincipalFrom(r.Context()).View().Sees(desa) {
		err = geo.RAlertNotFound.Errorf("No alert %d.", id)
	}
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, doc)
	return nil
}

// alertTransition: POST /api/v1/alerts/{id}/acknowledge|resolve, optional
// body {"note": "…"} (recorded in the audit log).
func (s *Server) alertTransition(state string) httpx.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := httpx.PathID(r, "id")
		if err != nil {
			return err
		}
		var body struct {
			Note string `json:"note"`
		}
		if r.ContentLength != 0 {
			if err := httpx.DecodeJSON(w, r, 16<<10, &body); err != nil {
				return err
			}
		}
		p := PrincipalFrom(r.Context())
		_, desa, err := s.db.GetAlert(r.Context(), id)
		if err == nil && !p.View().Sees(desa) {
			err = geo.RAlertNotFound.Errorf("No alert %d.", id)
		}
		var doc json.RawMessage
		if err == nil {
			doc, err = s.db.SetAlertState(r.Context(), id, state, p.Name)
		}
		action := "alert.acknowledge"
		if state == data.AlertResolved {
			action = "alert.resolve"
		}
		s.auditChange(r, action, fmt.Sprintf("alert/%d", id), map[string]any{"note": body.Note}, err)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, doc)
		return nil
	}
}
