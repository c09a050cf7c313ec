package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"pantau/data"
	"pantau/geo"
)

// Alerts: officers, analysts and admins read and act on them; an officer
// scoped to an area sees and acts on the alerts located in it only.
func (s *Server) mountAlerts(r chi.Router) {
	r.With(allow(individualsOK...)).Get("/alerts", s.listAlerts)
	r.With(allow(individualsOK...)).Get("/alerts/{id}", s.getAlert)
	r.With(allow(individualsOK...)).Post("/alerts/{id}/acknowledge", s.alertTransition(data.AlertAcknowledged))
	r.With(allow(individualsOK...)).Post("/alerts/{id}/resolve", s.alertTransition(data.AlertResolved))
	r.With(allow(adminOnly...)).Get("/webhooks", s.listWebhooks)
	r.With(allow(adminOnly...)).Post("/webhooks", s.createWebhook)
	r.With(allow(adminOnly...)).Get("/webhooks/{id}", s.getWebhook)
	r.With(allow(adminOnly...)).Put("/webhooks/{id}", s.updateWebhook)
	r.With(allow(adminOnly...)).Delete("/webhooks/{id}", s.deleteWebhook)
	r.With(allow(adminOnly...)).Get("/webhooks/{id}/deliveries", s.listDeliveries)
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
func (s *Server) listAlerts(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r, "state", "rule", "geofence_id", "stay_id", "from", "to", "before", "limit"); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	q := r.URL.Query()
	aq := data.AlertQuery{State: csvParam(q.Get("state")), Rule: csvParam(q.Get("rule")), Scope: PrincipalFrom(r.Context()).View().Scope}
	for _, st := range aq.State {
		if !slices.Contains([]string{data.AlertOpen, data.AlertAcknowledged, data.AlertResolved}, st) {
			writeError(w, r, s.log, geo.FieldErrorf(geo.EINVALID, "state", "state must be open, acknowledged or resolved, not %q", st))
			return
		}
	}
	for _, ru := range aq.Rule {
		if !slices.Contains(geo.RuleNames, ru) {
			writeError(w, r, s.log, geo.FieldErrorf(geo.EINVALID, "rule", "unknown rule %q (want one of %s)", ru, strings.Join(geo.RuleNames, ", ")))
			return
		}
	}
	var err error
	var limit int64
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"geofence_id", &aq.GeofenceID}, {"stay_id", &aq.StayID}, {"before", &aq.BeforeID}, {"limit", &limit}} {
		if *p.dst, err = queryInt(q.Get(p.name), p.name, 0); err != nil {
			writeError(w, r, s.log, err)
			return
		}
	}
	aq.Limit = int(limit)
	for _, p := range []struct {
		name string
		dst  **time.Time
	}{{"from", &aq.From}, {"to", &aq.To}} {
		if v := q.Get(p.name); v != "" {
			t, err := parseInstant(v)
			if err != nil {
				writeError(w, r, s.log, geo.FieldErrorf(geo.EINVALID, p.name, "%s must be RFC 3339 or YYYY-MM-DD (WIB), not %q", p.name, v))
				return
			}
			*p.dst = &t
		}
	}
	alerts, err := s.db.ListAlerts(r.Context(), aq)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	out := map[string]any{"alerts": alerts}
	if len(alerts) > 0 {
		var last struct {
			ID int64 `json:"id"`
		}
		json.Unmarshal(alerts[len(alerts)-1], &last)
		out["next_before"] = last.ID
	}
	writeJSON(w, http.StatusOK, out)
}

func parseInstant(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	return time.ParseInLocation(time.DateOnly, v, geo.Jakarta)
}

func (s *Server) getAlert(w http.ResponseWriter, r *http.Request) {
	id, err := pathInt64(r, "id")
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	doc, desa, err := s.db.GetAlert(r.Context(), id)
	if err == nil && !PrincipalFrom(r.Context()).View().Sees(desa) {
		err = geo.Errorf(geo.ENOTFOUND, "No alert %d.", id)
	}
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	writeJSONRaw(w, http.StatusOK, doc)
}

// alertTransition: POST /api/v1/alerts/{id}/acknowledge|resolve, optional
// body {"note": "…"} (recorded in the audit log).
func (s *Server) alertTransition(state string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathInt64(r, "id")
		if err != nil {
			writeError(w, r, s.log, err)
			return
		}
		var body struct {
			Note string `json:"note"`
		}
		if r.ContentLength != 0 {
			if err := decodeStrictBody(w, r, 16<<10, &body); err != nil {
				writeError(w, r, s.log, err)
				return
			}
		}
		p := PrincipalFrom(r.Context())
		_, desa, err := s.db.GetAlert(r.Context(), id)
		if err == nil && !p.View().Sees(desa) {
			err = geo.Errorf(geo.ENOTFOUND, "No alert %d.", id)
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
			writeError(w, r, s.log, err)
			return
		}
		writeJSONRaw(w, http.StatusOK, doc)
	}
}
