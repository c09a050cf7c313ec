package importer

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/data"
	"pantau/geo"
)

// stayStageCols are the columns of the temporary staging table, in COPY order.
var stayStageCols = []string{"n", "source_id", "full_name", "passport_no", "nationality", "sex", "birth_date",
	"permit_type", "permit_expiry", "arrival_date", "departure_date", "acc_ref", "lon", "lat", "reported_at", "desa"}

// stayStage is the staging table of a stays import.
var stayStage = stagingTable[geo.Stay]{name: "pantau_stage_stays", cols: stayStageCols, values: stayValues,
	ddl: `n int PRIMARY KEY, source_id text, full_name text, passport_no text, nationality text, sex text,
	birth_date date, permit_type text, permit_expiry date, arrival_date date, departure_date date,
	acc_ref text, lon float8, lat float8, reported_at timestamptz, desa text`}

// stayValues returns the staging row of a stay. Its desa is located here,
// while the rows stream to the database, where loc is certain of it (see
// geo.DesaLocator and stagedDesa); the others (NULL) are located by the
// database.
// unsure counts those. A stay at its accommodation's point (no lat/lon)
// takes the accommodation's desa, assigned by the same rule.
func stayValues(loc *geo.DesaLocator, unsure *int) func(n int, s geo.Stay) []any {
	return func(n int, s geo.Stay) []any {
		var lon, lat, desa any
		if s.HasPoint {
			lon, lat, desa = s.Point[0], s.Point[1], locate(loc, s.Point, unsure)
		}
		var rep any
		if !s.ReportedAt.IsZero() {
			rep = s.ReportedAt
		}
		return []any{int32(n), s.SourceID, s.FullName, s.PassportNo, s.Nationality, textOrNil(s.Sex), dateOrNil(s.BirthDate),
			s.PermitType, dateOrNil(s.PermitExpiry), s.ArrivalDate, dateOrNil(s.DepartureDate), textOrNil(s.AccommodationRef), lon, lat, rep, desa}
	}
}

