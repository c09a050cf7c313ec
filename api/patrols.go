package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"pantau/api/httpx"
	"pantau/data"
	"pantau/geo"
)

// Patrol planning: who may plan. Patrol planners are officers (limited to
// their assigned area), analysts and admins; viewers see aggregates only,
// and a ranking shows exact small counts, so they may not.
var patrolPlanners = individualsOK

func (s *Server) mountPatrols(r chi.Router) {
	r.With(allow(patrolPlanners...)).Post("/patrols/plan", httpx.Func(s.planPatrol))
	r.With(allow(patrolPlanners...)).Get("/patrols/hotspots", httpx.Func(s.rankHotspots))
	r.With(allow(patrolPlanners...)).Get("/patrols/starts", httpx.Func(s.listPatrolStarts))
}

// planRequest is the body of POST /api/v1/patrols/plan. Only teams is
// required; see docs/patrols.md for every field and its default.
type planRequest struct {
	Start             json.RawMessage    `json:"start"` // "polsek-cipanas" or {"lon","lat","name"}
	Teams             int                `json:"teams"`
	MaxStops          *int               `json:"max_stops"`           // per team
	TimeBudgetMinutes *float64           `json:"time_budget_minutes"` // per team
	StopMinutes       *float64           `json:"stop_minutes"`
	SpeedKmh          *float64           `json:"speed_kmh"`
	Circuity          *float64           `json:"circuity"`
	ReturnToStart     *bool              `json:"return_to_start"`
	Hotspots          hotspotSelection   `json:"hotspots"`
	At                string             `json:"at"`
	From              string             `json:"from"`
	To                string             `json:"to"`
	Nationality       []string           `json:"nationality"`
	Permit            []string           `json:"permit"`
	Weights           json.RawMessage    `json:"weights"` // factors not given keep their default
	People            bool               `json:"people"`  // list overstaying people per stop (audited)
	Format            string             `json:"format"`  // geojson (default), gpx, html
	Lang              string             `json:"lang"`    // sheet and GPX: id (default) or en
	startPoint        geo.PatrolStart    // resolved
	within            orb.MultiPolygon   // resolved
	filter            geo.Filter         // resolved
	weights           geo.HotspotWeights // resolved
	input             geo.PatrolInput    // resolved
	router            geo.GeodesicRouter // resolved
}

// hotspotSelection says which hotspots to cover.
type hotspotSelection struct {
	Level  string          `json:"level"`  // desa (default) or hex
	CellM  float64         `json:"cell_m"` // hex cell size, default 1000 m
	Top    int             `json:"top"`    // the N highest-scored; default teams × max_stops, else 20
	Within json.RawMessage `json:"within"` // GeoJSON Polygon, MultiPolygon or Feature
}

// Request bounds.
const (
	maxPlanBody       = 2 << 20
	defaultStopMin    = 15
	defaultTop        = 20
	defaultHexCellM   = 1000
	maxTimeBudgetMin  = 24 * 60
	maxStopMinutes    = 8 * 60
	minSpeedKmh       = 1
	maxSpeedKmh       = 120
	maxCircuity       = 3
	patrolFormatParam = "format"
	patrolLangParam   = "lang"
)

