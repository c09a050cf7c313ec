package geo

import (
	"strings"
	"testing"
)

func TestParseStay(t *testing.T) {
	base := map[string]string{"source_id": "S1", "full_name": "Ali Test", "passport_no": "ab1234567", "nationality": "sau",
		"sex": "m", "birth_date": "1990-01-01", "permit_type": "VOA", "permit_expiry": "2026-02-01", "arrival_date": "2026-01-01",
		"departure_date": "2026-01-10", "lat": "-6.7", "lon": "107.0"}
	cases := []struct {
		name, field, value, wantField, wantReason string
	}{
		{"ok", "", "", "", ""},
		{"NaN lat", "lat", "NaN", "lat", "not a finite decimal number"},
		{"Inf lon", "lon", "-Inf", "lon", "not a finite decimal number"},
		{"lat out of range", "lat", "-96.7", "lat", "out of range [-90, 90]"},
		{"lon out of range", "lon", "207", "lon", "out of range [-180, 180]"},
		{"swapped", "lat", "107.0", "lat", "look swapped"},
		{"malformed date", "arrival_date", "2026-02-30", "arrival_date", "is not a date YYYY-MM-DD"},
		{"departure before arrival", "departure_date", "2025-12-31", "departure_date", "is before arrival"},
		{"birth after arrival", "birth_date", "2026-06-01", "birth_date", "is after arrival"},
		{"bad nationality", "nationality", "SA", "nationality", "not an ISO 3166-1 alpha-3 code"},
		{"unknown permit", "permit_type", "tourist", "permit_type", "unknown permit type"},
		{"missing name", "full_name", " ", "full_name", "is required"},
		{"bad sex", "sex", "Q", "sex", "is not M, F or X"},
		{"control characters", "full_name", "A\nB", "full_name", "control characters"},
		{"no location", "lat", "", "lon", ""}, // lat empty, lon set: lat parse error
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := map[string]string{}
			for k, v := range base {
				rec[k] = v
			}
			if c.field != "" {
				rec[c.field] = c.value
			}
			if c.name == "swapped" {
				rec["lon"] = "-6.7"
			}
			s, p := ParseStay(func(k string) string { return rec[k] })
			if c.wantField == "" && c.wantReason == "" {
				if p != nil || s.Nationality != "SAU" || s.PassportNo != "AB1234567" || s.PermitType != "voa" || !s.HasPoint {
					t.Fatalf("got %+v %+v", s, p)
				}
				return
			}
			if p == nil {
				t.Fatalf("no problem reported")
			}
			if c.name == "no location" {
				if p.Field != "lat" {
					t.Fatalf("problem %+v", p)
				}
				return
			}
			if p.Field != c.wantField || !strings.Contains(p.Reason, c.wantReason) {
				t.Fatalf("problem %+v, want %s: …%s", p, c.wantField, c.wantReason)
			}
		})
	}
	// No point and no accommodation: rejected; accommodation alone: fine.
	rec := map[string]string{"source_id": "S", "full_name": "A", "passport_no": "AB123", "nationality": "ARE", "permit_type": "itas", "arrival_date": "2026-01-01"}
	if _, p := ParseStay(func(k string) string { return rec[k] }); p == nil || !strings.Contains(p.Reason, "neither lat/lon nor accommodation_id") {
		t.Fatalf("no location: %+v", p)
	}
	rec["accommodation_id"] = "ACC-1"
	if s, p := ParseStay(func(k string) string { return rec[k] }); p != nil || s.HasPoint {
		t.Fatalf("accommodation only: %+v %+v", s, p)
	}
}

func TestParseGeoJSONGeometry(t *testing.T) {
	cases := []struct {
		name, in, path, reason string
	}{
		{"polygon", `{"type":"Polygon","coordinates":[[[1,1],[2,1],[2,2],[1,1]]]}`, "", ""},
		{"multipolygon", `{"type":"MultiPolygon","coordinates":[[[[1,1],[2,1],[2,2],[1,1]]]]}`, "", ""},
		{"unclosed ring", `{"type":"Polygon","coordinates":[[[1,1],[2,1],[2,2],[1,2]]]}`, "geometry.coordinates[0]", "not closed"},
		{"too few positions", `{"type":"Polygon","coordinates":[[[1,1],[2,1],[1,1]]]}`, "geometry.coordinates[0]", "at least 4 positions"},
		{"empty", `{"type":"Polygon","coordinates":[]}`, "geometry.coordinates", "empty"},
		{"null", `null`, "geometry", "missing"},
		{"wrong type", `{"type":"LineString","coordinates":[[1,1],[2,2]]}`, "geometry.type", "not allowed"},
		{"too deep", `{"type":"Polygon","coordinates":[[[[[[1,1]]]]]]}`, "geometry.coordinates[0][0][0][0]", "nested deeper than 4"},
		{"too shallow", `{"type":"Polygon","coordinates":[[1,1],[2,1],[2,2],[1,1]]}`, "geometry.coordinates[0]", "nesting too shallow"},
		{"infinite", `{"type":"Polygon","coordinates":[[[1e999,1],[2,1],[2,2],[1e999,1]]]}`, "geometry.coordinates[0][0][0]", "not a finite number"},
		{"out of range", `{"type":"Polygon","coordinates":[[[1,91],[2,1],[2,2],[1,91]]]}`, "geometry.coordinates[0][0]", "out of range"},
		{"not a number", `{"type":"Polygon","coordinates":[[["1",1],[2,1],[2,2],[1,1]]]}`, "geometry.coordinates[0][0][0]", "not a number"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseGeoJSONGeometry([]byte(c.in), "Polygon", "MultiPolygon")
			if c.path == "" {
				if err != nil {
					t.Fatalf("unexpected %v", err)
				}
				return
			}
			if err == nil || err.Path != c.path || !strings.Contains(err.Reason, c.reason) {
				t.Fatalf("got %v, want %s: …%s", err, c.path, c.reason)
			}
		})
	}
	// The vertex cap.
	var b strings.Builder
	b.WriteString(`{"type":"Polygon","coordinates":[[`)
	for i := range MaxVertices + 1 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("[1,1]")
	}
	b.WriteString(`]]}`)
	if _, err := ParseGeoJSONGeometry([]byte(b.String()), "Polygon"); err == nil || !strings.Contains(err.Reason, "more than 200000 vertices") {
		t.Fatalf("vertex cap: %v", err)
	}
}
