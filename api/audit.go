package api

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"

	"pantau/api/httpx"
	"pantau/data"
	"pantau/geo"
)

// The audit trail. Every authenticated request passes auditTrail (it runs
// inside s.authenticate), which writes ONE audit_log row after the handler
// when the request
//   - changes something: any method but GET, HEAD and OPTIONS (imports,
//     writes, admin actions, login, logout), or
//   - was marked by its route or handler: r.With(s.audited("stays.read"))
//     or auditAs(r, "stays.read") — every read of personal data, every
//     export, every admin read must be marked.
//
// A handler that writes its own row (s.db.Audit with r.Context()) gets no
// second, generic one; nor does a change whose row committed in its own
// transaction (auditInTx + auditCommitted: creating users and tokens,
// changing users). A request that no credential identifies and that is
// refused with 401 or 429 (a failed or rate-limited login, a change sent
// without a token) gets no row of its own either: it is counted in its
// address's aggregate auth.credentials row (logFailure).
//
// The row says who (user or token name, role), the action (the mark, or
// "METHOD /route/pattern"), the resource (the path, or what the handler
// set), parameters (query and path parameters, plus what the handler added
// with auditNote; keys naming secrets are dropped), the outcome from the
// status (ok, denied, not_found, failed, error), the client address, the
// time and the request id. Handlers add detail with auditNote(r, "count", n)
// or auditNote(r, "stay_ids", ids): the data-subject export finds accesses
// to a stay by resource "stay/<id>" or by "stay_ids" in the parameters.

type auditKey struct{}

// auditRecord collects what a request's audit row will say.
type auditRecord struct {
	mu       sync.Mutex
	action   string
	actor    string // overrides the principal (login: the name tried)
	role     string
	resource string
	outcome  string // overrides the status-derived outcome
	params   map[string]any
	inTx     bool // the row was committed with the change (auditInTx)
}

func auditFrom(r *http.Request) *auditRecord {
	a, _ := r.Context().Value(auditKey{}).(*auditRecord)
	return a
}

// auditAs marks the request for the audit log under action.
func auditAs(r *http.Request, action string) {
	if a := auditFrom(r); a != nil {
		a.mu.Lock()
		a.action = action
		a.mu.Unlock()
	}
}

// auditNote adds a parameter to the request's audit row. Never pass secrets
// or personal data values; ids and counts are what belong here.
func auditNote(r *http.Request, key string, value any) {
	if a := auditFrom(r); a != nil {
		a.mu.Lock()
		a.params[key] = value
		a.mu.Unlock()
	}
}

// auditResource sets the row's resource (default: the request path), e.g.
// "stay/123".
func auditResource(r *http.Request, resource string) {
	if a := auditFrom(r); a != nil {
		a.mu.Lock()
		a.resource = resource
		a.mu.Unlock()
	}
}

// audited is route middleware that marks every request of the route.
// Put it before allow, so refused attempts are recorded too:
//
//	r.With(s.audited("stays.read"), allow(individualsOK...)).Get("/stays/{id}", s.getStay)
func (s *Server) audited(action string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			auditAs(r, action)
			next.ServeHTTP(w, r)
		})
	}
}

// secretParam reports whether a parameter name may carry a secret.
func secretParam(k string) bool {
	k = strings.ToLower(k)
	for _, s := range []string{"password", "token", "secret", "csrf", "authorization", "cookie"} {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// auditTrail records the request after the handler; see the top of file.
// The response of a request it records is held back (heldWriter) until the
// row is written: when the row cannot be written the caller gets 503 and
// none of the handler's answer — no data, no token, no cookie.
func (s *Server) auditTrail(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &auditRecord{params: map[string]any{}}
		ctx, handlerAudited := data.WithAuditFlag(context.WithValue(r.Context(), auditKey{}, rec))
		r = r.WithContext(ctx)
		hw := newHeldWriter(w, func() bool {
			rec.mu.Lock()
			defer rec.mu.Unlock()
			return rec.action != "" || unsafeMethod(r.Method)
		})
		next.ServeHTTP(hw, r)
		held := hw.Held()
		if st := hw.Status(); held && PrincipalFrom(r.Context()).Anonymous() && (st == http.StatusUnauthorized || st == http.StatusTooManyRequests) {
			// Refused with no credential that names a caller (a failed or
			// rate-limited login, a change sent without a token): logged in
			// aggregate per address, never a row each.
			s.logFailure(r, http.StatusText(st))
			hw.release()
			return
		}
		e, ok := s.auditEntry(r, rec, hw.Status(), handlerAudited())
		if !ok {
			if held {
				hw.release()
			}
			return
		}
		err := s.writeAudit(r.Context(), e)
		switch {
		case !held:
			if err != nil {
				httpx.Log(r.Context()).ErrorContext(r.Context(), "audit row for a response already sent", "action", e.Action)
			}
		case err != nil:
			httpx.WriteProblem(w, r, geo.RAuditUnavailable.Errorf("The audit log could not record this request, so its answer is withheld. Try again later."))
		default:
			hw.release()
		}
	})
}

