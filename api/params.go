package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"

	"pantau/geo"
)

// onlyParams rejects query parameters other than those allowed, so a typo
// ("nationalty=") is a 400 instead of a silently unfiltered answer.
func onlyParams(r *http.Request, allowed ...string) error {
	var unknown []string
	for k := range r.URL.Query() {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return geo.FieldErrorf(geo.EINVALID, unknown[0], "unknown query parameter(s) %s; allowed: %s",
		strings.Join(unknown, ", "), strings.Join(allowed, ", "))
}

// writeJSONRaw writes v as JSON keeping a Content-Type already set.
func writeJSONRaw(w http.ResponseWriter, status int, v any) {
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// JSON structure caps that decodeJSON enforces on every body before
// decoding: nesting depth (GeoJSON needs about 8) and the number of values
// (array elements plus object members; a 16 MiB body of "[0,0,…]" holds
// eight million).
const (
	MaxJSONDepth  = 64
	MaxJSONValues = 2_000_000
)

// decodeJSON reads a JSON body of at most maxBytes into v. Oversized bodies
// are ETOOLARGE (413); malformed ones EINVALID naming the offset; bodies
// nested deeper than MaxJSONDepth or holding more than MaxJSONValues values
// are refused before decoding.
func decodeJSON(w http.ResponseWriter, r *http.Request, maxBytes int64, v any) error {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return geo.Errorf(geo.ETOOLARGE, "The request body exceeds %d bytes.", min(maxBytes, mbe.Limit))
		}
		return geo.Errorf(geo.EINVALID, "Reading the request body failed: %v", err)
	}
	if err := checkJSONShape(b, MaxJSONDepth, MaxJSONValues); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return geo.Errorf(geo.EINVALID, "Malformed JSON at byte %d: %v", se.Offset, err)
		case errors.As(err, &te):
			return geo.FieldErrorf(geo.EINVALID, te.Field, "field %s must be %s, not %s", te.Field, te.Type, te.Value)
		case errors.Is(err, io.EOF):
			return geo.Errorf(geo.EINVALID, "The request body is empty.")
		case errors.Is(err, io.ErrUnexpectedEOF):
			return geo.Errorf(geo.EINVALID, "Malformed JSON: the body ends early.")
		}
		return geo.Errorf(geo.EINVALID, "Malformed JSON: %v", err)
	}
	if dec.More() {
		return geo.Errorf(geo.EINVALID, "The request body holds more than one JSON value.")
	}
	return nil
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
				return geo.Errorf(geo.EINVALID, "The JSON body nests deeper than %d levels (at byte %d).", maxDepth, i)
			}
		case ']', '}':
			depth--
		case ',':
			values++
		}
		if values > maxValues {
			return geo.Errorf(geo.ETOOLARGE, "The JSON body holds more than %d values.", maxValues)
		}
	}
	return nil
}
