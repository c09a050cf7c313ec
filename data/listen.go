package data

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// Listener says what Listen does with its connection's events. Every
// function runs on Listen's goroutine, one at a time; nil ones are skipped.
type Listener struct {
	// Connected runs after every connect and reconnect, once LISTEN is in
	// place and before the first notification on that connection.
	// Notifications sent while nothing listened are lost, so the caller
	// re-reads here whatever they would have told it.
	Connected func(ctx context.Context)
	// Notify runs for each notification, in the order they were sent.
	Notify func(ctx context.Context, payload string)
	// Lost runs when the connection failed, before Listen waits retry and
	// connects again. It does not run when ctx ends.
	Lost func(err error, retry time.Duration)
}

// Listen backoff: the first retry after a failure comes after
// listenRetryMin, doubling per failed attempt up to listenRetryMax; a
// connection that LISTENed starts the series again.
const (
	listenRetryMin = 100 * time.Millisecond
	listenRetryMax = 5 * time.Second
	// listenQuiet: a connection with no notification for this long is
	// pinged, so a dead one is noticed.
	listenQuiet = 20 * time.Second
)

// Listen LISTENs on channel over a connection of its own (taken from the
// pool and never returned to it) until ctx ends, calling l's functions as
// it connects, receives and loses the connection, and reconnecting after
// any failure (see listenRetryMin). It returns when ctx ends.
func (db *DB) Listen(ctx context.Context, channel string, l Listener) {
	retry := listenRetryMin
	for {
		listened, err := db.listenOnce(ctx, channel, l)
		if ctx.Err() != nil {
			return
		}
		if listened {
			retry = listenRetryMin
		}
		if l.Lost != nil {
			l.Lost(err, retry)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(retry):
		}
		retry = min(2*retry, listenRetryMax)
	}
}

// listenOnce runs one connection until it fails; listened reports whether
// its LISTEN took effect.
func (db *DB) listenOnce(ctx context.Context, channel string, l Listener) (listened bool, err error) {
	pc, err := db.Pool.Acquire(ctx)
	if err != nil {
		return false, err
	}
	conn := pc.Hijack() // a LISTENing connection never goes back to the pool
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return false, err
	}
	if l.Connected != nil {
		l.Connected(ctx)
	}
	for {
		wctx, cancel := context.WithTimeout(ctx, listenQuiet)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return true, ctx.Err()
		case errors.Is(err, context.DeadlineExceeded) || wctx.Err() != nil && err != nil:
			if err := conn.Ping(ctx); err != nil {
				return true, err
			}
		case err != nil:
			return true, err
		case l.Notify != nil:
			l.Notify(ctx, n.Payload)
		}
	}
}
