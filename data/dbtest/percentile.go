package dbtest

import (
	"slices"
	"time"
)

// Percentile returns the p-quantile (0 ≤ p ≤ 1) of d, nearest rank; 0 for
// none.
func Percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

// MedianMs runs f n times and returns the median duration in milliseconds.
func MedianMs(n int, f func()) float64 {
	ds := make([]time.Duration, n)
	for i := range ds {
		t0 := time.Now()
		f()
		ds[i] = time.Since(t0)
	}
	return float64(Percentile(ds, 0.5).Microseconds()) / 1000
}
