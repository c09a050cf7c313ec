package geo_test

import (
	"testing"

	"pantau/geo"
)

// TestPolicy is the docs/security.md table: what each role sees, and where.
func TestPolicy(t *testing.T) {
	const pacet, cipanas = "32.03.29", "32.03.28"
	cases := []struct {
		name                string
		p                   *geo.Principal
		individuals, pers   bool
		exactIn, exactOut   bool // exact counts in Pacet / Cipanas
		aggOnly, disclosing bool
	}{
		{"anonymous", nil, false, false, false, false, true, true},
		{"viewer", &geo.Principal{Role: geo.RoleViewer}, false, false, false, false, true, true},
		{"officer of Pacet", &geo.Principal{Role: geo.RoleOfficer, AreaCode: pacet}, true, true, true, false, false, true},
		{"officer with no area", &geo.Principal{Role: geo.RoleOfficer}, true, true, true, true, false, false},
		{"analyst", &geo.Principal{Role: geo.RoleAnalyst}, true, true, true, true, false, false},
		{"analyst token of Pacet", &geo.Principal{Role: geo.RoleAnalyst, AreaCode: pacet}, true, true, true, false, false, true},
		{"admin", &geo.Principal{Role: geo.RoleAdmin}, true, true, true, true, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := c.p.View()
			if v.Individuals != c.individuals || v.Personal != c.pers {
				t.Errorf("individuals %v personal %v, want %v %v", v.Individuals, v.Personal, c.individuals, c.pers)
			}
			if v.Sees(pacet+".2001") != c.exactIn || v.Sees(cipanas+".2001") != c.exactOut {
				t.Errorf("exact in Pacet %v, in Cipanas %v", v.Sees(pacet+".2001"), v.Sees(cipanas+".2001"))
			}
			if v.AggregatesOnly() != c.aggOnly || v.DisclosesSomewhere() != c.disclosing {
				t.Errorf("aggregates only %v, discloses somewhere %v", v.AggregatesOnly(), v.DisclosesSomewhere())
			}
		})
	}
}

func TestScopeIsHierarchicalOnWholeSegments(t *testing.T) {
	v := (&geo.Principal{Role: geo.RoleOfficer, AreaCode: "32.03.29"}).View()
	for code, want := range map[string]bool{"32.03.29": true, "32.03.29.2001": true, "32.03.291.2001": false,
		"32.03.30.2001": false, "32.03": false, "": false} {
		if v.Contains(code) != want {
			t.Errorf("Contains(%q) = %v", code, !want)
		}
	}
	if !(geo.View{}).Contains("") {
		t.Error("a record in no desa is inside the unscoped view")
	}
}

func TestOutOfScopeLooksLikeNotFound(t *testing.T) {
	v := (&geo.Principal{Role: geo.RoleOfficer, AreaCode: "32.03.29"}).View()
	if err := v.CheckRecord("stay", 7, "32.03.29.2001"); err != nil {
		t.Fatal(err)
	}
	out, none, missing := v.CheckRecord("stay", 7, "32.03.30.2001"), v.CheckRecord("stay", 7, ""), geo.NotFound("stay", 7)
	for _, err := range []error{out, none} {
		if geo.ErrorCode(err) != geo.ENOTFOUND || err.Error() != missing.Error() {
			t.Errorf("out of scope: %v, want exactly %v", err, missing)
		}
	}
	if (&geo.Principal{Role: geo.RoleViewer}).View().CheckRecord("stay", 7, "32.03.29.2001") == nil {
		t.Error("a viewer sees no individual record")
	}
}
