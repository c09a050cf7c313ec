package geo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// PolygonLimits bound a query polygon. Coordinates are EPSG:4326 (lon, lat).
type PolygonLimits struct {
	MaxVertices int       // all rings of all parts together; more is ETOOLARGE
	MaxParts    int       // polygons of a MultiPolygon
	MaxRings    int       // rings per polygon (shell + holes)
	Extent      orb.Bound // the loaded area; a polygon must lie inside it. Zero: no check.
}

// DefaultPolygonLimits are the limits of POST /api/v1/density/polygon.
var DefaultPolygonLimits = PolygonLimits{MaxVertices: 10000, MaxParts: 100, MaxRings: 100}

// ParseQueryPolygon reads a GeoJSON Polygon, MultiPolygon or a Feature
// holding one (or an object with just a "geometry" member), and validates it in pure Go, before any database work:
// the JSON shape and nesting depth, the types, every coordinate a finite
// number within lon −180..180 / lat −90..90, rings closed with at least four
// positions, the vertex cap (ETOOLARGE), rings that cross themselves or each
// other (EUNPROCESSABLE) and the loaded area's extent (EUNPROCESSABLE).
// Malformed input is EINVALID; a well-formed GeoJSON object of another type
// (Point, LineString, FeatureCollection …) is EUNPROCESSABLE. Every error
// names the offending JSON path in Field. Touching rings and other OGC
// validity rules are left to ST_IsValidReason, the second step.
func ParseQueryPolygon(body []byte, lim PolygonLimits) (orb.MultiPolygon, error) {
	var obj struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
		Geometry    json.RawMessage `json:"geometry"`
	}
	if err := json.Unmarshal(body, &obj); err != nil {
		return nil, RPolygonNotGeoJSON.FieldErrorf("body", "the body must be a GeoJSON Polygon, MultiPolygon or Feature: %v", err)
	}
	path := ""
	// {"geometry": {...}} without a type is taken as a Feature too.
	if obj.Type == "Feature" || obj.Type == "" && len(obj.Geometry) > 0 {
		if len(obj.Geometry) == 0 || string(obj.Geometry) == "null" {
			return nil, RPolygonNotGeoJSON.FieldErrorf("geometry", "the Feature has no geometry")
		}
		path = "geometry."
		obj.Coordinates = nil
		if err := json.Unmarshal(obj.Geometry, &obj); err != nil {
			return nil, RPolygonNotGeoJSON.FieldErrorf("geometry", "the Feature's geometry must be a GeoJSON object: %v", err)
		}
	}
	var depth int
	switch obj.Type {
	case "Polygon":
		depth = 3
	case "MultiPolygon":
		depth = 4
	case "":
		return nil, RPolygonNotGeoJSON.FieldErrorf(path+"type", "the GeoJSON object has no type")
	case "Point", "MultiPoint", "LineString", "MultiLineString", "GeometryCollection", "FeatureCollection", "Feature":
		return nil, RPolygonWrongType.FieldErrorf(path+"type", "a %s cannot be queried; send a Polygon, MultiPolygon or a Feature holding one", obj.Type)
	default:
		return nil, RPolygonNotGeoJSON.FieldErrorf(path+"type", "%q is not a GeoJSON type", obj.Type)
	}
	if len(obj.Coordinates) == 0 {
		return nil, RPolygonNotGeoJSON.FieldErrorf(path+"coordinates", "the %s has no coordinates", obj.Type)
	}
	p := &coordParser{lim: lim}
	dec := json.NewDecoder(bytes.NewReader(obj.Coordinates))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, RPolygonNotGeoJSON.FieldErrorf(path+"coordinates", "coordinates are not valid JSON: %v", err)
	}
	var mp orb.MultiPolygon
	var err error
	if depth == 3 {
		var poly orb.Polygon
		poly, err = p.polygon(raw, path+"coordinates")
		mp = orb.MultiPolygon{poly}
	} else {
		mp, err = p.multiPolygon(raw, path+"coordinates")
	}
	if err != nil {
		return nil, err
	}
	if err := CheckSelfIntersection(mp, path+"coordinates"); err != nil {
		return nil, err
	}
	if !lim.Extent.IsZero() {
		b := mp.Bound()
		if !lim.Extent.Contains(b.Min) || !lim.Extent.Contains(b.Max) {
			return nil, &Error{Code: EUNPROCESSABLE, Reason: RPolygonOutsideAreas.Name, Field: path + "coordinates",
				Message: fmt.Sprintf("the polygon (lon %.5f..%.5f, lat %.5f..%.5f) is not inside the loaded area (lon %.5f..%.5f, lat %.5f..%.5f)",
					b.Min[0], b.Max[0], b.Min[1], b.Max[1], lim.Extent.Min[0], lim.Extent.Max[0], lim.Extent.Min[1], lim.Extent.Max[1])}
		}
	}
	return mp, nil
}

type coordParser struct {
	lim      PolygonLimits
	vertices int
}

