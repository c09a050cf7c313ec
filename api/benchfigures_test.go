package api

import (
	"testing"

	"pantau/data/dbtest"
	"pantau/geo"
)

// BenchMetrics takes a benchmark's figures: the *testing.B itself, or the
// recorder of BenchmarkScale (package api_test), which keeps them for its
// table.
type BenchMetrics interface {
	ReportMetric(n float64, unit string)
}

// ReadFigure is the body of a read benchmark, run over a given dataset.
type ReadFigure struct {
	Name string
	Run  func(b *testing.B, db *dbtest.DB, m BenchMetrics)
}

// ReadFigures are the bodies of the density and tile benchmarks, for
// BenchmarkScale, which runs each over two datasets; the "through_stays"
// ones ask with status=present, which selects every stay as no filter
// does but counts the stays instead of reading the kept counts.
var ReadFigures = []ReadFigure{
	{"density_polygon", densityPolygon},
	{"density_polygon_viewer", densityPolygonViewer},
	{"density_areas", densityAreas},
	{"density_areas_through_stays", func(b *testing.B, db *dbtest.DB, m BenchMetrics) {
		densityAreasWith(b, db, []string{"present"}, m)
	}},
	{"density_grid_cipanas", densityGridCipanas},
	{"tiles_uncached", func(b *testing.B, db *dbtest.DB, m BenchMetrics) {
		tilesUncached(b, db, &geo.Principal{Role: geo.RoleAnalyst, Name: "bench"}, m)
	}},
	{"tiles_uncached_through_stays", func(b *testing.B, db *dbtest.DB, m BenchMetrics) {
		tilesUncachedWith(b, db, &geo.Principal{Role: geo.RoleAnalyst, Name: "bench"}, []string{"present"}, m)
	}},
	{"tiles_uncached_viewer", func(b *testing.B, db *dbtest.DB, m BenchMetrics) {
		tilesUncached(b, db, &geo.Principal{Role: geo.RoleViewer, Name: "bench"}, m)
	}},
	{"tiles_cached", tilesCached},
	{"tile_handler_cached", tileHandlerCached},
	{"stays_over_cianjur", staysOverCianjur},
}

// readFigure runs the read figure name over the shared benchmark dataset.
func readFigure(b *testing.B, name string) {
	for _, f := range ReadFigures {
		if f.Name == name {
			f.Run(b, dbtest.Bench(b), b)
			return
		}
	}
	b.Fatalf("no read figure %s", name)
}
