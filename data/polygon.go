package data

import (
	"context"
	"errors"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/jackc/pgx/v5"

	"github.com/paulmach/orb"

	"pantau/geo"
)

// PolygonRow is one row of pantau_polygon_stays: Dim is total, desa,
// nationality, permit, status or accommodation_kind; Key the value ("" for
// total; for desa the stay's assigned desa, "" outside every desa).
type PolygonRow struct {
	Dim, Key           string
	Present, Overstays int64
}

// CellRow is one row of pantau_grid_breakdown: the stays of a whole grid
// cell whose centre lies in the polygon, and of them those inside the
// query's scope (PresentIn, OverstaysIn). Desa is the desa holding the
// cell's centre (pantau_desa_for; "" in no desa), set on the total rows.
type CellRow struct {
	I, J                   int
	Dim, Key               string
	Present, Overstays     int64
	PresentIn, OverstaysIn int64
	Desa                   string
}

// PolygonDesa is a desa the polygon touches, with the polygon's area in it.
type PolygonDesa struct {
	Code, Name, ParentCode string
	AreaKm2, InsideKm2     float64
	Share                  float64 // of the polygon's area, 0..1
}

// AccommodationGroup counts accommodations inside the polygon by kind,
// licence and APOA registration.
type AccommodationGroup struct {
	Kind                 string
	Licensed, Registered bool
	N                    int64
}

// PolygonResult holds the raw figures of a polygon; exactly one of Stays
// (exact: every stay inside the polygon) and Cells (whole fixed cells) is
// set.
type PolygonResult struct {
	Stays          []PolygonRow
	Cells          []CellRow
	Desa           []PolygonDesa
	Accommodations []AccommodationGroup
}

// PreparePolygon is the database's step of polygon validation: ST_IsValid
// (EUNPROCESSABLE with ST_IsValidReason's words otherwise), then the buffer
// (metres, in UTM 48S; 0 for none). It returns the polygon to query and its
// geodesic area in km².
func (db *DB) PreparePolygon(ctx context.Context, mp orb.MultiPolygon, bufferM float64) (orb.MultiPolygon, float64, error) {
	var reason string
	var out *orb.MultiPolygon
	var km2 *float64
	err := db.Pool.QueryRow(ctx, `
		WITH g AS (SELECT @area::geometry AS g),
		     v AS (SELECT g, ST_IsValidReason(g) AS reason FROM g),
		     b AS (SELECT reason, CASE WHEN reason = 'Valid Geometry' THEN ST_Multi(CASE WHEN @buffer > 0
		              THEN ST_Transform(ST_Buffer(ST_Transform(g, 32748), @buffer, 'quad_segs=8'), 4326) ELSE g END) END AS out FROM v)
		SELECT reason, out, ST_Area(out::geography) / 1e6 FROM b`, CustomPlan,
		pgx.NamedArgs{"area": mp, "buffer": bufferM}).Scan(&reason, &out, &km2)
	if err != nil {
		return nil, 0, Classify(err)
	}
	if out == nil || km2 == nil {
		return nil, 0, geo.RPolygonInvalid.FieldErrorf("coordinates", "the polygon is not valid: %s", reason)
	}
	if *km2 <= 0 {
		return nil, 0, geo.RPolygonInvalid.FieldErrorf("coordinates", "the polygon has no area")
	}
	return *out, *km2, nil
}

