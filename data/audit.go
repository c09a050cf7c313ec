package data

import (
	"context"
	"encoding/json"
	"net"
	"sync/atomic"
)

// AuditEntry is one line of the append-only audit log. Params must never
// carry secrets (passwords, tokens).
type AuditEntry struct {
	Actor      string
	Role       string
	Action     string // e.g. "stays.read", "import.stays", "login"
	Resource   string // e.g. "stay/123", "/api/v1/stays"
	Params     map[string]any
	Outcome    string // "ok", "denied", "failed", "error"
	ClientAddr string
	RequestID  string
}

type auditFlagKey struct{}

// WithAuditFlag returns ctx carrying a flag that Audit raises when it
// writes a row with ctx (or a context derived from it), and a function
// reporting whether it was raised. The HTTP layer uses it so a handler
// that records its own audit row does not get a second, generic one.
func WithAuditFlag(ctx context.Context) (context.Context, func() bool) {
	var written atomic.Bool
	return context.WithValue(ctx, auditFlagKey{}, &written), written.Load
}

// Audit appends e to the audit log.
func (db *DB) Audit(ctx context.Context, e AuditEntry) error {
	if f, ok := ctx.Value(auditFlagKey{}).(*atomic.Bool); ok {
		f.Store(true)
	}
	params, err := json.Marshal(e.Params)
	if err != nil || e.Params == nil {
		params = []byte("{}")
	}
	if e.Actor == "" {
		e.Actor = "anonymous"
	}
	// An address with its port (http.Request.RemoteAddr) is kept as the
	// address alone.
	if host, _, err := net.SplitHostPort(e.ClientAddr); err == nil {
		e.ClientAddr = host
	}
	_, err = db.Pool.Exec(ctx, `INSERT INTO audit_log (actor, role, action, resource, params, outcome, client_addr, request_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		e.Actor, e.Role, e.Action, e.Resource, params, e.Outcome, e.ClientAddr, e.RequestID)
	return Classify(err)
}
