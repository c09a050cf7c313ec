package data

import (
	"context"

	"github.com/jackc/pgx/v5"

	"pantau/geo"
)

// SearchPlaces finds kecamatan, desa and — where v sees individuals, inside
// its scope, as the accommodations tiles show them — accommodations whose
// name holds q (geo.PlaceQuery's form), at most limit of them: exact names
// first, then names that start with q, then the rest; kecamatan before desa
// before accommodations; shorter names first.
func (db *DB) SearchPlaces(ctx context.Context, q string, v geo.View, limit int) ([]geo.Place, error) {
	rows, err := db.Pool.Query(ctx, `
		WITH p AS (SELECT $1::text AS q, '%' || $2 || '%' AS anywhere, $2 || '%' AS prefix)
		(SELECT a.level, a.code, 0::bigint, a.name, coalesce(k.name, ''),
		        ST_X(l.pt), ST_Y(l.pt), ARRAY[ST_XMin(a.geom), ST_YMin(a.geom), ST_XMax(a.geom), ST_YMax(a.geom)],
		        CASE WHEN lower(a.name) = p.q THEN 0 WHEN lower(a.name) LIKE p.prefix ESCAPE '\' THEN 1 ELSE 2 END AS rank,
		        CASE a.level WHEN 'kecamatan' THEN 0 ELSE 1 END AS kind_order
		 FROM p, areas a LEFT JOIN areas k ON k.code = a.parent_code AND a.level = 'desa',
		      LATERAL (SELECT coalesce(a.label_point, ST_PointOnSurface(a.geom)) AS pt) l
		 WHERE a.level IN ('desa', 'kecamatan') AND lower(a.name) LIKE p.anywhere ESCAPE '\'
		 ORDER BY rank, kind_order, length(a.name), a.name LIMIT $5)
		UNION ALL
		(SELECT 'accommodation', coalesce(x.desa_code, ''), x.id, x.name, coalesce(d.name, ''),
		        ST_X(x.geom), ST_Y(x.geom), NULL::float8[],
		        CASE WHEN lower(x.name) = p.q THEN 0 WHEN lower(x.name) LIKE p.prefix ESCAPE '\' THEN 1 ELSE 2 END,
		        2
		 FROM p, accommodations x LEFT JOIN areas d ON d.code = x.desa_code
		 WHERE $3 AND pantau_in_scope(x.desa_code, $4) AND lower(x.name) LIKE p.anywhere ESCAPE '\'
		 ORDER BY 9, length(x.name), x.name, x.id LIMIT $5)
		ORDER BY 9, 10, 4 LIMIT $5`,
		q, geo.LikePattern(q), v.Individuals, v.Scope, limit)
	if err != nil {
		return nil, Classify(err)
	}
	places, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (geo.Place, error) {
		var p geo.Place
		var bbox []float64
		var rank, kindOrder int
		err := r.Scan(&p.Kind, &p.Code, &p.ID, &p.Name, &p.Context, &p.Lon, &p.Lat, &bbox, &rank, &kindOrder)
		if len(bbox) == 4 {
			p.BBox = &[4]float64{bbox[0], bbox[1], bbox[2], bbox[3]}
		}
		return p, err
	})
	return places, Classify(err)
}
