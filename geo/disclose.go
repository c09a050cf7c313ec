package geo

// The disclosure rule for callers that see aggregates only: viewers, and
// officers for everything outside their area (docs/density.md "Small counts" states
// it with why it holds). Every count of people such a caller sees — in
// tiles, density JSON/GeoJSON/CSV and OGC items — is Disclose(n, k):
//
//   - 0 is shown as 0;
//   - 1 to k−1 is hidden (null, or the feature is dropped);
//   - k or more is rounded down to a multiple of k.
//
// So every count such a caller can read is a multiple of k, and so is every
// sum or difference of them: no combination of answers — a cluster minus
// its children at the next zoom, a kecamatan minus its desa, two windows a
// day apart, a filter minus its complement, two polygons — yields a count
// from 1 to k−1. Counts that mix what the caller may see exactly (an
// officer's own area) with what it may not are the exact part plus the
// disclosed rest (DiscloseMixed). The same arithmetic in SQL is
// pantau_disclose (migration 1100); TestDiscloseAgreesWithSQL holds the two
// together.

// Disclose returns the count a caller that sees aggregates only may see for
// n people: nil for 1..k−1, n − n mod k otherwise. With k ≤ 1 it is n.
func Disclose(n int64, k int) *int64 {
	if k > 1 && n > 0 {
		if n < int64(k) {
			return nil
		}
		n -= n % int64(k)
	}
	return &n
}

// DiscloseMixed is the count a caller sees of a unit of total people, of
// whom exact lie where it may count them exactly (an officer's own area):
// Disclose(total) when exact is 0, else exact + the disclosed rest, where a
// hidden rest (1..k−1) counts 0. What the caller knows exactly cancels out
// of any difference, and the rest is a multiple of k.
func DiscloseMixed(total, exact int64, k int) *int64 {
	if exact <= 0 {
		return Disclose(total, k)
	}
	n := exact
	if r := Disclose(total-exact, k); r != nil {
		n += *r
	}
	return &n
}
