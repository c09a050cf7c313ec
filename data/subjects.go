package data

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"pantau/geo"
)

// SubjectExport is everything Pantau holds about one person, as a data
// subject may ask (UU 27/2022): every stay with the same passport number
// and nationality as the given stay, every earlier version of those stays,
// and the audit trail of who accessed them.
type SubjectExport struct {
	PassportNo  string            `json:"passport_no"`
	Nationality string            `json:"nationality"`
	Stays       []json.RawMessage `json:"stays"`
	History     []json.RawMessage `json:"history"`
	AccessTrail []AuditRecord     `json:"access_trail"`
	StayIDs     []int64           `json:"-"`
}

// maxSubjectTrail bounds the trail in one export.
const maxSubjectTrail = 10000

// ExportSubject builds the SubjectExport of the person of stay id. An
// unknown stay is ENOTFOUND. Accesses are audit rows whose resource is
// "stay/<id>" or whose params.stay_ids holds one of the person's stay ids.
func (db *DB) ExportSubject(ctx context.Context, stayID int64) (SubjectExport, error) {
	var out SubjectExport
	err := db.Pool.QueryRow(ctx, `SELECT passport_no, nationality FROM stays WHERE id = $1`, stayID).Scan(&out.PassportNo, &out.Nationality)
	if errors.Is(err, pgx.ErrNoRows) {
		return out, geo.Errorf(geo.ENOTFOUND, "Stay %d does not exist.", stayID)
	} else if err != nil {
		return out, Classify(err)
	}
	rows, err := db.Pool.Query(ctx, `SELECT s.id, to_jsonb(s) - 'geom' - 'geom_3857' || jsonb_build_object('lon', ST_X(s.geom), 'lat', ST_Y(s.geom))
		FROM stays s WHERE passport_no = $1 AND nationality = $2 ORDER BY arrival_date, id`, out.PassportNo, out.Nationality)
	if err != nil {
		return out, Classify(err)
	}
	var ids []int64
	out.Stays = []json.RawMessage{}
	for rows.Next() {
		var id int64
		var doc json.RawMessage
		if err := rows.Scan(&id, &doc); err != nil {
			rows.Close()
			return out, Classify(err)
		}
		ids = append(ids, id)
		out.Stays = append(out.Stays, doc)
	}
	if err := rows.Err(); err != nil {
		return out, Classify(err)
	}
	rows, err = db.Pool.Query(ctx, `SELECT to_jsonb(h) - 'geom' || jsonb_build_object('lon', ST_X(h.geom), 'lat', ST_Y(h.geom))
		FROM stays_history h WHERE passport_no = $1 AND nationality = $2 ORDER BY id, version`, out.PassportNo, out.Nationality)
	if err != nil {
		return out, Classify(err)
	}
	if out.History, err = pgx.CollectRows(rows, pgx.RowTo[json.RawMessage]); err != nil {
		return out, Classify(err)
	}
	if out.History == nil {
		out.History = []json.RawMessage{}
	}
	out.StayIDs = ids
	resources := make([]string, len(ids))
	idText := make([]string, len(ids))
	for i, id := range ids {
		resources[i] = fmt.Sprintf("stay/%d", id)
		idText[i] = fmt.Sprint(id)
	}
	rows, err = db.Pool.Query(ctx, `SELECT id, at, actor, coalesce(role, ''), action, coalesce(resource, ''), params,
		outcome, coalesce(client_addr, ''), coalesce(request_id, '')
		FROM audit_log
		WHERE resource = ANY($1)
		   OR (jsonb_typeof(params->'stay_ids') = 'array'
		       AND EXISTS (SELECT FROM jsonb_array_elements_text(params->'stay_ids') e WHERE e = ANY($2)))
		ORDER BY at, id LIMIT $3`, resources, idText, maxSubjectTrail)
	if err != nil {
		return out, Classify(err)
	}
	if out.AccessTrail, err = pgx.CollectRows(rows, scanAudit); err != nil {
		return out, Classify(err)
	}
	if out.AccessTrail == nil {
		out.AccessTrail = []AuditRecord{}
	}
	return out, nil
}
