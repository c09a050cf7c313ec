package data

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/geo"
)

// PatrolPerson is an overstaying person at a patrol stop. It carries
// personal data: only roles that may see it get it, and the read is
// audited by the caller.
type PatrolPerson struct {
	StayID        int64      `json:"stay_id"`
	FullName      string     `json:"full_name"`
	PassportNo    string     `json:"passport_no"`
	Nationality   string     `json:"nationality"`
	PermitType    string     `json:"permit_type"`
	PermitExpiry  *time.Time `json:"permit_expiry"`
	Accommodation string     `json:"accommodation,omitempty"`
}

// OverstayersIn returns, per hotspot id (desa code, or "hex:<cell>:<i>:<j>"
// for level hex), up to limit overstaying stays present under f, longest
// overdue first. Hex cells are those of pantau_patrol_hex. Only stays
// inside scope (an area code, "" = all; geo.View.Scope) are listed: a hex
// cell on the edge of an officer's area holds people from outside it too.
func (db *DB) OverstayersIn(ctx context.Context, f geo.Filter, scope, level string, cellM float64, ids []string, limit int) (map[string][]PatrolPerson, error) {
	out := map[string][]PatrolPerson{}
	if len(ids) == 0 {
		return out, nil
	}
	args := append(f.SQLArgs()[:4:4], limit, scope)
	var sql string
	switch level {
	case "desa":
		sql = `SELECT k, id, full_name, passport_no, nationality, permit_type, permit_expiry, acc FROM (
			SELECT m.desa_code AS k, m.id, m.full_name, m.passport_no, m.nationality::text, m.permit_type, m.permit_expiry,
			       coalesce(a.name, '') AS acc,
			       row_number() OVER (PARTITION BY m.desa_code ORDER BY m.permit_expiry, m.id) AS rn
			  FROM pantau_stays_matching($1, $2, $3, $4, '{overstay}') m
			  LEFT JOIN accommodations a ON a.id = m.accommodation_id
			 WHERE m.desa_code = ANY ($7) AND ` + InScopeSQL("m.desa_code", 6) + `) x
			WHERE rn <= $5 ORDER BY k, rn`
		args = append(args, ids)
	case "hex":
		var is, js []int32
		for _, id := range ids {
			parts := strings.Split(id, ":")
			if len(parts) != 4 {
				continue
			}
			i, err1 := strconv.Atoi(parts[2])
			j, err2 := strconv.Atoi(parts[3])
			if err1 == nil && err2 == nil {
				is, js = append(is, int32(i)), append(js, int32(j))
			}
		}
		sql = `WITH c AS (SELECT i, j, ST_Hexagon($7, i, j, ST_SetSRID(ST_Point(0, 0), 32748)) AS h
		                    FROM unnest($8::int[], $9::int[]) AS u(i, j))
		SELECT k, id, full_name, passport_no, nationality, permit_type, permit_expiry, acc FROM (
			SELECT 'hex:' || $7::float8 || ':' || c.i || ':' || c.j AS k, m.id, m.full_name, m.passport_no, m.nationality::text,
			       m.permit_type, m.permit_expiry, coalesce(a.name, '') AS acc,
			       row_number() OVER (PARTITION BY c.i, c.j ORDER BY m.permit_expiry, m.id) AS rn
			  FROM c JOIN pantau_stays_matching($1, $2, $3, $4, '{overstay}') m
			    ON m.geom && ST_Transform(c.h, 4326)
			   AND pantau_period_place_key(m.arrival_date, m.departure_date) && pantau_period_box($1, $2) -- the place index for closed stays
			   AND ST_Covers(c.h, ST_Transform(m.geom, 32748))
			   AND ` + InScopeSQL("m.desa_code", 6) + `
			  LEFT JOIN accommodations a ON a.id = m.accommodation_id) x
			WHERE rn <= $5 ORDER BY k, rn`
		args = append(args, cellM, is, js)
	default:
		return nil, geo.RPatrolBadHotspots.FieldErrorf("hotspots.level", "level must be desa or hex")
	}
	rows, err := db.Pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, Classify(err)
	}
	err = eachPatrolRow(rows, func(r pgx.Rows) error {
		var k string
		var p PatrolPerson
		if err := r.Scan(&k, &p.StayID, &p.FullName, &p.PassportNo, &p.Nationality, &p.PermitType, &p.PermitExpiry, &p.Accommodation); err != nil {
			return err
		}
		out[k] = append(out[k], p)
		return nil
	})
	return out, Classify(err)
}

func eachPatrolRow(rows pgx.Rows, fn func(pgx.Rows) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
