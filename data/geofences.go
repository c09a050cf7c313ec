package data

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"pantau/geo"
)

// Geofences are written with plain INSERT, UPDATE and DELETE so that the
// triggers on the table (tile invalidation) see every change. A fence is
// given by exactly one of: Geometry (Polygon/MultiPolygon, EPSG:4326),
// Center + RadiusM (metres; the buffer is computed on the spheroid through
// geography, 16 segments per quarter circle), or DesaCode (the desa's
// boundary as it is now; later boundary imports do not move the fence).

const fenceColumns = `id, name, kind, geom, center, coalesce(radius_m, 0), coalesce(desa_code, ''), rules,
	active_from, active_to, coalesce(created_by, ''), created_at, updated_at`

func scanFence(row pgx.Row) (geo.Fence, error) {
	var f geo.Fence
	var center orb.Geometry
	var rules []byte
	err := row.Scan(&f.ID, &f.Name, &f.Kind, &f.Geometry, &center, &f.RadiusM, &f.DesaCode, &rules,
		&f.ActiveFrom, &f.ActiveTo, &f.CreatedBy, &f.CreatedAt, &f.UpdatedAt)
	if err != nil {
		return f, err
	}
	if p, ok := center.(orb.Point); ok {
		f.Center = &p
	}
	if err := json.Unmarshal(rules, &f.Rules); err != nil {
		return f, err
	}
	if f.Rules == nil {
		f.Rules = []geo.Rule{}
	}
	return f, nil
}

