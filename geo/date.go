package geo

import (
	"fmt"
	"strings"
	"time"
)

// ParseDate parses a calendar date YYYY-MM-DD (stored as midnight UTC).
// Years outside 1900–2200 are refused as typos.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return t, fmt.Errorf("%q is not a date YYYY-MM-DD", truncate(s, 40))
	}
	if t.Year() < 1900 || t.Year() > 2200 {
		return t, fmt.Errorf("%q is out of range (years 1900–2200)", s)
	}
	return t, nil
}
