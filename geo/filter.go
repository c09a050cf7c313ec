package geo

import (
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
)

// Stay statuses a filter can select, as of the filter's date or window.
const (
	StatusPresent  = "present"   // staying on the date (or during the window)
	StatusOverstay = "overstay"  // present while the permit has expired
	StatusInPermit = "in_permit" // present with a valid or open-ended permit
)

// PermitTypes lists the permit codes of the permit_types table.
var PermitTypes = []string{"visa_free", "voa", "visit_visa", "itas", "itap", "diplomatic", "other"}

// Filter selects stays for tiles and density queries. Dates are calendar
// days in WIB. A stay is present on day d when arrival_date <= d and
// (departure_date is null or departure_date >= d): the day of departure
// counts. With From/To, a stay counts when it is present on any day of the
// window (both ends included); At is then the window's last day, the date
// overstays are judged on.
type Filter struct {
	From, To    time.Time // equal for a single "as of" date
	Nationality []string  // ISO 3166-1 alpha-3; empty: all
	Permit      []string  // permit type codes; empty: all
	Status      []string  // StatusPresent (default), StatusOverstay, StatusInPermit
}

// MaxWindow bounds a from/to window.
const MaxWindow = 3 * 366 * 24 * time.Hour

// FilterParams are the query parameters ParseFilter reads.
var FilterParams = []string{"at", "from", "to", "nationality", "permit", "status"}

// ParseFilter reads at, or from and to (YYYY-MM-DD), and comma-separated
// nationality, permit and status lists from q. With neither at nor from/to
// the filter is "as of today" by clock. Unknown values are EINVALID naming
// the parameter; other parameters are ignored (callers reject unknown ones).
func ParseFilter(q url.Values, clock Clock) (Filter, error) {
	var f Filter
	date := func(name string) (time.Time, error) {
		v := q.Get(name)
		t, err := time.Parse("2006-01-02", v)
		if err != nil {
			return t, RFilterBadDate.FieldErrorf(name, "%s must be a date YYYY-MM-DD, not %q", name, v)
		}
		if t.Year() < 1900 || t.Year() > 2200 {
			return t, RFilterBadDate.FieldErrorf(name, "%s %q is out of range", name, v)
		}
		return t, nil
	}
	switch at, from, to := q.Has("at"), q.Has("from"), q.Has("to"); {
	case at && (from || to):
		return f, RFilterBadWindow.FieldErrorf("at", "give either at or from/to, not both")
	case at:
		d, err := date("at")
		if err != nil {
			return f, err
		}
		f.From, f.To = d, d
	case from || to:
		if !from || !to {
			return f, RFilterBadWindow.FieldErrorf("from", "from and to go together")
		}
		var err error
		if f.From, err = date("from"); err != nil {
			return f, err
		}
		if f.To, err = date("to"); err != nil {
			return f, err
		}
		if f.To.Before(f.From) {
			return f, RFilterBadWindow.FieldErrorf("to", "to (%s) is before from (%s)", q.Get("to"), q.Get("from"))
		}
		if f.To.Sub(f.From) > MaxWindow {
			return f, RFilterBadWindow.FieldErrorf("to", "the window may span at most 3 years")
		}
	default:
		f.From = clock.Today()
		f.To = f.From
	}
	var err error
	if f.Nationality, err = list(q, "nationality", 300, func(s string) (string, bool) {
		s = strings.ToUpper(s)
		return s, len(s) == 3 && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
	}); err != nil {
		return f, err
	}
	if f.Permit, err = list(q, "permit", len(PermitTypes), func(s string) (string, bool) {
		s = strings.ToLower(s)
		return s, slices.Contains(PermitTypes, s)
	}); err != nil {
		return f, err
	}
	if f.Status, err = list(q, "status", 3, func(s string) (string, bool) {
		s = strings.ToLower(s)
		return s, s == StatusPresent || s == StatusOverstay || s == StatusInPermit
	}); err != nil {
		return f, err
	}
	return f, nil
}

func list(q url.Values, name string, max int, norm func(string) (string, bool)) ([]string, error) {
	if !q.Has(name) {
		return nil, nil
	}
	var out []string
	for _, v := range q[name] {
		for _, s := range strings.Split(v, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			n, ok := norm(s)
			if !ok {
				return nil, RFilterBadValue.FieldErrorf(name, "%s: unknown value %q", name, s)
			}
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	if len(out) > max {
		return nil, RFilterBadValue.FieldErrorf(name, "%s: at most %d values", name, max)
	}
	sort.Strings(out)
	return out, nil
}

// At is the date overstays are judged on: the window's last day.
func (f Filter) At() time.Time { return f.To }

// Key is a canonical string of the filter, for cache keys.
func (f Filter) Key() string {
	return f.From.Format("2006-01-02") + "/" + f.To.Format("2006-01-02") + "/" +
		strings.Join(f.Nationality, ",") + "/" + strings.Join(f.Permit, ",") + "/" + strings.Join(f.Status, ",")
}

// SQLArgs returns the filter as the five parameters of the SQL functions
// pantau_stays_matching and pantau_area_figures: from, to, nationality[],
// permit[], status[] (empty arrays mean "all").
func (f Filter) SQLArgs() []any {
	nz := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	return []any{f.From, f.To, nz(f.Nationality), nz(f.Permit), nz(f.Status)}
}
