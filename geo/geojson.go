package geo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// Limits on one GeoJSON geometry. A desa has a few hundred vertices; these
// caps only stop runaway or hostile input.
const (
	MaxVertices = 200_000 // positions per geometry
	MaxParts    = 10_000  // polygons per MultiPolygon, rings per polygon
	maxDepth    = 4       // MultiPolygon: [[[[x, y]]]]
)

// GeometryError is a problem with a geometry, with the path of the offending
// part (e.g. "geometry.coordinates[0][2][5]").
type GeometryError struct {
	Path, Reason string
}

func (e *GeometryError) Error() string { return e.Path + ": " + e.Reason }

// coordNode is a parsed coordinates array: a position (pos) or a list.
type coordNode struct {
	pos  []float64
	kids []coordNode
}

// ParseGeoJSONGeometry parses a GeoJSON geometry object and checks it is one
// of the allowed types ("Point", "Polygon", "MultiPolygon") with finite,
// in-range coordinates, closed rings of at least 4 positions, no more than
// MaxVertices positions and no deeper nesting than its type needs. A
// Polygon comes back as an orb.Polygon. Self-intersection is PostGIS's to
// judge (ST_IsValid), not this function's.
func ParseGeoJSONGeometry(raw []byte, allowed ...string) (orb.Geometry, *GeometryError) {
	return ParseGeoJSONGeometryIn(WGS84, raw, allowed...)
}

// ParseGeoJSONGeometryIn is ParseGeoJSONGeometry for coordinates in crs:
// every position is converted to longitude/latitude before it is checked.
func ParseGeoJSONGeometryIn(crs CRS, raw []byte, allowed ...string) (orb.Geometry, *GeometryError) {
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, &GeometryError{"geometry", "is missing (null geometry)"}
	}
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, &GeometryError{"geometry", "is not a GeoJSON geometry object: " + err.Error()}
	}
	ok := false
	for _, t := range allowed {
		ok = ok || t == g.Type
	}
	if !ok {
		return nil, &GeometryError{"geometry.type", fmt.Sprintf("%q is not allowed here (want %v)", g.Type, allowed)}
	}
	if len(g.Coordinates) == 0 {
		return nil, &GeometryError{"geometry.coordinates", "is missing"}
	}
	dec := json.NewDecoder(bytes.NewReader(g.Coordinates))
	dec.UseNumber()
	count := 0
	root, err := parseCoords(dec, "geometry.coordinates", 1, &count)
	if err != nil {
		return nil, err
	}
	if crs.ToLonLat != nil && crs.Name != WGS84.Name {
		root.reproject(crs)
	}
	switch g.Type {
	case "Point":
		if root.pos == nil {
			return nil, &GeometryError{"geometry.coordinates", "a Point needs one position [lon, lat]"}
		}
		p, err := toPoint(root.pos, "geometry.coordinates")
		return p, err
	case "Polygon":
		return toPolygon(root, "geometry.coordinates")
	case "MultiPolygon":
		if root.pos != nil {
			return nil, &GeometryError{"geometry.coordinates", "a MultiPolygon needs a list of polygons"}
		}
		if len(root.kids) == 0 {
			return nil, &GeometryError{"geometry.coordinates", "is empty (an empty geometry)"}
		}
		if len(root.kids) > MaxParts {
			return nil, &GeometryError{"geometry.coordinates", fmt.Sprintf("has %d polygons (at most %d)", len(root.kids), MaxParts)}
		}
		mp := make(orb.MultiPolygon, 0, len(root.kids))
		for i, k := range root.kids {
			p, err := toPolygon(k, fmt.Sprintf("geometry.coordinates[%d]", i))
			if err != nil {
				return nil, err
			}
			mp = append(mp, p)
		}
		return mp, nil
	}
	return nil, &GeometryError{"geometry.type", fmt.Sprintf("%q is not supported", g.Type)}
}

func parseCoords(dec *json.Decoder, path string, depth int, count *int) (coordNode, *GeometryError) {
	tok, err := dec.Token()
	if err != nil {
		return coordNode{}, &GeometryError{path, "malformed coordinates: " + err.Error()}
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return coordNode{}, &GeometryError{path, fmt.Sprintf("expected an array, found %v", tok)}
	}
	return parseArray(dec, path, depth, count)
}

