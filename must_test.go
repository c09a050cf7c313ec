package main

import "testing"

// must fails the test at once on an error a step before an assertion
// returned (a request not built, a body not read, a row not scanned).
func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
