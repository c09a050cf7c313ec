package data

import (
	"context"
	"hash/fnv"
)

// Exclusive runs fn unless another Pantau instance (or worker) is running
// the job named job right now; ran says whether fn ran. The guard is a
// session advisory lock (pg_try_advisory_lock) held on a connection of
// its own while fn runs, so it ends with the holder's connection when an
// instance dies. The periodic jobs (alert sweep, retention purge) use it:
// with several instances one of them runs each round and the others skip.
func (db *DB) Exclusive(ctx context.Context, job string, fn func(context.Context) error) (ran bool, err error) {
	h := fnv.New64a()
	h.Write([]byte("pantau job " + job))
	key := int64(h.Sum64() >> 1)
	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		return false, Classify(err)
	}
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&ran); err != nil || !ran {
		conn.Release()
		return false, Classify(err)
	}
	err = fn(ctx)
	if _, uerr := conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, key); uerr != nil {
		// A lock that cannot be released must not stay with a pooled
		// connection: closing it releases the lock.
		conn.Hijack().Close(context.WithoutCancel(ctx))
		return true, err
	}
	conn.Release()
	return true, err
}
