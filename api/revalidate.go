package api

import (
	"net/http"
	"strconv"
)

// revalidated gives a GET answer that changes rarely (the boundaries) a
// strong ETag made from its body and answers 304 Not Modified when the
// client already holds it (If-None-Match): on a weak signal a reload then
// costs a round trip, not the kabupaten outline again. The answer is held
// in memory until complete (heldWriter), so only routes with bounded
// answers use it.
func revalidated(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			next.ServeHTTP(w, r)
			return
		}
		hw := newHeldWriter(w, func() bool { return true })
		next.ServeHTTP(hw, r)
		if hw.Status() != http.StatusOK && hw.Status() != 0 {
			hw.release()
			return
		}
		etag := etagOf(hw.body.Bytes())
		h := w.Header()
		copyHeader(h, hw.header)
		h.Set("ETag", etag)
		if h.Get("Cache-Control") == "" {
			h.Set("Cache-Control", "private, no-cache")
		}
		if etagMatch(r.Header.Get("If-None-Match"), etag) {
			h.Del("Content-Length")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Length", strconv.Itoa(hw.body.Len()))
		w.WriteHeader(http.StatusOK)
		w.Write(hw.body.Bytes())
	})
}
