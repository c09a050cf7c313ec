package geo

import (
	"fmt"
	"strings"
)

// The access policy: the one place that decides what a caller may see.
// Every output — records, density, OGC items, tiles, alerts and their
// stream, patrol plans, exports, the page's "me" document — asks
// Principal.View and follows its answer; docs/security.md states the
// same rule in words.
//
//	role     Individuals  Personal  Scope
//	viewer   no           no        —        aggregates only, disclosed
//	officer  yes          yes       its area (outside it: a viewer's view)
//	analyst  yes          yes       all areas (or a token's area)
//	admin    yes          yes       all areas (or a token's area)
//
// Individuals are individual records: points, ids and non-identifying
// attributes (nationality, permit, dates, accommodation). Personal fields
// are names, passport numbers and birth dates; routes carry them only where
// the job needs them (a record read, the people of a patrol plan, a data
// subject's export) and every such read is audited with the record ids.
// Inside its Scope a caller with Individuals sees exact counts; everything
// else — all of it for a viewer, what lies outside its area for an officer
// — is seen only as aggregates under the disclosure rule (Disclose).
//
// A record is inside a scope when its desa code equals the scope's area
// code or starts with it plus "." (codes are hierarchical: kecamatan
// 32.03.29 holds desa 32.03.29.2001). A record in no desa is inside only
// the unscoped view. Out of scope must look exactly like "does not exist":
// handlers answer both with NotFound(kind, id), so ids cannot be probed.
// SQL filters with pantau_in_scope(code, scope), passing View.Scope.

// View is what one principal may see.
type View struct {
	Individuals bool   // individual records inside Scope
	Personal    bool   // personal fields of the records inside Scope
	Scope       string // area code the above hold in; "" = all areas
}

// View returns p's view. The anonymous caller sees nothing individual and
// is scoped to nothing.
func (p *Principal) View() View {
	if p == nil {
		return View{}
	}
	switch p.Role {
	case RoleOfficer, RoleAnalyst, RoleAdmin:
		return View{Individuals: true, Personal: true, Scope: p.AreaCode}
	}
	return View{Scope: p.AreaCode}
}

// Contains reports whether a record or area with code lies inside the
// view's scope ("" = in no desa: inside the unscoped view only).
func (v View) Contains(code string) bool {
	if v.Scope == "" {
		return true
	}
	return code != "" && (code == v.Scope || strings.HasPrefix(code, v.Scope+"."))
}

// AggregatesOnly reports whether everything the caller sees is disclosed
// aggregates (viewers, anonymous).
func (v View) AggregatesOnly() bool { return !v.Individuals }

// DisclosesSomewhere reports whether some area is seen only as disclosed
// aggregates: routes that span every area then use the viewer's fixed
// units (month windows, the viewer grid).
func (v View) DisclosesSomewhere() bool { return !v.Individuals || v.Scope != "" }

// Sees reports whether an individual record in desa code is visible —
// and so whether counts over the area with that code may be shown exactly;
// otherwise they go through the disclosure rule.
func (v View) Sees(code string) bool { return v.Individuals && v.Contains(code) }

// CheckRecord returns nil when a record of kind and id in desa code is
// visible to the view, and NotFound(kind, id) otherwise — the same error a
// missing record gives.
func (v View) CheckRecord(kind string, id any, code string) error {
	if !v.Sees(code) {
		return NotFound(kind, id)
	}
	return nil
}

// NotFound is the one answer for a record that does not exist and for one
// outside the caller's scope: ENOTFOUND "<kind> <id> does not exist.".
func NotFound(kind string, id any) error {
	return &Error{Code: ENOTFOUND, Message: fmt.Sprintf("%s %v does not exist.", kind, id)}
}
