package api

import (
	"bytes"
	"net/http"
)

// heldWriter holds back the response of a request that the audit log must
// record, so that nothing reaches the caller unless its audit row was
// written (the audit log fails closed). Whether a response is held is
// decided when the handler first writes: it is held when hold() says so
// then (a marked route or handler, or a change); anything else passes
// straight through, streams included. Headers set by the handler stay in
// the writer's own map until the response is released, so a held answer
// that is withdrawn takes its cookies and headers with it.
type heldWriter struct {
	w       http.ResponseWriter
	hold    func() bool
	header  http.Header
	decided bool
	held    bool
	status  int
	body    bytes.Buffer
}

func newHeldWriter(w http.ResponseWriter, hold func() bool) *heldWriter {
	return &heldWriter{w: w, hold: hold, header: http.Header{}}
}

func (h *heldWriter) Header() http.Header {
	if h.decided && !h.held {
		return h.w.Header()
	}
	return h.header
}

// decide fixes, at the first write, whether the response is held.
func (h *heldWriter) decide() {
	if h.decided {
		return
	}
	h.decided, h.held = true, h.hold()
	if !h.held {
		copyHeader(h.w.Header(), h.header)
	}
}

func (h *heldWriter) WriteHeader(status int) {
	h.decide()
	if h.status != 0 {
		return
	}
	h.status = status
	if !h.held {
		h.w.WriteHeader(status)
	}
}

func (h *heldWriter) Write(b []byte) (int, error) {
	if h.status == 0 {
		h.WriteHeader(http.StatusOK)
	}
	if h.held {
		return h.body.Write(b)
	}
	return h.w.Write(b)
}

// Flush sends what was written so far, unless the response is held.
func (h *heldWriter) Flush() {
	h.decide()
	if f, ok := h.w.(http.Flusher); ok && !h.held {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection (deadlines).
func (h *heldWriter) Unwrap() http.ResponseWriter { return h.w }

// Status is the status the handler answered (200 when it only wrote a
// body, 0 when it wrote nothing).
func (h *heldWriter) Status() int { return h.status }

// Held reports whether the response is being held back.
func (h *heldWriter) Held() bool { h.decide(); return h.held }

// release sends a held response as the handler wrote it.
func (h *heldWriter) release() {
	copyHeader(h.w.Header(), h.header)
	h.w.WriteHeader(max(h.status, http.StatusOK))
	h.w.Write(h.body.Bytes())
}

func copyHeader(dst, src http.Header) {
	for k, v := range src {
		dst[k] = v
	}
}
