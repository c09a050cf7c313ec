package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"pantau/api/httpx"
	"pantau/geo"
)

func (s *Server) mountSearch(r chi.Router) {
	r.With(allow(anyRole...)).Get("/search", httpx.Func(s.searchPlaces))
}

// searchPlaces: GET /api/v1/search?q=TEXT[&limit=N] → {"query", "places"}:
// kecamatan and desa whose name holds q, and the accommodations the
// caller's View sees (none for viewers; an officer's own area only), as
// geo.Place. q: 2–64 characters; limit 1–25, default 10.
func (s *Server) searchPlaces(w http.ResponseWriter, r *http.Request) error {
	params := httpx.NewQuery(r, "q", "limit")
	limit := params.Int("limit", geo.DefaultPlaces, 1, geo.MaxPlaces)
	if err := params.Err(); err != nil {
		return err
	}
	q, err := geo.PlaceQuery(params.Get("q"))
	if err != nil {
		return err
	}
	places, err := s.db.SearchPlaces(r.Context(), q, PrincipalFrom(r.Context()).View(), limit)
	if err != nil {
		return err
	}
	if places == nil {
		places = []geo.Place{}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"query": q, "places": places})
	return nil
}
