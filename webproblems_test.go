package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"pantau/geo"
)

// TestProblemCodesTranslated: every stable problem code the server can
// answer (geo.Reasons) has an Indonesian and an English sentence in the
// page (web/src/i18n.js problems) and a row in docs/errors.md, and the
// page lists no code the server does not have.
func TestProblemCodesTranslated(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed: apt-get install nodejs npm (make test installs it)")
	}
	const script = `globalThis.localStorage = { getItem: () => null, setItem() {} };
const { problems } = await import('./web/src/i18n.js');
console.log(JSON.stringify(problems));`
	out, err := exec.Command(node, "--input-type=module", "-e", script).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var texts map[string]map[string]string
	if err := json.Unmarshal(out, &texts); err != nil {
		t.Fatalf("%v: %.200s", err, out)
	}
	known := map[string]bool{}
	for _, r := range geo.Reasons() {
		known[r.Name] = true
		for _, lang := range []string{"id", "en"} {
			if texts[lang][r.Name] == "" {
				t.Errorf("problem code %s has no %s text in web/src/i18n.js", r.Name, lang)
			}
		}
	}
	for lang, m := range texts {
		for code := range m {
			if !known[code] {
				t.Errorf("web/src/i18n.js (%s) names problem code %s, which geo/reason.go does not declare", lang, code)
			}
		}
	}
	doc, err := os.ReadFile("docs/errors.md")
	if err != nil {
		t.Fatal(err)
	}
	for code := range known {
		if !strings.Contains(string(doc), "| `"+code+"` |") {
			t.Errorf("docs/errors.md has no row for problem code %s", code)
		}
	}
	if len(known) < 50 {
		t.Errorf("only %d reasons declared", len(known))
	}
}
