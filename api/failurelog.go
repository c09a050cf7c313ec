package api

import (
	"sync"
	"time"
)

// failureWindow is how often, at most, one client address's failed
// credentials are written to the audit log.
const failureWindow = time.Minute

// failureLog aggregates failed credentials per client address: the first
// failure of a window is written (with the count of the failures since the
// address's previous row), the others are only counted.
type failureLog struct {
	mu sync.Mutex
	m  map[string]*failureWin
}

type failureWin struct {
	since time.Time // start of the window whose row was written
	count int       // failures since that row, itself included
}

// add counts one failure of addr at now. It reports whether to write a
// row, and with how many failures it speaks for: this one plus those
// counted, unwritten, since the previous row.
func (f *failureLog) add(addr string, now time.Time) (int, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m == nil {
		f.m = map[string]*failureWin{}
	}
	w, ok := f.m[addr]
	if !ok {
		if len(f.m) >= maxBuckets {
			for k, v := range f.m {
				if now.Sub(v.since) >= failureWindow {
					delete(f.m, k)
				}
			}
		}
		f.m[addr] = &failureWin{since: now, count: 1}
		return 1, true
	}
	if now.Sub(w.since) < failureWindow {
		w.count++
		return 0, false
	}
	n := w.count // the count−1 failures counted since the row, plus this one
	*w = failureWin{since: now, count: 1}
	return n, true
}
