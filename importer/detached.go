package importer

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pantau/data"
)

// The detached swap: a bulk import of new stays on both cores
// (data/sql/stays_indexes.sql, "Build beside and swap"). A second
// transaction, the holder, holds other writers out from before the stored
// stays are copied beside until the swap commits; the import's own
// transaction writes the rows beside and commits them; then the import's
// connection and the holder build the indexes side by side while the
// holder also counts the new rows, and the holder swaps and commits. A
// million realistic stays: the swap's ~11 s of serial work in ~6 s.

// holdWaitMax is how long an import waits for its second connection; with
// none (the imports' pool is taken by other uploads) it does everything
// in its own transaction, as before.
const holdWaitMax = time.Second

// writersHold is the holder: a transaction that holds stays in SHARE ROW
// EXCLUSIVE mode.
type writersHold struct {
	conn *pgxpool.Conn
	tx   pgx.Tx
}

// holdWriters takes a second connection from db's pool (nil, nil when the
// pool has one, or none comes within holdWaitMax) and holds other writers
// out on it.
func holdWriters(ctx context.Context, db *data.DB, opts Options) (*writersHold, error) {
	if db.Pool.Stat().MaxConns() < 2 {
		return nil, nil // the import's own connection is the pool's only one
	}
	actx, cancel := context.WithTimeout(ctx, holdWaitMax)
	conn, err := db.Pool.Acquire(actx)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, nil
	}
	h := &writersHold{conn: conn}
	if h.tx, err = conn.Begin(ctx); err != nil {
		conn.Release()
		return nil, data.Classify(err)
	}
	if err := beginImport(ctx, h.tx, opts); err != nil {
		h.release()
		return nil, data.Classify(err)
	}
	if _, err := h.tx.Exec(ctx, `SELECT pantau_stays_lock('SHARE ROW EXCLUSIVE', NULL)`); err != nil {
		h.release()
		return nil, data.Classify(err)
	}
	return h, nil
}

// release rolls the holder back (a no-op after its commit) and returns
// its connection; other writers go on.
func (h *writersHold) release() {
	if h == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = h.tx.Rollback(ctx)
	h.conn.Release()
}

// detachedSwap is what is left of an import whose rows were committed
// beside: the stored stays' highest id and the rows added above it.
type detachedSwap struct {
	hold  *writersHold
	last  int64
	added int
}

// finish builds the indexes on conn (the import's connection) and on the
// holder, which also counts the new rows, then swaps and commits. On
// failure stays is untouched and the table beside is dropped.
func (d *detachedSwap) finish(ctx context.Context, db *data.DB, conn *pgxpool.Conn, opts Options, lap func(string, ...any)) error {
	err := d.indexAndSwap(ctx, db, conn, opts, lap)
	if err != nil {
		d.hold.release()
		// On any connection: the import's may have been closed by a
		// cancelled statement.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		if _, derr := db.Pool.Exec(cctx, `SELECT pantau_stays_next_drop()`); derr != nil {
			err = errors.Join(err, fmt.Errorf("dropping the table beside: %w", derr))
		}
	}
	return data.Classify(err)
}

func (d *detachedSwap) indexAndSwap(ctx context.Context, db *data.DB, conn *pgxpool.Conn, opts Options, lap func(string, ...any)) error {
	// The GiST builds first (seconds each), the B-trees after: each side
	// takes the next when it is free.
	rows, err := conn.Query(ctx, `SELECT k FROM pantau_stays_next_plan() ORDER BY gist DESC, k`)
	if err != nil {
		return err
	}
	ks, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		return err
	}
	queue := make(chan int32, len(ks))
	for _, k := range ks {
		queue <- k
	}
	close(queue)
	// A side that fails stops the other after its current build.
	var failed atomic.Bool
	built := make(chan error, 1)
	go func() {
		built <- buildIndexes(ctx, debug(db, "import's connection"), queue, &failed, func(k int32) error {
			return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
				if err := beginImport(ctx, tx, opts); err != nil {
					return err
				}
				_, err := tx.Exec(ctx, `SELECT pantau_stays_next_index($1)`, k)
				return err
			})
		})
	}()
	_, err = d.hold.tx.Exec(ctx, `SELECT pantau_stays_swap_prepare($1, $2)`, d.last, d.added)
	if err == nil {
		lap("counted beside the index builds")
		err = buildIndexes(ctx, debug(db, "holder"), queue, &failed, func(k int32) error {
			_, err := d.hold.tx.Exec(ctx, `SELECT pantau_stays_next_index($1)`, k)
			return err
		})
	} else {
		failed.Store(true)
	}
	if berr := <-built; err == nil {
		err = berr
	}
	if err != nil {
		return err
	}
	lap("indexed on two connections")
	if _, err := d.hold.tx.Exec(ctx, `SELECT pantau_stays_swap_finish()`); err != nil {
		return err
	}
	if err := d.hold.tx.Commit(ctx); err != nil {
		return err
	}
	d.hold.release()
	lap("swapped")
	return nil
}

// buildIndexes builds the indexes of queue, one at a time, until it is
// empty or a build fails here or on the other side (failed).
func buildIndexes(ctx context.Context, log func(string, ...any), queue <-chan int32, failed *atomic.Bool, build func(int32) error) error {
	for k := range queue {
		t0 := time.Now()
		if failed.Load() {
			return nil
		}
		if err := ctx.Err(); err != nil {
			failed.Store(true)
			return err
		}
		if err := build(k); err != nil {
			failed.Store(true)
			return err
		}
		log("built", "index", k, "seconds", time.Since(t0).Seconds())
	}
	return nil
}

// debug logs at debug level what one side of a detached swap did.
func debug(db *data.DB, side string) func(string, ...any) {
	return func(msg string, args ...any) {
		if db.Log != nil {
			db.Log.Debug("stays import: "+msg, append([]any{"on", side}, args...)...)
		}
	}
}
