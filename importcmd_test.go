package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"pantau/data/dbtest"
	"pantau/demo"
	"pantau/importer"
)

// importCmd runs the built binary against db (DATABASE_URL).
func importCmd(db *dbtest.DB, args ...string) *exec.Cmd {
	cmd := exec.Command(pantauBin, args...)
	env := []string{"DATABASE_URL=" + db.AdminDSN, "PANTAU_LOG_LEVEL=warn"}
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "DATABASE_URL=") && !strings.HasPrefix(e, "PANTAU_") {
			env = append(env, e)
		}
	}
	cmd.Env = env
	return cmd
}

// fingerprint summarises every row of stays, accommodations and their
// history, so "exactly as before" can be checked.
func fingerprint(t *testing.T, db *dbtest.DB) string {
	t.Helper()
	var s string
	err := db.Pool.QueryRow(context.Background(), `SELECT
		(SELECT count(*) || ':' || coalesce(md5(string_agg(s::text, '|' ORDER BY id)), '') FROM stays s) || '/' ||
		(SELECT count(*) || ':' || coalesce(md5(string_agg(a::text, '|' ORDER BY id)), '') FROM accommodations a) || '/' ||
		(SELECT count(*) FROM stays_history) || '/' || (SELECT count(*) FROM accommodations_history)`).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestImportKilledMidwayChangesNothing runs `pantau import stays` on a large
// file, SIGKILLs it while it writes, and checks the database is exactly as
// before; then the same file imported twice leaves the same counts.
func TestImportKilledMidwayChangesNothing(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	ctx := context.Background()
	shapes := db.DesaShapesOf(t)
	gen, err := demo.NewGenerator(demo.GenOptions{Seed: 11, Stays: 40_000, Until: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC), Desa: shapes})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var acc, st bytes.Buffer
	must(t, importer.WriteAccommodationsCSV(&acc, gen.Accommodations()))
	_, err = importer.WriteStaysCSV(&st, gen)
	must(t, err)
	accFile, stFile := filepath.Join(dir, "acc.csv"), filepath.Join(dir, "stays.csv")
	must(t, os.WriteFile(accFile, acc.Bytes(), 0o644))
	must(t, os.WriteFile(stFile, st.Bytes(), 0o644))
	// Some data first, so "before" is not empty: the accommodations and the
	// first 1,000 stays.
	if out, err := importCmd(db, "import", "accommodations", accFile).CombinedOutput(); err != nil {
		t.Fatalf("import accommodations: %v\n%s", err, out)
	}
	lines := strings.SplitAfter(st.String(), "\n")
	small := filepath.Join(dir, "small.csv")
	must(t, os.WriteFile(small, []byte(strings.Join(lines[:1001], "")), 0o644))
	if out, err := importCmd(db, "import", "stays", small).CombinedOutput(); err != nil {
		t.Fatalf("import small: %v\n%s", err, out)
	}
	before := fingerprint(t, db)

	cmd := importCmd(db, "import", "stays", stFile)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the importer is writing into stays, then kill it.
	killed := false
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var n int
		if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
			AND state = 'active' AND query LIKE '%INSERT INTO stays AS t%'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true
			break
		}
	}
	cmd.Wait()
	if !killed {
		t.Fatalf("never saw the import writing; output:\n%s", out.String())
	}
	// The server rolls the transaction back once it notices the client is gone.
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var n int
		if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pantau_stage%' AND pid <> pg_backend_pid()`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	if after := fingerprint(t, db); after != before {
		t.Fatalf("database changed by a killed import:\nbefore %s\nafter  %s", before, after)
	}
	// The whole file, twice: the same counts.
	if o, err := importCmd(db, "import", "stays", stFile).CombinedOutput(); err != nil || !strings.Contains(string(o), "39000 inserted, 0 updated, 1000 unchanged") {
		t.Fatalf("import: %v\n%s", err, o)
	}
	first := fingerprint(t, db)
	o, err := importCmd(db, "import", "stays", stFile).CombinedOutput()
	if err != nil || !strings.Contains(string(o), "0 inserted, 0 updated, 40000 unchanged, 0 rejected") {
		t.Fatalf("re-import: %v\n%s", err, o)
	}
	if again := fingerprint(t, db); again != first {
		t.Fatal("re-importing the same file changed the database")
	}
}

