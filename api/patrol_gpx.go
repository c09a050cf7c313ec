package api

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"github.com/paulmach/orb"
)

// GPX 1.1 (http://www.topografix.com/GPX/1/1) for phone navigation apps:
// one waypoint per stop and for the start, and one route per team
// (start → stops → start), elements in the order the GPX 1.1 schema
// requires. Coordinates are WGS84 degrees with 7 decimals. No personal
// data is ever written to GPX.

type gpxDoc struct {
	XMLName  xml.Name    `xml:"http://www.topografix.com/GPX/1/1 gpx"`
	Version  string      `xml:"version,attr"`
	Creator  string      `xml:"creator,attr"`
	Metadata gpxMetadata `xml:"metadata"`
	Wpts     []gpxPoint  `xml:"wpt"`
	Rtes     []gpxRoute  `xml:"rte"`
}

type gpxMetadata struct {
	Name string `xml:"name"`
	Desc string `xml:"desc"`
	Time string `xml:"time"`
}

type gpxPoint struct {
	Lat  string `xml:"lat,attr"`
	Lon  string `xml:"lon,attr"`
	Name string `xml:"name"`
	Cmt  string `xml:"cmt,omitempty"`
	Desc string `xml:"desc,omitempty"`
	Sym  string `xml:"sym,omitempty"`
	Type string `xml:"type,omitempty"`
}

type gpxRoute struct {
	Name   string     `xml:"name"`
	Desc   string     `xml:"desc,omitempty"`
	Number int        `xml:"number"`
	Pts    []gpxPoint `xml:"rtept"`
}

func gpxCoord(p orb.Point) (lat, lon string) {
	lo := p[0]
	if lo >= 180 { // GPX longitudes are −180 ≤ lon < 180
		lo -= 360
	}
	return fmt.Sprintf("%.7f", p[1]), fmt.Sprintf("%.7f", lo)
}

func gpxPt(p orb.Point, name, cmt, desc, sym, typ string) gpxPoint {
	lat, lon := gpxCoord(p)
	return gpxPoint{Lat: lat, Lon: lon, Name: name, Cmt: cmt, Desc: desc, Sym: sym, Type: typ}
}

// stopLabel is the short name a navigation app shows: "T1-03 Desa".
func stopLabel(team int, st patrolStop) string {
	name := st.Hotspot.DesaName
	if name == "" {
		name = st.Hotspot.Name
	}
	return fmt.Sprintf("T%d-%02d %s", team, st.Seq, name)
}

func writeGPX(w io.Writer, p *patrolPlan) error {
	doc := gpxDoc{Version: "1.1", Creator: "Pantau",
		Metadata: gpxMetadata{
			Name: "Patrol plan " + p.Date,
			Desc: fmt.Sprintf("%d teams from %s; %d stops; hotspots per %s", len(p.Teams), p.Start.Name, p.visited(), p.Level),
			Time: p.GeneratedAt.UTC().Format(time.RFC3339),
		}}
	startDesc := "start"
	if p.Start.Approximate {
		startDesc = "start (approximate position)"
	}
	start := gpxPt(p.Start.Point, p.Start.Name, "", startDesc, "Flag, Blue", "start")
	doc.Wpts = append(doc.Wpts, start)
	for _, t := range p.Teams {
		rte := gpxRoute{Name: fmt.Sprintf("Team %d", t.Team), Number: t.Team,
			Desc: fmt.Sprintf("%d stops, %.1f km, about %.0f min", len(t.Stops), t.Metres/1000, t.TotalSeconds/60)}
		rte.Pts = append(rte.Pts, start)
		for _, st := range t.Stops {
			h := st.Hotspot
			desc := fmt.Sprintf("%s; %s, Kec. %s; score %.1f", h.Reason, h.DesaName, h.KecamatanName, h.Score)
			pt := gpxPt(h.Point, stopLabel(t.Team, st), fmt.Sprintf("arrive about +%.0f min", st.ArriveMinutes), desc, "Flag, Red", "hotspot")
			doc.Wpts = append(doc.Wpts, pt)
			rte.Pts = append(rte.Pts, pt)
		}
		if p.Settings.ReturnToStart && len(t.Stops) > 0 {
			rte.Pts = append(rte.Pts, start)
		}
		doc.Rtes = append(doc.Rtes, rte)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
