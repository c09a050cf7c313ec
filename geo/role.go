package geo

import "strings"

// Role is what a caller may see; see ARCHITECTURE.md "Roles".
type Role string

const (
	RoleViewer  Role = "viewer"
	RoleOfficer Role = "officer"
	RoleAnalyst Role = "analyst"
	RoleAdmin   Role = "admin"
)

// Roles lists every role from least to most privileged.
var Roles = []Role{RoleViewer, RoleOfficer, RoleAnalyst, RoleAdmin}

// ParseRole validates a role name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == strings.ToLower(strings.TrimSpace(s)) {
			return r, nil
		}
	}
	return "", RRoleUnknown.FieldErrorf("role", "unknown role %q (want viewer, officer, analyst or admin)", s)
}

// Principal is the authenticated caller of a request.
type Principal struct {
	UserID   int64  // 0 for tokens not tied to a user
	TokenID  int64  // 0 for cookie sessions
	Name     string // user name or token name, for the audit log
	Role     Role
	AreaCode string // kecamatan (or other area) an officer is scoped to; "" = all
}

// Anonymous reports whether p is the unauthenticated caller.
func (p *Principal) Anonymous() bool { return p == nil || p.Role == "" }
