package httpx

import "net/http"

// Handler is a handler that returns its failure instead of writing it:
// ServeHTTP answers a returned error as problem+json (WriteProblem), so a
// handler ends with `return err` and never writes an error itself. A
// handler that already began its answer must not return an error (Stream
// aborts the connection instead).
type Handler func(w http.ResponseWriter, r *http.Request) error

func (h Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h(w, r); err != nil {
		WriteProblem(w, r, err)
	}
}

// Func adapts h for routers that take an http.HandlerFunc (chi's r.Get …).
func Func(h Handler) http.HandlerFunc { return h.ServeHTTP }

// Middleware is the shape of a middleware that may refuse a request by
// returning an error before calling next (answered as problem+json).
func Middleware(check func(w http.ResponseWriter, r *http.Request) error) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := check(w, r); err != nil {
				WriteProblem(w, r, err)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
