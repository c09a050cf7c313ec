package dbtest

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"pantau/data"
	"pantau/data/pgcluster"
	"pantau/demo"
	"pantau/geo"
	"pantau/importer"
)

// benchChunk is how many stays one COPY statement of the build writes.
const benchChunk = 500_000

// buildBench fills the new database name: the real boundaries of dir
// through SQL, the generator's accommodations through the importer, then
// its stays streamed straight into stays with COPY — each stay's desa from
// the Go locator (the database's rule; the few points it leaves open are
// assigned by pantau_desa_for afterwards), an accommodation's stay at its
// accommodation's point and desa, as the importer places them. The
// secondary indexes are dropped for the write and built again after it
// (pantau_stays_indexes_drop/restore), all in one transaction: ten million
// stays take minutes, where the importer's staging, checks and upserts
// would take tens of them.
func buildBench(ctx context.Context, c *pgcluster.Cluster, name, dir string, spec BenchSpec) error {
	conn, err := pgx.Connect(ctx, c.ConnString(name, pgcluster.Superuser))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if err := data.RegisterGeometry(ctx, conn); err != nil {
		return err
	}
	if err := loadCianjurSQL(ctx, conn, dir); err != nil {
		return err
	}
	db, err := data.Connect(ctx, c.ConnString(name, pgcluster.AppRole), data.PoolOptions{StatementTimeout: time.Hour})
	if err != nil {
		return err
	}
	defer db.Close()
	db.Log = quiet()
	shapes, err := db.DesaShapes(ctx, nil)
	if err != nil {
		return err
	}
	gen, err := demo.NewGenerator(demo.GenOptions{Seed: 42, Stays: spec.Stays, Accommodations: spec.Accommodations,
		Until: BenchUntil, Days: spec.Days, Desa: shapes})
	if err != nil {
		return err
	}
	if _, err := importer.Accommodations(ctx, db, importer.AccommodationSlice(gen.Accommodations()),
		importer.Options{File: "generated accommodations", Source: demo.Source}); err != nil {
		return err
	}
	accs, err := benchAccommodations(ctx, conn)
	if err != nil {
		return err
	}
	polys := make([]geo.DesaPolygon, len(shapes))
	for i, s := range shapes {
		polys[i] = geo.DesaPolygon{Code: s.Code, Geom: s.Geom}
	}
	rows := &benchRows{gen: gen, accs: accs, loc: geo.NewDesaLocator(polys)}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, `SELECT pantau_stays_indexes_drop()`); err != nil {
		return fmt.Errorf("drop stays indexes: %w", err)
	}
	for !rows.done {
		rows.left = benchChunk
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"stays"}, StayColumns, rows); err != nil {
			return fmt.Errorf("copy stays: %w", err)
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE stays SET desa_code = pantau_desa_for(geom)
		WHERE source = $1 AND source_id = ANY ($2)`, demo.Source, rows.unsure); err != nil {
		return fmt.Errorf("desa of points on boundaries: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT pantau_stays_indexes_restore()`); err != nil {
		return fmt.Errorf("build stays indexes: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	// Each COPY of the build adds its stays to nearly every kept counter
	// (desa_stay_counts), twenty times at 10M in one transaction, where no
	// version can be pruned: the table and its indexes came out eight
	// times their size (866 MB and 1 GB each for 1.7 million counters),
	// and a desa tile's counters read 14,664 buffers (229 ms cold, 66 warm)
	// instead of 116 / 34 ms once rewritten. An import counts its rows once;
	// the benchmark's counters are rewritten to look like that.
	if _, err := conn.Exec(ctx, "VACUUM FULL desa_stay_counts"); err != nil {
		return err
	}
	_, err = conn.Exec(ctx, "VACUUM ANALYZE")
	return err
}

// StayColumns are the columns of stays a writer gives (the rest are
// generated or defaulted): the build's COPY, and benchmarks writing rows again.
var StayColumns = []string{"source", "source_id", "full_name", "passport_no", "nationality", "sex", "birth_date",
	"permit_type", "permit_expiry", "arrival_date", "departure_date", "accommodation_id", "geom", "desa_code", "reported_at"}

// benchAcc is a stored accommodation as its stays need it.
type benchAcc struct {
	id   int64
	at   orb.Point
	desa *string
}

func benchAccommodations(ctx context.Context, conn *pgx.Conn) (map[string]benchAcc, error) {
	rows, err := conn.Query(ctx, `SELECT source_id, id, geom, desa_code FROM accommodations WHERE source = $1`, demo.Source)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]benchAcc{}
	for rows.Next() {
		var ref string
		var a benchAcc
		if err := rows.Scan(&ref, &a.id, &a.at, &a.desa); err != nil {
			return nil, err
		}
		out[ref] = a
	}
	return out, rows.Err()
}

// benchRows is a pgx.CopyFromSource over the generator's stays, ending
// each COPY after left rows.
type benchRows struct {
	gen    *demo.Generator
	accs   map[string]benchAcc
	loc    *geo.DesaLocator
	row    []any
	err    error
	left   int
	done   bool
	unsure []string // source ids of points the locator left to the database
}

func (r *benchRows) Next() bool {
	if r.left == 0 || r.done {
		return false
	}
	rec, err := r.gen.Next()
	if err == io.EOF {
		r.done = true
		return false
	}
	if err != nil {
		r.err = err
		return false
	}
	r.left--
	s := rec.Value
	var acc *int64
	var desa any
	at := s.Point
	if s.AccommodationRef != "" {
		a, ok := r.accs[s.AccommodationRef]
		if !ok {
			r.err = fmt.Errorf("stay %s: no accommodation %s", s.SourceID, s.AccommodationRef)
			return false
		}
		acc, at, desa = &a.id, a.at, a.desa
	} else if code, ok := r.loc.Locate(at); ok {
		if code != "" {
			desa = code
		}
	} else {
		r.unsure = append(r.unsure, s.SourceID)
	}
	r.row = []any{demo.Source, s.SourceID, s.FullName, s.PassportNo, s.Nationality, s.Sex, dateOrNil(s.BirthDate),
		s.PermitType, dateOrNil(s.PermitExpiry), s.ArrivalDate, dateOrNil(s.DepartureDate), acc, at, desa, s.ReportedAt}
	return true
}

func (r *benchRows) Values() ([]any, error) { return r.row, nil }
func (r *benchRows) Err() error             { return r.err }

func dateOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
