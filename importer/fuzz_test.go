package importer

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"pantau/geo"
)

// FuzzStaysCSV: any bytes parse into records or a positioned error; never a
// panic, and a reject always names its line.
func FuzzStaysCSV(f *testing.F) {
	head := strings.Join(geo.StayColumns, ",") + "\n"
	f.Add([]byte(head + "S1,Ali Test,AB1234567,SAU,M,1990-01-01,voa,2026-02-01,2026-01-01,2026-01-10,,-6.7,107.0\n"))
	f.Add([]byte(head + "S1,\"Ali, Test\",AB1234567,sau,x,,itas,,2026-01-01,,ACC-1,,\n"))
	f.Add([]byte(head + "S1,A,B,C\n\"unterminated\n"))
	f.Add([]byte("\ufeff" + head + "S1,A,AB123,SAU,M,1990-13-01,voa,,2026-01-01,2025-01-01,,NaN,Inf\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		src, err := StaysCSV("f.csv", bytes.NewReader(b), 0)
		if err != nil {
			if geo.ErrorCode(err) != geo.EINVALID {
				t.Fatalf("header error %v", err)
			}
			return
		}
		for range 10_000 {
			r, err := src.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				if geo.ErrorCode(err) != geo.EINVALID {
					t.Fatalf("error %v", err)
				}
				return
			}
			if r.N < 2 || r.Problem != nil && r.Problem.Reason == "" {
				t.Fatalf("record %+v", r)
			}
		}
	})
}

// FuzzBoundariesGeoJSON: any bytes stream into features that parse or are
// rejected with a reason; never a panic.
func FuzzBoundariesGeoJSON(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kode":"32.03.28.2001","desa":"Cipanas"},"geometry":{"type":"Polygon","coordinates":[[[107,-6.7],[107.01,-6.7],[107.01,-6.71],[107,-6.7]]]}}]}`))
	f.Add([]byte(`{"features":[{"type":"Feature","properties":{"kode":"32.03.28"},"geometry":{"type":"MultiPolygon","coordinates":[[[[1,2],[3,4],[5,6],[1,2]]]]}}],"type":"FeatureCollection"}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kode":1e999},"geometry":{"type":"Polygon","coordinates":[[[[[[1]]]]]]}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s := newFeatureStream("f.geojson", bytes.NewReader(b), MaxBoundaryFeature)
		for range 1000 {
			n, feat, err := s.next()
			if err != nil {
				if !errors.Is(err, io.EOF) && geo.ErrorCode(err) != geo.EINVALID {
					t.Fatalf("error %v", err)
				}
				return
			}
			if _, p := parseBoundary(feat, BoundaryOptions{CodeProp: "kode", KindProp: "jenis", LabelLatProp: "label_lat", LabelLonProp: "label_lon"}); p != nil && p.Reason == "" {
				t.Fatalf("feature %d: empty reason", n)
			}
		}
	})
}
