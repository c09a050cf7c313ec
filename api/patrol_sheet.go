package api

import (
	"fmt"
	"html/template"
	"io"
)

// writePatrolSheet renders the printable patrol sheet: one section per
// team (a new page when printed) listing the stops in order with desa,
// kecamatan, reason and counts, leg distance and expected arrival. People
// appear only when the plan was asked for them and the role allows it.
func writePatrolSheet(w io.Writer, p *patrolPlan) error {
	return patrolSheet.Execute(w, p)
}

var patrolSheet = template.Must(template.New("sheet").Funcs(template.FuncMap{
	"km":    func(m float64) string { return fmt.Sprintf("%.1f", m/1000) },
	"min":   func(m float64) string { return fmt.Sprintf("%.0f", m) },
	"hm":    func(s float64) string { m := int(s/60 + 0.5); return fmt.Sprintf("%d:%02d", m/60, m%60) },
	"score": func(s float64) string { return fmt.Sprintf("%.1f", s) },
	"date":  func(t interface{ Format(string) string }) string { return t.Format("2006-01-02") },
	"signed": func(v int64) string {
		if v > 0 {
			return fmt.Sprintf("+%d", v)
		}
		return fmt.Sprint(v)
	},
}).Parse(`<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>Patrol plan {{.Date}} — Pantau</title>
<style>
 body { font: 11pt/1.35 system-ui, sans-serif; margin: 1.5em; color: #111; }
 h1 { font-size: 16pt; margin: 0 0 .2em; } h2 { font-size: 13pt; margin: 1.2em 0 .3em; }
 table { border-collapse: collapse; width: 100%; }
 th, td { border: 1px solid #999; padding: .25em .4em; vertical-align: top; text-align: left; }
 td.n { text-align: right; white-space: nowrap; } th { background: #eee; }
 .meta { color: #444; } .check { width: 2.5em; } .people { font-size: 9pt; }
 section.team { break-inside: avoid-page; }
 @media print { section.team { break-before: page; } section.team:first-of-type { break-before: auto; } .noprint { display: none; } }
</style>
</head>
<body>
<h1>Patrol plan — {{.Date}}</h1>
<p class="meta">Start: <strong>{{.Start.Name}}</strong>{{if .Start.Approximate}} (approximate position){{end}} ·
{{.Settings.Teams}} team(s) · hotspots per {{.Level}}{{if .CellM}} ({{.CellM}} m cells){{end}} ·
{{.Settings.SpeedKmh}} km/h, {{.Settings.StopMinutes}} min per stop{{if .Settings.ReturnToStart}}, back to the start{{end}} ·
generated {{.GeneratedAt.Format "2006-01-02 15:04 MST"}}</p>
<p class="meta">Score = {{.Weights.Present}} × present + {{.Weights.Overstays}} × overstays + {{.Weights.Unregistered}} × unregistered accommodations + {{.Weights.OpenAlerts}} × open alerts + {{.Weights.Change}} × rise vs 30 days before.</p>
{{range .Teams}}
<section class="team">
<h2>Team {{.Team}} — {{len .Stops}} stop(s), {{km .Metres}} km, about {{hm .TotalSeconds}} h</h2>
{{if .Stops}}
<table>
<thead><tr><th>#</th><th>Desa</th><th>Kecamatan</th><th>Reason</th><th>Present</th><th>Overstays</th><th>Unreg. acc.</th><th>Open alerts</th><th>vs 30 d</th><th>Score</th><th>Leg km</th><th>Arrive +min</th><th class="check">Done</th></tr></thead>
<tbody>
{{range .Stops}}<tr>
<td class="n">{{.Seq}}</td><td>{{if .Hotspot.DesaName}}{{.Hotspot.DesaName}}{{else}}{{.Hotspot.Name}}{{end}}{{if eq .Hotspot.Level "hex"}}<br><small>{{.Hotspot.Name}}</small>{{end}}</td>
<td>{{.Hotspot.KecamatanName}}</td><td>{{.Hotspot.Reason}}</td>
<td class="n">{{.Hotspot.Figures.Present}}</td><td class="n">{{.Hotspot.Figures.Overstays}}</td><td class="n">{{.Hotspot.Figures.Unregistered}}</td>
<td class="n">{{.Hotspot.Figures.OpenAlerts}}</td><td class="n">{{signed .Hotspot.Figures.Change}}</td><td class="n">{{score .Hotspot.Score}}</td>
<td class="n">{{km .LegMetres}}</td><td class="n">{{min .ArriveMinutes}}</td><td></td>
</tr>{{if .People}}<tr><td></td><td colspan="12" class="people">Overstaying: {{range $i, $p := .People}}{{if $i}}; {{end}}{{$p.FullName}} ({{$p.Nationality}}, {{$p.PassportNo}}, {{$p.PermitType}}{{with $p.PermitExpiry}} expired {{date .}}{{end}}{{with $p.Accommodation}}, {{.}}{{end}}){{end}}</td></tr>{{end}}
{{end}}</tbody>
</table>
{{else}}<p>No stops.</p>{{end}}
</section>
{{end}}
{{if .Unvisited}}<h2>Not planned</h2>
<p class="meta">{{range $i, $u := .Unvisited}}{{if $i}}; {{end}}{{$u.Hotspot.Name}} (score {{score $u.Hotspot.Score}}, {{$u.Reason}}){{end}}</p>{{end}}
</body>
</html>
`))
