package geo

import (
	"errors"
	"fmt"
	"slices"
)

// A Reason names one failure for machines: the stable, dotted, lower-case
// `code` member of every problem+json answer ("polygon.too_many_vertices"),
// which the web page translates into a sentence. Each reason belongs to one
// error Code, which decides the HTTP status. Every reason is declared in
// this file and nowhere else; Reasons lists them for the page's test and
// docs/errors.md.
type Reason struct {
	Name string
	Code string
}

// Errorf returns an *Error of r's code carrying r.
func (r Reason) Errorf(format string, args ...any) *Error {
	return &Error{Code: r.Code, Reason: r.Name, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an *Error of r's code carrying r that names the
// offending field.
func (r Reason) FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: r.Code, Reason: r.Name, Field: field, Message: fmt.Sprintf(format, args...)}
}

var reasons []Reason

func newReason(name, code string) Reason {
	r := Reason{Name: name, Code: code}
	reasons = append(reasons, r)
	return r
}

// Reasons returns every reason, in declaration order.
func Reasons() []Reason { return slices.Clone(reasons) }

// ErrorReason returns the reason name of the first *Error in err's chain:
// its Reason, or the default reason of its Code; "server.internal" for any
// other non-nil error and "" for nil.
func ErrorReason(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case !errors.As(err, &e):
		return RInternal.Name
	case e.Reason != "":
		return e.Reason
	}
	if r, ok := defaultReason[e.Code]; ok {
		return r.Name
	}
	return RInternal.Name
}

// The default reason of each code, for errors that carry none.
var (
	RInvalid            = newReason("request.invalid", EINVALID)
	RUnauthorized       = newReason("auth.required", EUNAUTHORIZED)
	RForbidden          = newReason("auth.forbidden", EFORBIDDEN)
	RNotFound           = newReason("resource.not_found", ENOTFOUND)
	RConflict           = newReason("resource.conflict", ECONFLICT)
	RTooLarge           = newReason("request.too_large", ETOOLARGE)
	RUnprocessable      = newReason("request.unprocessable", EUNPROCESSABLE)
	RRateLimited        = newReason("request.rate_limited", ERATELIMIT)
	RTimeout            = newReason("server.timeout", ETIMEOUT)
	RUnavailable        = newReason("server.unavailable", EUNAVAILABLE)
	RInternal           = newReason("server.internal", EINTERNAL)
	RMethodNotAllowed   = newReason("request.method_not_allowed", EMETHOD)
	RUnsupportedMedia   = newReason("request.unsupported_media_type", EMEDIATYPE)
	RUploadStalled      = newReason("upload.stalled", ESTALLED)
	defaultReasonByCode = []Reason{RInvalid, RUnauthorized, RForbidden, RNotFound, RConflict, RTooLarge,
		RUnprocessable, RRateLimited, RTimeout, RUnavailable, RInternal, RMethodNotAllowed, RUnsupportedMedia, RUploadStalled}
)

var defaultReason = func() map[string]Reason {
	m := map[string]Reason{}
	for _, r := range defaultReasonByCode {
		m[r.Code] = r
	}
	return m
}()

// Requests: bodies, query parameters, the path.
var (
	RBodyTooLarge      = newReason("body.too_large", ETOOLARGE)
	RJSONMalformed     = newReason("json.malformed", EINVALID)
	RJSONEmpty         = newReason("json.empty", EINVALID)
	RJSONTrailingData  = newReason("json.trailing_data", EINVALID)
	RJSONTooDeep       = newReason("json.too_deep", EINVALID)
	RJSONTooManyValues = newReason("json.too_many_values", ETOOLARGE)
	RJSONUnknownField  = newReason("json.unknown_field", EINVALID)
	RJSONWrongType     = newReason("json.wrong_type", EINVALID)
	RQueryUnknown      = newReason("query.unknown_parameter", EINVALID)
	RQueryInvalid      = newReason("query.invalid_value", EINVALID)
	RPathInvalid       = newReason("path.invalid_id", EINVALID)
	RInputControlChar  = newReason("input.control_character", EINVALID)
)

// Signing in and access.
var (
	RAuthBadCredentials = newReason("auth.bad_credentials", EUNAUTHORIZED)
	RAuthNoCredentials  = newReason("auth.credentials_required", EINVALID)
	RAuthBadToken       = newReason("auth.bad_token", EUNAUTHORIZED)
	RAuthCSRF           = newReason("auth.csrf_token_missing", EFORBIDDEN)
	RAuthRole           = newReason("auth.role_forbidden", EFORBIDDEN)
	RAuditUnavailable   = newReason("audit.unavailable", EUNAVAILABLE)
)