// PolygonFigures computes the figures of area (EPSG:4326, prepared by
// PreparePolygon) for f. With cells nil every stay inside the polygon
// counts (boundary included); with cells set, the stays of whole cells of
// that grid whose centre lies inside, each also counting those of area code
// scope apart. The three queries run concurrently.
func (db *DB) PolygonFigures(ctx context.Context, area orb.MultiPolygon, f geo.Filter, cells *geo.GridSpec, scope string) (PolygonResult, error) {
	var res PolygonResult
	var wg sync.WaitGroup
	errs := make([]error, 3)
	wg.Add(3)
	go func() {
		defer wg.Done()
		if cells != nil {
			res.Cells, errs[0] = db.polygonCells(ctx, area, f, *cells, scope)
		} else {
			res.Stays, errs[0] = db.polygonStays(ctx, area, f)
		}
	}()
	go func() {
		defer wg.Done()
		res.Desa, errs[1] = db.polygonDesa(ctx, area)
	}()
	go func() {
		defer wg.Done()
		res.Accommodations, errs[2] = db.polygonAccommodations(ctx, area)
	}()
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

// polygonStrips is the number of strips polygonStays splits a polygon into.
var polygonStrips = min(runtime.GOMAXPROCS(0), 4)

// polygonStays counts the stays inside area. The polygon's box is split
// into vertical strips counted at once on separate connections (PostgreSQL
// scans an index with one process; see migration 0730); every stay lies in
// one strip, and the rows of the strips are summed.
func (db *DB) polygonStays(ctx context.Context, area orb.MultiPolygon, f geo.Filter) ([]PolygonRow, error) {
	b := area.Bound()
	n := max(polygonStrips, 1)
	parts := make([][]PolygonRow, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for k := range n {
		x0, x1 := b.Min[0]+(b.Max[0]-b.Min[0])*float64(k)/float64(n), b.Min[0]+(b.Max[0]-b.Min[0])*float64(k+1)/float64(n)
		if k == 0 {
			x0 = math.Inf(-1)
		}
		if k == n-1 {
			x1 = math.Inf(1)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[k], errs[k] = db.polygonStrip(ctx, area, f, x0, x1)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	type dk struct{ dim, key string }
	sum := map[dk]PolygonRow{}
	for _, rows := range parts {
		for _, r := range rows {
			t := sum[dk{r.Dim, r.Key}]
			t.Dim, t.Key = r.Dim, r.Key
			t.Present += r.Present
			t.Overstays += r.Overstays
			sum[dk{r.Dim, r.Key}] = t
		}
	}
	res := make([]PolygonRow, 0, len(sum))
	for _, r := range sum {
		res = append(res, r)
	}
	sort.Slice(res, func(i, j int) bool {
		if res[i].Dim != res[j].Dim {
			return res[i].Dim < res[j].Dim
		}
		return res[i].Key < res[j].Key
	})
	return res, nil
}

// polygonStrip counts the stays inside area with x0 <= longitude < x1.
func (db *DB) polygonStrip(ctx context.Context, area orb.MultiPolygon, f geo.Filter, x0, x1 float64) ([]PolygonRow, error) {
	args := filterArgs(f)
	args["area"], args["x0"], args["x1"] = area, x0, x1
	rows, err := db.Pool.Query(ctx, `SELECT dim, key, present, overstays
		FROM pantau_polygon_stays(@area, @from, @to, @nat, @permit, @status, @x0, @x1)`, CustomPlan, args)
	if err != nil {
		return nil, Classify(err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (PolygonRow, error) {
		var p PolygonRow
		err := r.Scan(&p.Dim, &p.Key, &p.Present, &p.Overstays)
		return p, err
	})
}

func (db *DB) polygonCells(ctx context.Context, area orb.MultiPolygon, f geo.Filter, g geo.GridSpec, scope string) ([]CellRow, error) {
	args := filterArgs(f)
	args["area"], args["shape"], args["cell"], args["scope"] = area, g.Shape, g.CellM, scope
	rows, err := db.Pool.Query(ctx, `
		SELECT b.i, b.j, b.dim, b.key, b.present, b.overstays, b.present_in, b.overstays_in,
		       CASE WHEN b.dim = 'total' THEN coalesce(pantau_desa_for(ST_Transform(ST_Centroid(
		         CASE WHEN @shape = 'square' THEN ST_Square(@cell, b.i, b.j, ST_SetSRID(ST_Point(0, 0), 32748))
		              ELSE ST_Hexagon(@cell, b.i, b.j, ST_SetSRID(ST_Point(0, 0), 32748)) END), 4326)), '') ELSE '' END
		FROM pantau_grid_breakdown(@shape, @cell, @area, @from, @to, @nat, @permit, @status, @scope) b
		ORDER BY b.i, b.j, b.dim, b.key`, CustomPlan, args)
	if err != nil {
		return nil, Classify(err)
	}
	var out []CellRow
	for rows.Next() {
		var r CellRow
		if err := rows.Scan(&r.I, &r.J, &r.Dim, &r.Key, &r.Present, &r.Overstays, &r.PresentIn, &r.OverstaysIn, &r.Desa); err != nil {
			rows.Close()
			return nil, Classify(err)
		}
		out = append(out, r)
	}
	return out, Classify(rows.Err())
}

func (db *DB) polygonDesa(ctx context.Context, area orb.MultiPolygon) ([]PolygonDesa, error) {
	rows, err := db.Pool.Query(ctx, `SELECT code, name, coalesce(parent_code, ''), area_km2, inside_km2, coalesce(share, 0)
		FROM pantau_polygon_desa($1) ORDER BY code`, CustomPlan, area)
	if err != nil {
		return nil, Classify(err)
	}
	var out []PolygonDesa
	for rows.Next() {
		var d PolygonDesa
		if err := rows.Scan(&d.Code, &d.Name, &d.ParentCode, &d.AreaKm2, &d.InsideKm2, &d.Share); err != nil {
			rows.Close()
			return nil, Classify(err)
		}
		out = append(out, d)
	}
	return out, Classify(rows.Err())
}

func (db *DB) polygonAccommodations(ctx context.Context, area orb.MultiPolygon) ([]AccommodationGroup, error) {
	rows, err := db.Pool.Query(ctx, `SELECT kind, licensed, apoa_registered, n
		FROM pantau_polygon_accommodations($1) ORDER BY kind, licensed, apoa_registered`, CustomPlan, area)
	if err != nil {
		return nil, Classify(err)
	}
	var out []AccommodationGroup
	for rows.Next() {
		var g AccommodationGroup
		if err := rows.Scan(&g.Kind, &g.Licensed, &g.Registered, &g.N); err != nil {
			rows.Close()
			return nil, Classify(err)
		}
		out = append(out, g)
	}
	return out, Classify(rows.Err())
}
