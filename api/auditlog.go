package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"pantau/api/httpx"
	"pantau/data"
	"pantau/geo"
)

func (s *Server) mountAudit(r chi.Router) {
	r.With(s.audited("audit.read"), allow(adminOnly...)).Get("/audit", httpx.Func(s.listAudit))
}

// Audit log paging bounds.
const (
	defaultAuditLimit = 100
	maxAuditLimit     = 1000
)

// listAudit: GET /api/v1/audit?actor=&action=&outcome=&from=&to=&limit=&offset=
// (admin). from/to are RFC 3339 times or YYYY-MM-DD dates (WIB days; to is
// then inclusive). action "auth.*" matches a prefix. Newest first.
func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) error {
	q := httpx.NewQuery(r, "actor", "action", "outcome", "from", "to", "limit", "offset")
	aq := data.AuditQuery{Actor: q.Get("actor"), Action: q.Get("action"), Outcome: q.Get("outcome"),
		From: q.Time("from", false), To: q.Time("to", true),
		Limit: q.Int("limit", defaultAuditLimit, 1, maxAuditLimit), Offset: q.Int("offset", 0, 0, 1<<31-1)}
	if !aq.From.IsZero() && !aq.To.IsZero() && aq.To.Before(aq.From) {
		q.Fail(geo.RFilterBadWindow.FieldErrorf("to", "to is before from"))
	}
	if err := q.Err(); err != nil {
		return err
	}
	recs, total, err := s.db.ListAudit(r.Context(), aq)
	if err != nil {
		return err
	}
	if recs == nil {
		recs = []data.AuditRecord{}
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"total": total, "limit": aq.Limit, "offset": aq.Offset, "entries": recs})
	return nil
}
