package httpx

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"pantau/geo"
)

// Query reads a request's query parameters by type. Each reader returns
// the parameter's value (or its default when absent) and records the first
// refusal, which names the parameter; Err returns it. So a handler reads
// all it needs and checks once:
//
//	q := httpx.NewQuery(r, "limit", "after")
//	limit, after := q.Int("limit", 100, 1, 1000), q.Int64("after", 0, 0, math.MaxInt64)
//	if err := q.Err(); err != nil { return err }
type Query struct {
	Values url.Values
	err    error
}

// NewQuery reads r's query. With allowed names, any other parameter is
// the first refusal, so a typo ("nationalty=") is a 400 instead of a
// silently unfiltered answer.
func NewQuery(r *http.Request, allowed ...string) *Query {
	q := &Query{Values: r.URL.Query()}
	if len(allowed) > 0 {
		q.err = onlyParams(q.Values, allowed)
	}
	return q
}

// OnlyParams refuses query parameters of r other than allowed.
func OnlyParams(r *http.Request, allowed ...string) error {
	return onlyParams(r.URL.Query(), allowed)
}

func onlyParams(v url.Values, allowed []string) error {
	var unknown []string
	for k := range v {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return geo.RQueryUnknown.FieldErrorf(unknown[0], "unknown query parameter(s) %s; allowed: %s",
		strings.Join(unknown, ", "), strings.Join(allowed, ", "))
}

// Err is the first refusal, nil when every parameter read was valid.
func (q *Query) Err() error { return q.err }

// Fail records err as a refusal unless one came first (for checks a
// handler makes itself, such as "to is before from").
func (q *Query) Fail(err error) {
	if q.err == nil {
		q.err = err
	}
}

// Get is the parameter's first value, "" when absent.
func (q *Query) Get(name string) string { return q.Values.Get(name) }

// String is the parameter's value, def when absent or empty.
func (q *Query) String(name, def string) string {
	if v := q.Values.Get(name); v != "" {
		return v
	}
	return def
}

// OneOf is the parameter's value, def when absent or empty; a value not in
// allowed is refused.
func (q *Query) OneOf(name, def string, allowed ...string) string {
	v := q.String(name, def)
	if !slices.Contains(allowed, v) {
		q.Fail(geo.RQueryInvalid.FieldErrorf(name, "%s must be %s, not %q", name, orList(allowed), v))
		return def
	}
	return v
}

// Int is the parameter as a whole number from lo to hi, def when absent.
func (q *Query) Int(name string, def, lo, hi int) int {
	return int(q.Int64(name, int64(def), int64(lo), int64(hi)))
}

// Int64 is the parameter as a whole number from lo to hi, def when absent.
func (q *Query) Int64(name string, def, lo, hi int64) int64 {
	v := q.Values.Get(name)
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < lo || n > hi {
		q.Fail(geo.RQueryInvalid.FieldErrorf(name, "%s must be a whole number from %d to %d, not %q", name, lo, hi, v))
		return def
	}
	return n
}

// Float is the parameter as a number from lo to hi, def when absent.
func (q *Query) Float(name string, def, lo, hi float64) float64 {
	v := q.Values.Get(name)
	if v == "" {
		return def
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || !(x >= lo && x <= hi) {
		q.Fail(geo.RQueryInvalid.FieldErrorf(name, "%s must be a number from %g to %g, not %q", name, lo, hi, v))
		return def
	}
	return x
}

// Bool is the parameter as a boolean (geo.ParseBool), false when absent.
func (q *Query) Bool(name string) bool {
	v := q.Values.Get(name)
	if v == "" {
		return false
	}
	b, err := geo.ParseBool(v)
	if err != nil {
		q.Fail(geo.RQueryInvalid.FieldErrorf(name, "%s: %v", name, err))
	}
	return b
}

// Time is the parameter as an RFC 3339 time or a WIB date YYYY-MM-DD
// (its start, or with endOfDay the start of the next day); zero when
// absent.
func (q *Query) Time(name string, endOfDay bool) time.Time {
	v := q.Values.Get(name)
	if v == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	d, err := time.ParseInLocation("2006-01-02", v, geo.Jakarta)
	if err != nil {
		q.Fail(geo.RQueryInvalid.FieldErrorf(name, "%s must be an RFC 3339 time or a date YYYY-MM-DD (WIB), not %q", name, v))
		return time.Time{}
	}
	if endOfDay {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// PathID is the route parameter name as a positive integer id.
func PathID(r *http.Request, name string) (int64, error) {
	v := chi.URLParam(r, name)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, geo.RPathInvalid.FieldErrorf(name, "%s must be a positive integer id, not %q", name, v)
	}
	return id, nil
}

// orList writes "a, b or c".
func orList(all []string) string {
	var s []string
	for _, v := range all {
		if v != "" {
			s = append(s, v)
		}
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}
