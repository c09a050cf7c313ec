package importer_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"pantau/geo"
	"pantau/importer"
)

// drain reads a record source to the end: it must terminate (at most one
// record per input byte, plus one), never panic, and fail only with
// domain errors.
func drain[T any](t *testing.T, in []byte, next func() (importer.Record[T], error)) {
	for i := 0; ; i++ {
		if i > len(in)+1 {
			t.Fatalf("%q: more records than bytes", in)
		}
		_, err := next()
		if err == io.EOF {
			return
		}
		if err != nil {
			var ge *geo.Error
			if !errors.As(err, &ge) || ge.Code != geo.EINVALID {
				t.Fatalf("%q: error %v", in, err)
			}
			return
		}
	}
}

// FuzzStaysGeoJSON feeds arbitrary bytes to the stays GeoJSON reader.
// Corpus: testdata/fuzz/FuzzStaysGeoJSON.
func FuzzStaysGeoJSON(f *testing.F) {
	for _, s := range []string{
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[107.05,-6.75]},"properties":{"source_id":"a1","full_name":"Synthetic Person","passport_no":"X1","nationality":"AUS","permit_type":"voa","arrival_date":"2026-01-01"}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"accommodation_id":3}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Point"}]}`, `{"features":`, `[]`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		src := importer.StaysGeoJSON("fuzz.geojson", bytes.NewReader(in))
		drain(t, in, src.Next)
	})
}
