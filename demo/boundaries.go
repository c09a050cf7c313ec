package demo

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// CellRadius bounds each derived desa cell: at most this far (metres)
// from its gazetteer point.
const CellRadius = 2500.0

// loadBoundaries derives approximate boundaries from the gazetteer and
// writes them as areas with approximate = true and source 'demo':
//   - desa: the Voronoi cell of its point among all gazetteer points
//     (computed in UTM 48S, EPSG:32748), clipped to a circle of
//     CellRadius around the point; its label point is the gazetteer point;
//   - kecamatan: the union of its desa; kabupaten 32.03: the union of those.
//
// Areas that exist already (real boundaries) are left alone.
func loadBoundaries(ctx context.Context, tx pgx.Tx) error {
	n := len(Gazetteer)
	codes, names := make([]string, n), make([]string, n)
	lons, lats := make([]float64, n), make([]float64, n)
	for i, d := range Gazetteer {
		codes[i], names[i], lons[i], lats[i] = d.Code, d.Name, d.Lon, d.Lat
	}
	if _, err := tx.Exec(ctx, `
		WITH p AS (
		  SELECT code, name, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS pt,
		         ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 32748) AS u
		  FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[]) AS g(code, name, lon, lat)
		), v AS (
		  SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(u)))).geom AS cell FROM p
		), c AS (
		  SELECT p.code, p.name, p.pt, ST_Intersection(v.cell, ST_Buffer(p.u, $5::float8, 24)) AS cell
		  FROM p JOIN v ON ST_Contains(v.cell, p.u)
		)
		INSERT INTO areas (code, level, parent_code, name, kind, approximate, geom, label_point, source)
		SELECT code, 'desa', substr(code, 1, 8), name, 'Desa', true,
		       ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(cell, 4326)), 3)), pt, 'demo'
		FROM c
		ON CONFLICT (code) DO NOTHING`, codes, names, lons, lats, CellRadius); err != nil {
		return err
	}
	kc, kn := make([]string, 0), make([]string, 0)
	for c, name := range GazetteerKecamatan {
		kc, kn = append(kc, c), append(kn, name)
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO areas (code, level, parent_code, name, approximate, geom, source)
		SELECT k.code, 'kecamatan', substr(k.code, 1, 5), k.name, true,
		       ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(a.geom)), 3)), 'demo'
		FROM unnest($1::text[], $2::text[]) AS k(code, name)
		JOIN areas a ON a.level = 'desa' AND a.parent_code = k.code
		GROUP BY k.code, k.name
		ON CONFLICT (code) DO NOTHING`, kc, kn); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO areas (code, level, name, approximate, geom, source)
		SELECT $1, 'kabupaten', $2, true, ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(geom)), 3)), 'demo'
		FROM areas WHERE level = 'kecamatan' AND parent_code = $1
		HAVING count(*) > 0
		ON CONFLICT (code) DO NOTHING`, GazetteerKabupaten, GazetteerKabupatenName)
	return err
}
