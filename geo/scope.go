package geo

import "fmt"

// Area scoping. An officer (or a token) with an AreaCode sees individual
// records only inside that area; AreaCode "" means all areas. A record is
// inside when its desa code equals the area code or starts with it plus
// "." (codes are hierarchical: kecamatan 32.03.29 holds desa
// 32.03.29.2001). A record with no desa (outside every desa) is inside
// only the unscoped view.
//
// Out of scope must look exactly like "does not exist": handlers answer
// both with NotFound(kind, id), so a scoped caller cannot probe ids. Lists
// filter in SQL with data.InScopeSQL / pantau_in_scope(code, scope), passing
// Principal.Scope() as the parameter.

// Scope returns the area code the principal is limited to ("" = all areas;
// also "" for anonymous, who see no individual records at all).
func (p *Principal) Scope() string {
	if p == nil {
		return ""
	}
	return p.AreaCode
}

// NotFound is the one answer for a record that does not exist and for one
// outside the caller's scope: ENOTFOUND "<kind> <id> does not exist.".
func NotFound(kind string, id any) error {
	return &Error{Code: ENOTFOUND, Message: fmt.Sprintf("%s %v does not exist.", kind, id)}
}

// CheckScope returns nil when a record of kind and id in area code (a desa
// code, "" when it lies in no desa) is visible to p, and NotFound(kind, id)
// otherwise — the same error a missing record gives.
func (p *Principal) CheckScope(kind string, id any, code string) error {
	if p == nil || !p.InScope(code) {
		return NotFound(kind, id)
	}
	return nil
}
