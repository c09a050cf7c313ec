package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"pantau/geo"
)

// CSVSource reads records from CSV with a header row (UTF-8, comma
// separated, RFC 4180 quoting). Columns are found by header name, so their
// order is free and extra columns are ignored; the required ones must be
// present. Line numbers count from 1 (the header).
type CSVSource[T any] struct {
	file  string
	r     *csv.Reader
	col   map[string]int
	ncols int
	parse func(get func(string) string) (T, *geo.FieldProblem)
	rec   []string
}

// MaxCSVField bounds one CSV field (bytes); longer fields reject the record.
const MaxCSVField = 4096

// NewCSVSource reads the header of r. file names the input in errors.
func NewCSVSource[T any](file string, r io.Reader, required []string, parse func(get func(string) string) (T, *geo.FieldProblem)) (*CSVSource[T], error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err == io.EOF {
		return nil, geo.Errorf(geo.EINVALID, "%s: the file is empty (want a header row: %s)", file, strings.Join(required, ","))
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	s := &CSVSource[T]{file: file, r: cr, col: map[string]int{}, ncols: len(head), parse: parse}
	for i, h := range head {
		if i == 0 {
			h = string(bytes.TrimPrefix([]byte(h), []byte("\ufeff")))
		}
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := s.col[h]; dup && h != "" {
			return nil, geo.FieldErrorf(geo.EINVALID, "line 1", "%s: line 1: column %q appears twice in the header", file, h)
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
		return nil, geo.FieldErrorf(geo.EINVALID, "line 1", "%s: line 1: the header lacks column(s) %s (want %s)", file, strings.Join(missing, ", "), strings.Join(required, ","))
	}
	return s, nil
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return geo.FieldErrorf(geo.EINVALID, fmt.Sprintf("line %d", pe.Line), "%s: line %d: malformed CSV: %v", file, pe.Line, pe.Err)
	}
	return geo.Errorf(geo.EINVALID, "%s: cannot read: %v", file, err)
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
		if i, ok := s.col[name]; ok {
			return rec[i]
		}
		return ""
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

// StaysCSV reads stays from CSV (columns geo.StayColumns).
func StaysCSV(file string, r io.Reader) (*CSVSource[geo.Stay], error) {
	return NewCSVSource(file, r, geo.StayColumns, geo.ParseStay)
}

// AccommodationsCSV reads accommodations from CSV (geo.AccommodationColumns).
func AccommodationsCSV(file string, r io.Reader) (*CSVSource[geo.Accommodation], error) {
	return NewCSVSource(file, r, geo.AccommodationColumns, geo.ParseAccommodation)
}
