package geo

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// AccommodationColumns are the columns of the accommodations CSV, in order.
var AccommodationColumns = []string{"source_id", "name", "kind", "licensed", "apoa_registered", "capacity", "owner_name", "lat", "lon"}

// AccommodationKinds are the codes of the accommodation_kinds table.
var AccommodationKinds = []string{"villa", "hotel", "guesthouse", "kos", "house"}

// Accommodation is a place foreigners stay. Point is EPSG:4326 (lon, lat).
// OwnerName is personal data. Capacity < 0 means unknown.
type Accommodation struct {
	SourceID       string
	Name           string
	Kind           string
	Licensed       bool
	APOARegistered bool
	Capacity       int
	OwnerName      string
	Point          orb.Point
}

// ParseBool accepts true/false, yes/no, y/n, 1/0 (any case); "" is false.
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "t", "yes", "y", "1":
		return true, nil
	case "false", "f", "no", "n", "0", "":
		return false, nil
	}
	return false, fmt.Errorf("%q is not a boolean (true/false, yes/no, 1/0)", truncate(s, 40))
}

// ParseAccommodation validates one accommodation record (see ParseStay).
// An accommodation must have a point.
func ParseAccommodation(get func(string) string) (Accommodation, *FieldProblem) {
	var a Accommodation
	text := func(f string, required bool) (string, *FieldProblem) { return textField(get, f, required) }
	var p *FieldProblem
	if a.SourceID, p = text("source_id", true); p != nil {
		return a, p
	}
	if a.Name, p = text("name", true); p != nil {
		return a, p
	}
	a.Kind = strings.ToLower(strings.TrimSpace(get("kind")))
	if !slices.Contains(AccommodationKinds, a.Kind) {
		if a.Kind == "" {
			return a, &FieldProblem{"kind", "is required"}
		}
		return a, &FieldProblem{"kind", fmt.Sprintf("unknown kind %q (want one of %s)", truncate(a.Kind, 40), strings.Join(AccommodationKinds, ", "))}
	}
	var err error
	if a.Licensed, err = ParseBool(get("licensed")); err != nil {
		return a, &FieldProblem{"licensed", err.Error()}
	}
	if a.APOARegistered, err = ParseBool(get("apoa_registered")); err != nil {
		return a, &FieldProblem{"apoa_registered", err.Error()}
	}
	a.Capacity = -1
	if v := strings.TrimSpace(get("capacity")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 100000 {
			return a, &FieldProblem{"capacity", fmt.Sprintf("%q is not a whole number from 0 to 100000", truncate(v, 40))}
		}
		a.Capacity = n
	}
	if a.OwnerName, p = text("owner_name", false); p != nil {
		return a, p
	}
	pt, has, p := parsePoint(get)
	if p != nil {
		return a, p
	}
	if !has {
		return a, &FieldProblem{"lat", "lat and lon are required"}
	}
	a.Point = pt
	return a, nil
}
