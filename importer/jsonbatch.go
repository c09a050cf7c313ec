package importer

import (
	"encoding/json"
	"fmt"
	"io"

	"pantau/geo"
)

// JSONSource is a RecordSource over a JSON batch: objects whose members
// carry the CSV's column names (numbers or strings alike).
type JSONSource[T any] struct {
	items []map[string]any
	parse func(get func(string) string) (T, *geo.FieldProblem)
	i     int
}

func (s *JSONSource[T]) Unit() string { return "record" }

func (s *JSONSource[T]) Next() (Record[T], error) {
	if s.i >= len(s.items) {
		return Record[T]{}, io.EOF
	}
	it := s.items[s.i]
	s.i++
	out := Record[T]{N: s.i, SourceID: propString(it, "source_id")}
	out.Value, out.Problem = s.parse(func(name string) string { return propString(it, name) })
	return out, nil
}

// MaxBatch bounds the records of one JSON batch.
const MaxBatch = 10_000

// DecodeBatch reads one JSON object or an array of them (at most MaxBatch).
func DecodeBatch(raw []byte) ([]map[string]any, error) {
	dec := json.NewDecoder(bytesReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, geo.RRecordMalformed.Errorf("Malformed JSON: %v", err)
	}
	switch v := v.(type) {
	case map[string]any:
		return []map[string]any{v}, nil
	case []any:
		if len(v) > MaxBatch {
			return nil, geo.RRecordBatchTooLarge.Errorf("A batch holds at most %d records, not %d; import a file instead.", MaxBatch, len(v))
		}
		out := make([]map[string]any, len(v))
		for i, x := range v {
			m, ok := x.(map[string]any)
			if !ok {
				return nil, geo.RRecordMalformed.FieldErrorf(fmt.Sprintf("record %d", i+1), "record %d is not a JSON object", i+1)
			}
			out[i] = m
		}
		return out, nil
	}
	return nil, geo.RRecordMalformed.Errorf("The body must be a JSON object or an array of objects.")
}

// StaysJSON reads stays from a decoded JSON batch.
func StaysJSON(items []map[string]any) RecordSource[geo.Stay] {
	return &JSONSource[geo.Stay]{items: items, parse: geo.ParseStay}
}

// AccommodationsJSON reads accommodations from a decoded JSON batch.
func AccommodationsJSON(items []map[string]any) RecordSource[geo.Accommodation] {
	return &JSONSource[geo.Accommodation]{items: items, parse: geo.ParseAccommodation}
}
