package httpx

import (
	"encoding/json"
	"errors"
	"net/http"

	"pantau/geo"
)

// status maps each domain error code to one HTTP status: the one
// error→HTTP table.
var status = map[string]int{
	geo.EINVALID:       http.StatusBadRequest,
	geo.EUNAUTHORIZED:  http.StatusUnauthorized,
	geo.EFORBIDDEN:     http.StatusForbidden,
	geo.ENOTFOUND:      http.StatusNotFound,
	geo.ECONFLICT:      http.StatusConflict,
	geo.ETOOLARGE:      http.StatusRequestEntityTooLarge,
	geo.EUNPROCESSABLE: http.StatusUnprocessableEntity,
	geo.ERATELIMIT:     http.StatusTooManyRequests,
	geo.ETIMEOUT:       http.StatusServiceUnavailable,
	geo.EUNAVAILABLE:   http.StatusServiceUnavailable,
	geo.EINTERNAL:      http.StatusInternalServerError,
	geo.EMETHOD:        http.StatusMethodNotAllowed,
	geo.EMEDIATYPE:     http.StatusUnsupportedMediaType,
	geo.ESTALLED:       http.StatusRequestTimeout,
}

var title = map[string]string{
	geo.EINVALID:       "Invalid request",
	geo.EUNAUTHORIZED:  "Authentication required",
	geo.EFORBIDDEN:     "Forbidden",
	geo.ENOTFOUND:      "Not found",
	geo.ECONFLICT:      "Conflict",
	geo.ETOOLARGE:      "Request too large",
	geo.EUNPROCESSABLE: "Unprocessable content",
	geo.ERATELIMIT:     "Too many requests",
	geo.ETIMEOUT:       "Timed out",
	geo.EUNAVAILABLE:   "Service unavailable",
	geo.EINTERNAL:      "Internal error",
	geo.EMETHOD:        "Method not allowed",
	geo.EMEDIATYPE:     "Unsupported media type",
	geo.ESTALLED:       "Upload stalled",
}

// StatusOf is the HTTP status of err's code (500 for unknown codes).
func StatusOf(err error) int {
	if s, ok := status[geo.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// ProblemTypeBase prefixes the stable `type` of every problem document; the
// suffix is the domain error code, e.g. /problems/invalid.
const ProblemTypeBase = "/problems/"

// Problem is an RFC 9457 problem details document. Code is the stable
// machine name of the failure (geo.Reason, e.g. "polygon.too_many_vertices")
// that clients translate; Type and Status follow the error's kind.
type Problem struct {
	Type      string `json:"type"`
	Code      string `json:"code"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Instance  string `json:"instance,omitempty"`
	Field     string `json:"field,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	Errors    any    `json:"errors,omitempty"`
}

// ProblemOf is the problem document of err answering r. Errors that are
// not *geo.Error are internal: a generic message, nothing of their text.
func ProblemOf(r *http.Request, err error) Problem {
	code := geo.ErrorCode(err)
	st, ok := status[code]
	if !ok {
		st, code = http.StatusInternalServerError, geo.EINTERNAL
	}
	reason := geo.ErrorReason(err)
	if !ok {
		reason = geo.RInternal.Name
	}
	p := Problem{
		Type:      ProblemTypeBase + code,
		Code:      reason,
		Title:     title[code],
		Status:    st,
		Detail:    geo.ErrorMessage(err),
		Instance:  r.URL.Path,
		RequestID: RequestIDFrom(r.Context()),
	}
	var ge *geo.Error
	if errors.As(err, &ge) {
		p.Field, p.Errors = ge.Field, ge.Details
	}
	return p
}

// WriteProblem writes err as problem+json. Internal errors are logged
// (with the request's logger) and answered with a generic message; 503
// and 429 carry a Retry-After.
func WriteProblem(w http.ResponseWriter, r *http.Request, err error) {
	p := ProblemOf(r, err)
	if p.Status == http.StatusInternalServerError {
		Log(r.Context()).ErrorContext(r.Context(), "internal error", "err", err, "request_id", p.RequestID, "path", r.URL.Path)
	}
	if p.Status == http.StatusServiceUnavailable || p.Status == http.StatusTooManyRequests {
		if w.Header().Get("Retry-After") == "" {
			w.Header().Set("Retry-After", "5")
		}
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}

// WriteJSON writes v as JSON with the given status, keeping a Content-Type
// the handler already set (application/geo+json …).
func WriteJSON(w http.ResponseWriter, status int, v any) {
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
