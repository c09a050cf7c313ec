package data

import (
	"context"
	"errors"
	"net"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pantau/geo"
)

// Classify turns database errors into domain errors the HTTP layer can map:
// an unreachable server is EUNAVAILABLE, a statement timeout ETIMEOUT, a
// unique violation ECONFLICT, a check or foreign-key violation EINVALID and
// no rows ENOTFOUND. Other errors, and *geo.Error values, pass unchanged.
func Classify(err error) error {
	if err == nil {
		return nil
	}
	var ge *geo.Error
	if errors.As(err, &ge) {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return &geo.Error{Code: geo.ENOTFOUND, Message: "Not found."}
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case pgErr.Code == "57014": // query_canceled: statement_timeout
			return &geo.Error{Code: geo.ETIMEOUT, Message: "The database query took too long."}
		case pgErr.Code == "23505":
			return &geo.Error{Code: geo.ECONFLICT, Message: "A record with the same identity exists."}
		case pgErr.Code == "23514" || pgErr.Code == "23503" || pgErr.Code == "23502" || pgErr.Code == "22007" || pgErr.Code == "22008" || pgErr.Code == "22023" || pgErr.Code == "22P02" || pgErr.Code == "XX000" && strings.Contains(pgErr.Message, "geometry"):
			return &geo.Error{Code: geo.EINVALID, Message: "The record breaks a data constraint (" + pgErr.ConstraintName + ")."}
		case pgErr.Code[:2] == "08" || pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03" || pgErr.Code == "53300":
			return &geo.Error{Code: geo.EUNAVAILABLE, Message: "The database is unavailable."}
		}
		return err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &geo.Error{Code: geo.ETIMEOUT, Message: "The request took too long."}
	}
	var netErr net.Error
	var connErr *pgconn.ConnectError
	if errors.As(err, &connErr) || errors.As(err, &netErr) || pgconn.SafeToRetry(err) || isClosedConn(err) {
		return &geo.Error{Code: geo.EUNAVAILABLE, Message: "The database is unavailable."}
	}
	return err
}

func isClosedConn(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return false
	}
	s := err.Error()
	return containsAny(s, "conn closed", "connection refused", "broken pipe", "unexpected EOF", "no such file or directory", "failed to connect", "connection reset")
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
