package api_test

import (
	"io"
	"testing"
)

// must fails the test at once on an error a step before an assertion
// returned (a request not built, a body not read, JSON not decoded).
func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// drainBody reads a response body to its end (so the connection is reused)
// and fails on a read error.
func drainBody(tb testing.TB, r io.Reader) {
	tb.Helper()
	_, err := io.Copy(io.Discard, r)
	must(tb, err)
}
