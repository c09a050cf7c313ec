package httpx

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"pantau/geo"
)

// RateLimiter is a token bucket per key (the caller picks the key: a user,
// a token, a client address). Each bucket holds up to burst requests and refills at rate per
// second; an empty bucket answers 429 with Retry-After in whole seconds.
// Buckets live in memory, so with several replicas each enforces its own.
// A nil *RateLimiter admits everything. Time is the server's clock.
type RateLimiter struct {
	rate  float64
	burst float64
	mu    sync.Mutex
	b     map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// MaxBuckets bounds memory (per limiter): when exceeded, full (idle) buckets are dropped.
const MaxBuckets = 100_000

// NewRateLimiter refills rate tokens per second into buckets of burst.
func NewRateLimiter(rate float64, burst int) *RateLimiter {
	return &RateLimiter{rate: rate, burst: float64(burst), b: map[string]*bucket{}}
}

// Allow takes one token from key's bucket at time now, or returns
// ERATELIMIT after setting Retry-After on w.
func (l *RateLimiter) Allow(w http.ResponseWriter, key string, now time.Time) error {
	if l == nil || l.rate <= 0 {
		return nil // no limit configured
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.b[key]
	if !ok {
		if len(l.b) >= MaxBuckets {
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
	return geo.RRateLimited.Errorf("Too many requests; retry in %d s.", wait)
}

// sweep drops buckets that have refilled completely (their callers are
// idle); called with mu held.
func (l *RateLimiter) sweep(now time.Time) {
	for k, b := range l.b {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.b, k)
		}
	}
}

// ClientAddr is the caller's IP address: the connection's peer, or behind
// a trusted proxy the first address of X-Forwarded-For.
func ClientAddr(r *http.Request, trustProxy bool) string {
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
