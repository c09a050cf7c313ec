package geo

import "testing"

func TestDisclose(t *testing.T) {
	show := func(n int64) *int64 { return &n }
	cases := []struct {
		n    int64
		k    int
		want *int64
	}{
		{0, 5, show(0)}, {1, 5, nil}, {4, 5, nil}, {5, 5, show(5)}, {9, 5, show(5)}, {10, 5, show(10)},
		{14, 5, show(10)}, {1003, 5, show(1000)}, {2, 3, nil}, {7, 3, show(6)}, {1, 1, show(1)}, {3, 0, show(3)},
	}
	for _, c := range cases {
		got := Disclose(c.n, c.k)
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("Disclose(%d, %d) = %v, want %v", c.n, c.k, deref(got), deref(c.want))
		}
	}
	for _, c := range []struct {
		total, exact int64
		want         *int64
	}{{7, 3, show(3)}, {15, 3, show(13)}, {3, 0, nil}, {12, 0, show(10)}, {3, 3, show(3)}} {
		got := DiscloseMixed(c.total, c.exact, 5)
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("DiscloseMixed(%d, %d) = %v, want %v (a hidden rest counts 0)", c.total, c.exact, deref(got), deref(c.want))
		}
	}
}

// TestDisclosedDifferences: for every split of n people into two parts a+b,
// the disclosed whole minus the disclosed parts (hidden = 0) is a multiple
// of k — the property the rule rests on.
func TestDisclosedDifferences(t *testing.T) {
	const k = 5
	val := func(n int64) int64 {
		if d := Disclose(n, k); d != nil {
			return *d
		}
		return 0
	}
	for n := int64(0); n < 200; n++ {
		for a := int64(0); a <= n; a++ {
			if d := val(n) - val(a) - val(n-a); d%k != 0 {
				t.Fatalf("n=%d a=%d: difference %d", n, a, d)
			}
		}
	}
}

func deref(p *int64) any {
	if p == nil {
		return "nil"
	}
	return *p
}
