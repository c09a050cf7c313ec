// Package importer brings data in: readers of stays and accommodations
// (CSV, GeoJSON, JSON batches) that touch no database, and the imports that
// stage their records in a temporary table, check them there and write them
// in one transaction (Stays, Accommodations); boundaries from GeoJSON
// (Boundaries). A new import format is a RecordSource.
package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/data"
	"pantau/geo"
)

// Record is one parsed input record: its position (CSV line, GeoJSON
// feature or JSON record number) and either a value or the problem that
// makes it invalid.
type Record[T any] struct {
	N        int
	SourceID string // as read, for messages; may be empty
	Value    T
	Problem  *geo.FieldProblem
}

// RecordSource yields records until it returns io.EOF. Any other error is
// fatal for the import (unreadable or malformed file) and should name the
// position.
type RecordSource[T any] interface {
	Next() (Record[T], error)
	Unit() string // "line", "feature" or "record"
}

// Options tune an import of accommodations or stays.
type Options struct {
	// File names the input in messages ("stays.csv").
	File string
	// Source is the value of the source column, part of the identity
	// (source, source_id). Default "apoa" for stays, "register" for
	// accommodations.
	Source string
	// AccommodationSource is the source of the accommodations a stay's
	// accommodation_id refers to. Default "register".
	AccommodationSource string
	// Delimiter is a CSV file's separator (',', ';' or '\t'); 0 detects it
	// from the header line.
	Delimiter rune
	// SkipInvalid loads the valid records and reports the others; without
	// it one invalid record means nothing is written.
	SkipInvalid bool
	// Progress, when set, is called now and then with the records read.
	Progress func(Progress)
	// Scope, when set, is the writer's assigned area (an officer's
	// kecamatan): records whose point lies outside it, or that would change
	// a stored record outside it, are rejected (field "location"); the
	// reject never says where the stored record lies.
	Scope string
	// Timeout bounds the whole import's statements; 0 = no limit.
	Timeout time.Duration
	// BulkMin is the number of stays from which an import that at least
	// doubles the stays table takes the bulk path (other writers wait for
	// its commit, readers only for the swap of a table built beside; a
	// plain INSERT instead of an upsert).
	// 0 means 100,000; a negative value never.
	BulkMin int
	// LockReaders makes the bulk path faster at the readers' expense: the
	// secondary indexes and the foreign key of stays are dropped and built
	// again after the write, and readers of stays wait for the commit
	// meanwhile (11 s and more a million stays). For initial loads in a
	// maintenance window; the CLI's --lock-readers.
	LockReaders bool
}

// Progress is a snapshot of a running import.
type Progress struct {
	Phase string // "reading", "checking", "writing", "done"
	Read  int
	Bytes int64
}

// Result counts what an import did. Unchanged rows were already
// stored exactly so; Outside counts written points that lie in no desa.
type Result struct {
	Kind       string       `json:"kind"`
	File       string       `json:"file,omitempty"`
	Read       int          `json:"read"`
	Inserted   int          `json:"inserted"`
	Updated    int          `json:"updated"`
	Unchanged  int          `json:"unchanged"`
	Rejected   int          `json:"rejected"`
	Outside    int          `json:"outside"`
	Rejects    []geo.Reject `json:"rejects,omitempty"`
	Repaired   []string     `json:"repaired,omitempty"`
	Reassigned int          `json:"reassigned,omitempty"`
	Seconds    float64      `json:"seconds"`
}

// wrote records what the write did: ins rows inserted, upd updated, out
// outside every desa; the rest of the valid rows were left unchanged.
func (r *Result) wrote(ins, upd, out int) {
	r.Inserted, r.Updated, r.Outside = ins, upd, out
	r.Unchanged = r.Read - r.Rejected - ins - upd
}

// done stamps the import's duration since start and reports its end.
func (r *Result) done(opts Options, start time.Time) {
	r.Seconds = time.Since(start).Seconds()
	progress(opts, "done", r.Read)
}

