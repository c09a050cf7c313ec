// Package httpx is Pantau's HTTP kit, free of Pantau's policy: RFC 9457
// problem+json answers with a stable `code` member (geo.Reason), handlers
// that return errors (Handler), one strict JSON body decoder, typed query
// parameters that name the parameter they refuse, a streaming JSON
// writer, and the generic middleware (request id, logger, request log,
// panic recovery, security headers, response compression, clean input,
// timeouts, metrics, rate buckets). Who may do what, audit and body caps per route stay in api.
package httpx
