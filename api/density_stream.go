package api

import (
	"bufio"
	"encoding/json"
	"net/http"
)

// stream writes a large response item by item as the rows arrive from
// PostgreSQL, through a 32 KiB buffer, instead of building it in memory.
// Nothing is sent before the first item (or end), so an error that comes
// before any row still becomes a problem+json; an error after rows went out
// aborts the connection, so a client never takes a cut-off body for a whole
// one.
type stream struct {
	w           http.ResponseWriter
	r           *http.Request
	s           *Server
	contentType string
	prefix      string // written before the first item
	sep         string // between items
	suffix      string // after the last item
	bw          *bufio.Writer
	enc         *json.Encoder
	items       int
	started     bool
}

func (s *Server) newStream(w http.ResponseWriter, r *http.Request, contentType, prefix, sep, suffix string) *stream {
	return &stream{w: w, r: r, s: s, contentType: contentType, prefix: prefix, sep: sep, suffix: suffix}
}

func (st *stream) start() {
	if st.started {
		return
	}
	st.started = true
	st.w.Header().Set("Content-Type", st.contentType)
	st.w.Header().Set("Cache-Control", "private, no-store")
	st.w.WriteHeader(http.StatusOK)
	st.bw = bufio.NewWriterSize(st.w, 32<<10)
	st.enc = json.NewEncoder(st.bw)
	st.enc.SetEscapeHTML(false)
	st.bw.WriteString(st.prefix)
}

// json writes v as the next item.
func (st *stream) json(v any) error {
	st.start()
	if st.items > 0 {
		st.bw.WriteString(st.sep)
	}
	st.items++
	return st.enc.Encode(v)
}

// raw writes b as the next item.
func (st *stream) raw(b []byte) error {
	st.start()
	if st.items > 0 {
		st.bw.WriteString(st.sep)
	}
	st.items++
	_, err := st.bw.Write(b)
	return err
}

// writer gives direct access (for csv.Writer); it starts the response.
func (st *stream) writer() *bufio.Writer {
	st.start()
	return st.bw
}

// end finishes the response, or reports err: as problem+json when nothing
// was sent yet, by aborting the connection otherwise.
func (st *stream) end(err error) {
	if err != nil {
		if !st.started {
			writeError(st.w, st.r, st.s.log, err)
			return
		}
		st.s.log.WarnContext(st.r.Context(), "stream aborted", "err", err, "items", st.items, "request_id", RequestIDFrom(st.r.Context()))
		st.bw.Flush()
		panic(http.ErrAbortHandler)
	}
	st.start()
	st.bw.WriteString(st.suffix)
	st.bw.Flush()
}

// jsonString quotes s as a JSON string.
func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
