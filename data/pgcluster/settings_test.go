package pgcluster

import (
	"fmt"
	"testing"
)

// A service cluster's shared_buffers is a quarter of the machine's memory
// between 256 MB and 8 GB; a test cluster's 256 MB.
func TestSharedBuffers(t *testing.T) {
	if got := SharedBuffers(true); got != "'256MB'" {
		t.Errorf("test cluster: %s, want '256MB'", got)
	}
	mem := memTotal()
	if mem == 0 {
		t.Fatal("no MemTotal in /proc/meminfo")
	}
	want := min(max(mem/4, 256<<20), 8192<<20) >> 20
	if got := SharedBuffers(false); got != fmt.Sprintf("'%dMB'", want) {
		t.Errorf("service cluster on %d MB of memory: %s, want '%dMB'", mem>>20, got, want)
	}
	if want < 256 || want > 8192 {
		t.Errorf("%d MB outside 256 MB–8 GB", want)
	}
}