// copySource adapts a RecordSource to pgx.CopyFromSource, collecting
// invalid records as rejects and the source ids of the valid ones. The
// records are read, parsed and turned into rows (desa located) by a
// goroutine of their own, copyBatch rows at a time, a few batches ahead of
// the COPY: pgx encodes the rows on the goroutine that calls Next, so the
// two halves of the work run on two cores (a million realistic stays:
// ~2.4 s reading and parsing, ~0.8 s encoding). Between start and finish
// only the COPY touches the rows; the counters, rejects and ids are the
// reader's until finish has waited for it.
type copySource[T any] struct {
	src      RecordSource[T]
	file     string
	values   func(n int, v T) []any
	seed     maphash.Seed
	ids      []stagedID
	rejects  []geo.Reject
	readErr  error // the reader's: why it stopped before the end
	read     int
	progress func(Progress)
	last     time.Time

	err     error // the COPY's copy of readErr, taken when batches closed
	batches chan [][]any
	stop    chan struct{}
	done    chan struct{}
	batch   [][]any
	cur     []any
}

// copyBatch rows go to the COPY at a time; copyAhead batches may wait:
// ~100 KB a batch for stays, so an upload's memory stays bounded.
const (
	copyBatch = 256
	copyAhead = 4
)

// start begins reading src on a goroutine of its own.
func (c *copySource[T]) start() {
	c.batches = make(chan [][]any, copyAhead)
	c.stop = make(chan struct{})
	c.done = make(chan struct{})
	go c.readAll()
}

// finish stops the reader (the COPY may have failed before the end) and
// waits for it: a reader blocked on a stalled upload returns at the
// upload's read deadline.
func (c *copySource[T]) finish() {
	close(c.stop)
	<-c.done
}

func (c *copySource[T]) readAll() {
	defer close(c.done)
	defer close(c.batches)
	batch := make([][]any, 0, copyBatch)
	for {
		r, err := c.src.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				c.readErr = err
			}
			break
		}
		c.read++
		if c.progress != nil && c.read%4096 == 0 && time.Since(c.last) > 200*time.Millisecond {
			c.last = time.Now()
			c.progress(Progress{Phase: "reading", Read: c.read})
		}
		if r.Problem != nil {
			c.rejects = append(c.rejects, geo.Reject{File: c.file, Unit: c.src.Unit(), N: r.N, SourceID: r.SourceID, Field: r.Problem.Field, Reason: r.Problem.Reason})
			continue
		}
		c.ids = append(c.ids, stagedID{hash: maphash.String(c.seed, r.SourceID), n: r.N, id: r.SourceID})
		if batch = append(batch, c.values(r.N, r.Value)); len(batch) == copyBatch {
			select {
			case c.batches <- batch:
			case <-c.stop:
				return
			}
			batch = make([][]any, 0, copyBatch)
		}
	}
	if len(batch) > 0 {
		select {
		case c.batches <- batch:
		case <-c.stop:
		}
	}
}

func (c *copySource[T]) Next() bool {
	for len(c.batch) == 0 {
		b, ok := <-c.batches
		if !ok {
			c.err = c.readErr // written before batches closed
			return false
		}
		c.batch = b
	}
	c.cur, c.batch = c.batch[0], c.batch[1:]
	return true
}

func (c *copySource[T]) Values() ([]any, error) { return c.cur, nil }

// Err is called by the COPY on the goroutine that calls Next, after every
// few rows: nil until Next has seen the reader stop.
func (c *copySource[T]) Err() error { return c.err }

// stagedID is the source id of a staged record and its hash.
type stagedID struct {
	hash uint64
	n    int
	id   string
}

// duplicates returns the rejects of the records whose source id an earlier
// record has, in line order. Only the hashes are sorted, to find those
// that repeat; a map that grows to a million ids cost ten times as much.
func duplicates(ids []stagedID, file, unit string) []geo.Reject {
	hashes := make([]uint64, len(ids))
	for i, id := range ids {
		hashes[i] = id.hash
	}
	slices.Sort(hashes)
	repeated := map[uint64]bool{}
	for i := 1; i < len(hashes); i++ {
		if hashes[i] == hashes[i-1] {
			repeated[hashes[i]] = true
		}
	}
	if len(repeated) == 0 {
		return nil
	}
	var out []geo.Reject
	first := map[string]int{}
	for _, id := range ids {
		if !repeated[id.hash] {
			continue
		}
		if n, dup := first[id.id]; dup {
			out = append(out, geo.Reject{File: file, Unit: unit, N: id.n, SourceID: id.id, Field: "source_id",
				Reason: fmt.Sprintf("duplicate source_id %q (first at %s %d)", id.id, unit, n)})
		} else {
			first[id.id] = id.n
		}
	}
	return out
}

