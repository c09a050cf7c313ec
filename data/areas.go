package data

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"pantau/geo"
)

const areaColumns = `code, level, coalesce(parent_code, ''), name, coalesce(kind, ''), approximate, area_km2, geom,
	coalesce(label_point, ST_PointOnSurface(geom))`

func scanArea(row pgx.Row) (geo.Area, error) {
	var a geo.Area
	var level string
	var label orb.Point
	err := row.Scan(&a.Code, &level, &a.ParentCode, &a.Name, &a.Kind, &a.Approximate, &a.AreaKm2, &a.Geometry, &label)
	a.Level, a.Label = geo.Level(level), label
	return a, err
}

// ListAreas returns the areas of one level ordered by code; level "" lists all.
func (db *DB) ListAreas(ctx context.Context, level geo.Level) ([]geo.Area, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+areaColumns+` FROM areas
		WHERE $1 = '' OR level = $1 ORDER BY code`, string(level))
	if err != nil {
		return nil, Classify(err)
	}
	areas, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (geo.Area, error) { return scanArea(r) })
	return areas, Classify(err)
}

// GetArea returns one area by Kemendagri code.
func (db *DB) GetArea(ctx context.Context, code string) (geo.Area, error) {
	if _, err := geo.LevelOf(code); err != nil {
		return geo.Area{}, err
	}
	a, err := scanArea(db.Pool.QueryRow(ctx, `SELECT `+areaColumns+` FROM areas WHERE code = $1`, code))
	if err == pgx.ErrNoRows {
		return a, geo.RAreaNotFound.Errorf("No area with code %s.", code)
	}
	return a, Classify(err)
}

// AreasNear returns up to limit areas of level whose geometry meets bound
// (EPSG:4326), ordered by code, for drawing: code, name, label point and the
// boundary simplified to tolerance degrees (topology kept). Everyone may see
// boundaries; they hold no records.
func (db *DB) AreasNear(ctx context.Context, level geo.Level, b orb.Bound, tolerance float64, limit int) ([]geo.Area, error) {
	rows, err := db.Reader(ctx).Pool.Query(ctx, `SELECT code, name,
			ST_Multi(ST_SimplifyPreserveTopology(geom, $6)), coalesce(label_point, ST_PointOnSurface(geom))
		FROM areas WHERE level = $1 AND geom && ST_MakeEnvelope($2, $3, $4, $5, 4326)
			AND ST_Intersects(geom, ST_MakeEnvelope($2, $3, $4, $5, 4326))
		ORDER BY code LIMIT $7`, string(level), b.Min[0], b.Min[1], b.Max[0], b.Max[1], tolerance, limit)
	if err != nil {
		return nil, Classify(err)
	}
	areas, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (geo.Area, error) {
		a := geo.Area{Level: level}
		var label orb.Point
		err := r.Scan(&a.Code, &a.Name, &a.Geometry, &label)
		a.Label = label
		return a, err
	})
	return areas, Classify(err)
}

// ListAreaLabels returns the areas of one level ("" = all) without their
// outlines: code, level, parent, name, kind, approximate, area and label
// point — what the map's name labels need, a few kilobytes for Cianjur.
func (db *DB) ListAreaLabels(ctx context.Context, level geo.Level) ([]geo.Area, error) {
	rows, err := db.Pool.Query(ctx, `SELECT code, level, coalesce(parent_code, ''), name, coalesce(kind, ''), approximate, area_km2,
		coalesce(label_point, ST_PointOnSurface(geom)) FROM areas WHERE $1 = '' OR level = $1 ORDER BY code`, string(level))
	if err != nil {
		return nil, Classify(err)
	}
	areas, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (geo.Area, error) {
		var a geo.Area
		var lvl string
		var label orb.Point
		err := r.Scan(&a.Code, &lvl, &a.ParentCode, &a.Name, &a.Kind, &a.Approximate, &a.AreaKm2, &label)
		a.Level, a.Label = geo.Level(lvl), label
		return a, err
	})
	return areas, Classify(err)
}
