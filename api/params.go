package api

import (
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

// decodeJSON reads a JSON body of at most maxBytes into v. Oversized bodies
// are ETOOLARGE (413); malformed ones EINVALID naming the offset.
func decodeJSON(w http.ResponseWriter, r *http.Request, maxBytes int64, v any) error {
	body := http.MaxBytesReader(w, r.Body, maxBytes)
	dec := json.NewDecoder(body)
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &mbe):
			return geo.Errorf(geo.ETOOLARGE, "The request body exceeds %d bytes.", maxBytes)
		case errors.As(err, &se):
			return geo.Errorf(geo.EINVALID, "Malformed JSON at byte %d: %v", se.Offset, err)
		case errors.As(err, &te):
			return geo.FieldErrorf(geo.EINVALID, te.Field, "field %s must be %s, not %s", te.Field, te.Type, te.Value)
		case errors.Is(err, io.EOF):
			return geo.Errorf(geo.EINVALID, "The request body is empty.")
		}
		return geo.Errorf(geo.EINVALID, "Malformed JSON: %v", err)
	}
	if dec.More() {
		return geo.Errorf(geo.EINVALID, "The request body holds more than one JSON value.")
	}
	return nil
}
