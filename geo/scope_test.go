package geo_test

import (
	"testing"

	"pantau/geo"
)

func TestCheckScopeLooksLikeNotFound(t *testing.T) {
	officer := &geo.Principal{Role: geo.RoleOfficer, AreaCode: "32.03.29"}
	if err := officer.CheckScope("stay", 7, "32.03.29.2001"); err != nil {
		t.Fatal(err)
	}
	out := officer.CheckScope("stay", 7, "32.03.30.2001")
	none := officer.CheckScope("stay", 7, "")
	missing := geo.NotFound("stay", 7)
	if geo.ErrorCode(out) != geo.ENOTFOUND || out.Error() != missing.Error() || none.Error() != missing.Error() {
		t.Fatalf("out of scope %v, in no desa %v, missing %v", out, none, missing)
	}
	analyst := &geo.Principal{Role: geo.RoleAnalyst}
	if analyst.CheckScope("stay", 7, "") != nil || analyst.Scope() != "" || officer.Scope() != "32.03.29" {
		t.Fatal("unscoped principal")
	}
	var anon *geo.Principal
	if anon.CheckScope("stay", 7, "32.03.29.2001") == nil {
		t.Fatal("anonymous in scope")
	}
}
