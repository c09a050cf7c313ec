package httpx

import (
	"bufio"
	"encoding/json"
	"net/http"
)

// Stream writes a large response item by item as the rows arrive from
// PostgreSQL, through a 32 KiB buffer, instead of building it in memory.
// Nothing is sent before the first item (or End), so an error that comes
// before any row still becomes a problem+json; an error after rows went out
// aborts the connection, so a client never takes a cut-off body for a whole
// one.
type Stream struct {
	w           http.ResponseWriter
	r           *http.Request
	contentType string
	prefix      string // written before the first item
	sep         string // between items
	suffix      string // after the last item
	bw          *bufio.Writer
	enc         *json.Encoder
	items       int
	started     bool
}

// NewStream prepares a response of contentType: prefix, then the items
// separated by sep, then suffix.
func NewStream(w http.ResponseWriter, r *http.Request, contentType, prefix, sep, suffix string) *Stream {
	return &Stream{w: w, r: r, contentType: contentType, prefix: prefix, sep: sep, suffix: suffix}
}

func (st *Stream) start() {
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

func (st *Stream) next() {
	st.start()
	if st.items > 0 {
		st.bw.WriteString(st.sep)
	}
	st.items++
}

// JSON writes v as the next item.
func (st *Stream) JSON(v any) error {
	st.next()
	return st.enc.Encode(v)
}

// Raw writes b as the next item.
func (st *Stream) Raw(b []byte) error {
	st.next()
	_, err := st.bw.Write(b)
	return err
}

// Writer gives direct access (for csv.Writer); it starts the response.
func (st *Stream) Writer() *bufio.Writer {
	st.start()
	return st.bw
}

// End finishes the response, or reports err: it returns err for the
// handler to answer as problem+json when nothing was sent yet, and aborts
// the connection otherwise.
func (st *Stream) End(err error) error {
	if err != nil {
		if !st.started {
			return err
		}
		Log(st.r.Context()).WarnContext(st.r.Context(), "stream aborted", "err", err, "items", st.items, "request_id", RequestIDFrom(st.r.Context()))
		st.bw.Flush()
		panic(http.ErrAbortHandler)
	}
	st.start()
	st.bw.WriteString(st.suffix)
	return st.bw.Flush()
}

// JSONString quotes v as a JSON string (or any JSON value).
func JSONString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Counted counts one item written through Writer (for the abort log).
func (st *Stream) Counted() { st.items++ }

// Items is the number of items written so far.
func (st *Stream) Items() int { return st.items }

// SetSuffix replaces what End writes after the last item (a tail that
// depends on the items, such as counts).
func (st *Stream) SetSuffix(s string) { st.suffix = s }
