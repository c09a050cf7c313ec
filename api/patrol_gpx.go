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

// writeGPX writes plan as GPX in the words of wd: names and descriptions
// an officer reads in a navigation app ("T1-03 Sindanglaya", "12 tamu
// asing, 3 melewati izin tinggal; Kec. Cipanas").
func writeGPX(w io.Writer, p *patrolPlan, wd *words) error {
	day, _ := time.Parse("2006-01-02", p.Date)
	doc := gpxDoc{Version: "1.1", Creator: "Pantau",
		Metadata: gpxMetadata{
			Name: wd.T("title") + " " + wd.Date(day),
			Desc: fmt.Sprintf("%d %s, %d %s; %s %s; %s %s", len(p.Teams), wd.T("teams"), p.visited(), wd.T("stops"),
				wd.T("start"), p.Start.Name, wd.T("generated"), wd.Clock(p.GeneratedAt)),
			Time: p.GeneratedAt.UTC().Format(time.RFC3339),
		}}
	startDesc := wd.T("start_mark")
	if p.Start.Approximate {
		startDesc += " (" + wd.T("approx") + ")"
	}
	start := gpxPt(p.Start.Point, p.Start.Name, "", startDesc, "Flag, Blue", "start")
	doc.Wpts = append(doc.Wpts, start)
	for _, t := range p.Teams {
		rte := gpxRoute{Name: fmt.Sprintf("%s %d", wd.T("team"), t.Team), Number: t.Team,
			Desc: fmt.Sprintf("%d %s, %s, %s %s", len(t.Stops), wd.T("stops"), wd.Km(t.Metres), wd.T("about"), wd.Duration(t.TotalSeconds/60))}
		rte.Pts = append(rte.Pts, start)
		for _, st := range t.Stops {
			h := st.Hotspot
			desc := wd.Reason(h)
			if h.KecamatanName != "" {
				desc += "; Kec. " + h.KecamatanName
			}
			cmt := fmt.Sprintf("%s %s %s", wd.T("arrive"), wd.Duration(st.ArriveMinutes), wd.T("arrive_unit"))
			pt := gpxPt(h.Point, stopLabel(t.Team, st), cmt, desc, "Flag, Red", "hotspot")
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
