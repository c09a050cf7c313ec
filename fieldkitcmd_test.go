package main

import (
	"encoding/json"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/protomaps/go-pmtiles/pmtiles"

	"pantau/data/dbtest"
)

// TestFieldkitCommand: `pantau fieldkit` writes a PMTiles archive that
// go-pmtiles verifies, for a token's caller or a role named on the command
// line, with the route's options; without an identity it is a usage error.
func TestFieldkitCommand(t *testing.T) {
	home := dbtest.TempHome(t)
	if out, err := pantauCmd(home, "demo", "--stays", "3000", "--until", "2026-06-20").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v %s", err, out)
	}
	out, err := pantauCmd(home, "token", "create", "--role", "viewer").Output()
	if err != nil {
		t.Fatal(err)
	}
	viewer := strings.TrimSpace(string(out))
	dir := t.TempDir()
	kit := func(name string, args ...string) (pmtiles.HeaderV3, map[string]any) {
		t.Helper()
		path := filepath.Join(dir, name)
		out, err := pantauCmd(home, append([]string{"fieldkit", "--area", "32.03.28.2001", "--at", "2026-06-20", "--out", path}, args...)...).CombinedOutput()
		if err != nil || !regexp.MustCompile(`^wrote \S+ \(\d+ bytes\)\n$`).Match(out) {
			t.Fatalf("fieldkit %v: %v %s", args, err, out)
		}
		if err := pmtiles.Verify(log.New(io.Discard, "", 0), path); err != nil {
			t.Fatalf("verify %s: %v", name, err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		h, err := pmtiles.DeserializeHeader(b[:pmtiles.HeaderV3LenBytes])
		if err != nil {
			t.Fatal(err)
		}
		raw, err := pmtiles.DeserializeMetadataBytes(strings.NewReader(string(b[h.MetadataOffset:h.MetadataOffset+h.MetadataLength])), h.InternalCompression)
		if err != nil {
			t.Fatal(err)
		}
		var meta map[string]any
		if err := json.Unmarshal(raw, &meta); err != nil {
			t.Fatal(err)
		}
		return h, meta["pantau"].(map[string]any)
	}
	h, meta := kit("viewer.pmtiles", "--token", viewer)
	if h.MinZoom != 8 || h.MaxZoom != 16 || h.AddressedTilesCount == 0 {
		t.Errorf("viewer kit header %+v", h)
	}
	if v := meta["view"].(map[string]any); v["disclosed"] != true || v["individuals"] != false || meta["plan"] != nil {
		t.Errorf("viewer kit: view %v plan %v", v, meta["plan"])
	}
	_, meta = kit("officer.pmtiles", "--role", "officer", "--scope", "32.03.28", "--teams", "1")
	if v := meta["view"].(map[string]any); v["individuals"] != true || v["scope"] != "32.03.28" || meta["plan"] == nil {
		t.Errorf("officer kit: view %v plan %v", v, meta["plan"])
	}
	for _, bad := range [][]string{
		{"fieldkit", "--area", "32.03.28.2001", "--out", filepath.Join(dir, "x.pmtiles")},                                    // nobody
		{"fieldkit", "--area", "32.03.28.2001", "--out", filepath.Join(dir, "x.pmtiles"), "--role", "emperor"},               // no such role
		{"fieldkit", "--area", "32.03", "--out", filepath.Join(dir, "x.pmtiles"), "--role", "analyst"},                       // too large
		{"fieldkit", "--area", "32.03.28.2001", "--out", filepath.Join(dir, "x.pmtiles"), "--token", "pnt_not-a-real-token"}, // refused
	} {
		if out, err := pantauCmd(home, bad...).CombinedOutput(); err == nil {
			t.Errorf("%v succeeded: %s", bad, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.pmtiles")); !os.IsNotExist(err) {
		t.Errorf("a refused kit left a file: %v", err)
	}
}
