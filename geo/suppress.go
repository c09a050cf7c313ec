package geo

import "sort"

// Small-count suppression for roles that see aggregates only
// (Principal.SuppressesSmallCounts). A count from 1 to k−1 is never shown;
// zero and counts of k or more are. Where a total is shown beside the parts
// of one partition of it (a desa's stays by nationality; present = overstays
// + in_permit), hiding only the small parts would let total − shown parts
// reveal them, so SuppressPartition hides further parts until what is hidden
// adds up to k or more. Aggregates over areas or cells are built as sums of
// shown parts only (SumShown), so no difference of two answers isolates a
// hidden count. README "Small counts" states the whole rule.

// Suppress hides a count from 1 to k−1 when on: it returns nil and true.
func Suppress(n int64, k int, on bool) (*int64, bool) {
	if on && n > 0 && n < int64(k) {
		return nil, true
	}
	return &n, false
}

// SuppressPartition decides which parts of total (parts sum to total) may
// be shown when total itself is shown: parts from 1 to k−1 are hidden, and
// if what is hidden adds up to less than k, the smallest shown non-zero
// parts are hidden too until it reaches k or every non-zero part is hidden.
// With on false, or a hidden total (1..k−1), the answer is all shown / all
// hidden respectively.
func SuppressPartition(total int64, parts []int64, k int, on bool) []bool {
	show := make([]bool, len(parts))
	if !on {
		for i := range show {
			show[i] = true
		}
		return show
	}
	if total > 0 && total < int64(k) {
		return show // all hidden with the total
	}
	var hidden int64
	var order []int
	for i, n := range parts {
		switch {
		case n == 0:
			show[i] = true
		case n < int64(k):
			hidden += n
		default:
			show[i] = true
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return parts[order[a]] < parts[order[b]] })
	for _, i := range order {
		if hidden == 0 || hidden >= int64(k) {
			break
		}
		show[i] = false
		hidden += parts[i]
	}
	return show
}

// Shown returns n when show, else nil.
func Shown(n int64, show bool) *int64 {
	if !show {
		return nil
	}
	return &n
}
