package data

import (
	"encoding/csv"
	"io"
	"regexp"
)

// CSVWriter writes CSV that a spreadsheet opens without running anything:
// every CSV that Pantau writes (exports, density CSV, .rejects.csv) goes
// through it. A cell that a spreadsheet would read as a formula — one
// starting with = + - @, a tab or a carriage return — gets a leading '
// (OWASP "CSV injection"), unless it is a signed decimal number such as a negative
// coordinate, which no spreadsheet runs.
//
// It does not embed csv.Writer, so no method (WriteAll) can get round the
// neutralising Write.
type CSVWriter struct{ w *csv.Writer }

// NewCSVWriter returns a CSVWriter on w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{csv.NewWriter(w)} }

// Write writes one record with every cell neutralised (SafeCell).
func (c *CSVWriter) Write(record []string) error {
	out := make([]string, len(record))
	for i, v := range record {
		out[i] = SafeCell(v)
	}
	return c.w.Write(out)
}

// Flush writes any buffered data to the underlying writer.
func (c *CSVWriter) Flush() { c.w.Flush() }

// Error reports an error of a previous Write or Flush.
func (c *CSVWriter) Error() error { return c.w.Error() }

// SafeCell neutralises one CSV cell; see CSVWriter. The web page's CSV
// export applies the same rule (web/src/csv.js; TestPageCSVMatchesServer
// checks that the two agree).
func SafeCell(v string) string {
	if v == "" {
		return v
	}
	switch v[0] {
	case '+', '-':
		if plainNumber.MatchString(v) {
			return v
		}
		return "'" + v
	case '=', '@', '\t', '\r':
		return "'" + v
	}
	return v
}

// plainNumber is a signed decimal number, the only cell starting with + or
// - that is left as it is.
var plainNumber = regexp.MustCompile(`^[+-](\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$`)
