package data_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// lastHistoricMigration is the last migration written before functions,
// triggers and views moved to data/sql; later ones hold only other DDL.
const lastHistoricMigration = "1300_desa_for_gap_index.sql"

// TestMigrationsAreNeverEdited refuses a landed migration whose bytes
// differ from data/migrations/manifest.sha256, and a migration missing
// from it.
func TestMigrationsAreNeverEdited(t *testing.T) {
	manifest := readManifest(t)
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		name := filepath.Base(f)
		seen[name] = true
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		got := hex.EncodeToString(sum[:])
		want, ok := manifest[name]
		switch {
		case !ok:
			t.Errorf("migration %s is not in data/migrations/manifest.sha256: once it is final, add it with\n"+
				"  (cd data/migrations && sha256sum %s >> manifest.sha256)", name, name)
		case got != want:
			t.Errorf("migration %s was edited after it landed (sha256 %s, manifest %s). Applied migrations are history: "+
				"restore it (git checkout main -- data/migrations/%s) and put the change in a new migration, "+
				"or for a function, trigger or view in its file under data/sql (docs/architecture.md \"Changing SQL\")", name, got, want, name)
		}
	}
	for name := range manifest {
		if !seen[name] {
			t.Errorf("migration %s is in manifest.sha256 but missing: landed migrations are never removed", name)
		}
	}
}

// TestNewMigrationsDefineNoFunctions refuses a migration after
// lastHistoricMigration that creates a function, trigger or view: those
// live in data/sql, one file per subject.
func TestNewMigrationsDefineNoFunctions(t *testing.T) {
	defined := definitionSites(t)
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		if name <= lastHistoricMigration {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range createdObjects(string(b)) {
			if site, ok := defined[d.name]; ok {
				t.Errorf("migration %s creates %s %s, which data/sql/%s defines: change it there instead "+
					"(definition files are re-applied whenever they change; docs/architecture.md \"Changing SQL\")", name, d.kind, d.name, site)
			} else {
				t.Errorf("migration %s creates %s %s: functions, triggers and views live in data/sql/<subject>.sql, "+
					"one file per subject, not in migrations (docs/architecture.md \"Changing SQL\")", name, d.kind, d.name)
			}
		}
	}
}

type sqlObject struct{ kind, name string }

var createRE = regexp.MustCompile(`(?i)\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?(FUNCTION|PROCEDURE|TRIGGER|MATERIALIZED\s+VIEW|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w."]+)`)

// createdObjects returns the functions, triggers and views that sql
// creates (comments ignored).
func createdObjects(sql string) []sqlObject {
	var out []sqlObject
	for _, m := range createRE.FindAllStringSubmatch(stripComments(sql), -1) {
		out = append(out, sqlObject{kind: strings.ToLower(strings.Join(strings.Fields(m[1]), " ")),
			name: strings.TrimPrefix(strings.Trim(m[2], `"`), "public.")})
	}
	return out
}

func stripComments(sql string) string {
	var b strings.Builder
	for _, line := range strings.Split(sql, "\n") {
		if i := strings.Index(line, "--"); i >= 0 {
			line = line[:i]
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// definitionSites maps each function, trigger and view name of data/sql to
// its file. A trigger or view named in two files fails the test (one
// subject each); functions may be overloaded.
func definitionSites(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("sql/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no definition files in data/sql: %v", err)
	}
	sites := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range createdObjects(string(b)) {
			if prev, ok := sites[d.name]; ok && prev != filepath.Base(f) && d.kind != "function" {
				t.Errorf("%s %s is defined in data/sql/%s and data/sql/%s: keep it in one", d.kind, d.name, prev, filepath.Base(f))
			}
			sites[d.name] = filepath.Base(f)
		}
	}
	return sites
}

func readManifest(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("migrations/manifest.sha256")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		fields := strings.Fields(sc.Text())
		if len(fields) != 2 {
			t.Fatalf("manifest.sha256 line %d: want \"<sha256>  <file>\", got %q", n, sc.Text())
		}
		out[fields[1]] = fields[0]
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
