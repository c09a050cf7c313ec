package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"pantau/geo"
)

// CSVSource reads records from CSV with a header row (UTF-8 with or
// without a byte order mark, RFC 4180 quoting, CRLF or LF line ends).
// Columns are found by header name, so their order is free and extra
// columns are ignored; the required ones must be present. Line numbers
// count from 1 (the header). The separator is given or detected from the
// header (prepareCSV); with a separator other than the comma, a decimal
// comma in a coordinate (lat "-6,7321") reads as a decimal point. A record
// is at most MaxCSVRecord bytes and a field MaxCSVField bytes, so memory
// stays bounded whatever the file's shape.
type CSVSource[T any] struct {
	file  string
	r     *csv.Reader
	col   map[string]int
	ncols int
	parse func(get func(string) string) (T, *geo.FieldProblem)
	rec   []string
	// decimalComma: the separator is not ',', so "-6,7321" in a
	// coordinate column means -6.7321.
	decimalComma bool
}

// decimalColumns are the columns whose decimal comma is read as a point
// when the separator is not a comma.
var decimalColumns = map[string]bool{"lat": true, "lon": true}

// MaxCSVField bounds one CSV field (bytes); longer fields reject the record.
const MaxCSVField = 4096

// NewCSVSource reads the header of r. file names the input in errors; delim
// is the separator, 0 to detect it.
func NewCSVSource[T any](file string, r io.Reader, delim rune, required []string, parse func(get func(string) string) (T, *geo.FieldProblem)) (*CSVSource[T], error) {
	r, delim = prepareCSV(newRecordLimiter(file, r), delim)
	cr := csv.NewReader(r)
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err == io.EOF {
		return nil, geo.RImportEmptyFile.Errorf("%s: the file is empty (want a header row: %s)", file, strings.Join(required, ","))
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	s := &CSVSource[T]{file: file, r: cr, col: map[string]int{}, ncols: len(head), parse: parse, decimalComma: delim != ','}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := s.col[h]; dup && h != "" {
			return nil, geo.RImportDuplicateCol.FieldErrorf("line 1", "%s: line 1: column %q appears twice in the header", file, h)
		}
		s.col[h] = i
	}
	var missing []string
	for _, c := range required {
		if _, ok := s.col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, geo.RImportMissingColumn.FieldErrorf("line 1", "%s: line 1: the header lacks column(s) %s (read with the %s as separator, it has %d column(s): %s; want %s)",
			file, strings.Join(missing, ", "), separatorName(delim), len(head), truncate(strings.Join(head, " | "), 200), strings.Join(required, ","))
	}
	return s, nil
}

func csvError(file string, err error) error {
	var ge *geo.Error
	if errors.As(err, &ge) { // the record bound, a stalled upload: already said
		return err
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return geo.RImportMalformed.FieldErrorf(fmt.Sprintf("line %d", pe.Line), "%s: line %d: malformed CSV: %v", file, pe.Line, pe.Err)
	}
	return geo.RImportMalformed.Errorf("%s: cannot read: %v", file, err)
}

// Unit is "line".
func (s *CSVSource[T]) Unit() string { return "line" }

// Next returns the next record or io.EOF.
func (s *CSVSource[T]) Next() (Record[T], error) {
	rec, err := s.r.Read()
	if err != nil {
		if err == io.EOF {
			return Record[T]{}, io.EOF
		}
		return Record[T]{}, csvError(s.file, err)
	}
	line, _ := s.r.FieldPos(0)
	out := Record[T]{N: line}
	if i, ok := s.col["source_id"]; ok && i < len(rec) {
		out.SourceID = strings.TrimSpace(rec[i])
		if len(out.SourceID) > 60 {
			out.SourceID = out.SourceID[:60]
		}
	}
	if len(rec) != s.ncols {
		out.Problem = &geo.FieldProblem{Reason: fmt.Sprintf("has %d fields, the header has %d", len(rec), s.ncols)}
		return out, nil
	}
	for i, f := range rec {
		if len(f) > MaxCSVField {
			out.Problem = &geo.FieldProblem{Field: s.name(i), Reason: fmt.Sprintf("is longer than %d bytes", MaxCSVField)}
			return out, nil
		}
	}
	var p *geo.FieldProblem
	out.Value, p = s.parse(func(name string) string {
		i, ok := s.col[name]
		if !ok {
			return ""
		}
		if s.decimalComma && decimalColumns[name] {
			return decimalPoint(rec[i])
		}
		return rec[i]
	})
	out.Problem = p
	return out, nil
}

func (s *CSVSource[T]) name(i int) string {
	for n, j := range s.col {
		if j == i {
			return n
		}
	}
	return fmt.Sprintf("column %d", i+1)
}

// decimalPoint turns one decimal comma into a point ("-6,7321" →
// "-6.7321"); anything else is returned as it is, for the parser to judge.
func decimalPoint(v string) string {
	if strings.Count(v, ",") == 1 && !strings.Contains(v, ".") {
		return strings.Replace(v, ",", ".", 1)
	}
	return v
}

// truncate shortens s to at most n bytes for a message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// StaysCSV reads stays from CSV (columns geo.StayColumns); delim 0 detects
// the separator.
func StaysCSV(file string, r io.Reader, delim rune) (*CSVSource[geo.Stay], error) {
	return NewCSVSource(file, r, delim, geo.StayColumns, geo.ParseStay)
}

// AccommodationsCSV reads accommodations from CSV (geo.AccommodationColumns).
func AccommodationsCSV(file string, r io.Reader, delim rune) (*CSVSource[geo.Accommodation], error) {
	return NewCSVSource(file, r, delim, geo.AccommodationColumns, geo.ParseAccommodation)
}
