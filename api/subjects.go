package api

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"pantau/api/httpx"
)

func (s *Server) mountSubjects(r chi.Router) {
	r.With(s.audited("subject.export"), allow(adminOnly...)).Get("/subjects/{id}/export", httpx.Func(s.exportSubject))
}

// exportSubject: GET /api/v1/subjects/{id}/export (admin) — the person of
// stay {id}: all their stays (same passport number and nationality), every
// earlier version, and who accessed them. The export itself is audited
// with the stay ids it returned.
func (s *Server) exportSubject(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.OnlyParams(r); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	auditResource(r, "stay/"+strconv.FormatInt(id, 10))
	exp, err := s.db.ExportSubject(r.Context(), id)
	if err != nil {
		return err
	}
	auditNote(r, "stay_ids", exp.StayIDs)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="subject-`+strconv.FormatInt(id, 10)+`.json"`)
	httpx.WriteJSON(w, http.StatusOK, exp)
	return nil
}
