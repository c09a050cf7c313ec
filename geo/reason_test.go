package geo

import (
	"errors"
	"fmt"
	"regexp"
	"testing"
)

// Every reason is dotted lower-case, declared once, and every code has a
// default reason, so every error names one.
func TestReasons(t *testing.T) {
	name := regexp.MustCompile(`^[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)*$`)
	seen := map[string]bool{}
	for _, r := range Reasons() {
		if !name.MatchString(r.Name) {
			t.Errorf("reason %q is not area.what_happened", r.Name)
		}
		if seen[r.Name] {
			t.Errorf("reason %q declared twice", r.Name)
		}
		seen[r.Name] = true
		if _, ok := defaultReason[r.Code]; !ok {
			t.Errorf("reason %q: code %q has no default reason", r.Name, r.Code)
		}
	}
	cases := []struct {
		err  error
		want string
	}{
		{nil, ""},
		{errors.New("boom"), "server.internal"},
		{Errorf(EINVALID, "x"), "request.invalid"},
		{Errorf("unheard_of", "x"), "server.internal"},
		{RPolygonTooManyVertices.FieldErrorf("coordinates", "x"), "polygon.too_many_vertices"},
		{fmt.Errorf("wrapped: %w", RAuthBadCredentials.Errorf("x")), "auth.bad_credentials"},
	}
	for _, c := range cases {
		if got := ErrorReason(c.err); got != c.want {
			t.Errorf("ErrorReason(%v) = %q, want %q", c.err, got, c.want)
		}
	}
	if e := RPolygonTooManyVertices.FieldErrorf("f", "at most %d", 3); e.Code != ETOOLARGE || e.Field != "f" || e.Message != "at most 3" {
		t.Errorf("FieldErrorf = %+v", e)
	}
}
