package httpx

import (
	"context"
	"net/http"
	"time"
)

// Timeout bounds a request's context; database calls made with r.Context()
// are cancelled when it ends. Streaming routes are mounted without it.
func Timeout(d time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}
