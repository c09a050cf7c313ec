package httpx

import (
	"context"
	"log/slog"
	"net/http"
)

type logKey struct{}

// WithLogger puts log in every request's context, where Log finds it.
func WithLogger(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), logKey{}, log)))
		})
	}
}

// Log is the request's logger (WithLogger), slog.Default() outside one.
func Log(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(logKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}