// resolve validates every field and fills the resolved values. Errors are
// EINVALID naming the field (dotted path for nested ones).
func (q *planRequest) resolve(starts []geo.PatrolStart, clock geo.Clock) error {
	if q.Teams < 1 || q.Teams > geo.MaxPatrolTeams {
		return geo.RPatrolBadTeams.FieldErrorf("teams", "teams is required, from 1 to %d", geo.MaxPatrolTeams)
	}
	q.input.Teams = q.Teams
	start, err := resolveStart(q.Start, starts)
	if err != nil {
		return err
	}
	q.startPoint, q.input.Depot = start, start.Point
	if q.MaxStops != nil {
		if *q.MaxStops < 1 || *q.MaxStops > geo.MaxPatrolStops {
			return geo.RPatrolBadLimit.FieldErrorf("max_stops", "max_stops (per team) must be from 1 to %d", geo.MaxPatrolStops)
		}
		q.input.MaxStopsPerTeam = *q.MaxStops
	}
	minutes := func(field string, v *float64, def, lo, hi float64) (time.Duration, error) {
		if v == nil {
			return time.Duration(def * float64(time.Minute)), nil
		}
		if !(*v >= lo && *v <= hi) {
			return 0, geo.RPatrolBadLimit.FieldErrorf(field, "%s must be from %g to %g minutes", field, lo, hi)
		}
		return time.Duration(*v * float64(time.Minute)), nil
	}
	if q.input.TimeBudget, err = minutes("time_budget_minutes", q.TimeBudgetMinutes, 0, 1, maxTimeBudgetMin); err != nil {
		return err
	}
	if q.input.StopTime, err = minutes("stop_minutes", q.StopMinutes, defaultStopMin, 0, maxStopMinutes); err != nil {
		return err
	}
	q.router = geo.GeodesicRouter{SpeedKmh: geo.DefaultSpeedKmh, Circuity: 1}
	if q.SpeedKmh != nil {
		if !(*q.SpeedKmh >= minSpeedKmh && *q.SpeedKmh <= maxSpeedKmh) {
			return geo.RPatrolBadLimit.FieldErrorf("speed_kmh", "speed_kmh must be from %d to %d", minSpeedKmh, maxSpeedKmh)
		}
		q.router.SpeedKmh = *q.SpeedKmh
	}
	if q.Circuity != nil {
		if !(*q.Circuity >= 1 && *q.Circuity <= maxCircuity) {
			return geo.RPatrolBadLimit.FieldErrorf("circuity", "circuity (road / straight distance) must be from 1 to %d", maxCircuity)
		}
		q.router.Circuity = *q.Circuity
	}
	q.input.Return = q.ReturnToStart == nil || *q.ReturnToStart
	if err := q.Hotspots.resolve(q); err != nil {
		return err
	}
	vals := url.Values{}
	for k, v := range map[string]string{"at": q.At, "from": q.From, "to": q.To,
		"nationality": strings.Join(q.Nationality, ","), "permit": strings.Join(q.Permit, ",")} {
		if v != "" {
			vals.Set(k, v)
		}
	}
	if q.filter, err = geo.ParseFilter(vals, clock); err != nil {
		return err
	}
	q.weights = geo.DefaultHotspotWeights
	if len(q.Weights) > 0 && string(q.Weights) != "null" {
		dec := json.NewDecoder(bytes.NewReader(q.Weights))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&q.weights); err != nil {
			return geo.RPatrolBadWeights.FieldErrorf("weights", "weights is an object of numbers: present, overstays, unregistered, open_alerts, change")
		}
	}
	if err := q.weights.Validate(); err != nil {
		return err
	}
	switch q.Format {
	case "", "geojson", "gpx", "html":
	default:
		return geo.RFormatUnsupported.FieldErrorf("format", "format must be geojson, gpx or html, not %q", q.Format)
	}
	q.Lang, err = parsePatrolLang(q.Lang)
	return err
}

func (h *hotspotSelection) resolve(q *planRequest) error {
	switch h.Level {
	case "":
		h.Level = "desa"
	case "desa", "hex":
	default:
		return geo.RPatrolBadHotspots.FieldErrorf("hotspots.level", "level must be desa or hex, not %q", h.Level)
	}
	if h.CellM == 0 {
		h.CellM = defaultHexCellM
	}
	if h.Level == "hex" && (h.CellM < data.MinHexCellM || h.CellM > data.MaxHexCellM) {
		return geo.RPatrolBadHotspots.FieldErrorf("hotspots.cell_m", "cell_m must be from %d to %d metres", data.MinHexCellM, data.MaxHexCellM)
	}
	if h.Top < 0 || h.Top > geo.MaxPatrolStops {
		return geo.RPatrolBadHotspots.FieldErrorf("hotspots.top", "top must be from 1 to %d", geo.MaxPatrolStops)
	}
	if len(h.Within) > 0 && string(h.Within) != "null" {
		mp, err := parsePatrolArea("hotspots.within", h.Within)
		if err != nil {
			return err
		}
		q.within = mp
	}
	if h.Top == 0 {
		switch {
		case q.within != nil:
			h.Top = geo.MaxPatrolStops // everything inside the polygon
		case q.input.MaxStopsPerTeam > 0:
			h.Top = min(q.Teams*q.input.MaxStopsPerTeam, geo.MaxPatrolStops)
		default:
			h.Top = defaultTop
		}
	}
	return nil
}

