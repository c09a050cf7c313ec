package main

import (
	"encoding/json"
	"os/exec"
	"testing"

	"pantau/data"
)

// TestPageCSVMatchesServer: the map page's CSV export (polygon answers)
// wrote cells as they came, so a desa or nationality named
// =HYPERLINK(…) ran in the analyst's spreadsheet. Its cells now follow
// the rule of data.SafeCell; this runs web/src/csv.js in node over cells
// that a spreadsheet would run and cells it would not, and wants the same
// text as the server's CSV writer.
func TestPageCSVMatchesServer(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed: apt-get install nodejs npm (make test installs it)")
	}
	cells := []string{"=HYPERLINK(\"http://x\",\"y\")", "+1+cmd", "-2+3", "@SUM(A1)", "\tx", "\r=1", "-6.7128", "+62",
		"-1e5", "-.5", "-1.", "-inf", "-NaN", "-0x1p3", "+", "-", "=", "Villa Satu", "", "32.03.29.2001", " =1", "a=b"}
	in, err := json.Marshal(cells)
	if err != nil {
		t.Fatal(err)
	}
	script := `import { safeCell } from './web/src/csv.js';
process.stdout.write(JSON.stringify(JSON.parse(process.argv[1]).map(safeCell)));`
	out, err := exec.Command(node, "--input-type=module", "-e", script, string(in)).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node printed %s: %v", out, err)
	}
	if len(got) != len(cells) {
		t.Fatalf("node answered %d cells for %d", len(got), len(cells))
	}
	for i, c := range cells {
		if want := data.SafeCell(c); got[i] != want {
			t.Errorf("cell %q: page %q, server %q", c, got[i], want)
		}
	}
	if got[0] != "'"+cells[0] {
		t.Errorf("the page leaves %q as it is", cells[0])
	}
}