// Stays writes the stays of src all or nothing: in one transaction, or,
// for a bulk import of new stays, detached (detached.go), where stays
// changes only when the holder commits the swap. Every record is
// validated first; the database then checks nationality codes against the
// countries table, accommodation references, and points that lie outside
// every loaded desa but inside one when latitude and longitude are swapped.
// Without opts.SkipInvalid any reject aborts the import and nothing is
// written. Stays are identified by (source, source_id): an identical record
// is left alone, a changed one is updated in place (the trigger keeps the
// previous version in stays_history). Each written stay gets the desa_code
// pantau_desa_for gives its point, in the same statement; most are located
// while the file is read (geo.DesaLocator, over the desa this transaction
// sees), the rest by the database. A stay without lat/lon takes its
// accommodation's point.
func Stays(ctx context.Context, db *data.DB, src RecordSource[geo.Stay], opts Options) (Result, error) {
	start := time.Now()
	if opts.Source == "" {
		opts.Source = "apoa"
	}
	if opts.AccommodationSource == "" {
		opts.AccommodationSource = "register"
	}
	res := Result{Kind: "stays", File: opts.File}
	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		res.done(opts, start)
		return res, data.Classify(err)
	}
	defer conn.Release()
	lap := lapper(db, "stays import")
	var detached *detachedSwap // the rows committed beside, to be indexed and swapped in
	err = data.Classify(pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		read, rejects, unsure, err := stageAll(ctx, tx, stayStage, src, opts)
		res.Read = read
		if err != nil {
			return err
		}
		lap("staged", "rows", read)
		bulk, err := bulkSize(ctx, tx, read, opts)
		if err != nil {
			return err
		}
		// Other writers are held out by a second transaction where one can
		// be had (a detached swap, below), else by the import's own.
		var hold *writersHold
		if bulk && !opts.LockReaders {
			if hold, err = holdWriters(ctx, db, opts); err != nil {
				return err
			}
		}
		defer func() {
			if detached == nil {
				hold.release()
			}
		}()
		holdHere := func() error {
			hold.release()
			hold = nil
			return lockWriters(ctx, tx, opts)
		}
		if bulk && hold == nil {
			if err := lockWriters(ctx, tx, opts); err != nil {
				return err
			}
		}
		progress(opts, "checking", read)
		rejects, err = checkStaged(ctx, tx, opts, src.Unit(), stayStage.name, "stays", read, rejects, `
			SELECT n, source_id, 'nationality', format('unknown nationality code %s (not an ISO 3166-1 alpha-3 country)', nationality)
			  FROM pantau_stage_stays s WHERE NOT EXISTS (SELECT FROM countries c WHERE c.code = s.nationality)
			UNION ALL
			SELECT n, source_id, 'accommodation_id', format('no accommodation with source_id %s (source %s)', acc_ref, $1::text)
			  FROM pantau_stage_stays s WHERE acc_ref IS NOT NULL
			   AND NOT EXISTS (SELECT FROM accommodations a WHERE a.source = $1 AND a.source_id = s.acc_ref)
			UNION ALL
			`+swappedCheck("pantau_stage_stays"), `SELECT s.n, s.source_id,
			`+stagedDesa(`coalesce(s.desa, pantau_desa_for(coalesce(ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326), a.geom)))`)+` AS d
			FROM pantau_stage_stays s LEFT JOIN accommodations a ON a.source = $1 AND a.source_id = s.acc_ref`,
			opts.AccommodationSource)
		if err != nil {
			return err
		}
		res.Rejects, res.Rejected = rejects, len(rejects)
		lap("checked", "rejects", len(rejects))
		progress(opts, "writing", read)
		// The desa: located while staging, else the accommodation's (a stay
		// at its accommodation's point; '' where it lies in no desa, see
		// stagedDesa), else the database's.
		desa, join, err := assignDesa(ctx, tx, unsure, `SELECT s.n, ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326) AS g
			FROM pantau_stage_stays s WHERE s.desa IS NULL AND s.lon IS NOT NULL`, "acc_desa")
		if err != nil {
			return err
		}
		lap("desa assigned", "by the database", unsure)
		var ins, upd, outside int
		defer lap("written", "other writers held out", bulk)
		write := upsertStays
		if bulk {
			// No other writer (held out by lockWriters or the holder) can
			// add a (source, source_id) between the test and the insert.
			var stored bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM stays WHERE source = $1)`, opts.Source).Scan(&stored); err != nil {
				return err
			}
			write = insertStays
			if stored {
				write = insertOrUpdateStays
			}
		}
		// The update path writes stays itself: the writers' lock is the
		// import's own.
		if hold != nil && write != insertStays {
			if err := holdHere(); err != nil {
				return err
			}
		}
		// An import of new stays only takes the build-beside-and-swap
		// path (pantau_stays_build in data/sql/stays_indexes.sql).
		var beside *int64
		if bulk && write == insertStays && !opts.LockReaders {
			if err := tx.QueryRow(ctx, `SELECT pantau_stays_build($1)`, hold != nil).Scan(&beside); err != nil {
				return err
			}
			if beside != nil {
				write = strings.Replace(insertStays, "INSERT INTO stays ", "INSERT INTO pantau_stays_next ", 1)
				lap("stored stays copied beside")
			} else if hold != nil {
				// No swap for this schema: written into stays, by the
				// upsert's rule (other writers came in between).
				if err := holdHere(); err != nil {
					return err
				}
				write = insertOrUpdateStays
			}
		}
		err = tx.QueryRow(ctx, fmt.Sprintf(write, dcol(join), join, desa), opts.Source, opts.AccommodationSource).Scan(&ins, &upd, &outside)
		if err != nil {
			return err
		}
		res.wrote(ins, upd, outside)
		if beside != nil {
			lap("written beside")
			if hold != nil {
				detached = &detachedSwap{hold: hold, last: *beside, added: ins}
				return nil
			}
			if _, err := tx.Exec(ctx, `SELECT pantau_stays_swap($1, $2)`, *beside, ins); err != nil {
				return err
			}
			lap("indexed and swapped")
		}
		if bulk && opts.LockReaders {
			lap("written without secondary indexes")
			if _, err := tx.Exec(ctx, `SELECT pantau_stays_indexes_restore()`); err != nil {
				return err
			}
		}
		return nil
	}))
	if err != nil {
		if detached != nil {
			detached.hold.release()
		}
	} else if detached != nil {
		err = detached.finish(ctx, db, conn, opts, lap)
	}
	if err != nil {
		res.Inserted, res.Updated, res.Unchanged, res.Outside = 0, 0, 0, 0
	}
	res.done(opts, start)
	return res, err
}

// bulkLoadMin is the default smallest import that may take the bulk path.
const bulkLoadMin = 100_000

// bulkSize decides whether an import of n stays takes the bulk path: at
// least opts.BulkMin (default bulkLoadMin) stays and at least as many as
// the table holds. Then other writers are held out until the import
// commits (lockWriters, or the holder of a detached swap): they wait,
// readers never do (they take ACCESS SHARE, which only ACCESS EXCLUSIVE
// blocks). Holding out other writers lets the import write with a plain
// INSERT (no speculative insertion). An import of a source with no stored
// stays then builds the table beside and swaps it in (pantau_stays_build,
// pantau_stays_swap: readers wait only for the swap), detached where it
// gets a second connection (detached.go); one that updates stored stays
// maintains the indexes row by row.
func bulkSize(ctx context.Context, tx pgx.Tx, n int, opts Options) (bool, error) {
	min := opts.BulkMin
	if min == 0 {
		min = bulkLoadMin
	}
	if min < 0 || n < min {
		return false, nil
	}
	var stored float64
	if err := tx.QueryRow(ctx, `SELECT CASE WHEN reltuples >= 0 THEN reltuples ELSE (SELECT count(*) FROM stays) END
		FROM pg_class WHERE oid = 'stays'::regclass`).Scan(&stored); err != nil {
		return false, err
	}
	return float64(n) >= stored, nil
}

// lockWriters holds other writers out in the import's own transaction
// (SHARE ROW EXCLUSIVE). While it waits for that lock (behind the index
// upkeep's REINDEX CONCURRENTLY, say), writers are not held up
// (pantau_stays_lock). With opts.LockReaders it drops the secondary
// indexes and the foreign key instead (pantau_stays_indexes_drop in
// data/sql/stays_indexes.sql: ACCESS EXCLUSIVE) to build them again after
// the write, which is faster.
func lockWriters(ctx context.Context, tx pgx.Tx, opts Options) error {
	lock := `SELECT pantau_stays_lock('SHARE ROW EXCLUSIVE', NULL)`
	if opts.LockReaders {
		lock = `SELECT pantau_stays_indexes_drop()`
	}
	_, err := tx.Exec(ctx, lock)
	return err
}

// The write of a stays import. %[1]s adds the staged desa column, %[2]s
// its join, %[3]s is the desa expression; $1 is the source, $2 the
// accommodations' source. Both return (inserted, updated, outside).
const staysSrc = `
	WITH src AS (
	  SELECT s.*, a.id AS acc_id, coalesce(ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326), a.geom) AS g,
	         CASE WHEN s.lon IS NULL THEN coalesce(a.desa_code, '') END AS acc_desa%[1]s
	  FROM pantau_stage_stays s
	  LEFT JOIN accommodations a ON a.source = $2 AND a.source_id = s.acc_ref %[2]s
	)`

const stayCols = `source, source_id, full_name, passport_no, nationality, sex, birth_date, permit_type,
	permit_expiry, arrival_date, departure_date, accommodation_id, geom, desa_code, reported_at`

const staySrcValues = `$1, source_id, full_name, passport_no, nationality, sex, birth_date, permit_type,
	permit_expiry, arrival_date, departure_date, acc_id, g, %[3]s, coalesce(reported_at, now())`

// stayChanged compares a stored stay t with a new version n.
const stayChanged = `(t.full_name, t.passport_no, t.nationality, t.sex, t.birth_date, t.permit_type, t.permit_expiry,
	  t.arrival_date, t.departure_date, t.accommodation_id, t.geom)
	IS DISTINCT FROM
	(n.full_name, n.passport_no, n.nationality, n.sex, n.birth_date, n.permit_type, n.permit_expiry,
	  n.arrival_date, n.departure_date, n.accommodation_id, n.geom)`

// upsertStays: one INSERT … ON CONFLICT DO UPDATE, safe beside concurrent
// writers; an identical stored stay is left alone.
var upsertStays = staysSrc + `, ins AS (
	  INSERT INTO stays AS t (` + stayCols + `)
	  SELECT ` + staySrcValues + ` FROM src
	  ON CONFLICT (source, source_id) DO UPDATE SET
	    full_name = EXCLUDED.full_name, passport_no = EXCLUDED.passport_no, nationality = EXCLUDED.nationality,
	    sex = EXCLUDED.sex, birth_date = EXCLUDED.birth_date, permit_type = EXCLUDED.permit_type,
	    permit_expiry = EXCLUDED.permit_expiry, arrival_date = EXCLUDED.arrival_date,
	    departure_date = EXCLUDED.departure_date, accommodation_id = EXCLUDED.accommodation_id,
	    geom = EXCLUDED.geom, desa_code = EXCLUDED.desa_code, reported_at = EXCLUDED.reported_at
	  WHERE ` + strings.ReplaceAll(stayChanged, "n.", "EXCLUDED.") + `
	  RETURNING (xmax = 0) AS inserted, desa_code IS NULL AS outside
	)
	SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted), count(*) FILTER (WHERE outside) FROM ins`

// insertOrUpdateStays: the same effect as upsertStays as one UPDATE of the
// stored stays and one plain INSERT of the others (speculative insertion
// costs 2.5 s a million rows); only for a writer that holds out the other
// writers (bulkLoad).
var insertOrUpdateStays = staysSrc + `, upd AS (
	  UPDATE stays t SET full_name = n.full_name, passport_no = n.passport_no, nationality = n.nationality,
	    sex = n.sex, birth_date = n.birth_date, permit_type = n.permit_type, permit_expiry = n.permit_expiry,
	    arrival_date = n.arrival_date, departure_date = n.departure_date, accommodation_id = n.accommodation_id,
	    geom = n.geom, desa_code = n.desa_code, reported_at = n.reported_at
	  FROM (SELECT source_id, full_name, passport_no, nationality, sex, birth_date, permit_type, permit_expiry,
	          arrival_date, departure_date, acc_id AS accommodation_id, g AS geom, %[3]s AS desa_code,
	          coalesce(reported_at, now()) AS reported_at
	        FROM src) n
	  WHERE t.source = $1 AND t.source_id = n.source_id AND ` + stayChanged + `
	  RETURNING t.desa_code IS NULL AS outside
	), ins AS (
	  INSERT INTO stays (` + stayCols + `)
	  SELECT ` + staySrcValues + ` FROM src
	  WHERE NOT EXISTS (SELECT FROM stays t WHERE t.source = $1 AND t.source_id = src.source_id)
	  RETURNING desa_code IS NULL AS outside
	)
	SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM upd),
	       (SELECT count(*) FILTER (WHERE outside) FROM ins) + (SELECT count(*) FILTER (WHERE outside) FROM upd)`

// insertStays: a plain INSERT, for a writer that holds out the other
// writers (bulkLoad) and has no stored stays of the source (nothing to
// update or skip; 1.5 s a million rows less than insertOrUpdateStays).
var insertStays = staysSrc + `, ins AS (
	  INSERT INTO stays (` + stayCols + `)
	  SELECT ` + staySrcValues + ` FROM src
	  RETURNING desa_code IS NULL AS outside
	)
	SELECT count(*), 0, count(*) FILTER (WHERE outside) FROM ins`

func progress(opts Options, phase string, read int) {
	if opts.Progress != nil {
		opts.Progress(Progress{Phase: phase, Read: read})
	}
}

// swappedCheck selects staged points that lie in no desa but in one when
// latitude and longitude are swapped. The bounding box of the desa layer
// filters first, in plain float comparisons: the CASE keeps the planner
// from running the costly desa lookups on every row (as a filter pushed
// below the join it did, at 20 µs a row).
func swappedCheck(table string) string {
	return `SELECT n, source_id, 'lat', format('lat %s, lon %s lies outside every loaded desa but inside %s when swapped: latitude and longitude look swapped', lat, lon, pantau_desa_for(ST_SetSRID(ST_MakePoint(lat, lon), 4326)))
	  FROM ` + pgx.Identifier{table}.Sanitize() + ` s,
	       (SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
	          FROM (SELECT ST_Extent(geom) AS e FROM areas WHERE level = 'desa') b) x
	 WHERE CASE WHEN x.x0 IS NOT NULL AND s.lon IS NOT NULL
	              AND NOT (s.lon BETWEEN x.x0 AND x.x1 AND s.lat BETWEEN x.y0 AND x.y1)
	              AND s.lat BETWEEN x.x0 AND x.x1 AND s.lon BETWEEN x.y0 AND x.y1
	            THEN pantau_desa_for(ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326)) IS NULL
	             AND pantau_desa_for(ST_SetSRID(ST_MakePoint(s.lat, s.lon), 4326)) IS NOT NULL
	            ELSE false END`
}

func dcol(join string) string {
	if join == "" {
		return ""
	}
	return ", d.code"
}