func (p *coordParser) multiPolygon(v any, path string) (orb.MultiPolygon, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, RPolygonNotGeoJSON.FieldErrorf(path, "a MultiPolygon's coordinates must be an array of polygons")
	}
	if len(arr) == 0 {
		return nil, RPolygonNotGeoJSON.FieldErrorf(path, "the MultiPolygon has no polygons")
	}
	if p.lim.MaxParts > 0 && len(arr) > p.lim.MaxParts {
		return nil, RPolygonTooManyParts.FieldErrorf(path, "the MultiPolygon has %d polygons; at most %d", len(arr), p.lim.MaxParts)
	}
	mp := make(orb.MultiPolygon, 0, len(arr))
	for i, pv := range arr {
		poly, err := p.polygon(pv, fmt.Sprintf("%s[%d]", path, i))
		if err != nil {
			return nil, err
		}
		mp = append(mp, poly)
	}
	return mp, nil
}

func (p *coordParser) polygon(v any, path string) (orb.Polygon, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, RPolygonNotGeoJSON.FieldErrorf(path, "a polygon must be an array of linear rings")
	}
	if len(arr) == 0 {
		return nil, RPolygonNotGeoJSON.FieldErrorf(path, "the polygon has no rings")
	}
	if p.lim.MaxRings > 0 && len(arr) > p.lim.MaxRings {
		return nil, RPolygonTooManyParts.FieldErrorf(path, "the polygon has %d rings; at most %d", len(arr), p.lim.MaxRings)
	}
	poly := make(orb.Polygon, 0, len(arr))
	for i, rv := range arr {
		ring, err := p.ring(rv, fmt.Sprintf("%s[%d]", path, i))
		if err != nil {
			return nil, err
		}
		poly = append(poly, ring)
	}
	return poly, nil
}

func (p *coordParser) ring(v any, path string) (orb.Ring, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, RPolygonNotGeoJSON.FieldErrorf(path, "a linear ring must be an array of positions")
	}
	p.vertices += len(arr)
	if p.lim.MaxVertices > 0 && p.vertices > p.lim.MaxVertices {
		return nil, RPolygonTooManyVertices.FieldErrorf(path, "the polygon has more than %d vertices; simplify it", p.lim.MaxVertices)
	}
	if len(arr) < 4 {
		return nil, RPolygonRingTooShort.FieldErrorf(path, "a linear ring needs at least 4 positions, this one has %d", len(arr))
	}
	ring := make(orb.Ring, len(arr))
	for i, pv := range arr {
		pt, err := position(pv, fmt.Sprintf("%s[%d]", path, i))
		if err != nil {
			return nil, err
		}
		ring[i] = pt
	}
	if ring[0] != ring[len(ring)-1] {
		return nil, RPolygonRingNotClosed.FieldErrorf(path, "the linear ring is not closed: its last position %v differs from its first %v", ring[len(ring)-1], ring[0])
	}
	return ring, nil
}

func position(v any, path string) (orb.Point, error) {
	arr, ok := v.([]any)
	if !ok {
		return orb.Point{}, RPolygonBadCoordinate.FieldErrorf(path, "a position must be an array [lon, lat], found %s", jsonKind(v))
	}
	if len(arr) < 2 || len(arr) > 3 {
		return orb.Point{}, RPolygonBadCoordinate.FieldErrorf(path, "a position must have 2 (or 3) numbers, not %d", len(arr))
	}
	var pt orb.Point
	for i := 0; i < 2; i++ {
		n, ok := arr[i].(json.Number)
		if !ok {
			return pt, RPolygonBadCoordinate.FieldErrorf(fmt.Sprintf("%s[%d]", path, i), "a coordinate must be a number, found %s", jsonKind(arr[i]))
		}
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return pt, RPolygonBadCoordinate.FieldErrorf(fmt.Sprintf("%s[%d]", path, i), "coordinate %s is not a finite number", n)
		}
		pt[i] = f
	}
	if pt[0] < -180 || pt[0] > 180 {
		return pt, RPolygonBadCoordinate.FieldErrorf(path+"[0]", "longitude %v is outside −180..180", pt[0])
	}
	if pt[1] < -90 || pt[1] > 90 {
		return pt, RPolygonBadCoordinate.FieldErrorf(path+"[1]", "latitude %v is outside −90..90", pt[1])
	}
	return pt, nil
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("the string %q", truncate(x, 20))
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	case json.Number:
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

// VertexCount counts the positions of all rings of mp.
func VertexCount(mp orb.MultiPolygon) int {
	n := 0
	for _, p := range mp {
		for _, r := range p {
			n += len(r)
		}
	}
	return n
}

// AsMultiPolygon gives an areal geometry as a MultiPolygon (a Polygon as one
// of one); ok is false for any other geometry, nil included.
func AsMultiPolygon(g orb.Geometry) (mp orb.MultiPolygon, ok bool) {
	switch v := g.(type) {
	case orb.Polygon:
		return orb.MultiPolygon{v}, true
	case orb.MultiPolygon:
		return v, true
	}
	return nil, false
}
