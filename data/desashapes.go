package data

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
)

// DesaShape is a desa as loaded, with a point inside it (EPSG:4326).
type DesaShape struct {
	Code  string
	Geom  orb.MultiPolygon
	Label orb.Point // a point inside the desa
}

// DesaShapes returns the loaded desa with the given codes (all when codes
// is nil), with a label point inside each.
func (db *DB) DesaShapes(ctx context.Context, codes []string) ([]DesaShape, error) {
	rows, err := db.Pool.Query(ctx, `SELECT code, geom, coalesce(label_point, ST_PointOnSurface(geom))
		FROM areas WHERE level = 'desa' AND ($1::text[] IS NULL OR code = ANY ($1)) ORDER BY code`, codes)
	if err != nil {
		return nil, Classify(err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (DesaShape, error) {
		var d DesaShape
		var label orb.Point
		err := r.Scan(&d.Code, &d.Geom, &label)
		d.Label = label
		return d, err
	})
}
