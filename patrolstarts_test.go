package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoadPatrolStarts(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) string {
		p := filepath.Join(dir, "starts.json")
		must(t, os.WriteFile(p, []byte(s), 0o644))
		return p
	}
	got, err := loadPatrolStarts(write(`[{"id": "pos-1", "name": "Pos 1", "lon": 107.04, "lat": -6.73}]`))
	if err != nil || len(got) != 1 || got[0].Point[0] != 107.04 {
		t.Fatalf("%v %v", got, err)
	}
	if got, err := loadPatrolStarts(""); got != nil || err != nil {
		t.Fatalf("empty path: %v %v", got, err)
	}
	for _, bad := range []string{`[]`, `[{"id": "x", "name": "X"}]`, `[{"id": "X Y", "name": "X", "lon": 1, "lat": 1}]`,
		`[{"id": "x", "name": "X", "lon": 181, "lat": 1}]`, `[{"id": "x", "name": "X", "lon": 1, "lat": 1, "alt": 3}]`} {
		if _, err := loadPatrolStarts(write(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}
