package geo

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Place is one answer of the place search: a desa or kecamatan by name
// (every role: names and outlines are public) or an accommodation (only
// where the caller's View sees individuals, as the accommodations tiles).
type Place struct {
	Kind    string      `json:"kind"`           // "kecamatan", "desa" or "accommodation"
	Code    string      `json:"code,omitempty"` // the area's code; an accommodation's desa code
	ID      int64       `json:"id,omitempty"`   // accommodations only
	Name    string      `json:"name"`
	Context string      `json:"context,omitempty"` // the kecamatan of a desa, the desa of an accommodation
	Lon     float64     `json:"lon"`               // the area's label point, the accommodation's position (EPSG:4326)
	Lat     float64     `json:"lat"`
	BBox    *[4]float64 `json:"bbox,omitempty"` // areas: west, south, east, north
}

// Place search limits: the query's length in characters and the answers.
const (
	MinPlaceQuery, MaxPlaceQuery = 2, 64
	DefaultPlaces, MaxPlaces     = 10, 25
)

// PlaceQuery returns q trimmed, lower-cased and with runs of spaces made
// one: what the search matches (anywhere in a name, case-insensitively).
// It is EINVALID (field "q") shorter than MinPlaceQuery or longer than
// MaxPlaceQuery characters, or holding control characters.
func PlaceQuery(q string) (string, error) {
	q = strings.Join(strings.Fields(q), " ")
	n := utf8.RuneCountInString(q)
	if !utf8.ValidString(q) || strings.ContainsFunc(q, unicode.IsControl) {
		return "", RSearchBadQuery.FieldErrorf("q", "q holds characters a name cannot have")
	}
	if n < MinPlaceQuery || n > MaxPlaceQuery {
		return "", RSearchBadQuery.FieldErrorf("q", "q must have %d to %d characters, not %d", MinPlaceQuery, MaxPlaceQuery, n)
	}
	return strings.ToLower(q), nil
}

// LikePattern escapes q for SQL LIKE … ESCAPE '\': % and _ match themselves.
func LikePattern(q string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q)
}
