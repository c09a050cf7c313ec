package main

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"pantau/data/dbtest"
)

var pantauBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pantau-bin-")
	if err != nil {
		panic(err)
	}
	pantauBin = filepath.Join(dir, "pantau")
	if out, err := exec.Command("go", "build", "-o", pantauBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build pantau: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// pantauCmd runs the built binary with PANTAU_HOME=home and no DATABASE_URL.
func pantauCmd(home string, args ...string) *exec.Cmd {
	cmd := exec.Command(pantauBin, args...)
	env := []string{"PANTAU_HOME=" + home, "PANTAU_LOG_LEVEL=warn"}
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "DATABASE_URL=") && !strings.HasPrefix(e, "PANTAU_") {
			env = append(env, e)
		}
	}
	cmd.Env = env
	return cmd
}

var servingRe = regexp.MustCompile(`serving at (http://\S+)/`)

// startServe starts `pantau serve` on a free port and returns its URL once
// /readyz answers 200.
func startServe(t *testing.T, home string) (*exec.Cmd, string) {
	t.Helper()
	return startServeWith(t, home, nil)
}

// startServeWith is startServe with extra environment and serve arguments.
func startServeWith(t testing.TB, home string, env []string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := pantauCmd(home, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := servingRe.FindStringSubmatch(sc.Text()); m != nil {
				urlc <- m[1]
			}
		}
	}()
	select {
	case url := <-urlc:
		waitReady(t, url)
		return cmd, url
	case <-time.After(2 * time.Minute):
		t.Fatal("pantau serve did not start")
	}
	return nil, ""
}

func waitReady(t testing.TB, url string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s/readyz never answered 200", url)
}

func TestServeRestartsAfterSIGKILL(t *testing.T) {
	home := dbtest.TempHome(t)
	cmd, _ := startServe(t, home)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	_, url := startServe(t, home)
	waitReady(t, url)
}

func TestGracefulShutdownOnSIGTERM(t *testing.T) {
	home := dbtest.TempHome(t)
	cmd, _ := startServe(t, home)
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no exit 30 s after SIGTERM")
	}
}

// TestPostgresCrashLeavesStalePID kills the postmaster with SIGKILL, as a
// power cut would; the next pantau command clears the stale postmaster.pid
// and starts the cluster again.
func TestPostgresCrashLeavesStalePID(t *testing.T) {
	home := dbtest.TempHome(t)
	if out, err := pantauCmd(home, "migrate").CombinedOutput(); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	pidFile := filepath.Join(home, "pg", "postmaster.pid")
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	must(t, err)
	syscall.Kill(pid, syscall.SIGKILL)
	for i := 0; i < 100 && syscall.Kill(pid, 0) == nil; i++ {
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := os.Stat(pidFile); err != nil {
		t.Fatalf("want a stale postmaster.pid after the crash: %v", err)
	}
	for i := 0; ; i++ {
		cmd := pantauCmd(home, "migrate")
		out, err := cmd.CombinedOutput()
		if err == nil {
			break
		}
		// Orphaned backends may hold shared memory for a moment after the
		// postmaster died; PostgreSQL then refuses to start, and says so.
		if i > 20 {
			t.Fatalf("migrate after crash: %v\n%s", err, out)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// TestTwoProcessesShareOneHome starts two commands at once on a new home:
// one creates and starts the cluster, the other waits and shares it.
func TestTwoProcessesShareOneHome(t *testing.T) {
	home := dbtest.TempHome(t)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	outs := make([][]byte, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = pantauCmd(home, "migrate").CombinedOutput()
		}()
	}
	wg.Wait()
	for i := range 2 {
		if errs[i] != nil {
			t.Errorf("process %d: %v\n%s", i, errs[i], outs[i])
		}
	}
	_, url := startServe(t, home)
	waitReady(t, url)
}

func TestTokenCreatePrintsTokenAlone(t *testing.T) {
	home := dbtest.TempHome(t)
	cmd := pantauCmd(home, "token", "create", "--role", "officer", "--area", "32.03.29", "--name", "field-phone")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^pnt_[A-Za-z0-9_-]{43}\n$`).Match(out) {
		t.Fatalf("stdout %q is not a token alone", out)
	}
	if out, err := pantauCmd(home, "token", "create", "--role", "emperor").CombinedOutput(); err == nil || !strings.Contains(string(out), "unknown role") {
		t.Fatalf("bad role accepted: %s", out)
	}
}

// TestDBStatusStartsNothing is an issue 16 finding: `pantau db status`
// started a cluster that was stopped. It now only reports.
func TestDBStatusStartsNothing(t *testing.T) {
	home := dbtest.TempHome(t)
	status := func() string {
		t.Helper()
		out, err := pantauCmd(home, "db", "status").CombinedOutput()
		if err != nil {
			t.Fatalf("db status: %v\n%s", err, out)
		}
		return string(out)
	}
	if out := status(); !strings.HasPrefix(out, "absent:") {
		t.Fatalf("before any start: %q", out)
	}
	if _, err := os.Stat(filepath.Join(home, "pg")); !os.IsNotExist(err) {
		t.Fatalf("db status created a cluster: %v", err)
	}
	if out, err := pantauCmd(home, "migrate").CombinedOutput(); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	if out := status(); !strings.HasPrefix(out, "running:") {
		t.Fatalf("after migrate: %q", out)
	}
	if out, err := pantauCmd(home, "db", "stop").CombinedOutput(); err != nil || !strings.Contains(string(out), "stopped PostgreSQL") {
		t.Fatalf("db stop: %v\n%s", err, out)
	}
	for range 2 {
		if out := status(); !strings.HasPrefix(out, "stopped:") {
			t.Fatalf("after stop: %q", out)
		}
	}
	if _, err := os.Stat(filepath.Join(home, "pg", "postmaster.pid")); !os.IsNotExist(err) {
		t.Fatalf("db status started the stopped cluster: %v", err)
	}
}
