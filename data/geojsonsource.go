package data

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"pantau/geo"
)

// featureStream reads the features of a GeoJSON FeatureCollection one at a
// time, so files larger than memory stream through. Features are numbered
// from 1 in file order.
type featureStream struct {
	file    string
	dec     *json.Decoder
	n       int
	inArray bool
	done    bool
	sawType string
}

// rawFeature is one feature with its properties decoded (numbers kept as
// their text) and its geometry left raw for geo.ParseGeoJSONGeometry.
type rawFeature struct {
	Type       string          `json:"type"`
	Properties map[string]any  `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
}

func newFeatureStream(file string, r io.Reader) *featureStream {
	dec := json.NewDecoder(bufio.NewReaderSize(r, 1<<16))
	dec.UseNumber()
	return &featureStream{file: file, dec: dec}
}

func (s *featureStream) fail(format string, a ...any) error {
	return geo.Errorf(geo.EINVALID, "%s: %s", s.file, fmt.Sprintf(format, a...))
}

// next returns the next feature or io.EOF.
func (s *featureStream) next() (int, rawFeature, error) {
	var f rawFeature
	if s.done {
		return 0, f, io.EOF
	}
	if !s.inArray {
		if s.n == 0 && s.sawType == "" {
			t, err := s.dec.Token()
			if err != nil {
				return 0, f, s.fail("not JSON: %v", err)
			}
			if d, ok := t.(json.Delim); !ok || d != '{' {
				return 0, f, s.fail("not a GeoJSON FeatureCollection (the file does not start with an object)")
			}
		}
		for {
			if !s.dec.More() {
				s.dec.Token()
				s.done = true
				if s.sawType != "FeatureCollection" {
					return 0, f, s.fail("not a GeoJSON FeatureCollection (type %q)", s.sawType)
				}
				return 0, f, io.EOF
			}
			t, err := s.dec.Token()
			if err != nil {
				return 0, f, s.fail("malformed JSON near byte %d: %v", s.dec.InputOffset(), err)
			}
			key, _ := t.(string)
			if key == "features" {
				t, err := s.dec.Token()
				if d, ok := t.(json.Delim); err != nil || !ok || d != '[' {
					return 0, f, s.fail("\"features\" is not an array")
				}
				s.inArray = true
				break
			}
			var v json.RawMessage
			if err := s.dec.Decode(&v); err != nil {
				return 0, f, s.fail("malformed JSON near byte %d: %v", s.dec.InputOffset(), err)
			}
			if key == "type" {
				json.Unmarshal(v, &s.sawType)
			}
		}
	}
	if !s.dec.More() {
		s.dec.Token() // ]
		s.inArray = false
		return s.next()
	}
	s.n++
	if err := s.dec.Decode(&f); err != nil {
		return s.n, f, s.fail("feature %d: malformed JSON near byte %d: %v", s.n, s.dec.InputOffset(), err)
	}
	return s.n, f, nil
}

// propString renders a property value as text: strings as they are,
// numbers as written, booleans as true/false, null and absent as "".
func propString(props map[string]any, name string) string {
	switch v := props[name].(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return string(v)
	case bool:
		return strconv.FormatBool(v)
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// GeoJSONPointSource reads stays or accommodations from a FeatureCollection
// of Point features whose properties carry the CSV's column names. The
// point gives lat/lon; a null geometry leaves them to the properties (for a
// stay: none, located by accommodation_id).
type GeoJSONPointSource[T any] struct {
	s     *featureStream
	parse func(get func(string) string) (T, *geo.FieldProblem)
}

func (g *GeoJSONPointSource[T]) Unit() string { return "feature" }

func (g *GeoJSONPointSource[T]) Next() (Record[T], error) {
	n, f, err := g.s.next()
	if err != nil {
		return Record[T]{}, err
	}
	out := Record[T]{N: n, SourceID: propString(f.Properties, "source_id")}
	if f.Type != "Feature" {
		out.Problem = &geo.FieldProblem{Field: "type", Reason: fmt.Sprintf("%q is not a Feature", f.Type)}
		return out, nil
	}
	var pt orb.Point
	hasPt := false
	if g := strings.TrimSpace(string(f.Geometry)); g != "" && g != "null" {
		geom, gerr := geo.ParseGeoJSONGeometry(f.Geometry, "Point")
		if gerr != nil {
			out.Problem = &geo.FieldProblem{Field: gerr.Path, Reason: gerr.Reason}
			return out, nil
		}
		pt, hasPt = geom.(orb.Point), true
	}
	var p *geo.FieldProblem
	out.Value, p = g.parse(func(name string) string {
		if hasPt && name == "lat" {
			return strconv.FormatFloat(pt[1], 'f', -1, 64)
		}
		if hasPt && name == "lon" {
			return strconv.FormatFloat(pt[0], 'f', -1, 64)
		}
		return propString(f.Properties, name)
	})
	out.Problem = p
	return out, nil
}

// StaysGeoJSON reads stays from a GeoJSON FeatureCollection.
func StaysGeoJSON(file string, r io.Reader) *GeoJSONPointSource[geo.Stay] {
	return &GeoJSONPointSource[geo.Stay]{s: newFeatureStream(file, r), parse: geo.ParseStay}
}

// AccommodationsGeoJSON reads accommodations from a GeoJSON FeatureCollection.
func AccommodationsGeoJSON(file string, r io.Reader) *GeoJSONPointSource[geo.Accommodation] {
	return &GeoJSONPointSource[geo.Accommodation]{s: newFeatureStream(file, r), parse: geo.ParseAccommodation}
}
