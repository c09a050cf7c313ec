package importer

import (
	"fmt"
	"testing"
)

// duplicates names every repeat of a source id with its first line, in
// line order (the records come in line order), and ids that merely share a
// hash are not duplicates.
func TestDuplicatesNameTheFirstLine(t *testing.T) {
	ids := []stagedID{
		{hash: 7, n: 2, id: "a"}, {hash: 1, n: 3, id: "d"}, {hash: 3, n: 4, id: "c"},
		{hash: 7, n: 5, id: "b"}, // b shares a's hash
		{hash: 7, n: 6, id: "b"}, {hash: 3, n: 8, id: "c"}, {hash: 7, n: 9, id: "a"}, {hash: 7, n: 12, id: "a"},
	}
	var got []string
	for _, r := range duplicates(ids, "f.csv", "line") {
		got = append(got, fmt.Sprintf("%d %s", r.N, r.Reason))
	}
	want := []string{
		`6 duplicate source_id "b" (first at line 5)`,
		`8 duplicate source_id "c" (first at line 4)`,
		`9 duplicate source_id "a" (first at line 2)`,
		`12 duplicate source_id "a" (first at line 2)`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
