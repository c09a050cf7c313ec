package data

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/geo"
)

// StayRecord is a stored stay as the records API (GET /stays, /stays/{id})
// shows it. Personal fields (name, passport number, birth date) are nil
// unless the query asked for them.
// Lon/Lat are EPSG:4326; DesaCode nil means outside every desa.
type StayRecord struct {
	ID              int64     `json:"id"`
	Source          string    `json:"source"`
	SourceID        string    `json:"source_id"`
	Nationality     string    `json:"nationality"`
	Sex             *string   `json:"sex"`
	PermitType      string    `json:"permit_type"`
	PermitExpiry    *string   `json:"permit_expiry"`
	ArrivalDate     string    `json:"arrival_date"`
	DepartureDate   *string   `json:"departure_date"`
	AccommodationID *int64    `json:"accommodation_id"`
	Lon             float64   `json:"lon"`
	Lat             float64   `json:"lat"`
	DesaCode        *string   `json:"desa_code"`
	Outside         bool      `json:"outside"`
	ReportedAt      time.Time `json:"reported_at"`
	Version         int       `json:"version"`
	FullName        *string   `json:"full_name,omitempty"`
	PassportNo      *string   `json:"passport_no,omitempty"`
	BirthDate       *string   `json:"birth_date,omitempty"`
}

// AccommodationRecord is a stored accommodation; OwnerName is personal data.
type AccommodationRecord struct {
	ID             int64   `json:"id"`
	Source         string  `json:"source"`
	SourceID       string  `json:"source_id"`
	Name           string  `json:"name"`
	Kind           string  `json:"kind"`
	Licensed       bool    `json:"licensed"`
	APOARegistered bool    `json:"apoa_registered"`
	Capacity       *int    `json:"capacity"`
	Lon            float64 `json:"lon"`
	Lat            float64 `json:"lat"`
	DesaCode       *string `json:"desa_code"`
	Outside        bool    `json:"outside"`
	Version        int     `json:"version"`
	OwnerName      *string `json:"owner_name,omitempty"`
}

// RecordQuery selects stays or accommodations for listing. Area and Scope
// are Kemendagri codes: a record matches when its desa is the code or lies
// under it (records outside every desa match neither). Scope is the
// caller's assigned area; records outside it do not exist for the caller.
type RecordQuery struct {
	ID       int64       // one record
	Area     string      // "" = all
	Scope    string      // "" = unrestricted
	Filter   *geo.Filter // stays only; nil = no date/nationality/permit filter
	AfterID  int64       // keyset paging: ids greater than this
	Limit    int         // default 100, at most 1000
	Personal bool        // include personal fields
}

func (q *RecordQuery) limit() int {
	if q.Limit <= 0 {
		return 100
	}
	return min(q.Limit, 1000)
}

const areaMatch = `($%d = '' OR desa_code = $%d OR desa_code LIKE $%d || '.%%')`

// ListStays returns stays by id order.
func (db *DB) ListStays(ctx context.Context, q RecordQuery) ([]StayRecord, error) {
	from := "stays"
	args := []any{q.Area, q.Scope, q.AfterID, q.limit(), q.Personal, q.ID}
	if q.Filter != nil {
		from = "pantau_stays_matching($7, $8, $9, $10, $11)"
		args = append(args, q.Filter.SQLArgs()...)
	}
	rows, err := db.Pool.Query(ctx, `SELECT id, source, source_id, nationality, sex, permit_type, to_char(permit_expiry, 'YYYY-MM-DD'),
		to_char(arrival_date, 'YYYY-MM-DD'), to_char(departure_date, 'YYYY-MM-DD'), accommodation_id, ST_X(geom), ST_Y(geom),
		desa_code, reported_at, version,
		CASE WHEN $5 THEN full_name END, CASE WHEN $5 THEN passport_no END, CASE WHEN $5 THEN to_char(birth_date, 'YYYY-MM-DD') END
		FROM `+from+` s
		WHERE id > $3 AND ($6 = 0 OR id = $6) AND `+fmt.Sprintf(areaMatch, 1, 1, 1)+` AND `+fmt.Sprintf(areaMatch, 2, 2, 2)+`
		ORDER BY id LIMIT $4`, args...)
	if err != nil {
		return nil, Classify(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (StayRecord, error) {
		var v StayRecord
		err := r.Scan(&v.ID, &v.Source, &v.SourceID, &v.Nationality, &v.Sex, &v.PermitType, &v.PermitExpiry, &v.ArrivalDate,
			&v.DepartureDate, &v.AccommodationID, &v.Lon, &v.Lat, &v.DesaCode, &v.ReportedAt, &v.Version, &v.FullName, &v.PassportNo, &v.BirthDate)
		v.Outside = v.DesaCode == nil
		return v, err
	})
	return out, Classify(err)
}

// ListAccommodations returns accommodations by id order.
func (db *DB) ListAccommodations(ctx context.Context, q RecordQuery) ([]AccommodationRecord, error) {
	rows, err := db.Pool.Query(ctx, `SELECT id, source, source_id, name, kind, licensed, apoa_registered, capacity,
		ST_X(geom), ST_Y(geom), desa_code, version, CASE WHEN $5 THEN owner_name END
		FROM accommodations
		WHERE id > $3 AND ($6 = 0 OR id = $6) AND `+fmt.Sprintf(areaMatch, 1, 1, 1)+` AND `+fmt.Sprintf(areaMatch, 2, 2, 2)+`
		ORDER BY id LIMIT $4`, q.Area, q.Scope, q.AfterID, q.limit(), q.Personal, q.ID)
	if err != nil {
		return nil, Classify(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (AccommodationRecord, error) {
		var v AccommodationRecord
		err := r.Scan(&v.ID, &v.Source, &v.SourceID, &v.Name, &v.Kind, &v.Licensed, &v.APOARegistered, &v.Capacity,
			&v.Lon, &v.Lat, &v.DesaCode, &v.Version, &v.OwnerName)
		v.Outside = v.DesaCode == nil
		return v, err
	})
	return out, Classify(err)
}