// Polygon queries and the polygons of geofences and patrol areas.
var (
	RPolygonNotGeoJSON      = newReason("polygon.not_geojson", EINVALID)
	RPolygonWrongType       = newReason("polygon.wrong_type", EUNPROCESSABLE)
	RPolygonTooManyVertices = newReason("polygon.too_many_vertices", ETOOLARGE)
	RPolygonTooManyParts    = newReason("polygon.too_many_parts", ETOOLARGE)
	RPolygonRingTooShort    = newReason("polygon.ring_too_short", EINVALID)
	RPolygonRingNotClosed   = newReason("polygon.ring_not_closed", EINVALID)
	RPolygonBadCoordinate   = newReason("polygon.bad_coordinate", EINVALID)
	RPolygonSelfIntersects  = newReason("polygon.self_intersecting", EUNPROCESSABLE)
	RPolygonInvalid         = newReason("polygon.invalid", EUNPROCESSABLE)
	RPolygonOutsideAreas    = newReason("polygon.outside_areas", EUNPROCESSABLE)
	RPolygonNoAreas         = newReason("polygon.no_areas_loaded", EUNPROCESSABLE)
	RPolygonBodyTooLarge    = newReason("polygon.body_too_large", ETOOLARGE)
)

// Dates, filters, density and grids.
var (
	RFilterBadDate     = newReason("filter.bad_date", EINVALID)
	RFilterBadWindow   = newReason("filter.bad_window", EINVALID)
	RFilterBadValue    = newReason("filter.bad_value", EINVALID)
	RDensityBadLevel   = newReason("density.bad_level", EINVALID)
	RDensityBadBy      = newReason("density.bad_breakdown", EINVALID)
	RFormatUnsupported = newReason("format.unsupported", EINVALID)
	RGridBadCell       = newReason("grid.bad_cell", EINVALID)
	RGridTooManyCells  = newReason("grid.too_many_cells", ETOOLARGE)
	RBBoxInvalid       = newReason("bbox.invalid", EINVALID)
	RBBoxTooLarge      = newReason("bbox.too_large", EINVALID)
	RAreaBadCode       = newReason("area.bad_code", EINVALID)
	RAreaNotFound      = newReason("area.not_found", ENOTFOUND)
	RSearchBadQuery    = newReason("search.bad_query", EINVALID)
)

// Geofences and alerts.
var (
	RFenceBadRule       = newReason("geofence.bad_rule", EINVALID)
	RFenceBadGeometry   = newReason("geofence.bad_geometry", EINVALID)
	RFenceUnknownDesa   = newReason("geofence.unknown_desa", EUNPROCESSABLE)
	RFenceBadName       = newReason("geofence.bad_name", EINVALID)
	RFenceBadKind       = newReason("geofence.bad_kind", EINVALID)
	RFenceBadPeriod     = newReason("geofence.bad_period", EINVALID)
	RFenceNotFound      = newReason("geofence.not_found", ENOTFOUND)
	RAlertNotFound      = newReason("alert.not_found", ENOTFOUND)
	RAlertBadTransition = newReason("alert.bad_transition", ECONFLICT)
)

// Patrol plans.
var (
	RPatrolBadTeams    = newReason("patrol.bad_teams", EINVALID)
	RPatrolTooManyStop = newReason("patrol.too_many_stops", ETOOLARGE)
	RPatrolBadLimit    = newReason("patrol.bad_limit", EINVALID)
	RPatrolBadStart    = newReason("patrol.bad_start", EINVALID)
	RPatrolBadWeights  = newReason("patrol.bad_weights", EINVALID)
	RPatrolBadHotspots = newReason("patrol.bad_hotspots", EINVALID)
	RPatrolCancelled   = newReason("patrol.cancelled", ETIMEOUT)
)

// Tiles.
var (
	RTileBadCoordinates = newReason("tile.bad_coordinates", EINVALID)
	RTileUnknownLayer   = newReason("tile.unknown_layer", ENOTFOUND)
	RTileBadLayers      = newReason("tile.bad_layers", EINVALID)
	RTileLayerForbidden = newReason("tile.layer_forbidden", EFORBIDDEN)
	RTileTimeout        = newReason("tile.timeout", ETIMEOUT)
)

// Users, tokens and webhooks (admin).
var (
	RUserBadName        = newReason("user.bad_username", EINVALID)
	RUserNameTaken      = newReason("user.username_taken", ECONFLICT)
	RUserBadPassword    = newReason("user.bad_password", EINVALID)
	RUserLastAdmin      = newReason("user.last_admin", ECONFLICT)
	RUserNothingChanged = newReason("user.nothing_to_change", EINVALID)
	RUserNotFound       = newReason("user.not_found", ENOTFOUND)
	RRoleUnknown        = newReason("user.unknown_role", EINVALID)
	RWebhookInvalid     = newReason("webhook.invalid", EINVALID)
	RWebhookNotFound    = newReason("webhook.not_found", ENOTFOUND)
)

// Records and imports.
var (
	RRecordBatchTooLarge = newReason("record.batch_too_large", ETOOLARGE)
	RRecordMalformed     = newReason("record.malformed", EINVALID)
	RImportMissingColumn = newReason("import.missing_column", EINVALID)
	RImportDuplicateCol  = newReason("import.duplicate_column", EINVALID)
	RImportEmptyFile     = newReason("import.empty_file", EINVALID)
	RImportMalformed     = newReason("import.malformed_file", EINVALID)
	RImportBadCRS        = newReason("import.bad_crs", EINVALID)
	RImportBadDelimiter  = newReason("import.bad_delimiter", EINVALID)
	RImportRejectedRows  = newReason("import.rejected_rows", EINVALID)
	RImportUnknownKind   = newReason("import.unknown_kind", ENOTFOUND)
	RImportTooLarge      = newReason("import.too_large", ETOOLARGE)
)
