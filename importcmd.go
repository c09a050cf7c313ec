package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"pantau/data"
	"pantau/demo"
	"pantau/geo"
	"pantau/importer"
)

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := commandFlags("demo", stderr)
	stays := fs.Int("stays", 20_000, "number of synthetic stays")
	seed := fs.Uint64("seed", 1, "generator seed: the same seed (and --until) gives the same data")
	until := fs.String("until", "", "last day of the data, YYYY-MM-DD (default today in WIB)")
	if err := parse(fs, args); err != nil {
		return err
	}
	opts := demo.Options{Seed: *seed, Stays: *stays}
	if *until != "" {
		t, err := time.Parse(time.DateOnly, *until)
		if err != nil {
			return usageError{"--until: want YYYY-MM-DD"}
		}
		opts.Until = t
	}
	log := c.logger(stderr)
	db, err := c.open(ctx, log)
	if err != nil {
		return err
	}
	defer db.Close()
	p := newProgress(stderr, "demo")
	opts.Progress = p.update
	res, err := demo.Load(ctx, db, opts)
	p.finish()
	if err != nil {
		return err
	}
	db.Audit(ctx, data.AuditEntry{Actor: "cli", Role: "admin", Action: "demo.load", Resource: "demo",
		Params: map[string]any{"seed": *seed, "stays": *stays}, Outcome: "ok", ClientAddr: "local"})
	printDemo(stdout, res)
	return nil
}

func printDemo(w io.Writer, res demo.Result) {
	if res.Boundaries {
		fmt.Fprintf(w, "boundaries: %d desa of the demo gazetteer (approximate, derived from points)\n", len(demo.Gazetteer))
	}
	printSummary(w, res.Accommodations)
	printSummary(w, res.Stays)
}

