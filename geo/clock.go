package geo

import "time"

// Jakarta is Western Indonesia Time (WIB, UTC+7), the zone "today" and every
// "as of" date are interpreted in.
var Jakarta = time.FixedZone("WIB", 7*3600)

// Clock returns the current time; inject a fixed one in tests.
type Clock func() time.Time

// Today returns the calendar date in WIB at midnight UTC, the form dates are
// stored in.
func (c Clock) Today() time.Time {
	now := time.Now
	if c != nil {
		now = c
	}
	y, m, d := now().In(Jakarta).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
