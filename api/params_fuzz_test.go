package api

import (
	"net/http/httptest"
	"strings"
	"testing"

	"pantau/geo"
)

// FuzzDecodeJSON feeds arbitrary bodies to decodeJSON (and its structure
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
		err := decodeJSON(w, r, 4096, &v)
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
