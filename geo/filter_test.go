package geo_test

import (
	"net/url"
	"testing"
	"time"

	"pantau/geo"
)

func TestParseFilter(t *testing.T) {
	clock := geo.Clock(func() time.Time { return time.Date(2026, 11, 28, 20, 0, 0, 0, time.UTC) }) // 03:00 WIB on the 29th
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	cases := []struct {
		query     string
		from, to  string
		nat, perm int
		wantErr   bool
		errField  string
	}{
		{query: "", from: "2026-11-29", to: "2026-11-29"},
		{query: "at=2026-06-01", from: "2026-06-01", to: "2026-06-01"},
		{query: "from=2026-06-01&to=2026-06-30&nationality=sau,ARE&permit=voa", from: "2026-06-01", to: "2026-06-30", nat: 2, perm: 1},
		{query: "nationality=SAU&nationality=SAU", from: "2026-11-29", to: "2026-11-29", nat: 1},
		{query: "at=2026-13-01", wantErr: true, errField: "at"},
		{query: "at=2026-06-01&from=2026-06-01&to=2026-06-02", wantErr: true, errField: "at"},
		{query: "from=2026-06-01", wantErr: true, errField: "from"},
		{query: "from=2026-06-02&to=2026-06-01", wantErr: true, errField: "to"},
		{query: "from=2020-01-01&to=2026-01-01", wantErr: true, errField: "to"},
		{query: "nationality=SA", wantErr: true, errField: "nationality"},
		{query: "permit=golden", wantErr: true, errField: "permit"},
		{query: "status=asleep", wantErr: true, errField: "status"},
		{query: "at=1800-01-01", wantErr: true, errField: "at"},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			q, err := url.ParseQuery(c.query)
			if err != nil {
				t.Fatal(err)
			}
			f, err := geo.ParseFilter(q, clock)
			if c.wantErr {
				var ge *geo.Error
				if err == nil || geo.ErrorCode(err) != geo.EINVALID {
					t.Fatalf("want EINVALID, got %v", err)
				}
				if ok := asError(err, &ge); !ok || ge.Field != c.errField {
					t.Fatalf("field %q, want %q", ge.Field, c.errField)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !f.From.Equal(day(c.from)) || !f.To.Equal(day(c.to)) {
				t.Fatalf("window %v–%v, want %s–%s", f.From, f.To, c.from, c.to)
			}
			if len(f.Nationality) != c.nat || len(f.Permit) != c.perm {
				t.Fatalf("lists %v %v", f.Nationality, f.Permit)
			}
			if len(f.SQLArgs()) != 5 {
				t.Fatal("SQLArgs must give five parameters")
			}
		})
	}
}

func asError(err error, target **geo.Error) bool {
	e, ok := err.(*geo.Error)
	*target = e
	return ok
}

func TestFilterKeyIsCanonical(t *testing.T) {
	a, errA := geo.ParseFilter(url.Values{"at": {"2026-06-01"}, "nationality": {"SAU,ARE"}}, nil)
	b, errB := geo.ParseFilter(url.Values{"at": {"2026-06-01"}, "nationality": {"are", "sau"}}, nil)
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if a.Key() != b.Key() {
		t.Fatalf("%q != %q", a.Key(), b.Key())
	}
}
