package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"pantau/data/dbtest"
)

// adversarialUploadBytes is the size of each adversarial upload.
const adversarialUploadBytes = 50 << 20

// rssBoundMiB is the most the server's peak RSS may grow over its
// baseline while it refuses the adversarial uploads.
const rssBoundMiB = 32

// filler is an upload of head, then fill up to size bytes, then tail.
type filler struct {
	head, tail []byte
	fill       byte
	left       int // fill bytes still to give
}

func newFiller(head string, fill byte, tail string, size int) *filler {
	return &filler{head: []byte(head), tail: []byte(tail), fill: fill, left: size - len(head) - len(tail)}
}

func (f *filler) Read(p []byte) (int, error) {
	n := copy(p, f.head)
	f.head = f.head[n:]
	for n < len(p) && f.left > 0 {
		p[n] = f.fill
		n, f.left = n+1, f.left-1
	}
	if f.left == 0 {
		k := copy(p[n:], f.tail)
		f.tail, n = f.tail[k:], n+k
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// adversarialUpload is one hostile file and the refusal it must get.
type adversarialUpload struct {
	name, kind, ctype string
	body              func() *filler
	want              string
}

var stayHeader = "source_id,full_name,passport_no,nationality,sex,birth_date,permit_type,permit_expiry,arrival_date,departure_date,accommodation_id,lat,lon\n"

const featureStart = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"source_id":"a","x":`

var adversarialUploads = []adversarialUpload{
	{"a 50 MB line of commas", "stays", "text/csv",
		func() *filler { return newFiller(stayHeader+"a1", ',', "\n", adversarialUploadBytes) },
		"upload: line 2: the record is longer than 65536 bytes"},
	{"a 50 MB quoted field", "stays", "text/csv",
		func() *filler { return newFiller(stayHeader+`a1,"`, 'x', "\"\n", adversarialUploadBytes) },
		"upload: line 2: the record is longer than 65536 bytes"},
	{"50 MB of nesting", "stays", "application/geo+json",
		func() *filler { return newFiller(featureStart, '[', "", adversarialUploadBytes) },
		"upload: feature 1: malformed JSON"},
	{"a 50 MB feature", "accommodations", "application/geo+json",
		func() *filler { return newFiller(featureStart+`"`, 'x', `"}}]}`, adversarialUploadBytes) },
		"upload: feature 1 is larger than 65536 bytes"},
	{"a 50 MB boundary", "boundaries", "application/geo+json",
		func() *filler { return newFiller(featureStart+`[1`, '0', `]}}]}`, adversarialUploadBytes) },
		"upload: feature 1 is larger than 4194304 bytes"},
}

// peakRSS reads the peak resident set size (VmHWM) of process pid in MiB.
func peakRSS(tb testing.TB, pid int) float64 {
	tb.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmHWM:" {
			kb, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				tb.Fatal(err)
			}
			return kb / 1024
		}
	}
	tb.Fatalf("no VmHWM in /proc/%d/status", pid)
	return 0
}

// refuseAdversarial sends u to the server at url and checks the 400 names
// the limit.
func refuseAdversarial(tb testing.TB, url, token string, u adversarialUpload) {
	tb.Helper()
	req, err := http.NewRequest("POST", url+"/api/v1/imports/"+u.kind, u.body())
	if err != nil {
		tb.Fatal(err)
	}
	req.ContentLength = adversarialUploadBytes
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", u.ctype)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("%s: %v", u.name, err)
	}
	defer resp.Body.Close()
	var p struct{ Detail string }
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		tb.Fatalf("%s: %v", u.name, err)
	}
	if resp.StatusCode != 400 || !strings.Contains(p.Detail, u.want) {
		tb.Fatalf("%s: %d %q, want 400 …%s", u.name, resp.StatusCode, p.Detail, u.want)
	}
}

// adversaryServer starts `pantau serve` on a test database, imports an
// empty stays file once (so the first request's one-off costs are in the
// baseline) and returns its URL, pid, an admin token and its peak RSS then.
func adversaryServer(tb testing.TB) (string, int, string, float64) {
	tb.Helper()
	db := dbtest.New(tb)
	cmd, url := startServeWith(tb, dbtest.TempHome(tb), []string{"DATABASE_URL=" + db.AdminDSN})
	token := db.Token(tb, "admin", "")
	req, err := http.NewRequest("POST", url+"/api/v1/imports/stays", strings.NewReader(stayHeader))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	must(tb, err)
	if resp.StatusCode != 200 {
		tb.Fatalf("warm-up import: %d", resp.StatusCode)
	}
	return url, cmd.Process.Pid, token, peakRSS(tb, cmd.Process.Pid)
}

// TestAdversarialUploadsBoundedMemory starts the real server and watches
// its peak RSS while it refuses 50 MB uploads shaped to blow up a reader:
// it must stay within rssBoundMiB of the server's own peak before them.
func TestAdversarialUploadsBoundedMemory(t *testing.T) {
	url, pid, token, base := adversaryServer(t)
	for _, u := range adversarialUploads {
		refuseAdversarial(t, url, token, u)
		peak := peakRSS(t, pid)
		t.Logf("after %s: peak RSS %.1f MiB (baseline %.1f MiB)", u.name, peak, base)
		if peak > base+rssBoundMiB {
			t.Fatalf("after %s: peak RSS %.0f MiB, %.0f MiB over the baseline %.0f MiB (bound %d)", u.name, peak, peak-base, base, rssBoundMiB)
		}
	}
}

// BenchmarkAdversarialUploadPeakRSS reports the server's peak RSS after
// the adversarial uploads beside its peak before them (same process, same
// run), and the growth.
func BenchmarkAdversarialUploadPeakRSS(b *testing.B) {
	url, pid, token, base := adversaryServer(b)
	for b.Loop() {
		for _, u := range adversarialUploads {
			refuseAdversarial(b, url, token, u)
		}
	}
	peak := peakRSS(b, pid)
	b.ReportMetric(base, "baseline-RSS-MiB")
	b.ReportMetric(peak, "peak-RSS-MiB")
	b.ReportMetric(peak-base, "growth-MiB")
	b.ReportMetric(peak/base, "peak/baseline")
}
