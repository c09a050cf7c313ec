package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"pantau/geo"
)

// streamBatch is how many outbox rows one read delivers.
const streamBatch = 500

// alertStream: GET /api/v1/alerts/stream — Server-Sent Events from the
// outbox, mounted without the request timeout.
//
// Each event is
//
//	id: <outbox id>
//	event: alert | alert.acknowledged | alert.resolved
//	data: <the alert JSON, as GET /api/v1/alerts/{id}>
//
// Ids increase in commit order. A client that reconnects with Last-Event-ID
// (or ?last_event_id=N, for the first connection of an EventSource) gets
// every event after N, in order, then live ones; without either it gets live
// events only. ": heartbeat" comment lines keep proxies from closing an idle
// stream. An officer scoped to an area receives the alerts located in it.
func (s *Server) alertStream(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r, "last_event_id"); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	ctx := r.Context()
	raw := r.Header.Get("Last-Event-ID")
	if raw == "" {
		raw = r.URL.Query().Get("last_event_id")
	}
	var last int64
	if raw != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
		if err != nil || n < 0 {
			writeError(w, r, s.log, geo.FieldErrorf(geo.EINVALID, "Last-Event-ID", "Last-Event-ID must be an event id (a non-negative integer), not %q", raw))
			return
		}
		last = n
	} else {
		head, err := s.db.OutboxHead(ctx)
		if err != nil {
			writeError(w, r, s.log, err)
			return
		}
		last = head
	}
	p := PrincipalFrom(ctx)
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Time{}) // the server's ReadTimeout must not end a stream
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, "retry: 2000\n: resuming after event %d\n\n", last)
	if err := rc.Flush(); err != nil {
		return
	}
	cfg := s.cfg.Alerts
	heartbeat := time.NewTicker(cfg.Heartbeat)
	defer heartbeat.Stop()
	recheck := time.NewTicker(credentialRecheck)
	defer recheck.Stop()
	var buf bytes.Buffer
	for {
		// Live events come from the hub (one outbox read per commit for
		// all streams); a stream behind the hub's memory, or ahead of it,
		// reads the outbox itself.
		wake := s.hub.wait()
		evs, ok := s.hub.after(last, streamBatch)
		if !ok {
			var err error
			evs, err = s.db.OutboxAfter(ctx, last, streamBatch)
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				serverLog(r).WarnContext(ctx, "alert stream read failed; retrying", "err", err)
				evs = nil
			}
		}
		buf.Reset()
		for _, e := range evs {
			last = e.ID
			if !p.View().Sees(e.DesaCode) {
				continue
			}
			buf.WriteString("id: ")
			buf.WriteString(strconv.FormatInt(e.ID, 10))
			buf.WriteString("\nevent: ")
			buf.WriteString(e.Topic)
			buf.WriteString("\ndata: ")
			json.Compact(&buf, e.Payload) // one line: SSE data ends at a newline
			buf.WriteString("\n\n")
		}
		if buf.Len() > 0 {
			if _, err := w.Write(buf.Bytes()); err != nil {
				return
			}
			if err := rc.Flush(); err != nil {
				return
			}
		}
		if len(evs) == streamBatch {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-time.After(cfg.Poll):
		case <-recheck.C:
			if !s.stillValid(r, p) {
				return
			}
		case <-heartbeat.C:
			if _, err := fmt.Fprint(w, ": heartbeat\n\n"); err != nil {
				return
			}
			if err := rc.Flush(); err != nil {
				return
			}
		}
	}
}

// credentialRecheck is how often an open stream checks that its
// credential still holds: a revoked token, an ended session or a disabled
// user ends the stream within about this long.
const credentialRecheck = time.Second

// stillValid reports whether the request's credential still authenticates
// p with the same role and area. A database error that is not about the
// credential keeps the stream (it is retried at the next check).
func (s *Server) stillValid(r *http.Request, p *geo.Principal) bool {
	now, err := s.principal(r)
	switch code := geo.ErrorCode(err); {
	case err == nil:
		return now != nil && now.Role == p.Role && now.AreaCode == p.AreaCode
	case code == geo.EUNAUTHORIZED || code == geo.EFORBIDDEN || code == geo.ENOTFOUND:
		return false
	default:
		serverLog(r).WarnContext(r.Context(), "alert stream credential check failed; kept", "err", err)
		return true
	}
}
