package data

import (
	"context"

	"github.com/paulmach/orb"

	"pantau/geo"
)

// GridCell is one cell of a metric grid (see pantau_grid_figures): its
// index in the grid anchored at UTM 48S's origin, its polygon (EPSG:4326)
// and the stays in it, and of them those inside the query's scope
// (PresentIn, OverstaysIn; all of them for scope ""). Cells without stays
// are never returned.
type GridCell struct {
	I, J                   int
	Geometry               orb.Polygon
	Present, Overstays     int64
	PresentIn, OverstaysIn int64
}

// EachGridCell streams the non-empty cells of g touching g.Bounds to fn;
// scope is an area code whose stays each cell also counts apart.
func (db *DB) EachGridCell(ctx context.Context, g geo.GridSpec, f geo.Filter, scope string, fn func(GridCell) error) error {
	args := filterArgs(f)
	args["shape"], args["cell"], args["bounds"], args["scope"] = g.Shape, g.CellM, g.Bounds.ToPolygon(), scope
	rows, err := db.Pool.Query(ctx, `SELECT i, j, geom, present, overstays, present_in, overstays_in
		FROM pantau_grid_figures(@shape, @cell, @bounds, @from, @to, @nat, @permit, @status, @scope)
		ORDER BY j DESC, i`, CustomPlan, args)
	if err != nil {
		return Classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c GridCell
		if err := rows.Scan(&c.I, &c.J, &c.Geometry, &c.Present, &c.Overstays, &c.PresentIn, &c.OverstaysIn); err != nil {
			return Classify(err)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return Classify(rows.Err())
}
