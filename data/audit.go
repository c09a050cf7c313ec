package data

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
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

// Audit appends e to the audit log. Every text in it is cleaned first
// (CleanText), so no value a caller sends can make the row fail to be
// written; the row's id and time are the database's.
func (db *DB) Audit(ctx context.Context, e AuditEntry) error {
	return auditRow(ctx, db.Pool, e)
}

// auditExec is a pool or a transaction.
type auditExec interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// auditWith writes e, when set, in tx: a change that carries its audit row
// commits with it or not at all (the audit log fails closed for writes).
// The row's resource is kind/id of what the change made.
func auditWith(ctx context.Context, tx pgx.Tx, e *AuditEntry, kind string, id int64) error {
	if e == nil {
		return nil
	}
	row := *e
	row.Resource = kind + "/" + strconv.FormatInt(id, 10)
	return auditRow(ctx, tx, row)
}

func auditRow(ctx context.Context, q auditExec, e AuditEntry) error {
	e.Actor, e.Role, e.Action, e.Resource = CleanText(e.Actor), CleanText(e.Role), CleanText(e.Action), CleanText(e.Resource)
	e.Outcome, e.ClientAddr, e.RequestID = CleanText(e.Outcome), CleanText(e.ClientAddr), CleanText(e.RequestID)
	e.Params = cleanParams(e.Params)
	if f, ok := ctx.Value(auditFlagKey{}).(*atomic.Bool); ok {
		f.Store(true)
	}
	params, err := json.Marshal(e.Params)
	if err != nil || e.Params == nil {
		params = []byte("{}")
	}
	// A NUL inside a value CleanText did not reach (a struct's field) is
	// escaped by JSON as \u0000, which jsonb refuses.
	params = bytes.ReplaceAll(params, []byte(`\u0000`), []byte(`\ufffd`))
	if e.Actor == "" {
		e.Actor = "anonymous"
	}
	// An address with its port (http.Request.RemoteAddr) is kept as the
	// address alone.
	if host, _, err := net.SplitHostPort(e.ClientAddr); err == nil {
		e.ClientAddr = host
	}
	_, err = q.Exec(ctx, `INSERT INTO audit_log (actor, role, action, resource, params, outcome, client_addr, request_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		e.Actor, e.Role, e.Action, e.Resource, params, e.Outcome, e.ClientAddr, e.RequestID)
	return Classify(err)
}

// maxAuditText caps one text value in an audit row (bytes).
const maxAuditText = 2048

// CleanText makes s storable in a text or jsonb column whatever it holds:
// invalid UTF-8 and NUL bytes (which PostgreSQL refuses, SQLSTATE 22021 and
// 22P05) become U+FFFD, and it is cut to maxAuditText bytes on a rune
// boundary, marked with "…".
func CleanText(s string) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
	if len(s) <= maxAuditText {
		return s
	}
	cut := maxAuditText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// cleanParams cleans the keys and the text values of an audit row's
// parameters, nested slices and maps included.
func cleanParams(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[CleanText(k)] = cleanValue(v)
	}
	return out
}

func cleanValue(v any) any {
	switch x := v.(type) {
	case string:
		return CleanText(x)
	case []string:
		out := make([]string, len(x))
		for i, s := range x {
			out[i] = CleanText(s)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cleanValue(e)
		}
		return out
	case map[string]any:
		return cleanParams(x)
	}
	return v
}
