package importer

import (
	"context"
	"fmt"
	"io"

	"pantau/data"
	"pantau/geo"
)

// File imports stays or accommodations (kind) from r in format "csv"
// or "geojson".
func File(ctx context.Context, db *data.DB, kind, format string, r io.Reader, opts Options) (Result, error) {
	switch kind + "/" + format {
	case "stays/csv":
		src, err := StaysCSV(opts.File, r, opts.Delimiter)
		if err != nil {
			return Result{Kind: kind, File: opts.File}, err
		}
		return Stays(ctx, db, src, opts)
	case "stays/geojson":
		return Stays(ctx, db, StaysGeoJSON(opts.File, r), opts)
	case "accommodations/csv":
		src, err := AccommodationsCSV(opts.File, r, opts.Delimiter)
		if err != nil {
			return Result{Kind: kind, File: opts.File}, err
		}
		return Accommodations(ctx, db, src, opts)
	case "accommodations/geojson":
		return Accommodations(ctx, db, AccommodationsGeoJSON(opts.File, r), opts)
	}
	return Result{Kind: kind}, geo.RFormatUnsupported.Errorf("cannot import %s from %s", kind, fmt.Sprint(format))
}
