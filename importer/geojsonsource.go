package importer

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"pantau/geo"
)

// featureStream reads the features of a GeoJSON FeatureCollection one at a
// time, so files larger than memory stream through. Features are numbered
// from 1 in file order. One feature, and every other member of the
// collection, is at most max bytes of JSON: the decoder never holds more,
// whatever the file's nesting or size. A "crs" member before the features
// says what their coordinates are (geo.ParseCRSName); without one they are
// longitude/latitude.
type featureStream struct {
	file    string
	dec     *json.Decoder
	win     *jsonWindow
	max     int64
	n       int
	inArray bool
	done    bool
	sawType string
	crs     geo.CRS
}

// Per-feature bounds (bytes of JSON): a stay or accommodation is a point
// with a few properties; a boundary is a desa polygon (the largest real
// one is 16 KB of JSON) or a whole kabupaten (90 KB).
const (
	MaxPointFeature    = 64 << 10
	MaxBoundaryFeature = 4 << 20
)

// rawFeature is one feature with its properties decoded (numbers kept as
// their text) and its geometry left raw for geo.ParseGeoJSONGeometryIn in
// the collection's CRS.
type rawFeature struct {
	Type       string          `json:"type"`
	Properties map[string]any  `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
	CRS        geo.CRS         `json:"-"`
}

// jsonWindow is the reader under the JSON decoder: it reads no further than
// limit, which the stream moves to max bytes past the decoder's position
// before each value.
type jsonWindow struct {
	r          io.Reader
	pos, limit int64
}

var errJSONWindow = errors.New("value too large")

func (w *jsonWindow) Read(p []byte) (int, error) {
	if w.pos >= w.limit {
		return 0, errJSONWindow
	}
	if int64(len(p)) > w.limit-w.pos {
		p = p[:w.limit-w.pos]
	}
	n, err := w.r.Read(p)
	w.pos += int64(n)
	return n, err
}

func newFeatureStream(file string, r io.Reader, max int64) *featureStream {
	win := &jsonWindow{r: bufio.NewReaderSize(r, 1<<16), limit: max}
	dec := json.NewDecoder(win)
	dec.UseNumber()
	return &featureStream{file: file, dec: dec, win: win, max: max, crs: geo.WGS84}
}

// open lets the decoder read max bytes past its position.
func (s *featureStream) open() { s.win.limit = s.dec.InputOffset() + s.max }

// jsonFail names a malformed or oversized value; what says where.
func (s *featureStream) jsonFail(what string, err error) error {
	var ge *geo.Error
	if errors.As(err, &ge) { // from the reader (a stalled upload): already said
		return err
	}
	if errors.Is(err, errJSONWindow) {
		return s.fail("%s is larger than %d bytes (the limit per feature or member)", what, s.max)
	}
	return s.fail("%s: malformed JSON near byte %d: %v", what, s.dec.InputOffset(), err)
}

// setCRS reads the collection's "crs" member: {"type": "name",
// "properties": {"name": "urn:ogc:def:crs:EPSG::32748"}} (or the 2008
// form {"type": "EPSG", "properties": {"code": 32748}}); null is WGS 84.
func (s *featureStream) setCRS(raw json.RawMessage) error {
	var c struct {
		Type       string `json:"type"`
		Properties struct {
			Name string      `json:"name"`
			Code json.Number `json:"code"`
		} `json:"properties"`
	}
	if string(raw) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return s.fail("\"crs\" is not a CRS object: %v", err)
	}
	name := c.Properties.Name
	if name == "" && c.Properties.Code != "" {
		name = "EPSG:" + string(c.Properties.Code)
	}
	if name == "" {
		return s.fail("\"crs\" of type %q names no CRS (want {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::4326\"}})", c.Type)
	}
	crs, err := geo.ParseCRSName(name)
	if err != nil {
		return geo.RImportBadCRS.FieldErrorf("crs", "%s: %s", s.file, geo.ErrorMessage(err))
	}
	if s.n > 0 && crs.Name != s.crs.Name {
		return geo.RImportBadCRS.FieldErrorf("crs", "%s: the \"crs\" member (%s) comes after the features; put it before \"features\" (the file is read as it streams)", s.file, crs.Name)
	}
	s.crs = crs
	return nil
}

func (s *featureStream) fail(format string, a ...any) error {
	return geo.RImportMalformed.Errorf("%s: %s", s.file, fmt.Sprintf(format, a...))
}

// next returns the next feature or io.EOF.
func (s *featureStream) next() (int, rawFeature, error) {
	var f rawFeature
	if s.done {
		return 0, f, io.EOF
	}
	if !s.inArray {
		if s.n == 0 && s.sawType == "" {
			s.open()
			t, err := s.dec.Token()
			if err != nil {
				if ge := (*geo.Error)(nil); errors.As(err, &ge) || errors.Is(err, errJSONWindow) {
					return 0, f, s.jsonFail("the start of the file", err)
				}
				return 0, f, s.fail("not JSON: %v", err)
			}
			if d, ok := t.(json.Delim); !ok || d != '{' {
				return 0, f, s.fail("not a GeoJSON FeatureCollection (the file does not start with an object)")
			}
		}
		for {
			s.open()
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
				return 0, f, s.jsonFail("a member of the collection", err)
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
			s.open()
			if err := s.dec.Decode(&v); err != nil {
				return 0, f, s.jsonFail(fmt.Sprintf("the member %q", truncate(key, 40)), err)
			}
			switch key {
			case "type":
				json.Unmarshal(v, &s.sawType)
			case "crs":
				if err := s.setCRS(v); err != nil {
					return 0, f, err
				}
			}
		}
	}
	s.open()
	if !s.dec.More() {
		s.dec.Token() // ]
		s.inArray = false
		return s.next()
	}
	s.n++
	if err := s.dec.Decode(&f); err != nil {
		return s.n, f, s.jsonFail(fmt.Sprintf("feature %d", s.n), err)
	}
	f.CRS = s.crs
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
		geom, gerr := geo.ParseGeoJSONGeometryIn(f.CRS, f.Geometry, "Point")
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
	return &GeoJSONPointSource[geo.Stay]{s: newFeatureStream(file, r, MaxPointFeature), parse: geo.ParseStay}
}

// AccommodationsGeoJSON reads accommodations from a GeoJSON FeatureCollection.
func AccommodationsGeoJSON(file string, r io.Reader) *GeoJSONPointSource[geo.Accommodation] {
	return &GeoJSONPointSource[geo.Accommodation]{s: newFeatureStream(file, r, MaxPointFeature), parse: geo.ParseAccommodation}
}