// auditEntry builds the request's audit row; ok is false when the request
// needs none (an unmarked read, or a change whose handler wrote its own
// row with db.Audit and r.Context()).
func (s *Server) auditEntry(r *http.Request, rec *auditRecord, status int, handlerAudited bool) (data.AuditEntry, bool) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.inTx || rec.action == "" && (!unsafeMethod(r.Method) || handlerAudited) {
		return data.AuditEntry{}, false
	}
	if rec.action == "" {
		rec.action = r.Method + " " + httpx.RoutePattern(r)
	}
	for k, v := range r.URL.Query() {
		if _, set := rec.params[k]; !set && !secretParam(k) {
			if len(v) == 1 {
				rec.params[k] = v[0]
			} else {
				rec.params[k] = v
			}
		}
	}
	if rc := chi.RouteContext(r.Context()); rc != nil {
		for i, k := range rc.URLParams.Keys {
			if _, set := rec.params[k]; !set && k != "*" && !secretParam(k) && i < len(rc.URLParams.Values) {
				rec.params[k] = rc.URLParams.Values[i]
			}
		}
	}
	e := data.AuditEntry{
		Action:     rec.action,
		Resource:   rec.resource,
		Params:     rec.params,
		Outcome:    rec.outcome,
		ClientAddr: httpx.ClientAddr(r, s.cfg.TrustProxy),
		RequestID:  httpx.RequestIDFrom(r.Context()),
		Actor:      rec.actor,
		Role:       rec.role,
	}
	if p := PrincipalFrom(r.Context()); !p.Anonymous() {
		if e.Actor == "" {
			e.Actor = auditActor(p)
		}
		if e.Role == "" {
			e.Role = string(p.Role)
		}
	}
	if e.Resource == "" {
		e.Resource = r.URL.Path
	}
	if e.Outcome == "" {
		e.Outcome = outcomeOf(status)
	}
	return e, true
}

// auditInTx returns the request's audit row for a change that writes it in
// its own transaction (data.NewToken.Audit, data.NewUser.Audit), so the
// change and its row commit together or not at all; call auditCommitted
// once the change succeeded, and the trail writes no second row.
func (s *Server) auditInTx(r *http.Request, status int) *data.AuditEntry {
	rec := auditFrom(r)
	if rec == nil {
		return nil
	}
	e, _ := s.auditEntry(r, rec, status, false)
	return &e
}

// auditCommitted records that the request's row committed with its change.
func auditCommitted(r *http.Request) {
	if a := auditFrom(r); a != nil {
		a.mu.Lock()
		a.inTx = true
		a.mu.Unlock()
	}
}

// auditActor names a principal in the audit log: the user name, or
// "token:<name>" for a machine token (user names cannot hold ':'), or
// "anonymous".
func auditActor(p *geo.Principal) string {
	switch {
	case p.Anonymous():
		return "anonymous"
	case p.TokenID != 0:
		return "token:" + p.Name
	}
	return p.Name
}

// outcomeOf names the outcome of an HTTP status for the audit log.
func outcomeOf(status int) string {
	switch {
	case status == 0 || status < 400:
		return "ok"
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return "denied"
	case status == http.StatusNotFound:
		return "not_found"
	case status < 500:
		return "failed"
	}
	return "error"
}

// writeAudit appends e even when the request's context has ended; a
// failure is logged and returned.
func (s *Server) writeAudit(ctx context.Context, e data.AuditEntry) error {
	if s.db == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err := s.db.Audit(ctx, e)
	if err != nil {
		s.log.ErrorContext(ctx, "audit log write failed", "err", err, "action", e.Action, "request_id", e.RequestID)
	}
	return err
}