// loadDemoIfEmpty loads the demo data into a database without areas.
func loadDemoIfEmpty(ctx context.Context, db *data.DB, stdout io.Writer, log *slog.Logger) error {
	var n int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM areas`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	log.Info("empty database: loading the demo data")
	res, err := demo.Load(ctx, db, demo.Options{Seed: 1})
	if err != nil {
		return fmt.Errorf("load demo: %w", err)
	}
	db.Audit(ctx, data.AuditEntry{Actor: "system", Role: "admin", Action: "demo.load", Resource: "demo",
		Params: map[string]any{"seed": 1, "stays": res.Stays.Read}, Outcome: "ok", ClientAddr: "local"})
	printDemo(stdout, res)
	return nil
}

func printSummary(w io.Writer, r importer.Result) {
	rate := 0.0
	if r.Seconds > 0 {
		rate = float64(r.Read) / r.Seconds
	}
	fmt.Fprintf(w, "%s: %d read, %d inserted, %d updated, %d unchanged, %d rejected, %d outside every desa (%.1fs, %.0f rows/s)\n",
		r.Kind, r.Read, r.Inserted, r.Updated, r.Unchanged, r.Rejected, r.Outside, r.Seconds, rate)
}

const importUsage = `usage: pantau import boundaries|accommodations|stays FILE [flags]`

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "boundaries" && args[0] != "accommodations" && args[0] != "stays") {
		return usageError{importUsage}
	}
	kind := args[0]
	fs, c := commandFlags("import "+kind, stderr)
	lockReaders := fs.Bool("lock-readers", false, "stays: a large import drops the indexes and builds them again after the write — faster, but readers of stays wait until it commits (initial loads)")
	skip := fs.Bool("skip-invalid", false, "load the valid records and write the rejects beside the input (FILE.rejects.csv); default: one invalid record means nothing is written")
	format := fs.String("format", "", "csv or geojson (default: from the file name; boundaries are always GeoJSON)")
	delimiter := fs.String("delimiter", "auto", "CSV separator: comma, semicolon, tab or auto (detected from the header; with a separator other than the comma, lat/lon may use a decimal comma)")
	source := fs.String("source", "", "source of the records, part of their identity (default apoa for stays, register for accommodations)")
	accSource := fs.String("accommodation-source", "register", "stays: source of the accommodations accommodation_id refers to")
	level := fs.String("level", "", "boundaries: desa, kecamatan or kabupaten (default: from each code)")
	codeProp := fs.String("code-prop", "kode", "boundaries: property holding the Kemendagri code")
	nameProp := fs.String("name-prop", "", "boundaries: property holding the name (default: the level's name, then name, nama)")
	kindProp := fs.String("kind-prop", "jenis", "boundaries: property holding Desa/Kelurahan")
	labelLat := fs.String("label-lat-prop", "label_lat", "boundaries: property holding the label point's latitude")
	labelLon := fs.String("label-lon-prop", "label_lon", "boundaries: property holding the label point's longitude")
	repair := fs.Bool("repair", false, "boundaries: repair invalid polygons with ST_MakeValid and report what changed")
	timeout := fs.Duration("timeout", 0, "abort the import after this long (0: no limit)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{importUsage}
	}
	path := fs.Arg(0)
	if err := parse(fs, fs.Args()[1:]); err != nil { // flags may follow FILE
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"one FILE at a time; unexpected " + fs.Arg(0)}
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, _ := f.Stat()
	log := c.logger(stderr)
	db, err := c.open(ctx, log)
	if err != nil {
		return err
	}
	defer db.Close()
	counter := &countingReader{r: f}
	p := newProgress(stderr, "import "+kind)
	p.total, p.bytes = st.Size(), counter.n
	name := filepath.Base(path)
	var res importer.Result
	switch kind {
	case "boundaries":
		var lvl geo.Level
		if *level != "" {
			if lvl, err = parseLevel(*level); err != nil {
				return usageError{"--level: want desa, kecamatan or kabupaten"}
			}
		}
		res, err = importer.Boundaries(ctx, db, counter, importer.BoundaryOptions{File: name, Level: lvl, CodeProp: *codeProp, NameProp: *nameProp,
			KindProp: *kindProp, LabelLatProp: *labelLat, LabelLonProp: *labelLon, Repair: *repair, SkipInvalid: *skip, Timeout: *timeout, Progress: p.update})
	default:
		fm := strings.ToLower(*format)
		if fm == "" {
			fm = "csv"
			if ext := strings.ToLower(filepath.Ext(path)); ext == ".geojson" || ext == ".json" {
				fm = "geojson"
			}
		}
		if fm != "csv" && fm != "geojson" {
			return usageError{"--format: want csv or geojson"}
		}
		delim, derr := importer.ParseDelimiter(*delimiter)
		if derr != nil {
			return usageError{"--delimiter: want comma, semicolon, tab or auto"}
		}
		opts := importer.Options{File: name, Source: *source, AccommodationSource: *accSource, Delimiter: delim, SkipInvalid: *skip, Timeout: *timeout, Progress: p.update, LockReaders: *lockReaders}
		res, err = importer.File(ctx, db, kind, fm, counter, opts)
	}
	p.finish()
	outcome := "ok"
	if err != nil {
		outcome = "failed"
	}
	db.Audit(context.WithoutCancel(ctx), data.AuditEntry{Actor: "cli", Role: "admin", Action: "import." + kind, Resource: name,
		Params: map[string]any{"file": path, "inserted": res.Inserted, "updated": res.Updated, "unchanged": res.Unchanged,
			"rejected": res.Rejected, "skip_invalid": *skip, "repair": *repair}, Outcome: outcome, ClientAddr: "local"})
	rejects := res.Rejects
	var ge *geo.Error
	if errors.As(err, &ge) {
		if d, ok := ge.Details.(map[string]any); ok {
			rejects, _ = d["rejects"].([]geo.Reject)
		}
	}
	if len(rejects) > 0 {
		rp := path + ".rejects.csv"
		if werr := writeRejects(rp, rejects); werr != nil {
			fmt.Fprintf(stderr, "cannot write %s: %v\n", rp, werr)
		} else {
			fmt.Fprintf(stderr, "%d rejected record(s) listed in %s\n", len(rejects), rp)
		}
	}
	if err != nil {
		return fmt.Errorf("%s", geo.ErrorMessage(err))
	}
	for _, r := range res.Repaired {
		fmt.Fprintln(stdout, "repaired:", r)
	}
	printSummary(stdout, res)
	if res.Reassigned > 0 {
		fmt.Fprintf(stdout, "re-assigned the desa of %d stays and accommodations\n", res.Reassigned)
	}
	return nil
}

func parseLevel(s string) (geo.Level, error) {
	switch l := geo.Level(strings.ToLower(s)); l {
	case geo.LevelDesa, geo.LevelKecamatan, geo.LevelKabupaten:
		return l, nil
	}
	return "", errors.New("bad level")
}

// writeRejects writes the rejects as CSV (file, unit, n, source_id, field, reason).
func writeRejects(path string, rejects []geo.Reject) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := data.NewCSVWriter(f)
	w.Write([]string{"file", "unit", "n", "source_id", "field", "reason"})
	for _, r := range rejects {
		w.Write([]string{r.File, r.Unit, strconv.Itoa(r.N), r.SourceID, r.Field, r.Reason})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

type countingReader struct {
	r io.Reader
	b atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.b.Add(int64(n))
	return n, err
}

func (c *countingReader) n() int64 { return c.b.Load() }
