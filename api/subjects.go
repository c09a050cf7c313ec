package api

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"pantau/geo"
)

func (s *Server) mountSubjects(r chi.Router) {
	r.With(s.audited("subject.export"), allow(adminOnly...)).Get("/subjects/{id}/export", s.exportSubject)
}

// exportSubject: GET /api/v1/subjects/{id}/export (admin) — the person of
// stay {id}: all their stays (same passport number and nationality), every
// earlier version, and who accessed them. The export itself is audited
// with the stay ids it returned.
func (s *Server) exportSubject(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		writeError(w, r, s.log, geo.FieldErrorf(geo.EINVALID, "id", "id must be a positive stay id, not %q", chi.URLParam(r, "id")))
		return
	}
	auditResource(r, "stay/"+strconv.FormatInt(id, 10))
	exp, err := s.db.ExportSubject(r.Context(), id)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	auditNote(r, "stay_ids", exp.StayIDs)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="subject-`+strconv.FormatInt(id, 10)+`.json"`)
	writeJSON(w, http.StatusOK, exp)
}
