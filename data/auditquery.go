package data

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// AuditRecord is one stored audit log row.
type AuditRecord struct {
	ID         int64           `json:"id"`
	At         time.Time       `json:"at"`
	Actor      string          `json:"actor"`
	Role       string          `json:"role,omitempty"`
	Action     string          `json:"action"`
	Resource   string          `json:"resource,omitempty"`
	Params     json.RawMessage `json:"params"`
	Outcome    string          `json:"outcome"`
	ClientAddr string          `json:"client_addr,omitempty"`
	RequestID  string          `json:"request_id,omitempty"`
}

// AuditQuery filters the audit log. Zero fields do not filter. Action
// ending in ".*" matches a prefix ("auth.*"). From is inclusive, To
// exclusive. Rows come newest first.
type AuditQuery struct {
	Actor, Action, Outcome string
	From, To               time.Time
	Limit, Offset          int
}

// ListAudit returns the rows matching q and how many match in total.
func (db *DB) ListAudit(ctx context.Context, q AuditQuery) ([]AuditRecord, int64, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if q.Actor != "" {
		add("actor = $%d", q.Actor)
	}
	if prefix, ok := strings.CutSuffix(q.Action, ".*"); ok {
		add("starts_with(action, $%d)", prefix+".")
	} else if q.Action != "" {
		add("action = $%d", q.Action)
	}
	if q.Outcome != "" {
		add("outcome = $%d", q.Outcome)
	}
	if !q.From.IsZero() {
		add("at >= $%d", q.From)
	}
	if !q.To.IsZero() {
		add("at < $%d", q.To)
	}
	cond := "true"
	if len(where) > 0 {
		cond = strings.Join(where, " AND ")
	}
	var total int64
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, Classify(err)
	}
	args = append(args, q.Limit, q.Offset)
	rows, err := db.Pool.Query(ctx, fmt.Sprintf(`SELECT id, at, actor, coalesce(role, ''), action, coalesce(resource, ''), params,
		outcome, coalesce(client_addr, ''), coalesce(request_id, '')
		FROM audit_log WHERE %s ORDER BY at DESC, id DESC LIMIT $%d OFFSET $%d`, cond, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, Classify(err)
	}
	recs, err := pgx.CollectRows(rows, scanAudit)
	return recs, total, Classify(err)
}

func scanAudit(row pgx.CollectableRow) (AuditRecord, error) {
	var a AuditRecord
	err := row.Scan(&a.ID, &a.At, &a.Actor, &a.Role, &a.Action, &a.Resource, &a.Params, &a.Outcome, &a.ClientAddr, &a.RequestID)
	return a, err
}
