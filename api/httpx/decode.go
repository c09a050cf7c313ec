package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"pantau/geo"
)

// JSON structure caps that DecodeJSON enforces on every body before
// decoding: nesting depth (GeoJSON needs about 8) and the number of values
// (array elements plus object members; a 16 MiB body of "[0,0,…]" holds
// eight million).
const (
	MaxJSONDepth  = 64
	MaxJSONValues = 2_000_000
)

// DecodeJSON reads one JSON value of at most maxBytes into v, strictly:
// a member v has no field for is refused naming it (so a typo such as
// "teems" is a 400, not a silent default), and so is anything after the
// value. Oversized bodies are 413; malformed ones 400 naming the offset or
// the field; bodies nested deeper than MaxJSONDepth or holding more than
// MaxJSONValues values are refused before decoding.
func DecodeJSON(w http.ResponseWriter, r *http.Request, maxBytes int64, v any) error {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return geo.RBodyTooLarge.Errorf("The request body exceeds %d bytes.", min(maxBytes, mbe.Limit))
		}
		return geo.RJSONMalformed.Errorf("Reading the request body failed: %v", err)
	}
	return UnmarshalStrict(b, v)
}

// UnmarshalStrict decodes the JSON value b into v as DecodeJSON does (for
// a body already read, or a member decoded on its own).
func UnmarshalStrict(b []byte, v any) error {
	if err := checkJSONShape(b, MaxJSONDepth, MaxJSONValues); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if dec.More() {
		return geo.RJSONTrailingData.Errorf("The request body holds more than one JSON value.")
	}
	return nil
}

func decodeError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return geo.RJSONMalformed.Errorf("Malformed JSON at byte %d: %v", se.Offset, err)
	case errors.As(err, &te):
		return geo.RJSONWrongType.FieldErrorf(te.Field, "field %s must be %s, not %s", te.Field, te.Type, te.Value)
	case errors.Is(err, io.EOF):
		return geo.RJSONEmpty.Errorf("The request body is empty.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return geo.RJSONMalformed.Errorf("Malformed JSON: the body ends early.")
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		f = strings.Trim(f, `"`)
		return geo.RJSONUnknownField.FieldErrorf(f, "unknown field %q", f)
	}
	return geo.RJSONMalformed.Errorf("Malformed JSON: %v", err)
}

// checkJSONShape scans b without decoding and refuses nesting deeper than
// maxDepth or more than maxValues array elements and object members. It
// does not validate the JSON otherwise; the decoder does.
func checkJSONShape(b []byte, maxDepth, maxValues int) error {
	depth, values := 0, 0
	inString, escaped := false, false
	for i, c := range b {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '[', '{':
			depth++
			values++
			if depth > maxDepth {
				return geo.RJSONTooDeep.Errorf("The JSON body nests deeper than %d levels (at byte %d).", maxDepth, i)
			}
		case ']', '}':
			depth--
		case ',':
			values++
		}
		if values > maxValues {
			return geo.RJSONTooManyValues.Errorf("The JSON body holds more than %d values.", maxValues)
		}
	}
	return nil
}