// stage copies the records of src into the temporary table, returning the
// rejects found while parsing: invalid records (not staged) and records
// repeating an earlier one's source id (staged, then removed again).
func stage[T any](ctx context.Context, tx pgx.Tx, table string, cols []string, src RecordSource[T], opts Options, values func(int, T) []any) (int, []geo.Reject, error) {
	cs := &copySource[T]{src: src, file: opts.File, values: values, seed: maphash.MakeSeed(), progress: opts.Progress}
	cs.start()
	_, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, cs)
	cs.finish()
	if err != nil {
		if cs.readErr != nil {
			return cs.read, nil, cs.readErr
		}
		return cs.read, nil, data.Classify(err)
	}
	dups := duplicates(cs.ids, opts.File, src.Unit())
	if err := unstage(ctx, tx, table, dups); err != nil {
		return cs.read, nil, err
	}
	return cs.read, append(cs.rejects, dups...), nil
}

// stagingTable is the temporary table an import copies its records into.
type stagingTable[T any] struct {
	name   string
	ddl    string   // its columns, as in CREATE TABLE
	cols   []string // the columns COPY fills, in order
	values func(loc *geo.DesaLocator, unsure *int) func(n int, v T) []any
}

// stageAll bounds the import's statements (opts.Timeout), creates the
// staging table t and copies src into it (stage), each point's desa
// located where the locator is certain. It returns the records read, the
// rejects found so far and how many points it left to the database.
func stageAll[T any](ctx context.Context, tx pgx.Tx, t stagingTable[T], src RecordSource[T], opts Options) (read int, rejects []geo.Reject, unsure int, err error) {
	if err := beginImport(ctx, tx, opts); err != nil {
		return 0, nil, 0, err
	}
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE IF NOT EXISTS `+t.name+` (`+t.ddl+`) ON COMMIT DELETE ROWS`); err != nil {
		return 0, nil, 0, err
	}
	loc, err := desaLocator(ctx, tx)
	if err != nil {
		return 0, nil, 0, err
	}
	read, rejects, err = stage(ctx, tx, t.name, t.cols, src, opts, t.values(loc, &unsure))
	return read, rejects, unsure, err
}

// checkStaged runs the database's checks on the read records staged in
// stageTable: checks (a query of rejects, see sqlRejects) and the scope
// check of opts.Scope against table (located: see scopeRejects), both with
// args. It adds their rejects to rejects and settles them all
// (settleRejects). A large batch is analysed first, for the checks' plans.
func checkStaged(ctx context.Context, tx pgx.Tx, opts Options, unit, stageTable, table string, read int, rejects []geo.Reject,
	checks, located string, args ...any) ([]geo.Reject, error) {
	if read >= bulkAssignMin {
		if _, err := tx.Exec(ctx, `ANALYZE `+pgx.Identifier{stageTable}.Sanitize()); err != nil {
			return nil, err
		}
	}
	more, err := sqlRejects(ctx, tx, opts.File, unit, checks, args...)
	if err != nil {
		return nil, err
	}
	rejects = append(rejects, more...)
	if more, err = scopeRejects(ctx, tx, opts, unit, located, stageTable, table, args...); err != nil {
		return nil, err
	}
	rejects = append(rejects, more...)
	return rejects, settleRejects(ctx, tx, stageTable, rejects, opts.SkipInvalid)
}

// sqlRejects runs a query returning (n, source_id, field, reason) rows.
func sqlRejects(ctx context.Context, tx pgx.Tx, file, unit, sql string, args ...any) ([]geo.Reject, error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, data.Classify(err)
	}
	var out []geo.Reject
	for rows.Next() {
		r := geo.Reject{File: file, Unit: unit}
		if err := rows.Scan(&r.N, &r.SourceID, &r.Field, &r.Reason); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, data.Classify(rows.Err())
}

// settleRejects applies the all-or-nothing rule: with rejects and without
// SkipInvalid it returns the error that aborts the import; otherwise it
// removes the rejected records from the staging table.
func settleRejects(ctx context.Context, tx pgx.Tx, table string, rejects []geo.Reject, skip bool) error {
	if len(rejects) == 0 {
		return nil
	}
	sortRejects(rejects)
	if !skip {
		return geo.RejectsError(rejects)
	}
	return unstage(ctx, tx, table, rejects)
}

// unstage removes the rejected records from the staging table.
func unstage(ctx context.Context, tx pgx.Tx, table string, rejects []geo.Reject) error {
	if len(rejects) == 0 {
		return nil
	}
	ns := make([]int32, len(rejects))
	for i, r := range rejects {
		ns[i] = int32(r.N)
	}
	_, err := tx.Exec(ctx, `DELETE FROM `+pgx.Identifier{table}.Sanitize()+` WHERE n = ANY ($1)`, ns)
	return data.Classify(err)
}

func dateOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func textOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func beginImport(ctx context.Context, tx pgx.Tx, opts Options) error {
	ms := opts.Timeout.Milliseconds()
	_, err := tx.Exec(ctx, fmt.Sprintf("SET LOCAL statement_timeout = %d", ms))
	return err
}

// SliceSource is a RecordSource over values already in memory (generated
// data, JSON batches); records are numbered from 1 and never invalid.
type SliceSource[T any] struct {
	Values   []T
	ID       func(T) string
	UnitName string
	i        int
}

func (s *SliceSource[T]) Next() (Record[T], error) {
	if s.i >= len(s.Values) {
		return Record[T]{}, io.EOF
	}
	v := s.Values[s.i]
	s.i++
	return Record[T]{N: s.i, SourceID: s.ID(v), Value: v}, nil
}

func (s *SliceSource[T]) Unit() string {
	if s.UnitName == "" {
		return "record"
	}
	return s.UnitName
}

// StaySlice returns a RecordSource over stays.
func StaySlice(v []geo.Stay) *SliceSource[geo.Stay] {
	return &SliceSource[geo.Stay]{Values: v, ID: func(s geo.Stay) string { return s.SourceID }}
}

// AccommodationSlice returns a RecordSource over accommodations.
func AccommodationSlice(v []geo.Accommodation) *SliceSource[geo.Accommodation] {
	return &SliceSource[geo.Accommodation]{Values: v, ID: func(a geo.Accommodation) string { return a.SourceID }}
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// scopeRejects rejects staged records outside opts.Scope. located is a
// query of (n, source_id, d) with d the desa of the record's point; table
// the target table, whose stored rows with the same identity must lie in
// scope too.
func scopeRejects(ctx context.Context, tx pgx.Tx, opts Options, unit, located, stageTable, table string, args ...any) ([]geo.Reject, error) {
	if opts.Scope == "" {
		return nil, nil
	}
	k := len(args)
	args = append(args, opts.Scope, opts.Source)
	sc, src := fmt.Sprintf("$%d::text", k+1), fmt.Sprintf("$%d::text", k+2)
	return sqlRejects(ctx, tx, opts.File, unit, `
		SELECT n, source_id, 'location', format('the point lies %s, outside your area %s', coalesce('in desa ' || d, 'outside every desa'), `+sc+`)
		FROM (`+located+`) x WHERE d IS NULL OR NOT (d = `+sc+` OR d LIKE `+sc+` || '.%')
		UNION ALL
		SELECT s.n, s.source_id, 'location', format('this source_id cannot be written from your area %s', `+sc+`)
		FROM `+stageTable+` s JOIN `+table+` t ON t.source = `+src+` AND t.source_id = s.source_id
		WHERE t.desa_code IS NULL OR NOT (t.desa_code = `+sc+` OR t.desa_code LIKE `+sc+` || '.%')`, args...)
}

// lapper logs the duration of each phase of an import at debug level.
func lapper(db *data.DB, what string) func(phase string, args ...any) {
	last := time.Now()
	return func(phase string, args ...any) {
		if db.Log != nil {
			db.Log.Debug(what, append([]any{"phase", phase, "seconds", time.Since(last).Seconds()}, args...)...)
		}
		last = time.Now()
	}
}
