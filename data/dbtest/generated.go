package dbtest

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"pantau/demo"
	"pantau/importer"
)

// GenDay is the last day of the data the tests generate.
var GenDay = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// GenCSV returns a stays CSV and an accommodations CSV made by the demo
// generator (seed 7, stays stays up to GenDay) over the loaded desa.
func (d *DB) GenCSV(tb testing.TB, stays int) (string, string) {
	tb.Helper()
	st, acc := d.GenCSVWith(tb, demo.GenOptions{Seed: 7, Stays: stays, Until: GenDay})
	return string(st), string(acc)
}

// GenStays makes the generator's files for n stays (GenCSV), imports the
// accommodations and returns the stays CSV, ready to import.
func (d *DB) GenStays(tb testing.TB, n int) string {
	tb.Helper()
	stays, accs := d.GenCSV(tb, n)
	if _, err := d.ImportCSV(tb, "accommodations", "acc.csv", accs, false); err != nil {
		tb.Fatalf("accommodations of the generated file: %v", err)
	}
	return stays
}

// GenCSVWith returns the stays CSV and the accommodations CSV the demo
// generator makes with opts; without opts.Desa, over the loaded desa.
func (d *DB) GenCSVWith(tb testing.TB, opts demo.GenOptions) (stays, accs []byte) {
	tb.Helper()
	if len(opts.Desa) == 0 {
		shapes, err := d.DesaShapes(context.Background(), nil)
		if err != nil {
			tb.Fatal(err)
		}
		opts.Desa = shapes
	}
	g, err := demo.NewGenerator(opts)
	if err != nil {
		tb.Fatal(err)
	}
	var acc, st bytes.Buffer
	if err := importer.WriteAccommodationsCSV(&acc, g.Accommodations()); err != nil {
		tb.Fatal(err)
	}
	if _, err := importer.WriteStaysCSV(&st, g); err != nil {
		tb.Fatal(err)
	}
	return st.Bytes(), acc.Bytes()
}

// ImportCSV imports body, a CSV of kind ("stays" or "accommodations")
// named file, with opts.SkipInvalid = skip.
func (d *DB) ImportCSV(tb testing.TB, kind, file, body string, skip bool) (importer.Result, error) {
	tb.Helper()
	return importer.File(context.Background(), d.DB, kind, "csv", strings.NewReader(body), importer.Options{File: file, SkipInvalid: skip})
}