// TestImportCLIRejectsFile: --skip-invalid writes the rejects beside the
// input; without it nothing is written and the error names the line.
func TestImportCLIRejectsFile(t *testing.T) {
	db := dbtest.New(t)
	dir := t.TempDir()
	f := filepath.Join(dir, "acc.csv")
	// A3's source_id is a spreadsheet formula: the rejects file must not
	// run it when opened (issue 14 finding 9).
	if err := os.WriteFile(f, []byte("source_id,name,kind,licensed,apoa_registered,capacity,owner_name,lat,lon\n"+
		"A1,Villa Satu,villa,yes,no,8,Asep,-6.71,107.0\nA2,Villa Dua,villa,yes,no,8,Asep,107.0,-6.71\n"+
		"\"=HYPERLINK(\"\"http://x\"\")\",Villa Tiga,villa,yes,no,8,Asep,108.5,-6.71\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := importCmd(db, "import", "accommodations", f).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "acc.csv: line 3 (source_id A2): lat: latitude 107 is out of range [-90, 90]; latitude and longitude look swapped") {
		t.Fatalf("want the error naming line 3: %v\n%s", err, out)
	}
	out, err = importCmd(db, "import", "accommodations", f, "--skip-invalid").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "1 inserted, 0 updated, 0 unchanged, 2 rejected") {
		t.Fatalf("skip-invalid: %v\n%s", err, out)
	}
	rej, err := os.ReadFile(f + ".rejects.csv")
	if err != nil || !strings.Contains(string(rej), "acc.csv,line,3,A2,lat,") || !strings.Contains(string(rej), `,4,"'=HYPERLINK(`) ||
		strings.Contains(string(rej), `,"=HYPERLINK`) {
		t.Fatalf("rejects file: %v\n%s", err, rej)
	}
}

// TestDemoCommand: `pantau demo` is deterministic for a seed and loading
// it again changes nothing.
func TestDemoCommand(t *testing.T) {
	db := dbtest.New(t)
	out, err := importCmd(db, "demo", "--stays", "1500", "--seed", "3", "--until", "2026-11-29").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "boundaries: 52 desa") || !strings.Contains(string(out), "stays: 1500 read, 1500 inserted") {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	first := fingerprint(t, db)
	out, err = importCmd(db, "demo", "--stays", "1500", "--seed", "3", "--until", "2026-11-29").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "stays: 1500 read, 0 inserted, 0 updated, 1500 unchanged") {
		t.Fatalf("demo again: %v\n%s", err, out)
	}
	if fingerprint(t, db) != first {
		t.Fatal("the same demo changed the database")
	}
}

// TestImportCLIDelimiter: a semicolon file with decimal commas imports as
// detected or with --delimiter semicolon; --delimiter comma names the
// separator it read with.
func TestImportCLIDelimiter(t *testing.T) {
	db := dbtest.New(t)
	f := filepath.Join(t.TempDir(), "acc.csv")
	if err := os.WriteFile(f, []byte("\ufeffsource_id;name;kind;licensed;apoa_registered;capacity;owner_name;lat;lon\r\n"+
		"A1;Villa Satu;villa;yes;no;8;Asep;-6,71;107,0\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := importCmd(db, "import", "accommodations", f, "--delimiter", "comma").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "acc.csv: line 1: the header lacks column(s) source_id, name") ||
		!strings.Contains(string(out), "read with the comma ',' as separator, it has 1 column(s)") {
		t.Fatalf("want the separator named: %v\n%s", err, out)
	}
	out, err = importCmd(db, "import", "accommodations", f, "--delimiter", "semicolon").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "1 inserted") {
		t.Fatalf("semicolon: %v\n%s", err, out)
	}
	var lat, lon float64
	if err := db.Pool.QueryRow(context.Background(), `SELECT ST_Y(geom), ST_X(geom) FROM accommodations WHERE source_id = 'A1'`).Scan(&lat, &lon); err != nil {
		t.Fatal(err)
	}
	if lat != -6.71 || lon != 107.0 {
		t.Fatalf("stored %g %g", lat, lon)
	}
	out, err = importCmd(db, "import", "accommodations", f).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "1 unchanged") {
		t.Fatalf("detected: %v\n%s", err, out)
	}
}
