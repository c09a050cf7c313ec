package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"pantau/geo"
)

// eMethod is the HTTP-only code for a known path with the wrong method.
const eMethod = "method_not_allowed"

// eUnsupportedMedia is the HTTP-only code for a body in a media type or
// content encoding the route does not take (415).
const eUnsupportedMedia = "unsupported_media_type"

// eStalled is the HTTP-only code for an upload whose client stopped
// sending (408).
const eStalled = "upload_stalled"

// problemStatus maps each domain error code to one HTTP status.
var problemStatus = map[string]int{
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
	eMethod:            http.StatusMethodNotAllowed,
	eUnsupportedMedia:  http.StatusUnsupportedMediaType,
	eStalled:           http.StatusRequestTimeout,
}

var problemTitle = map[string]string{
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
	eMethod:            "Method not allowed",
	eUnsupportedMedia:  "Unsupported media type",
	eStalled:           "Upload stalled",
}

// ProblemTypeBase prefixes the stable `type` of every problem document; the
// suffix is the domain error code, e.g. /problems/invalid.
const ProblemTypeBase = "/problems/"

// Problem is an RFC 9457 problem details document.
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Instance  string `json:"instance,omitempty"`
	Field     string `json:"field,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	Errors    any    `json:"errors,omitempty"`
}

// writeError writes err as problem+json. Internal errors are logged with
// their detail and answered with a generic message.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	code := geo.ErrorCode(err)
	status, ok := problemStatus[code]
	if !ok {
		status, code = http.StatusInternalServerError, geo.EINTERNAL
	}
	p := Problem{
		Type:      ProblemTypeBase + code,
		Title:     problemTitle[code],
		Status:    status,
		Detail:    geo.ErrorMessage(err),
		Instance:  r.URL.Path,
		RequestID: RequestIDFrom(r.Context()),
	}
	var ge *geo.Error
	if errors.As(err, &ge) {
		p.Field, p.Errors = ge.Field, ge.Details
	}
	if status >= 500 && code == geo.EINTERNAL {
		log.ErrorContext(r.Context(), "internal error", "err", err, "request_id", p.RequestID, "path", r.URL.Path)
	}
	if status == http.StatusServiceUnavailable || status == http.StatusTooManyRequests {
		if w.Header().Get("Retry-After") == "" {
			w.Header().Set("Retry-After", "5")
		}
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}

// writeJSON writes v as JSON with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
