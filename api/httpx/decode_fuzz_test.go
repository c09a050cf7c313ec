package httpx

import (
	"net/http/httptest"
	"strings"
	"testing"

	"pantau/geo"
)

// FuzzDecodeJSON feeds arbitrary bodies to DecodeJSON (and its structure
// caps): it must never panic, and every refusal must be a 400 or 413 domain
// error, never an internal one. Corpus: testdata/fuzz/FuzzDecodeJSON.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":[1,2,{"b":"c\"]"}]}`, `[[[[[[[[[[]]]]]]]]]]`, `{"a":1}{"b":2}`, `"\\`, ``,
		`{"type":"Polygon","coordinates":[[[107,-6.8],[107.1,-6.8],[107.1,-6.7],[107,-6.8]]]}`, strings.Repeat("[", 70)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/x", strings.NewReader(body))
		w := httptest.NewRecorder()
		var v any
		err := DecodeJSON(w, r, 4096, &v)
		if err == nil {
			return
		}
		if c := geo.ErrorCode(err); c != geo.EINVALID && c != geo.ETOOLARGE {
			t.Fatalf("%q: code %s (%v)", body, c, err)
		}
	})
}

func TestCheckJSONShape(t *testing.T) {
	cases := []struct {
		body string
		ok   bool
	}{
		{`{"a":"[[[[[[[["}`, true}, // brackets in strings do not count
		{`{"a":"\"[[[["}`, true},
		{strings.Repeat("[", 64) + strings.Repeat("]", 64), true},
		{strings.Repeat("[", 65) + strings.Repeat("]", 65), false},
		{"[" + strings.Repeat("0,", 2000) + "0]", false},
		{"[" + strings.Repeat("0,", 500) + "0]", true},
	}
	for _, c := range cases {
		err := checkJSONShape([]byte(c.body), 64, 1000)
		if (err == nil) != c.ok {
			t.Errorf("%.40q: err %v, want ok=%v", c.body, err, c.ok)
		}
	}
}

// The one decoder is strict: unknown members, a second value, a wrong type
// and an oversized body are refused, each with its reason and field.
func TestDecodeJSONStrict(t *testing.T) {
	type in struct {
		Teams int `json:"teams"`
	}
	cases := []struct{ body, reason, field string }{
		{`{"teams":2}`, "", ""},
		{`{"teems":2}`, "json.unknown_field", "teems"},
		{`{"teams":2} {"teams":3}`, "json.trailing_data", ""},
		{`{"teams":"two"}`, "json.wrong_type", "teams"},
		{`{"teams":2`, "json.malformed", ""},
		{``, "json.empty", ""},
		{`{"teams":` + strings.Repeat("1", 100) + `}`, "body.too_large", ""},
	}
	for _, c := range cases {
		var v in
		err := DecodeJSON(httptest.NewRecorder(), httptest.NewRequest("POST", "/x", strings.NewReader(c.body)), 64, &v)
		var ge *geo.Error
		if got := geo.ErrorReason(err); got != c.reason || c.reason != "" && (!asGeo(err, &ge) || ge.Field != c.field) {
			t.Errorf("%.30q: %v, want reason %q field %q", c.body, err, c.reason, c.field)
		}
	}
}
