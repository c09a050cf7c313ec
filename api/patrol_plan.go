package api

import (
	"context"
	"time"

	"github.com/paulmach/orb"

	"pantau/data"
	"pantau/geo"
)

// patrolPlan is a computed plan, ready for any output format.
type patrolPlan struct {
	Date        string
	GeneratedAt time.Time
	Start       geo.PatrolStart
	Level       string
	CellM       float64
	Settings    patrolSettings
	Weights     geo.HotspotWeights
	Teams       []patrolTeam
	Unvisited   []patrolUnvisited
	People      bool // stops list overstaying people (role allowed, audited)
}

type patrolSettings struct {
	Teams             int     `json:"teams"`
	MaxStops          int     `json:"max_stops,omitempty"`
	TimeBudgetMinutes float64 `json:"time_budget_minutes,omitempty"`
	StopMinutes       float64 `json:"stop_minutes"`
	SpeedKmh          float64 `json:"speed_kmh"`
	Circuity          float64 `json:"circuity"`
	ReturnToStart     bool    `json:"return_to_start"`
	Router            string  `json:"router"`
	Candidates        int     `json:"candidates"` // hotspots selected before limits
}

type patrolTeam struct {
	Team          int
	Stops         []patrolStop
	Metres        float64
	TravelSeconds float64
	TotalSeconds  float64
	NNMetres      float64
	Line          orb.LineString // start → stops (→ start)
}

type patrolStop struct {
	Seq       int // 1-based within the team
	Hotspot   geo.Hotspot
	LegMetres float64
	// ArriveMinutes is the arrival after leaving the start: travel plus
	// time spent at earlier stops.
	ArriveMinutes float64
	People        []data.PatrolPerson
}

type patrolUnvisited struct {
	Hotspot geo.Hotspot
	Reason  string
}

func (p *patrolPlan) visited() int {
	n := 0
	for _, t := range p.Teams {
		n += len(t.Stops)
	}
	return n
}

// stayIDs lists the stays whose people the plan names (for the audit row).
func (p *patrolPlan) stayIDs() []int64 {
	ids := []int64{}
	for _, t := range p.Teams {
		for _, st := range t.Stops {
			for _, person := range st.People {
				ids = append(ids, person.StayID)
			}
		}
	}
	return ids
}

// buildPatrolPlan ranks the hotspots, keeps the selected ones and plans
// the routes.
func (s *Server) buildPatrolPlan(ctx context.Context, p *geo.Principal, q *planRequest) (*patrolPlan, error) {
	ranked, err := s.hotspotsFor(ctx, p, q.Hotspots.Level, q.Hotspots.CellM, q.filter, q.within, q.weights)
	if err != nil {
		return nil, err
	}
	if len(ranked) > q.Hotspots.Top {
		ranked = ranked[:q.Hotspots.Top]
	}
	in := q.input
	in.Stops = make([]orb.Point, len(ranked))
	for i, h := range ranked {
		in.Stops[i] = h.Point
	}
	gp, err := geo.PlanPatrol(ctx, q.router, in)
	if err != nil {
		return nil, err
	}
	plan := &patrolPlan{
		Date: q.filter.To.Format("2006-01-02"), GeneratedAt: time.Now().UTC(), Start: q.startPoint,
		Level: q.Hotspots.Level, CellM: q.Hotspots.CellM, Weights: q.weights, People: q.People,
		Settings: patrolSettings{Teams: q.Teams, MaxStops: in.MaxStopsPerTeam, TimeBudgetMinutes: in.TimeBudget.Minutes(),
			StopMinutes: in.StopTime.Minutes(), SpeedKmh: q.router.SpeedKmh, Circuity: q.router.Circuity,
			ReturnToStart: in.Return, Router: "geodesic", Candidates: len(ranked)},
	}
	if s.now != nil {
		plan.GeneratedAt = s.now().UTC()
	}
	if q.Hotspots.Level != "hex" {
		plan.CellM = 0
	}
	for _, r := range gp.Routes {
		t := patrolTeam{Team: r.Team, Metres: r.Metres, TravelSeconds: r.TravelSeconds, TotalSeconds: r.TotalSeconds,
			NNMetres: r.NNMetres, Line: orb.LineString{in.Depot}}
		clock := 0.0
		for k, idx := range r.Stops {
			clock += r.Legs[k].Seconds
			t.Stops = append(t.Stops, patrolStop{Seq: k + 1, Hotspot: ranked[idx], LegMetres: r.Legs[k].Metres, ArriveMinutes: clock / 60})
			clock += in.StopTime.Seconds()
			t.Line = append(t.Line, in.Stops[idx])
		}
		if in.Return && len(r.Stops) > 0 {
			t.Line = append(t.Line, in.Depot)
		}
		plan.Teams = append(plan.Teams, t)
	}
	for _, u := range gp.Unvisited {
		plan.Unvisited = append(plan.Unvisited, patrolUnvisited{Hotspot: ranked[u.Stop], Reason: u.Reason})
	}
	if q.People {
		if err := s.attachPeople(ctx, plan, q, p.View().Scope); err != nil {
			return nil, err
		}
	}
	return plan, nil
}

// attachPeople lists, per stop, the overstaying people present there.
// Only people inside scope (geo.View.Scope) are listed.
func (s *Server) attachPeople(ctx context.Context, plan *patrolPlan, q *planRequest, scope string) error {
	var ids []string
	for _, t := range plan.Teams {
		for _, st := range t.Stops {
			ids = append(ids, st.Hotspot.ID)
		}
	}
	people, err := s.db.Reader(ctx).OverstayersIn(ctx, q.filter, scope, plan.Level, plan.CellM, ids, maxPeoplePerStop)
	if err != nil {
		return err
	}
	for ti := range plan.Teams {
		for si := range plan.Teams[ti].Stops {
			st := &plan.Teams[ti].Stops[si]
			st.People = people[st.Hotspot.ID]
		}
	}
	return nil
}

// maxPeoplePerStop bounds the people listed at one stop.
const maxPeoplePerStop = 50
