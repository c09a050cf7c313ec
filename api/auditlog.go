package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"pantau/data"
	"pantau/geo"
)

func (s *Server) mountAudit(r chi.Router) {
	r.With(s.audited("audit.read"), allow(adminOnly...)).Get("/audit", s.listAudit)
}

// Audit log paging bounds.
const (
	defaultAuditLimit = 100
	maxAuditLimit     = 1000
)

// listAudit: GET /api/v1/audit?actor=&action=&outcome=&from=&to=&limit=&offset=
// (admin). from/to are RFC 3339 times or YYYY-MM-DD dates (WIB days; to is
// then inclusive). action "auth.*" matches a prefix. Newest first.
func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r, "actor", "action", "outcome", "from", "to", "limit", "offset"); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	q := r.URL.Query()
	aq := data.AuditQuery{Actor: q.Get("actor"), Action: q.Get("action"), Outcome: q.Get("outcome"), Limit: defaultAuditLimit}
	var err error
	if aq.From, err = auditTime(q, "from", false); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if aq.To, err = auditTime(q, "to", true); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if !aq.From.IsZero() && !aq.To.IsZero() && aq.To.Before(aq.From) {
		writeError(w, r, s.log, geo.FieldErrorf(geo.EINVALID, "to", "to is before from"))
		return
	}
	if aq.Limit, err = auditIntParam(q.Get("limit"), "limit", defaultAuditLimit, 1, maxAuditLimit); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if aq.Offset, err = auditIntParam(q.Get("offset"), "offset", 0, 0, 1<<31-1); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	recs, total, err := s.db.ListAudit(r.Context(), aq)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if recs == nil {
		recs = []data.AuditRecord{}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"total": total, "limit": aq.Limit, "offset": aq.Offset, "entries": recs})
}

// auditTime parses an RFC 3339 time or a WIB date; a date as "to" means the
// end of that day.
func auditTime(q map[string][]string, name string, end bool) (time.Time, error) {
	v := ""
	if vs := q[name]; len(vs) > 0 {
		v = vs[0]
	}
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	d, err := time.ParseInLocation("2006-01-02", v, geo.Jakarta)
	if err != nil {
		return time.Time{}, geo.FieldErrorf(geo.EINVALID, name, "%s must be an RFC 3339 time or a date YYYY-MM-DD, not %q", name, v)
	}
	if end {
		d = d.AddDate(0, 0, 1)
	}
	return d, nil
}

// auditIntParam parses an optional integer query parameter within [min, max].
func auditIntParam(v, name string, def, min, max int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, geo.FieldErrorf(geo.EINVALID, name, "%s must be an integer from %d to %d, not %q", name, min, max, v)
	}
	return n, nil
}
