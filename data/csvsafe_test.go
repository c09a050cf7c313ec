package data_test

import (
	"testing"

	"pantau/data"
)

func TestSafeCell(t *testing.T) {
	cases := map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+1+cmd":                   "'+1+cmd",
		"-2+3":                     "'-2+3",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\tx":                      "'\tx",
		"\r=1":                     "'\r=1",
		"-6.7128":                  "-6.7128",
		"+62":                      "+62",
		"-1e5":                     "-1e5",
		"-inf":                     "'-inf",
		"-0x1p3":                   "'-0x1p3",
		"Villa Satu":               "Villa Satu",
		"":                         "",
	}
	for in, want := range cases {
		if got := data.SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}
