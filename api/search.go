package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"pantau/geo"
)

func (s *Server) mountSearch(r chi.Router) {
	r.With(allow(anyRole...)).Get("/search", s.searchPlaces)
}

// searchPlaces: GET /api/v1/search?q=TEXT[&limit=N] → {"query", "places"}:
// kecamatan and desa whose name holds q, and the accommodations the
// caller's View sees (none for viewers; an officer's own area only), as
// geo.Place. q: 2–64 characters; limit 1–25, default 10.
func (s *Server) searchPlaces(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r, "q", "limit"); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	q, err := geo.PlaceQuery(r.URL.Query().Get("q"))
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	limit, err := auditIntParam(r.URL.Query().Get("limit"), "limit", geo.DefaultPlaces, 1, geo.MaxPlaces)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	places, err := s.db.SearchPlaces(r.Context(), q, PrincipalFrom(r.Context()).View(), limit)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if places == nil {
		places = []geo.Place{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"query": q, "places": places})
}
