package api

import (
	"context"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"pantau/geo"
)

// The printable patrol sheet: A4 portrait (the text column is 180 mm, under
// the 794 CSS px of an A4 page), one section per team — a new page when
// printed — with its route map and its stops in order: desa and kecamatan,
// why the stop matters in plain words, the leg's distance and the arrival
// after leaving, and a box to tick. Indonesian unless lang=en; times WIB.
// People appear only when the plan was asked for them, which only roles
// that see personal data may do (planPatrol), and only those inside the
// caller's scope (attachPeople).

type sheetPage struct {
	W         *words
	Title     string
	Meta      []string
	Teams     []sheetTeam
	Unvisited []string
}

type sheetTeam struct {
	Team    int
	Heading string
	Colour  string
	Map     template.HTML
	Stops   []sheetStop
}

type sheetStop struct {
	Seq                   int
	Desa, Kecamatan, Cell string
	Why, Leg, Arrive      string
	People                []string
}

// patrolSheetPage lays plan out for the sheet (patrolSheet) in lang, with
// the desa around each route read from the database for its map.
func (s *Server) patrolSheetPage(ctx context.Context, plan *patrolPlan, lang string) (*sheetPage, error) {
	w := wordsByLang[lang]
	var all orb.Bound
	tol := 1.0
	for i, t := range plan.Teams {
		f := routeFrame(t.Line)
		if i == 0 {
			all = f.bound
		}
		all, tol = all.Union(f.bound), min(tol, f.tolerance())
	}
	var areas []geo.Area
	if len(plan.Teams) > 0 {
		var err error
		if areas, err = s.db.AreasNear(ctx, geo.LevelDesa, all, tol, maxOutlinesPerSheet); err != nil {
			return nil, err
		}
	}
	day, _ := time.Parse("2006-01-02", plan.Date)
	page := &sheetPage{W: w, Title: w.T("title") + " — " + w.Date(day)}
	start := w.T("start") + ": " + plan.Start.Name
	if plan.Start.Approximate {
		start += " (" + w.T("approx") + ")"
	}
	level := w.T("per_desa")
	if plan.Level == "hex" {
		level = fmt.Sprintf(w.T("per_hex"), w.Int(int64(plan.CellM)))
	}
	pace := fmt.Sprintf(w.T("speed"), w.Int(int64(plan.Settings.SpeedKmh))) + ", " + fmt.Sprintf(w.T("per_stop"), w.Int(int64(plan.Settings.StopMinutes)))
	if plan.Settings.ReturnToStart {
		pace += ", " + w.T("back")
	}
	page.Meta = []string{start, fmt.Sprintf("%d %s · %s · %s", len(plan.Teams), w.T("teams"), level, pace), w.T("generated") + " " + w.Clock(plan.GeneratedAt)}
	for _, t := range plan.Teams {
		st := sheetTeam{Team: t.Team, Colour: teamColour(t.Team), Map: routeMapSVG(w, t, plan.Start, areas),
			Heading: fmt.Sprintf("%s %d — %d %s, %s, %s %s", w.T("team"), t.Team, len(t.Stops), w.T("stops"), w.Km(t.Metres), w.T("about"), w.Duration(t.TotalSeconds/60))}
		for _, stop := range t.Stops {
			h := stop.Hotspot
			row := sheetStop{Seq: stop.Seq, Desa: h.DesaName, Kecamatan: h.KecamatanName, Why: w.Reason(h),
				Leg: w.Km(stop.LegMetres), Arrive: w.Duration(stop.ArriveMinutes)}
			if row.Desa == "" {
				row.Desa = h.Name
			}
			if h.Level == "hex" {
				row.Cell = h.Name
			}
			for _, p := range stop.People {
				row.People = append(row.People, personLine(w, p.FullName, p.Nationality, p.PassportNo, p.PermitType, p.PermitExpiry, p.Accommodation))
			}
			st.Stops = append(st.Stops, row)
		}
		page.Teams = append(page.Teams, st)
	}
	for _, u := range plan.Unvisited {
		name := u.Hotspot.DesaName
		if name == "" {
			name = u.Hotspot.Name
		}
		page.Unvisited = append(page.Unvisited, name+" ("+w.Reason(u.Hotspot)+"; "+w.UnvisitedReason(u.Reason)+")")
	}
	return page, nil
}

