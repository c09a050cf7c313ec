package geo_test

import (
	"errors"
	"net/url"
	"slices"
	"testing"
	"time"

	"pantau/geo"
)

// FuzzParseFilter feeds raw query strings to ParseFilter. It must never
// panic; an error must be an EINVALID naming one of the filter parameters;
// a filter must be well-formed (from ≤ to within MaxWindow, sorted
// de-duplicated known values) and survive a round trip through its Key.
// Corpus: testdata/fuzz/FuzzParseFilter.
func FuzzParseFilter(f *testing.F) {
	for _, q := range []string{
		"", "at=2026-06-01", "from=2026-06-01&to=2026-06-30", "nationality=AUS,nld&permit=voa,itas&status=overstay",
		"at=2026-06-01&from=2026-06-01", "from=2026-06-02&to=2026-06-01", "nationality=%00%ff", "status=present,,in_permit",
		"at=1899-12-31", "at=2200-12-31", "permit=VOA&permit=voa", "from=2023-01-01&to=2026-01-02",
	} {
		f.Add(q)
	}
	clock := geo.Clock(func() time.Time { return time.Date(2026, 11, 28, 20, 0, 0, 0, time.UTC) })
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		flt, err := geo.ParseFilter(q, clock)
		if err != nil {
			if geo.ErrorCode(err) != geo.EINVALID {
				t.Fatalf("%q: error code %s", raw, geo.ErrorCode(err))
			}
			var ge *geo.Error
			if !errors.As(err, &ge) || !slices.Contains(geo.FilterParams, ge.Field) {
				t.Fatalf("%q: error names field %q", raw, ge.Field)
			}
			return
		}
		if flt.To.Before(flt.From) || flt.To.Sub(flt.From) > geo.MaxWindow {
			t.Fatalf("%q: window %v..%v", raw, flt.From, flt.To)
		}
		for name, vals := range map[string][]string{"nationality": flt.Nationality, "permit": flt.Permit, "status": flt.Status} {
			if !slices.IsSorted(vals) || len(slices.Compact(slices.Clone(vals))) != len(vals) {
				t.Fatalf("%q: %s %v not sorted and unique", raw, name, vals)
			}
		}
		for _, p := range flt.Permit {
			if !slices.Contains(geo.PermitTypes, p) {
				t.Fatalf("%q: unknown permit %q accepted", raw, p)
			}
		}
		// The canonical form parses back to the same filter.
		again := url.Values{"from": {flt.From.Format("2006-01-02")}, "to": {flt.To.Format("2006-01-02")}}
		for name, vals := range map[string][]string{"nationality": flt.Nationality, "permit": flt.Permit, "status": flt.Status} {
			for _, v := range vals {
				again.Add(name, v)
			}
		}
		flt2, err := geo.ParseFilter(again, clock)
		if err != nil || flt2.Key() != flt.Key() {
			t.Fatalf("%q: round trip %q → %v / %q", raw, flt.Key(), err, flt2.Key())
		}
		if len(flt.SQLArgs()) != 5 {
			t.Fatal("SQLArgs")
		}
	})
}
