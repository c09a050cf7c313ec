package data

import (
	"context"
	"fmt"
	"io"

	"pantau/geo"
)

// ImportFile imports stays or accommodations (kind) from r in format "csv"
// or "geojson".
func ImportFile(ctx context.Context, db *DB, kind, format string, r io.Reader, opts ImportOptions) (ImportResult, error) {
	switch kind + "/" + format {
	case "stays/csv":
		src, err := StaysCSV(opts.File, r, opts.Delimiter)
		if err != nil {
			return ImportResult{Kind: kind, File: opts.File}, err
		}
		return db.ImportStays(ctx, src, opts)
	case "stays/geojson":
		return db.ImportStays(ctx, StaysGeoJSON(opts.File, r), opts)
	case "accommodations/csv":
		src, err := AccommodationsCSV(opts.File, r, opts.Delimiter)
		if err != nil {
			return ImportResult{Kind: kind, File: opts.File}, err
		}
		return db.ImportAccommodations(ctx, src, opts)
	case "accommodations/geojson":
		return db.ImportAccommodations(ctx, AccommodationsGeoJSON(opts.File, r), opts)
	}
	return ImportResult{Kind: kind}, geo.Errorf(geo.EINVALID, "cannot import %s from %s", kind, fmt.Sprint(format))
}
