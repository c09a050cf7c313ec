package dbtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSharedDataMissing runs SharedData in a child process with the data
// missing: it fails there when CI=true and skips otherwise.
func TestSharedDataMissing(t *testing.T) {
	if os.Getenv("PANTAU_SHARED_DATA_CHILD") == "1" {
		SharedData(t)
		return
	}
	missing := filepath.Join(t.TempDir(), "no-such-folder")
	for _, c := range []struct {
		ci, want string
		fails    bool
	}{
		{"true", "--- FAIL: TestSharedDataMissing", true},
		{"", "--- SKIP: TestSharedDataMissing", false},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSharedDataMissing$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "PANTAU_SHARED_DATA_CHILD=1", "CI="+c.ci, "PANTAU_SHARED_DATA="+missing)
		out, err := cmd.CombinedOutput()
		if failed := err != nil; failed != c.fails {
			t.Errorf("CI=%q: child failed=%v, want %v\n%s", c.ci, failed, c.fails, out)
		}
		if !strings.Contains(string(out), c.want) || !strings.Contains(string(out), missing) {
			t.Errorf("CI=%q: want %q and the folder in the output:\n%s", c.ci, c.want, out)
		}
	}
}
