package data

import (
	"context"

	"github.com/paulmach/orb"

	"pantau/geo"
)

// GridCell is one cell of a metric grid (see pantau_grid_figures): its
// index in the grid anchored at UTM 48S's origin, its polygon (EPSG:4326)
// and the stays in it. Cells without stays are never returned.
type GridCell struct {
	I, J               int
	Geometry           orb.Polygon
	Present, Overstays int64
}

// EachGridCell streams the non-empty cells of g touching g.Bounds to fn.
func (db *DB) EachGridCell(ctx context.Context, g geo.GridSpec, f geo.Filter, fn func(GridCell) error) error {
	args := filterArgs(f)
	args["shape"], args["cell"], args["bounds"] = g.Shape, g.CellM, g.Bounds.ToPolygon()
	rows, err := db.Pool.Query(ctx, `SELECT i, j, geom, present, overstays
		FROM pantau_grid_figures(@shape, @cell, @bounds, @from, @to, @nat, @permit, @status)
		ORDER BY j DESC, i`, customPlan, args)
	if err != nil {
		return Classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c GridCell
		if err := rows.Scan(&c.I, &c.J, &c.Geometry, &c.Present, &c.Overstays); err != nil {
			return Classify(err)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return Classify(rows.Err())
}
