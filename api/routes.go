package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"pantau/api/httpx"
	"pantau/geo"
)

// routes builds the router. Every route states who may use it with allow;
// the authorisation matrix test walks this router.
func (s *Server) routes() chi.Router {
	r := chi.NewRouter()
	r.Use(
		httpx.SecurityHeaders,
		httpx.CompressResponses,
		httpx.RequestID,
		httpx.WithLogger(s.log),
		httpx.LogRequests,
		s.Metrics.http.Middleware,
		httpx.Recover,
		httpx.CleanInput,
		s.limitBodies,
	)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteProblem(w, r, geo.RNotFound.Errorf("No such resource."))
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteProblem(w, r, geo.RMethodNotAllowed.Errorf("Method not allowed on this resource."))
	})

	r.Get("/healthz", httpx.Func(s.healthz))
	r.Get("/readyz", httpx.Func(s.readyz))
	r.Method(http.MethodGet, "/metrics", s.Metrics.handler())
	s.mountWeb(r) // the officers' map: public page, data via /api/v1 and /tiles

	// Everything below authenticates; the probes above never touch the
	// database for credentials.
	r.Group(func(r chi.Router) {
		r.Use(s.authenticate, httpx.Timeout(s.cfg.RequestTimeout))
		r.Route("/api/v1", func(r chi.Router) {
			s.mountAreas(r)
			s.mountSearch(r)
			s.mountPatrols(r)
			s.mountSession(r)
			s.mountAudit(r)
			s.mountSubjects(r)
			s.mountAdmin(r)
			s.mountGeofences(r)
			s.mountAlerts(r)
			s.mountRecords(r)
			s.mountDensity(r)
		})
		r.Route("/tiles", s.mountTiles)
		r.Route("/ogc", s.mountOGC) // OGC API – Features for GIS clients
	})
	// File imports: authenticated, admin, with their own longer timeout.
	r.Group(func(r chi.Router) {
		r.Use(s.authenticate)
		s.mountImports(r)
	})
	// The field kit: authenticated, with its own longer bound (kitTimeout).
	r.Group(func(r chi.Router) {
		r.Use(s.authenticate)
		s.mountFieldKit(r)
	})
	// Streams: authenticated, without the request timeout.
	r.Group(func(r chi.Router) {
		r.Use(s.authenticate)
		r.With(allow(individualsOK...)).Get("/api/v1/alerts/stream", httpx.Func(s.alertStream))
	})
	return r
}
