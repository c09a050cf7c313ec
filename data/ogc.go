package data

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"pantau/geo"
)

// FeatureQuery pages through a feature collection for OGC API – Features:
// features whose geometry intersects BBox (EPSG:4326; nil: all), ordered by
// id, Limit from Offset. Scope, when set, keeps features whose desa lies in
// that area (an officer's kecamatan).
type FeatureQuery struct {
	BBox          *orb.Bound
	Limit, Offset int
	Scope         string
	ID            string // one feature by id ("" for all)
}

func (q FeatureQuery) args() pgx.NamedArgs {
	return pgx.NamedArgs{"bbox": bboxArg(q.BBox), "limit": limitArg(q.Limit), "offset": q.Offset, "scope": q.Scope, "id": q.ID}
}

// AreaFeature is an area without figures: code, names, level, area.
type AreaFeature struct {
	Code, Name, ParentCode, Kind string
	AreaKm2                      float64
	Approximate                  bool
	Geometry                     orb.MultiPolygon
}

// EachAreaFeature streams the areas of a level for q, and returns how many
// match q without the paging.
func (db *DB) EachAreaFeature(ctx context.Context, level geo.Level, q FeatureQuery, fn func(AreaFeature) error) (int64, error) {
	args := q.args()
	args["level"] = string(level)
	const where = `level = @level AND (@id = '' OR code = @id) AND (@bbox::geometry IS NULL OR geom && @bbox::geometry AND ST_Intersects(geom, @bbox::geometry))`
	return eachFeature(ctx, db, "areas", where, "code", args,
		`code, name, coalesce(parent_code, ''), coalesce(kind, ''), area_km2, approximate, geom`,
		func(r pgx.Row, a *AreaFeature) error {
			return r.Scan(&a.Code, &a.Name, &a.ParentCode, &a.Kind, &a.AreaKm2, &a.Approximate, &a.Geometry)
		}, fn)
}

// AccommodationFeature carries an accommodation's non-identifying fields
// only: no name, no owner.
type AccommodationFeature struct {
	ID                       int64
	Kind                     string
	Licensed, APOARegistered bool
	Capacity                 *int32
	DesaCode                 string
	Geometry                 orb.Point
}

// EachAccommodationFeature streams accommodations for q and returns how
// many match without the paging.
func (db *DB) EachAccommodationFeature(ctx context.Context, q FeatureQuery, fn func(AccommodationFeature) error) (int64, error) {
	const where = `(@bbox::geometry IS NULL OR geom && @bbox::geometry AND ST_Intersects(geom, @bbox::geometry))
		AND (@scope = '' OR desa_code = @scope OR desa_code LIKE @scope || '.%') AND (@id = '' OR id::text = @id)`
	return eachFeature(ctx, db, "accommodations", where, "id", q.args(),
		`id, kind, licensed, apoa_registered, capacity, coalesce(desa_code, ''), geom`,
		func(r pgx.Row, a *AccommodationFeature) error {
			return r.Scan(&a.ID, &a.Kind, &a.Licensed, &a.APOARegistered, &a.Capacity, &a.DesaCode, &a.Geometry)
		}, fn)
}

// GeofenceFeature is a geofence without its rules.
type GeofenceFeature struct {
	ID         int64
	Name, Kind string
	RadiusM    *float64
	DesaCode   string
	ActiveFrom *time.Time
	ActiveTo   *time.Time
	Geometry   orb.MultiPolygon
}

// EachGeofenceFeature streams geofences for q and returns how many match
// without the paging.
func (db *DB) EachGeofenceFeature(ctx context.Context, q FeatureQuery, fn func(GeofenceFeature) error) (int64, error) {
	const where = `(@bbox::geometry IS NULL OR geom && @bbox::geometry AND ST_Intersects(geom, @bbox::geometry))
		AND (@id = '' OR id::text = @id)`
	return eachFeature(ctx, db, "geofences", where, "id", q.args(),
		`id, name, kind, radius_m, coalesce(desa_code, ''), active_from, active_to, geom`,
		func(r pgx.Row, g *GeofenceFeature) error {
			return r.Scan(&g.ID, &g.Name, &g.Kind, &g.RadiusM, &g.DesaCode, &g.ActiveFrom, &g.ActiveTo, &g.Geometry)
		}, fn)
}

// eachFeature counts the rows of table that match where (a condition on
// the named arguments args), then streams one page of them (ORDER BY order,
// @limit rows from @offset): cols of each row scanned into a T and handed
// to fn. It returns the count.
func eachFeature[T any](ctx context.Context, db *DB, table, where, order string, args pgx.NamedArgs, cols string,
	scan func(pgx.Row, *T) error, fn func(T) error) (int64, error) {
	var matched int64
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE `+where, args).Scan(&matched); err != nil {
		return 0, Classify(err)
	}
	rows, err := db.Pool.Query(ctx, `SELECT `+cols+` FROM `+table+` WHERE `+where+` ORDER BY `+order+` LIMIT @limit OFFSET @offset`, args)
	if err != nil {
		return 0, Classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var v T
		if err := scan(rows, &v); err != nil {
			return 0, Classify(err)
		}
		if err := fn(v); err != nil {
			return 0, err
		}
	}
	return matched, Classify(rows.Err())
}
