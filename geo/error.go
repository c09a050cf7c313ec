// Package geo is Pantau's domain: the types that flow between packages, the
// errors callers can expect, coordinate and geometry validation and the pure
// algorithms (grids, hotspot scores, patrol routes). The alert rules are SQL
// (data/sql/alerts.sql), evaluated where the writes happen.
// It performs no I/O and imports only the standard library and orb.
package geo

import (
	"errors"
	"fmt"
)

// Error codes. The HTTP layer maps each to one status and one problem type.
const (
	ECONFLICT      = "conflict"
	EINTERNAL      = "internal"
	EINVALID       = "invalid"
	ENOTFOUND      = "not_found"
	EUNAUTHORIZED  = "unauthorized"
	EFORBIDDEN     = "forbidden"
	ETOOLARGE      = "too_large"
	EUNPROCESSABLE = "unprocessable"
	ETIMEOUT       = "timeout"
	EUNAVAILABLE   = "unavailable"
	ERATELIMIT     = "rate_limited"
)

// Error codes only the HTTP layer raises: a known path with the wrong
// method (405), a body in a media type or content encoding the route does
// not take (415), an upload whose client stopped sending (408).
const (
	EMETHOD    = "method_not_allowed"
	EMEDIATYPE = "unsupported_media_type"
	ESTALLED   = "upload_stalled"
)

// Error is a domain error with a machine-readable code and a message that is
// safe to show to the caller. Field, when set, names the offending input
// (for example "features[12].geometry" or "line 41: arrival_date").
type Error struct {
	Code    string
	Message string
	Field   string
	// Details carries structured, caller-safe extra information (for example
	// the list of rejected rows of an import).
	Details any
	// Reason is the stable name of this failure (a Reason's Name, e.g.
	// "polygon.too_many_vertices"): the `code` member of the problem+json
	// answer, which the page translates. Empty: the default reason of Code.
	Reason string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("pantau error: code=%s field=%s message=%s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("pantau error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an *Error that names the offending field.
func FieldErrorf(code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the caller-safe message of err; other errors yield
// "Internal error." so details never leak.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
