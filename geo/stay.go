package geo

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// StayColumns are the columns of the stays CSV, in order (ARCHITECTURE.md).
// GeoJSON features and JSON records carry the same names; lat/lon become the
// point geometry in GeoJSON. reported_at (RFC 3339) may follow.
var StayColumns = []string{"source_id", "full_name", "passport_no", "nationality", "sex", "birth_date",
	"permit_type", "permit_expiry", "arrival_date", "departure_date", "accommodation_id", "lat", "lon"}

// Stay is one report of one foreign resident at one place for a period.
// Dates are calendar days (midnight UTC); a zero date is "not given".
// Point is EPSG:4326 (lon, lat); when HasPoint is false the stay is located
// at its accommodation. AccommodationRef is the accommodation's source_id.
type Stay struct {
	ID               int64     `json:"id,omitempty"`
	Source           string    `json:"source,omitempty"`
	SourceID         string    `json:"source_id"`
	FullName         string    `json:"full_name,omitempty"`
	PassportNo       string    `json:"passport_no,omitempty"`
	Nationality      string    `json:"nationality"`
	Sex              string    `json:"sex,omitempty"`
	BirthDate        time.Time `json:"-"`
	PermitType       string    `json:"permit_type"`
	PermitExpiry     time.Time `json:"-"`
	ArrivalDate      time.Time `json:"-"`
	DepartureDate    time.Time `json:"-"`
	AccommodationRef string    `json:"accommodation_id,omitempty"`
	Point            orb.Point `json:"-"`
	HasPoint         bool      `json:"-"`
	ReportedAt       time.Time `json:"-"`
}

// FieldProblem is one invalid field of a record.
type FieldProblem struct {
	Field, Reason string
}

var (
	reAlpha3   = regexp.MustCompile(`^[A-Z]{3}$`)
	rePassport = regexp.MustCompile(`^[A-Z0-9<-]{3,20}$`)
)

// MaxTextLen bounds free-text fields (names, ids).
const MaxTextLen = 200

// ParseStay validates one stay record whose fields get returns by column
// name ("" when absent). It returns the first problem found, in column order.
// Nationality is checked for form here; that the code exists is checked
// against the countries table by the importer.
func ParseStay(get func(string) string) (Stay, *FieldProblem) {
	var s Stay
	bad := func(f, format string, a ...any) (Stay, *FieldProblem) {
		return s, &FieldProblem{f, fmt.Sprintf(format, a...)}
	}
	text := func(f string, required bool) (string, *FieldProblem) { return textField(get, f, required) }
	date := func(f string, required bool) (time.Time, *FieldProblem) {
		v := strings.TrimSpace(get(f))
		if v == "" {
			if required {
				return time.Time{}, &FieldProblem{f, "is required"}
			}
			return time.Time{}, nil
		}
		t, err := ParseDate(v)
		if err != nil {
			return t, &FieldProblem{f, err.Error()}
		}
		return t, nil
	}
	var p *FieldProblem
	if s.SourceID, p = text("source_id", true); p != nil {
		return s, p
	}
	if s.FullName, p = text("full_name", true); p != nil {
		return s, p
	}
	if s.PassportNo, p = text("passport_no", true); p != nil {
		return s, p
	}
	s.PassportNo = strings.ToUpper(s.PassportNo)
	if !rePassport.MatchString(s.PassportNo) {
		return bad("passport_no", "%q is not a passport number (3–20 letters and digits)", truncate(s.PassportNo, 40))
	}
	s.Nationality = strings.ToUpper(strings.TrimSpace(get("nationality")))
	if s.Nationality == "" {
		return bad("nationality", "is required")
	}
	if !reAlpha3.MatchString(s.Nationality) {
		return bad("nationality", "%q is not an ISO 3166-1 alpha-3 code (e.g. SAU, ARE)", truncate(s.Nationality, 40))
	}
	s.Sex = strings.ToUpper(strings.TrimSpace(get("sex")))
	if s.Sex != "" && s.Sex != "M" && s.Sex != "F" && s.Sex != "X" {
		return bad("sex", "%q is not M, F or X", truncate(s.Sex, 40))
	}
	if s.BirthDate, p = date("birth_date", false); p != nil {
		return s, p
	}
	s.PermitType = strings.ToLower(strings.TrimSpace(get("permit_type")))
	if s.PermitType == "" {
		return bad("permit_type", "is required")
	}
	if !slices.Contains(PermitTypes, s.PermitType) {
		return bad("permit_type", "unknown permit type %q (want one of %s)", truncate(s.PermitType, 40), strings.Join(PermitTypes, ", "))
	}
	if s.PermitExpiry, p = date("permit_expiry", false); p != nil {
		return s, p
	}
	if s.ArrivalDate, p = date("arrival_date", true); p != nil {
		return s, p
	}
	if s.DepartureDate, p = date("departure_date", false); p != nil {
		return s, p
	}
	if !s.DepartureDate.IsZero() && s.DepartureDate.Before(s.ArrivalDate) {
		return bad("departure_date", "departure %s is before arrival %s", s.DepartureDate.Format(time.DateOnly), s.ArrivalDate.Format(time.DateOnly))
	}
	if !s.BirthDate.IsZero() && s.BirthDate.After(s.ArrivalDate) {
		return bad("birth_date", "birth date %s is after arrival %s", s.BirthDate.Format(time.DateOnly), s.ArrivalDate.Format(time.DateOnly))
	}
	if s.AccommodationRef, p = text("accommodation_id", false); p != nil {
		return s, p
	}
	pt, has, p := parsePoint(get)
	if p != nil {
		return s, p
	}
	s.Point, s.HasPoint = pt, has
	if !has && s.AccommodationRef == "" {
		return bad("lat", "the stay has neither lat/lon nor accommodation_id")
	}
	if v := strings.TrimSpace(get("reported_at")); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return bad("reported_at", "%q is not an RFC 3339 time", truncate(v, 40))
		}
		s.ReportedAt = t
	}
	return s, nil
}

// parsePoint reads lat and lon; both empty means no point.
func parsePoint(get func(string) string) (orb.Point, bool, *FieldProblem) {
	ls, os := strings.TrimSpace(get("lat")), strings.TrimSpace(get("lon"))
	if ls == "" && os == "" {
		return orb.Point{}, false, nil
	}
	lat, err := ParseCoord(ls)
	if err != nil {
		return orb.Point{}, false, &FieldProblem{"lat", err.Error()}
	}
	lon, err := ParseCoord(os)
	if err != nil {
		return orb.Point{}, false, &FieldProblem{"lon", err.Error()}
	}
	if f, err := CheckLonLat(lon, lat); err != nil {
		return orb.Point{}, false, &FieldProblem{f, err.Error()}
	}
	return orb.Point{lon, lat}, true, nil
}

// textField reads one text field of a record: trimmed, at most MaxTextLen
// bytes, on one line; required fields may not be empty.
func textField(get func(string) string, f string, required bool) (string, *FieldProblem) {
	v := strings.TrimSpace(get(f))
	if v == "" && required {
		return "", &FieldProblem{f, "is required"}
	}
	if len(v) > MaxTextLen {
		return "", &FieldProblem{f, fmt.Sprintf("is longer than %d bytes", MaxTextLen)}
	}
	if strings.ContainsAny(v, "\x00\r\n") {
		return "", &FieldProblem{f, "contains control characters"}
	}
	return v, nil
}