// parseArray parses the rest of an array whose '[' has been read.
func parseArray(dec *json.Decoder, path string, depth int, count *int) (coordNode, *GeometryError) {
	if depth > maxDepth {
		return coordNode{}, &GeometryError{path, fmt.Sprintf("coordinates are nested deeper than %d levels", maxDepth)}
	}
	var n coordNode
	for i := 0; ; i++ {
		sub := fmt.Sprintf("%s[%d]", path, i)
		t, err := dec.Token()
		if err != nil {
			return n, &GeometryError{sub, "malformed coordinates: " + err.Error()}
		}
		switch t := t.(type) {
		case json.Delim:
			if t == ']' {
				return n, nil
			}
			if t != '[' {
				return n, &GeometryError{sub, fmt.Sprintf("unexpected %v", t)}
			}
			if n.pos != nil {
				return n, &GeometryError{sub, "mixes numbers and arrays"}
			}
			k, gerr := parseArray(dec, sub, depth+1, count)
			if gerr != nil {
				return n, gerr
			}
			n.kids = append(n.kids, k)
		case json.Number:
			if n.kids != nil {
				return n, &GeometryError{sub, "mixes numbers and arrays"}
			}
			v, perr := strconv.ParseFloat(string(t), 64)
			if perr != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return n, &GeometryError{sub, fmt.Sprintf("%s is not a finite number", truncate(string(t), 40))}
			}
			if n.pos == nil {
				n.pos = make([]float64, 0, 2)
				*count++
				if *count > MaxVertices {
					return n, &GeometryError{path, fmt.Sprintf("the geometry has more than %d vertices", MaxVertices)}
				}
			}
			if len(n.pos) >= 4 {
				return n, &GeometryError{sub, "a position has more than 4 numbers"}
			}
			n.pos = append(n.pos, v)
		default:
			return n, &GeometryError{sub, fmt.Sprintf("%v is not a number", t)}
		}
	}
}

// reproject converts every position of n from crs to longitude/latitude
// (a third number, the height, is kept).
func (n *coordNode) reproject(crs CRS) {
	if len(n.pos) >= 2 {
		n.pos[0], n.pos[1] = crs.ToLonLat(n.pos[0], n.pos[1])
	}
	for i := range n.kids {
		n.kids[i].reproject(crs)
	}
}

func toPoint(pos []float64, path string) (orb.Point, *GeometryError) {
	if len(pos) < 2 || len(pos) > 3 {
		return orb.Point{}, &GeometryError{path, fmt.Sprintf("a position has %d numbers (want [lon, lat] or [lon, lat, z])", len(pos))}
	}
	if f, err := CheckLonLat(pos[0], pos[1]); err != nil {
		return orb.Point{}, &GeometryError{path, f + ": " + err.Error()}
	}
	return orb.Point{pos[0], pos[1]}, nil
}

func toPolygon(n coordNode, path string) (orb.Polygon, *GeometryError) {
	if n.pos != nil {
		return nil, &GeometryError{path, "a Polygon needs a list of rings, found a position"}
	}
	if len(n.kids) == 0 {
		return nil, &GeometryError{path, "is empty (an empty geometry)"}
	}
	if len(n.kids) > MaxParts {
		return nil, &GeometryError{path, fmt.Sprintf("has %d rings (at most %d)", len(n.kids), MaxParts)}
	}
	p := make(orb.Polygon, 0, len(n.kids))
	for i, rk := range n.kids {
		rp := fmt.Sprintf("%s[%d]", path, i)
		if rk.pos != nil {
			return nil, &GeometryError{rp, "a ring needs a list of positions, found a position (nesting too shallow for this type)"}
		}
		ring := make(orb.Ring, 0, len(rk.kids))
		for j, pk := range rk.kids {
			if pk.pos == nil {
				return nil, &GeometryError{fmt.Sprintf("%s[%d]", rp, j), "expected a position [lon, lat], found nested arrays (nesting too deep for this type)"}
			}
			pt, err := toPoint(pk.pos, fmt.Sprintf("%s[%d]", rp, j))
			if err != nil {
				return nil, err
			}
			ring = append(ring, pt)
		}
		if len(ring) < 4 {
			return nil, &GeometryError{rp, fmt.Sprintf("a ring needs at least 4 positions, has %d", len(ring))}
		}
		if ring[0] != ring[len(ring)-1] {
			return nil, &GeometryError{rp, fmt.Sprintf("the ring is not closed: first position %v differs from last %v", [2]float64(ring[0]), [2]float64(ring[len(ring)-1]))}
		}
		p = append(p, ring)
	}
	return p, nil
}
