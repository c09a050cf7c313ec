package data

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"pantau/geo"
)

// AreaFigure is one area's figures from pantau_area_figures (the numbers of
// the desa/kecamatan tile layers) with an optional breakdown from
// pantau_area_breakdown. Counts are raw; small-count suppression is the
// caller's (it depends on who asks).
type AreaFigure struct {
	Code, Name, ParentCode string
	AreaKm2                float64
	Present, Overstays     int64
	Accommodations         int64
	Unregistered           int64            // accommodations not APOA-registered
	Breakdown              map[string]int64 // key → present; nil without By
	Geometry               orb.MultiPolygon // EPSG:4326; nil unless WithGeometry
}

// AreaQuery selects area figures.
type AreaQuery struct {
	Level        geo.Level // desa or kecamatan
	By           string    // "" or one of geo.Breakdowns
	Filter       geo.Filter
	WithGeometry bool
	BBox         *orb.Bound // only areas whose geometry intersects it
	Codes        []string   // only these areas (nil: all)
	Limit        int        // 0: all
	Offset       int
}

// EachAreaFigure streams the figures of every area of q.Level in code order
// to fn, one row at a time as PostgreSQL returns them.
func (db *DB) EachAreaFigure(ctx context.Context, q AreaQuery, fn func(AreaFigure) error) error {
	args := filterArgs(q.Filter)
	args["level"], args["by"], args["geom"], args["bbox"] = string(q.Level), q.By, q.WithGeometry, bboxArg(q.BBox)
	args["codes"], args["limit"], args["offset"] = q.Codes, limitArg(q.Limit), q.Offset
	breakdown := `NULL::text[], NULL::bigint[]`
	join := ``
	if q.By != "" {
		breakdown = `b.keys, b.ns`
		join = `LEFT JOIN (SELECT code, array_agg(key ORDER BY key) AS keys, array_agg(present ORDER BY key) AS ns
		          FROM pantau_area_breakdown(@level, @by, @from, @to, @nat, @permit, @status) GROUP BY code) b ON b.code = f.code`
	}
	rows, err := db.Pool.Query(ctx, `
		SELECT f.code, f.name, coalesce(f.parent_code, ''), f.area_km2, f.present, f.overstays,
		       f.accommodations, f.unregistered, `+breakdown+`, CASE WHEN @geom THEN a.geom END
		FROM pantau_area_figures(@level, @from, @to, @nat, @permit, @status) f
		JOIN areas a ON a.code = f.code
		`+join+`
		WHERE (@bbox::geometry IS NULL OR a.geom && @bbox::geometry AND ST_Intersects(a.geom, @bbox::geometry))
		  AND (@codes::text[] IS NULL OR f.code = ANY (@codes::text[]))
		ORDER BY f.code
		LIMIT @limit OFFSET @offset`, CustomPlan, args)
	if err != nil {
		return Classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var a AreaFigure
		var keys []string
		var ns []int64
		var g *orb.MultiPolygon
		if err := rows.Scan(&a.Code, &a.Name, &a.ParentCode, &a.AreaKm2, &a.Present, &a.Overstays,
			&a.Accommodations, &a.Unregistered, &keys, &ns, &g); err != nil {
			return Classify(err)
		}
		if q.By != "" {
			a.Breakdown = make(map[string]int64, len(keys))
			for i, k := range keys {
				a.Breakdown[k] = ns[i]
			}
		}
		if g != nil {
			a.Geometry = *g
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return Classify(rows.Err())
}

// CountAreas counts the areas of a level whose geometry intersects bbox
// (nil: all), for OGC numberMatched.
func (db *DB) CountAreas(ctx context.Context, level geo.Level, bbox *orb.Bound) (int64, error) {
	var n int64
	err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM areas
		WHERE level = $1 AND ($2::geometry IS NULL OR geom && $2::geometry AND ST_Intersects(geom, $2::geometry))`,
		string(level), bboxArg(bbox)).Scan(&n)
	return n, Classify(err)
}

// LoadedExtent is the bounding box (EPSG:4326) of every loaded area; zero
// when no area is loaded.
func (db *DB) LoadedExtent(ctx context.Context) (orb.Bound, error) {
	var minX, minY, maxX, maxY *float64
	err := db.Pool.QueryRow(ctx, `SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
		FROM (SELECT ST_Extent(geom) AS e FROM areas) x`).Scan(&minX, &minY, &maxX, &maxY)
	if err != nil || minX == nil {
		return orb.Bound{}, Classify(err)
	}
	return orb.Bound{Min: orb.Point{*minX, *minY}, Max: orb.Point{*maxX, *maxY}}, nil
}

// CustomPlan, passed as a query's first argument, runs it as an unnamed
// statement, so PostgreSQL plans it for the actual parameter values every
// time. Density and tile queries inline SQL functions whose best plan
// depends on the polygon, bounds, tile or dates; a cached generic plan (pgx
// prepares and caches statements by default; PostgreSQL switches a prepared
// statement to its generic plan after five executions) can be orders of
// magnitude slower. A z12 stays tile on the 10M benchmark set: 37–39 ms
// planned for its values, 62–70 ms with the generic plan, which tests the
// tile's envelope row by row instead of once.
const CustomPlan = pgx.QueryExecModeDescribeExec

// bboxArg turns an optional bound into a geometry parameter (NULL for nil).
func bboxArg(b *orb.Bound) any {
	if b == nil {
		return nil
	}
	return b.ToPolygon()
}

// filterArgs names a filter's five parameters for pgx.NamedArgs: @from,
// @to, @nat, @permit, @status (the arguments of pantau_stays_matching).
func filterArgs(f geo.Filter) pgx.NamedArgs {
	a := f.SQLArgs()
	return pgx.NamedArgs{"from": a[0], "to": a[1], "nat": a[2], "permit": a[3], "status": a[4]}
}

func limitArg(n int) any {
	if n <= 0 {
		return nil
	}
	return n
}