// personLine is one overstaying person: "Name (SAU, XP0000003, VOA, habis
// 10 Juni 2026, Villa 12)".
func personLine(w *words, name, nat, passport, permit string, expiry *time.Time, acc string) string {
	parts := []string{nat, passport, strings.ToUpper(permit)}
	if expiry != nil {
		parts = append(parts, w.T("expired")+" "+w.Day(*expiry))
	}
	if acc != "" {
		parts = append(parts, acc)
	}
	return name + " (" + strings.Join(parts, ", ") + ")"
}

var patrolSheet = template.Must(template.New("sheet").Parse(`<!DOCTYPE html>
<html lang="{{.W.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} — Pantau</title>
<style>
 @page { size: A4 portrait; margin: 12mm; }
 * { box-sizing: border-box; }
 html { background: #fff; }
 body { font: 10.5pt/1.35 system-ui, sans-serif; color: #111; margin: 0 auto; padding: 12mm; max-width: 794px; }
 h1 { font-size: 15pt; margin: 0 0 .2em; } h2 { font-size: 12.5pt; margin: 1em 0 .4em; }
 .meta { color: #333; margin: .1em 0; }
 .route-map { display: block; width: 100%; height: auto; border: 1px solid #bbb; margin: 0 0 .5em; }
 table { border-collapse: collapse; width: 100%; table-layout: fixed; }
 th, td { border: 1px solid #999; padding: .25em .35em; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
 th { background: #eee; font-weight: 600; font-size: 9.5pt; overflow-wrap: normal; }
 col.seq { width: 2.8em; } col.place { width: 27%; } col.leg { width: 5.4em; } col.arrive { width: 6.8em; } col.done { width: 5.4em; }
 td.n { text-align: right; white-space: nowrap; }
 .people { font-size: 9pt; } .people ul { margin: .1em 0 0 1.1em; padding: 0; columns: 2; column-gap: 1.5em; }
 .swatch { display: inline-block; width: .8em; height: .8em; border-radius: 50%; margin-right: .35em; vertical-align: baseline; }
 small { color: #555; }
 @media print { body { padding: 0; max-width: none; } section.team { break-before: page; } section.team:first-of-type { break-before: auto; } tr { break-inside: avoid; } }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{range .Meta}}<p class="meta">{{.}}</p>
{{end}}
{{range .Teams}}
<section class="team" data-team="{{.Team}}">
<h2><span class="swatch" style="background:{{.Colour}}"></span>{{.Heading}}</h2>
{{.Map}}
{{if .Stops}}
<table>
<colgroup><col class="seq"><col class="place"><col class="why"><col class="leg"><col class="arrive"><col class="done"></colgroup>
<thead><tr><th>{{$.W.T "num"}}</th><th>{{$.W.T "place"}}</th><th>{{$.W.T "why"}}</th><th>{{$.W.T "leg"}}</th><th>{{$.W.T "arrive"}}<br><small>{{$.W.T "arrive_unit"}}</small></th><th>{{$.W.T "done"}}</th></tr></thead>
<tbody>
{{range .Stops}}<tr>
<td class="n">{{.Seq}}</td><td><strong>{{.Desa}}</strong>{{if .Kecamatan}}<br><small>Kec. {{.Kecamatan}}</small>{{end}}{{if .Cell}}<br><small>{{.Cell}}</small>{{end}}</td>
<td>{{.Why}}</td><td class="n">{{.Leg}}</td><td class="n">{{.Arrive}}</td><td></td>
</tr>{{if .People}}<tr><td></td><td colspan="5" class="people">{{$.W.T "overstaying"}}:<ul>{{range .People}}<li>{{.}}</li>{{end}}</ul></td></tr>{{end}}
{{end}}</tbody>
</table>
{{else}}<p>{{$.W.T "no_stops"}}</p>{{end}}
</section>
{{end}}
{{if .Unvisited}}<h2>{{.W.T "not_planned"}}</h2>
<p class="meta">{{range $i, $u := .Unvisited}}{{if $i}}; {{end}}{{$u}}{{end}}</p>{{end}}
</body>
</html>
`))