// fenceShape validates the geometry source of f and returns the SQL
// arguments ($geom, $center, $radius, $desa) for fenceGeomSQL.
func (db *DB) fenceShape(ctx context.Context, f geo.Fence) ([]any, error) {
	n := 0
	if f.Geometry != nil {
		n++
	}
	if f.Center != nil || f.RadiusM != 0 {
		n++
	}
	if f.DesaCode != "" {
		n++
	}
	if n != 1 {
		return nil, geo.RFenceBadGeometry.FieldErrorf("geometry", "give exactly one of geometry, center + radius_m, or desa_code")
	}
	switch {
	case f.Geometry != nil:
		mp, err := geo.ValidateFenceGeometry(f.Geometry)
		if err != nil {
			return nil, err
		}
		var reason string
		if err := db.Pool.QueryRow(ctx, `SELECT CASE WHEN ST_IsValid(g) THEN '' ELSE ST_IsValidReason(g) END
			FROM (SELECT ST_SetSRID($1::geometry, 4326) AS g) x`, mp).Scan(&reason); err != nil {
			return nil, Classify(err)
		}
		if reason != "" {
			return nil, geo.RFenceBadGeometry.FieldErrorf("geometry", "the polygon is not valid: %s", reason)
		}
		return []any{mp, nil, nil, nil}, nil
	case f.DesaCode != "":
		if lvl, err := geo.LevelOf(f.DesaCode); err != nil || lvl != geo.LevelDesa {
			return nil, geo.RAreaBadCode.FieldErrorf("desa_code", "%q is not a desa code (NN.NN.NN.NNNN)", f.DesaCode)
		}
		var ok bool
		if err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM areas WHERE code = $1 AND level = 'desa')`, f.DesaCode).Scan(&ok); err != nil {
			return nil, Classify(err)
		}
		if !ok {
			return nil, geo.RFenceUnknownDesa.FieldErrorf("desa_code", "no desa with code %s is loaded", f.DesaCode)
		}
		return []any{nil, nil, nil, f.DesaCode}, nil
	default:
		if f.Center == nil {
			return nil, geo.RFenceBadGeometry.FieldErrorf("center", "radius_m needs a center {lon, lat}")
		}
		if !(f.Center[0] >= -180 && f.Center[0] <= 180 && f.Center[1] >= -90 && f.Center[1] <= 90) {
			return nil, geo.RFenceBadGeometry.FieldErrorf("center", "[%g, %g] is not a longitude/latitude", f.Center[0], f.Center[1])
		}
		if !(f.RadiusM > 0 && f.RadiusM <= geo.MaxFenceRadiusM) {
			return nil, geo.RFenceBadGeometry.FieldErrorf("radius_m", "radius_m must be in (0, %d] metres", geo.MaxFenceRadiusM)
		}
		return []any{nil, *f.Center, f.RadiusM, nil}, nil
	}
}

// fenceGeomSQL turns $3..$6 (geometry, center, radius, desa) into the
// fence's MultiPolygon.
const fenceGeomSQL = `CASE
	WHEN $3::geometry IS NOT NULL THEN ST_Multi(ST_SetSRID($3::geometry, 4326))
	WHEN $4::geometry IS NOT NULL THEN ST_Multi(ST_Buffer(ST_SetSRID($4::geometry, 4326)::geography, $5::float8, 'quad_segs=16')::geometry)
	ELSE (SELECT a.geom FROM areas a WHERE a.code = $6::text AND a.level = 'desa') END`

func validateFence(f *geo.Fence) error {
	if f.Name == "" {
		return geo.RFenceBadName.FieldErrorf("name", "name is required")
	}
	if len(f.Name) > 200 {
		return geo.RFenceBadName.FieldErrorf("name", "name is longer than 200 bytes")
	}
	ok := false
	for _, k := range geo.FenceKinds {
		ok = ok || k == f.Kind
	}
	if !ok {
		return geo.RFenceBadKind.FieldErrorf("kind", "kind must be watch_zone, restricted_zone or guided_village, not %q", f.Kind)
	}
	if f.ActiveFrom != nil && f.ActiveTo != nil && !f.ActiveTo.After(*f.ActiveFrom) {
		return geo.RFenceBadPeriod.FieldErrorf("active_to", "active_to must be after active_from")
	}
	if f.Rules == nil {
		f.Rules = []geo.Rule{}
	}
	return geo.ValidateRules(f.Rules)
}

// fenceArgs validates f and returns the statement arguments lead…, name,
// kind, the shape (fenceShape), rules, active_from and active_to.
func (db *DB) fenceArgs(ctx context.Context, f *geo.Fence, lead ...any) ([]any, error) {
	if err := validateFence(f); err != nil {
		return nil, err
	}
	shape, err := db.fenceShape(ctx, *f)
	if err != nil {
		return nil, err
	}
	rules, _ := json.Marshal(f.Rules)
	args := append(append(lead, f.Name, f.Kind), shape...)
	return append(args, rules, f.ActiveFrom, f.ActiveTo), nil
}

// CreateFence validates and stores f, returning it as stored. In the same
// transaction the fence is evaluated against what is already inside it
// (0800_fence_backfill.sql): present stays raise stay_started and overstay,
// unregistered accommodations unregistered_accommodation, and count_above
// rules are counted, with the idempotency keys a later or earlier report
// would use, so nothing doubles. today is the evaluation day (a WIB
// calendar date, as geo.Clock.Today gives it); zero means the database's
// WIB date.
func (db *DB) CreateFence(ctx context.Context, f geo.Fence, today time.Time) (geo.Fence, error) {
	args, err := db.fenceArgs(ctx, &f)
	if err != nil {
		return f, err
	}
	args = append(args, f.CreatedBy)
	var out geo.Fence
	err = db.inTxAt(ctx, sqlClock{today: today}, func(tx pgx.Tx) (err error) {
		out, err = scanFence(tx.QueryRow(ctx, `INSERT INTO geofences
			(name, kind, geom, center, radius_m, desa_code, rules, active_from, active_to, created_by)
			VALUES ($1, $2, `+fenceGeomSQL+`, ST_SetSRID($4::geometry, 4326), $5::float8, $6::text, $7, $8, $9, $10)
			RETURNING `+fenceColumns, args...))
		return err
	})
	return out, Classify(err)
}

// UpdateFence replaces fence id with f (all fields; the shape as in
// CreateFence). A change of shape, rules or active window evaluates the
// fence again against what is inside it, for today, in the same
// transaction, as CreateFence does; alerts raised before are not repeated.
func (db *DB) UpdateFence(ctx context.Context, id int64, f geo.Fence, today time.Time) (geo.Fence, error) {
	args, err := db.fenceArgs(ctx, &f, id)
	if err != nil {
		return f, err
	}
	var out geo.Fence
	err = db.inTxAt(ctx, sqlClock{today: today}, func(tx pgx.Tx) (err error) {
		out, err = scanFence(tx.QueryRow(ctx, `WITH x AS (SELECT $1::bigint AS id, $2::text AS name, $3::text AS kind,
		$4::geometry AS g, $5::geometry AS c, $6::float8 AS r, $7::text AS d)
		UPDATE geofences SET name = x.name, kind = x.kind,
		  geom = CASE WHEN x.g IS NOT NULL THEN ST_Multi(ST_SetSRID(x.g, 4326))
		              WHEN x.c IS NOT NULL THEN ST_Multi(ST_Buffer(ST_SetSRID(x.c, 4326)::geography, x.r, 'quad_segs=16')::geometry)
		              ELSE (SELECT a.geom FROM areas a WHERE a.code = x.d AND a.level = 'desa') END,
		  center = ST_SetSRID(x.c, 4326), radius_m = x.r, desa_code = x.d,
		  rules = $8, active_from = $9, active_to = $10, updated_at = now()
		FROM x WHERE geofences.id = x.id
		RETURNING `+fenceColumnsQualified, args...))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return out, geo.RFenceNotFound.Errorf("No geofence %d.", id)
	}
	return out, Classify(err)
}

// fenceColumnsQualified is fenceColumns for UPDATE … FROM, where bare
// names would be ambiguous.
const fenceColumnsQualified = `geofences.id, geofences.name, geofences.kind, geofences.geom, geofences.center,
	coalesce(geofences.radius_m, 0), coalesce(geofences.desa_code, ''), geofences.rules,
	geofences.active_from, geofences.active_to, coalesce(geofences.created_by, ''),
	geofences.created_at, geofences.updated_at`

// DeleteFence deletes fence id. Its alerts stay, with geofence_id NULL.
func (db *DB) DeleteFence(ctx context.Context, id int64) error {
	tag, err := db.Pool.Exec(ctx, `DELETE FROM geofences WHERE id = $1`, id)
	if err != nil {
		return Classify(err)
	}
	if tag.RowsAffected() == 0 {
		return geo.RFenceNotFound.Errorf("No geofence %d.", id)
	}
	return nil
}

// GetFence returns fence id.
func (db *DB) GetFence(ctx context.Context, id int64) (geo.Fence, error) {
	f, err := scanFence(db.Pool.QueryRow(ctx, `SELECT `+fenceColumns+` FROM geofences WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return f, geo.RFenceNotFound.Errorf("No geofence %d.", id)
	}
	return f, Classify(err)
}

// FenceQuery filters ListFences. Zero values select everything.
type FenceQuery struct {
	Kind     string
	ActiveAt *time.Time // only fences active at this instant
	Limit    int        // default and maximum 5000
	AfterID  int64      // keyset pagination: fences with id > AfterID
}

// ListFences returns fences by id.
func (db *DB) ListFences(ctx context.Context, q FenceQuery) ([]geo.Fence, error) {
	if q.Limit <= 0 || q.Limit > 5000 {
		q.Limit = 5000
	}
	rows, err := db.Pool.Query(ctx, `SELECT `+fenceColumns+` FROM geofences
		WHERE ($1 = '' OR kind = $1)
		  AND ($2::timestamptz IS NULL OR ((active_from IS NULL OR active_from <= $2) AND (active_to IS NULL OR $2 < active_to)))
		  AND id > $3
		ORDER BY id LIMIT $4`, q.Kind, q.ActiveAt, q.AfterID, q.Limit)
	if err != nil {
		return nil, Classify(err)
	}
	fences, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (geo.Fence, error) { return scanFence(r) })
	return fences, Classify(err)
}
