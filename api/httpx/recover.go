package httpx

import (
	"fmt"
	"net/http"
	"runtime/debug"
)

// Recover turns a panic in a handler into a logged 500 problem;
// http.ErrAbortHandler (a stream aborting its connection) passes on.
func Recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				Log(r.Context()).ErrorContext(r.Context(), "panic", "value", fmt.Sprint(v), "stack", string(debug.Stack()))
				WriteProblem(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
