package geo_test

import (
	"strings"
	"testing"

	"pantau/geo"
)

func TestPlaceQuery(t *testing.T) {
	cases := []struct{ in, want, err string }{
		{"  Cipanas ", "cipanas", ""},
		{"Villa\t  Pinus", "villa pinus", ""},
		{"ci", "ci", ""},
		{"c", "", "q must have 2 to 64 characters, not 1"},
		{"   ", "", "q must have 2 to 64 characters, not 0"},
		{strings.Repeat("é", 65), "", "not 65"},
		{"ab\x00c", "", "characters a name cannot have"},
		{"a\xffb", "", "characters a name cannot have"},
	}
	for _, c := range cases {
		got, err := geo.PlaceQuery(c.in)
		if got != c.want || (err == nil) != (c.err == "") || (err != nil && !strings.Contains(geo.ErrorMessage(err), c.err)) {
			t.Errorf("PlaceQuery(%q) = %q, %v; want %q, %q", c.in, got, err, c.want, c.err)
		}
	}
	if got := geo.LikePattern(`50%_a\b`); got != `50\%\_a\\b` {
		t.Errorf("LikePattern: %s", got)
	}
}