// resolveStart reads "start": a configured id (default: the first
// configured start) or an object {"lon", "lat", "name"}.
func resolveStart(raw json.RawMessage, starts []geo.PatrolStart) (geo.PatrolStart, error) {
	if len(raw) == 0 || string(raw) == "null" {
		if len(starts) == 0 {
			return geo.PatrolStart{}, geo.RPatrolBadStart.FieldErrorf("start", "no start point is configured; give start as {\"lon\", \"lat\"}")
		}
		return starts[0], nil
	}
	var id string
	if json.Unmarshal(raw, &id) == nil {
		for _, s := range starts {
			if s.ID == id {
				return s, nil
			}
		}
		ids := make([]string, len(starts))
		for i, s := range starts {
			ids[i] = s.ID
		}
		return geo.PatrolStart{}, geo.RPatrolBadStart.FieldErrorf("start", "unknown start %q; known: %s", id, strings.Join(ids, ", "))
	}
	var p struct {
		Lon  *float64 `json:"lon"`
		Lat  *float64 `json:"lat"`
		Name string   `json:"name"`
	}
	if err := json.Unmarshal(raw, &p); err != nil || p.Lon == nil || p.Lat == nil {
		return geo.PatrolStart{}, geo.RPatrolBadStart.FieldErrorf("start", `start must be a known id or {"lon": …, "lat": …, "name": …}`)
	}
	if err := geo.ValidPoint("start", *p.Lon, *p.Lat); err != nil {
		return geo.PatrolStart{}, err
	}
	if p.Name == "" {
		p.Name = "Start"
	}
	if len(p.Name) > 200 {
		return geo.PatrolStart{}, geo.RPatrolBadStart.FieldErrorf("start.name", "name is longer than 200 bytes")
	}
	return geo.PatrolStart{ID: "custom", Name: p.Name, Point: orb.Point{*p.Lon, *p.Lat}}, nil
}

// parsePatrolArea reads a GeoJSON Polygon, MultiPolygon or a Feature with
// one, and validates it.
func parsePatrolArea(field string, raw json.RawMessage) (orb.MultiPolygon, error) {
	var probe struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, geo.RPolygonNotGeoJSON.FieldErrorf(field, "must be a GeoJSON Polygon, MultiPolygon or Feature")
	}
	var g orb.Geometry
	switch probe.Type {
	case "Feature":
		f, err := geojson.UnmarshalFeature(raw)
		if err != nil || f.Geometry == nil {
			return nil, geo.RPolygonNotGeoJSON.FieldErrorf(field, "unreadable GeoJSON Feature: %v", err)
		}
		g = f.Geometry
	case "Polygon", "MultiPolygon":
		gg, err := geojson.UnmarshalGeometry(raw)
		if err != nil {
			return nil, geo.RPolygonNotGeoJSON.FieldErrorf(field, "unreadable GeoJSON %s: %v", probe.Type, err)
		}
		g = gg.Geometry()
	default:
		return nil, geo.RPolygonNotGeoJSON.FieldErrorf(field, "must be a GeoJSON Polygon, MultiPolygon or Feature, not %q", probe.Type)
	}
	mp, ok := geo.AsMultiPolygon(g)
	if !ok {
		return nil, geo.RPolygonNotGeoJSON.FieldErrorf(field, "the feature's geometry must be a Polygon or MultiPolygon, not %s", g.GeoJSONType())
	}
	return mp, geo.ValidatePatrolArea(field, mp)
}

