package api

import (
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"pantau/geo"
)

// rateLimiter is a token bucket per caller: a user (cookie session or a
// user's token), a machine token, or for anonymous callers the client
// address. Each bucket holds up to burst requests and refills at rate per
// second; an empty bucket answers 429 with Retry-After in whole seconds.
// Buckets live in memory, so with several replicas each enforces its own.
// A nil *rateLimiter admits everything. Time is the server's clock.
type rateLimiter struct {
	rate  float64
	burst float64
	mu    sync.Mutex
	b     map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxBuckets bounds memory: when exceeded, full (idle) buckets are dropped.
const maxBuckets = 100_000

func newRateLimiter(rate float64, burst int) *rateLimiter {
	return &rateLimiter{rate: rate, burst: float64(burst), b: map[string]*bucket{}}
}

// allow takes one token from key's bucket at time now, or returns
// ERATELIMIT after setting Retry-After on w.
func (l *rateLimiter) allow(w http.ResponseWriter, key string, now time.Time) error {
	if l == nil || l.rate <= 0 {
		return nil // no limit configured
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.b[key]
	if !ok {
		if len(l.b) >= maxBuckets {
			l.sweep(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.b[key] = b
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(l.burst, b.tokens+el*l.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return nil
	}
	wait := int(math.Ceil((1 - b.tokens) / l.rate))
	if wait < 1 {
		wait = 1
	}
	w.Header().Set("Retry-After", strconv.Itoa(wait))
	return geo.Errorf(geo.ERATELIMIT, "Too many requests; retry in %d s.", wait)
}

// sweep drops buckets that have refilled completely (their callers are
// idle); called with mu held.
func (l *rateLimiter) sweep(now time.Time) {
	for k, b := range l.b {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.b, k)
		}
	}
}

// rateKey names the bucket of a request's caller.
func rateKey(r *http.Request, p *geo.Principal, trustProxy bool) string {
	switch {
	case p == nil:
		return "addr:" + clientAddr(r, trustProxy)
	case p.UserID != 0:
		return fmt.Sprintf("user:%d", p.UserID)
	default:
		return fmt.Sprintf("token:%d", p.TokenID)
	}
}

// clientAddr is the caller's IP address: the connection's peer, or behind
// a trusted proxy the first address of X-Forwarded-For.
func clientAddr(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			first, _, _ := strings.Cut(xff, ",")
			if ip := net.ParseIP(strings.TrimSpace(first)); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
