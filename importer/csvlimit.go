package importer

import (
	"fmt"
	"io"

	"pantau/geo"
)

// MaxCSVRecord bounds one CSV record (bytes, with its line end; a quoted
// field may span lines). The CSV reader holds at most one record, so with
// this bound an upload's memory does not grow with its line length or field
// count: a 50 MB line of commas is refused after 64 KiB.
const MaxCSVRecord = 64 << 10

// recordLimiter passes a CSV stream through, failing once a record grows
// past max bytes. It tracks RFC 4180 quoting (a newline inside quotes does
// not end the record), so it needs no parse of its own; a stray quote only
// makes a record look longer, never shorter.
type recordLimiter struct {
	r      io.Reader
	file   string
	max    int
	quoted bool
	cur    int // bytes of the current record so far
	line   int // line the current record starts on (1-based)
	lines  int // line ends seen
	err    error
}

func newRecordLimiter(file string, r io.Reader) *recordLimiter {
	return &recordLimiter{r: r, file: file, max: MaxCSVRecord, line: 1}
}

func (l *recordLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i, b := range p[:n] {
		l.cur++
		switch {
		case b == '"':
			l.quoted = !l.quoted
		case b == '\n':
			l.lines++
			if !l.quoted {
				l.cur, l.line = 0, l.lines+1
			}
		}
		if l.cur > l.max {
			l.err = geo.RImportMalformed.FieldErrorf(fmt.Sprintf("line %d", l.line),
				"%s: line %d: the record is longer than %d bytes (the limit per CSV record; is the file CSV, and is the separator right?)", l.file, l.line, l.max)
			return i, l.err
		}
	}
	return n, err
}
