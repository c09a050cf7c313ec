package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"time"

	"pantau/geo"
)

// Uploads (the bodies of /api/v1/imports) are read under two rules.
//
// A deadline per chunk: every read of the body must bring data within
// Config.UploadStallTimeout, else the upload fails with 408 "upload
// stalled", its import's transaction rolls back and the connection is
// closed. Once the body has ended the deadline is lifted, so a long import
// after the last byte is not cut (the server's background read would
// otherwise cancel it).
//
// A refusal is delivered: before any answer of 400 or more (from the
// handler, authentication or a limit), and before the handler's answer,
// what is left of the body is read and discarded, up to Config.DrainBytes,
// so a client still sending gets the problem naming why instead of a
// connection reset. A body declared longer than that is answered with
// Connection: close and may be cut.

// uploadKey holds an upload's state: the request body as the server read
// it, below the size cap, so a refused upload can be read to its end, and
// whether that was done.
type uploadKey struct{}

type uploadState struct {
	raw     io.Reader
	drained bool
}

// asUpload marks r as an upload: whatever answers it with a status of 400
// or more — the handler, authentication, a limit — drains the body first
// (drainingWriter).
func (s *Server) asUpload(w http.ResponseWriter, r *http.Request) (http.ResponseWriter, *http.Request) {
	r = r.WithContext(context.WithValue(r.Context(), uploadKey{}, &uploadState{raw: r.Body}))
	return &drainingWriter{ResponseWriter: w, r: r, max: s.cfg.DrainBytes, stall: s.cfg.UploadStallTimeout}, r
}

// drainingWriter drains the upload before it writes an error status.
type drainingWriter struct {
	http.ResponseWriter
	r     *http.Request
	max   int64
	stall time.Duration
}

func (d *drainingWriter) WriteHeader(status int) {
	if status >= 400 {
		drainUpload(d.ResponseWriter, d.r, d.max, d.stall)
	}
	d.ResponseWriter.WriteHeader(status)
}

// Unwrap lets http.ResponseController reach the connection.
func (d *drainingWriter) Unwrap() http.ResponseWriter { return d.ResponseWriter }

// stallReader reads a body with a deadline per read.
// Once it has seen a stall, the request's context is cancelled too (the
// server does that on a failed read), so whatever error the import then
// returns, the answer is the stall (err).
type stallReader struct {
	r   io.Reader
	rc  *http.ResponseController
	d   time.Duration
	err error
}

func newStallReader(w http.ResponseWriter, r io.Reader, d time.Duration) *stallReader {
	return &stallReader{r: r, rc: http.NewResponseController(w), d: d}
}

func (s *stallReader) Read(p []byte) (int, error) {
	s.rc.SetReadDeadline(time.Now().Add(s.d)) // unsupported (not a connection): no deadline
	n, err := s.r.Read(p)
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		s.err = geo.RUploadStalled.Errorf("The upload stalled: no data arrived for %s; nothing was imported.", s.d)
		return n, s.err
	case err == io.EOF:
		s.rc.SetReadDeadline(time.Time{})
	}
	return n, err
}

// drainUpload reads and discards the rest of r's body (up to max bytes,
// with the per-chunk deadline) so the answer reaches a client that is
// still sending; if the body does not end there, the connection is closed
// after the answer. It drains once per request.
func drainUpload(w http.ResponseWriter, r *http.Request, max int64, stall time.Duration) {
	st, ok := r.Context().Value(uploadKey{}).(*uploadState)
	if !ok || st.drained || st.raw == nil || st.raw == http.NoBody {
		return
	}
	st.drained = true
	if r.ContentLength > max {
		w.Header().Set("Connection", "close")
		return
	}
	n, err := io.Copy(io.Discard, io.LimitReader(newStallReader(w, st.raw, stall), max+1))
	if err != nil || n > max {
		w.Header().Set("Connection", "close")
	}
}
