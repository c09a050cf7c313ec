package httpx

import (
	"net/http/httptest"
	"testing"
	"time"

	"pantau/geo"
)

// Each reader returns its value or default, and the first refusal names
// its parameter.
func TestQuery(t *testing.T) {
	q := NewQuery(httptest.NewRequest("GET", "/?limit=50&after=7&on=yes&at=2026-12-04&f=geojson", nil), "limit", "after", "on", "at", "f", "none")
	limit, after, on := q.Int("limit", 100, 1, 1000), q.Int64("after", 0, 0, 1<<62), q.Bool("on")
	at, f, none := q.Time("at", true), q.OneOf("f", "json", "json", "geojson"), q.Float("none", 2.5, 0, 10)
	if err := q.Err(); err != nil {
		t.Fatal(err)
	}
	wantAt := time.Date(2026, 12, 5, 0, 0, 0, 0, geo.Jakarta)
	if limit != 50 || after != 7 || !on || !at.Equal(wantAt) || f != "geojson" || none != 2.5 {
		t.Errorf("got %d %d %v %v %s %v", limit, after, on, at, f, none)
	}
	cases := []struct{ url, field, reason string }{
		{"/?limit=0", "limit", "query.invalid_value"},
		{"/?limit=x&after=-1", "limit", "query.invalid_value"},
		{"/?after=-1", "after", "query.invalid_value"},
		{"/?on=maybe", "on", "query.invalid_value"},
		{"/?at=04-12-2026", "at", "query.invalid_value"},
		{"/?f=xml", "f", "query.invalid_value"},
		{"/?limt=5", "limt", "query.unknown_parameter"},
	}
	for _, c := range cases {
		q := NewQuery(httptest.NewRequest("GET", c.url, nil), "limit", "after", "on", "at", "f")
		q.Int("limit", 100, 1, 1000)
		q.Int64("after", 0, 0, 1<<62)
		q.Bool("on")
		q.Time("at", false)
		q.OneOf("f", "json", "json", "geojson")
		err := q.Err()
		var ge *geo.Error
		if !asGeo(err, &ge) || ge.Field != c.field || geo.ErrorReason(err) != c.reason || StatusOf(err) != 400 {
			t.Errorf("%s: %v, want field %s reason %s", c.url, err, c.field, c.reason)
		}
	}
}

func asGeo(err error, ge **geo.Error) bool {
	e, ok := err.(*geo.Error)
	*ge = e
	return ok
}
