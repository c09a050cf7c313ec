package api

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/paulmach/orb"

	"pantau/geo"
)

// The sheet's route maps: one inline SVG per team, drawn on the server from
// the desa boundaries around the route — nothing is fetched when the sheet
// is opened or printed (its CSP allows no scripts and no requests).

// teamColours match the page's team colours (web/src/panels/patrols.js).
var teamColours = []string{"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4"}

func teamColour(team int) string { return teamColours[(team-1)%len(teamColours)] }

// Route map size in CSS pixels: as wide as the sheet's text column on A4.
const (
	mapW                 = 680.0
	mapMinH, mapMaxH     = 240.0, 440.0
	mapPad               = 0.12  // share of the route's extent added around it
	mapMinSpanDeg        = 0.012 // about 1.3 km: a one-stop route still shows its desa
	maxOutlinesPerSheet  = 400
	outlineToleranceFrac = 0.5 // of a pixel
)

// mapFrame projects EPSG:4326 onto the map's pixels: equirectangular,
// scaled by cos(latitude) at the centre (exact enough over a kabupaten).
type mapFrame struct {
	bound      orb.Bound
	kx, ky, h  float64
	cos        float64
	minX, maxY float64
}

// routeFrame frames a route: its extent plus a margin, widened so the map
// keeps its proportions within mapMinH..mapMaxH.
func routeFrame(line orb.LineString) mapFrame {
	b := line.Bound()
	cos := math.Cos(b.Center()[1] * math.Pi / 180)
	w := math.Max((b.Max[0]-b.Min[0])*cos, mapMinSpanDeg)
	h := math.Max(b.Max[1]-b.Min[1], mapMinSpanDeg)
	w, h = w*(1+2*mapPad), h*(1+2*mapPad)
	// Widen the short side so that h/w lies within the height bounds.
	if r := h / w; r > mapMaxH/mapW {
		w = h * mapW / mapMaxH
	} else if r < mapMinH/mapW {
		h = w * mapMinH / mapW
	}
	c := b.Center()
	f := mapFrame{cos: cos, h: mapW * h / w}
	f.minX, f.maxY = c[0]*cos-w/2, c[1]+h/2
	f.kx, f.ky = mapW/w, f.h/h
	f.bound = orb.Bound{Min: orb.Point{c[0] - w/2/cos, c[1] - h/2}, Max: orb.Point{c[0] + w/2/cos, c[1] + h/2}}
	return f
}

func (f mapFrame) xy(p orb.Point) (float64, float64) {
	return (p[0]*f.cos - f.minX) * f.kx, (f.maxY - p[1]) * f.ky
}

// tolerance is the simplification that stays under half a pixel.
func (f mapFrame) tolerance() float64 { return outlineToleranceFrac / f.ky }

func (f mapFrame) path(mp orb.MultiPolygon) string {
	var b strings.Builder
	for _, poly := range mp {
		for _, ring := range poly {
			for i, p := range ring {
				x, y := f.xy(p)
				cmd := "L"
				if i == 0 {
					cmd = "M"
				}
				fmt.Fprintf(&b, "%s%.1f %.1f", cmd, x, y)
			}
			b.WriteString("Z")
		}
	}
	return b.String()
}

// routeMapSVG draws one team's route: the desa around it (outline and
// name), the route as a line, the start as a black square and each stop as
// a numbered disc in the team's colour.
func routeMapSVG(w *words, t patrolTeam, start geo.PatrolStart, areas []geo.Area) template.HTML {
	line := t.Line // start → stops (→ start)
	if len(line) == 0 {
		line = orb.LineString{start.Point}
	}
	f := routeFrame(line)
	esc := template.HTMLEscapeString
	title := fmt.Sprintf(w.T("map_of"), t.Team)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="route-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s" data-team="%d">`,
		mapW, f.h, mapW, f.h, esc(title), t.Team)
	fmt.Fprintf(&b, `<title>%s</title><rect width="100%%" height="100%%" fill="#fbfbf8"/>`, esc(title))
	b.WriteString(`<g fill="#f1f0ea" stroke="#8f8f8f" stroke-width="0.8" fill-rule="evenodd">`)
	var labels strings.Builder
	for _, a := range areas {
		if !a.Geometry.Bound().Intersects(f.bound) {
			continue
		}
		fmt.Fprintf(&b, `<path d="%s"/>`, f.path(a.Geometry))
		if f.bound.Contains(a.Label) {
			x, y := f.xy(a.Label)
			fmt.Fprintf(&labels, `<text x="%.1f" y="%.1f">%s</text>`, x, y, esc(a.Name))
		}
	}
	b.WriteString(`</g><g font-size="10" fill="#666" text-anchor="middle" font-family="sans-serif">` + labels.String() + `</g>`)
	colour := teamColour(t.Team)
	if len(line) > 1 {
		b.WriteString(`<polyline fill="none" stroke="` + colour + `" stroke-width="3" stroke-linejoin="round" points="`)
		for i, p := range line {
			x, y := f.xy(p)
			if i > 0 {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, "%.1f,%.1f", x, y)
		}
		b.WriteString(`"/>`)
	}
	sx, sy := f.xy(start.Point)
	fmt.Fprintf(&b, `<g class="start"><rect x="%.1f" y="%.1f" width="14" height="14" fill="#111" stroke="#fff" stroke-width="2"/>`+
		`<text x="%.1f" y="%.1f" font-size="11" font-weight="bold" font-family="sans-serif" fill="#111" stroke="#fff" stroke-width="3" paint-order="stroke">%s</text></g>`,
		sx-7, sy-7, sx+10, sy-9, esc(w.T("start_mark")))
	for _, st := range t.Stops {
		x, y := f.xy(st.Hotspot.Point)
		fmt.Fprintf(&b, `<g class="stop"><circle cx="%.1f" cy="%.1f" r="9" fill="%s" stroke="#fff" stroke-width="1.5"/>`+
			`<text x="%.1f" y="%.1f" font-size="10" font-weight="bold" font-family="sans-serif" fill="#fff" text-anchor="middle">%d</text></g>`,
			x, y, colour, x, y+3.5, st.Seq)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
