package geo

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// Breakdowns are the dimensions a density figure can be broken down by:
// the stay's nationality (ISO alpha-3), permit type, status on the window's
// last day (overstay or in_permit) and the kind of its accommodation
// ("none" for a stay reported at a bare point).
var Breakdowns = []string{"nationality", "permit", "status", "accommodation_kind"}

// ParseBy reads the optional by parameter ("" when absent).
func ParseBy(v string) (string, error) {
	if v == "" || slices.Contains(Breakdowns, v) {
		return v, nil
	}
	return "", RDensityBadBy.FieldErrorf("by", "by must be one of %s, not %q", strings.Join(Breakdowns, ", "), v)
}

// SnapToMonths widens a from/to window to whole calendar months (the first
// day of from's month to the last day of to's month). Single-day ("at")
// filters are left alone. Roles that see aggregates only get their windows
// snapped so two windows that differ by a few days are the same window and
// cannot be differenced (see docs/density.md "Small counts").
func SnapToMonths(f Filter) Filter {
	if f.From.Equal(f.To) {
		return f
	}
	f.From = time.Date(f.From.Year(), f.From.Month(), 1, 0, 0, 0, 0, time.UTC)
	f.To = time.Date(f.To.Year(), f.To.Month()+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	return f
}

// Grid shapes.
const (
	GridHex    = "hex"
	GridSquare = "square"
)

// GridSpec is a metric grid in UTM 48S (EPSG:32748) anchored at the
// projection's origin: CellM is the side of a square or the edge (=
// circumradius) of a flat-topped hexagon, in metres. Bounds (EPSG:4326)
// select the cells that touch it.
type GridSpec struct {
	Shape  string
	CellM  float64
	Bounds orb.Bound
}

// Grid limits: cells from 50 m to 20 km, at most MaxGridCells cells over
// the bounds, bounds at most 2 degrees on a side.
const (
	MinCellM     = 50
	MaxCellM     = 20000
	MaxGridCells = 200000
	MaxBBoxDeg   = 2.0
)

// ViewerGrid is the one fixed grid that roles seeing aggregates only get:
// grid requests and polygon figures are built from its whole cells.
var ViewerGrid = GridSpec{Shape: GridSquare, CellM: 500}

// ParseGrid reads shape (hex|square, default hex), cell (metres, default
// 250) and bbox (minLon,minLat,maxLon,maxLat, required).
func ParseGrid(shape, cell, bbox string) (GridSpec, error) {
	g := GridSpec{Shape: shape, CellM: 250}
	switch shape {
	case "":
		g.Shape = GridHex
	case GridHex, GridSquare:
	default:
		return g, RQueryInvalid.FieldErrorf("shape", "shape must be hex or square, not %q", shape)
	}
	if cell != "" {
		c, err := strconv.ParseFloat(cell, 64)
		if err != nil || math.IsNaN(c) || math.IsInf(c, 0) {
			return g, RGridBadCell.FieldErrorf("cell", "cell must be a number of metres, not %q", cell)
		}
		if c < MinCellM || c > MaxCellM {
			return g, RGridBadCell.FieldErrorf("cell", "cell must be between %d and %d metres, not %v", MinCellM, MaxCellM, c)
		}
		g.CellM = c
	}
	if bbox == "" {
		return g, RBBoxInvalid.FieldErrorf("bbox", "bbox=minLon,minLat,maxLon,maxLat is required")
	}
	b, err := ParseBBox(bbox, "bbox")
	if err != nil {
		return g, err
	}
	if b.Max[0]-b.Min[0] > MaxBBoxDeg || b.Max[1]-b.Min[1] > MaxBBoxDeg {
		return g, RBBoxTooLarge.FieldErrorf("bbox", "bbox may span at most %v degrees on a side", MaxBBoxDeg)
	}
	g.Bounds = b
	if n := g.ApproxCells(); n > MaxGridCells {
		return g, RGridTooManyCells.FieldErrorf("cell", "%.0f m cells over this bbox make about %.0f cells; at most %d — use larger cells or a smaller bbox", g.CellM, n, MaxGridCells)
	}
	return g, nil
}

// ApproxCells estimates the number of cells over the bounds (111.32 km per
// degree, longitude scaled at the bounds' mean latitude).
func (g GridSpec) ApproxCells() float64 {
	lat := (g.Bounds.Min[1] + g.Bounds.Max[1]) / 2 * math.Pi / 180
	w := (g.Bounds.Max[0] - g.Bounds.Min[0]) * 111320 * math.Cos(lat)
	h := (g.Bounds.Max[1] - g.Bounds.Min[1]) * 111320
	cellArea := g.CellM * g.CellM
	if g.Shape == GridHex {
		cellArea = 3 * math.Sqrt(3) / 2 * g.CellM * g.CellM
	}
	return (w + 2*g.CellM) * (h + 2*g.CellM) / cellArea
}

// CellAreaKm2 is the area of one cell in km².
func (g GridSpec) CellAreaKm2() float64 {
	if g.Shape == GridHex {
		return 3 * math.Sqrt(3) / 2 * g.CellM * g.CellM / 1e6
	}
	return g.CellM * g.CellM / 1e6
}

// ParseBBox reads "minLon,minLat,maxLon,maxLat" in EPSG:4326 degrees.
func ParseBBox(s, field string) (orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return orb.Bound{}, RBBoxInvalid.FieldErrorf(field, "%s must be minLon,minLat,maxLon,maxLat, not %q", field, s)
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return orb.Bound{}, RBBoxInvalid.FieldErrorf(field, "%s: %q is not a number", field, p)
		}
		v[i] = f
	}
	b := orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}
	switch {
	case v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90:
		return b, RBBoxInvalid.FieldErrorf(field, "%s is outside lon −180..180 / lat −90..90", field)
	case v[0] >= v[2] || v[1] >= v[3]:
		return b, RBBoxInvalid.FieldErrorf(field, "%s: min must be below max (minLon,minLat,maxLon,maxLat)", field)
	}
	return b, nil
}

// CheckBuffer validates a polygon buffer in metres (0 to 5,000).
func CheckBuffer(s string) (float64, error) {
	if s == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > 5000 {
		return 0, RQueryInvalid.FieldErrorf("buffer", "buffer must be a number of metres from 0 to 5000, not %q", s)
	}
	return f, nil
}

// DateString formats a filter date.
func DateString(t time.Time) string { return t.Format("2006-01-02") }
