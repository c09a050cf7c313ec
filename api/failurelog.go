package api

import (
	"context"
	"net/http"
	"sync"
	"time"

	"pantau/api/httpx"
	"pantau/data"
)

// failureLog aggregates unauthenticated failures per client address: the
// first failure after a quiet window is written at once (with the failures
// counted, unwritten, before it), the others are only counted, and the
// failureFlush worker writes what is still counted once its window has
// passed, and everything at shutdown — so the rows of an address add up
// to every failure it had, one row per window at most.
type failureLog struct {
	mu     sync.Mutex
	window time.Duration // Config.FailureWindow
	m      map[string]*failureWin
}

type failureWin struct {
	since     time.Time // when the address's last row was written
	unwritten int       // failures counted since then
	method    string    // of the last failure counted
	path      string
	reason    string
}

// add counts one failure of addr at now. It reports whether to write a
// row now, and how many failures that row speaks for: this one plus those
// counted, unwritten, since the previous row.
func (f *failureLog) add(addr string, now time.Time) (int, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m == nil {
		f.m = map[string]*failureWin{}
	}
	w, ok := f.m[addr]
	if !ok && len(f.m) >= httpx.MaxBuckets {
		f.forget(now)
	}
	if !ok || now.Sub(w.since) >= f.window {
		n := 1
		if ok {
			n += w.unwritten
		}
		f.m[addr] = &failureWin{since: now}
		return n, true
	}
	w.unwritten++
	return 0, false
}

// note records what the last counted failure of addr was.
func (f *failureLog) note(addr string, r *http.Request, reason string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if w, ok := f.m[addr]; ok && w.unwritten > 0 {
		w.method, w.path, w.reason = r.Method, r.URL.Path, reason
	}
}

// forget drops the addresses whose window has passed with nothing counted.
func (f *failureLog) forget(now time.Time) {
	for k, v := range f.m {
		if v.unwritten == 0 && now.Sub(v.since) >= f.window {
			delete(f.m, k)
		}
	}
}

// pendingFailures is one address's counted, unwritten failures.
type pendingFailures struct {
	addr string
	failureWin
}

// due takes the unwritten failures of every address whose window has
// passed (all of them when all is set), starting a new window for each.
func (f *failureLog) due(now time.Time, all bool) []pendingFailures {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []pendingFailures
	for addr, w := range f.m {
		if w.unwritten > 0 && (all || now.Sub(w.since) >= f.window) {
			out = append(out, pendingFailures{addr, *w})
			*w = failureWin{since: now}
		}
	}
	f.forget(now)
	return out
}

// failureFlush writes the counted failures whose window has passed, every
// window, and all of them when ctx ends (graceful shutdown).
func (s *Server) failureFlush(ctx context.Context) {
	t := time.NewTicker(s.failures.window)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			s.writeFailures(context.WithoutCancel(ctx), s.failures.due(s.now(), true))
			return
		case <-t.C:
			s.writeFailures(ctx, s.failures.due(s.now(), false))
		}
	}
}

func (s *Server) writeFailures(ctx context.Context, ps []pendingFailures) {
	for _, p := range ps {
		s.writeAudit(ctx, failureEntry(p.addr, p.method, p.path, p.reason, p.unwritten, s.failures.window, ""))
	}
}

// failureEntry is an auth.credentials row: n failures of addr, the last
// (or first) of them a method on path refused for reason.
func failureEntry(addr, method, path, reason string, n int, window time.Duration, requestID string) data.AuditEntry {
	return data.AuditEntry{Action: "auth.credentials", Resource: path,
		Params:  map[string]any{"method": method, "reason": reason, "failures": n, "window_s": int(window.Seconds())},
		Outcome: "denied", ClientAddr: addr, RequestID: requestID}
}