// planPatrol: POST /api/v1/patrols/plan → routes as GeoJSON, GPX or HTML.
func (s *Server) planPatrol(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.OnlyParams(r, patrolFormatParam, patrolLangParam); err != nil {
		return err
	}
	var q planRequest
	if err := httpx.DecodeJSON(w, r, maxPlanBody, &q); err != nil {
		return err
	}
	if f := r.URL.Query().Get(patrolFormatParam); f != "" {
		q.Format = f
	}
	if l := r.URL.Query().Get(patrolLangParam); l != "" {
		q.Lang = l
	}
	if err := q.resolve(s.patrolStarts(), s.now); err != nil {
		return err
	}
	format := negotiatePatrolFormat(q.Format, r.Header.Get("Accept"))
	p := PrincipalFrom(r.Context())
	if q.People && !p.View().Personal {
		return geo.RAuthRole.FieldErrorf("people", "your role may not see personal data")
	}
	plan, err := s.buildPatrolPlan(r.Context(), p, &q)
	if err != nil {
		return err
	}
	// The plan is sent only once its audit row is written (fail closed).
	if err := s.auditPatrol(r, p, &q, plan, format); err != nil {
		return geo.RAuditUnavailable.Errorf("The audit log could not record this plan, so it is withheld. Try again later.")
	}
	switch format {
	case "gpx":
		w.Header().Set("Content-Type", "application/gpx+xml")
		w.Header().Set("Content-Disposition", `attachment; filename="patrol-`+q.filter.To.Format("2006-01-02")+`.gpx"`)
		w.WriteHeader(http.StatusOK)
		writeGPX(w, plan, wordsByLang[q.Lang])
	case "html":
		page, err := s.patrolSheetPage(r.Context(), plan, q.Lang)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", httpx.SheetCSP)
		w.WriteHeader(http.StatusOK)
		if err := patrolSheet.Execute(w, page); err != nil {
			s.log.ErrorContext(r.Context(), "patrol sheet", "err", err)
		}
	default:
		w.Header().Set("Content-Type", "application/geo+json")
		httpx.WriteJSON(w, http.StatusOK, patrolGeoJSON(plan))
	}
	return nil
}

// negotiatePatrolFormat: an explicit format wins; otherwise Accept picks
// GPX (application/gpx+xml) or HTML (text/html); GeoJSON is the default.
func negotiatePatrolFormat(explicit, accept string) string {
	if explicit != "" {
		return explicit
	}
	for _, part := range strings.Split(accept, ",") {
		mt, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		switch strings.ToLower(strings.TrimSpace(mt)) {
		case "application/gpx+xml":
			return "gpx"
		case "text/html":
			return "html"
		case "application/geo+json", "application/json":
			return "geojson"
		}
	}
	return "geojson"
}

func (s *Server) auditPatrol(r *http.Request, p *geo.Principal, q *planRequest, plan *patrolPlan, format string) error {
	action := "patrols.plan"
	if q.People {
		action = "patrols.plan.people" // a read of personal data
	}
	err := s.db.Audit(r.Context(), data.AuditEntry{
		Actor: auditActor(p), Role: string(p.Role), Action: action, Resource: r.URL.Path,
		Params: map[string]any{"teams": q.Teams, "level": q.Hotspots.Level, "top": q.Hotspots.Top,
			"stops": plan.visited(), "format": format, "people": q.People, "date": q.filter.To.Format("2006-01-02"),
			"stay_ids": plan.stayIDs()},
		Outcome: "ok", ClientAddr: httpx.ClientAddr(r, s.cfg.TrustProxy), RequestID: httpx.RequestIDFrom(r.Context()),
	})
	if err != nil {
		s.log.ErrorContext(r.Context(), "audit patrol plan", "err", err)
	}
	return err
}

// patrolStarts returns the configured start points.
func (s *Server) patrolStarts() []geo.PatrolStart {
	if s.cfg.PatrolStarts != nil {
		return s.cfg.PatrolStarts
	}
	return geo.DefaultPatrolStarts
}

// listPatrolStarts: GET /api/v1/patrols/starts → GeoJSON points.
func (s *Server) listPatrolStarts(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.OnlyParams(r); err != nil {
		return err
	}
	fc := geojson.NewFeatureCollection()
	for _, st := range s.patrolStarts() {
		f := geojson.NewFeature(st.Point)
		f.ID = st.ID
		f.Properties = geojson.Properties{"id": st.ID, "name": st.Name, "approximate": st.Approximate, "note": st.Note}
		fc.Append(f)
	}
	w.Header().Set("Content-Type", "application/geo+json")
	httpx.WriteJSON(w, http.StatusOK, fc)
	return nil
}

// hotspotsFor loads and ranks the hotspots of a selection for p.
func (s *Server) hotspotsFor(ctx context.Context, p *geo.Principal, level string, cellM float64,
	f geo.Filter, within orb.MultiPolygon, w geo.HotspotWeights) ([]geo.Hotspot, error) {
	inputs, err := s.db.Reader(ctx).HotspotInputs(ctx, data.HotspotQuery{Level: level, CellM: cellM, Filter: f,
		Within: within, Scope: p.View().Scope})
	if err != nil {
		return nil, err
	}
	return geo.RankHotspots(inputs, w), nil
}
