package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"pantau/alerting"
	"pantau/api/httpx"
	"pantau/geo"
)

// alertStream: GET /api/v1/alerts/stream — Server-Sent Events from the
// outbox, mounted without the request timeout.
//
// Each event is
//
//	id: <event id: the outbox id, encrypted (StreamCursor)>
//	event: alert | alert.acknowledged | alert.resolved
//	data: <the alert JSON, as GET /api/v1/alerts/{id}>
//
// Events come in commit order; their ids are opaque, so the gaps between a
// scoped caller's events do not count the alerts raised elsewhere. A client
// that reconnects with Last-Event-ID (or ?last_event_id=, for the first
// connection of an EventSource) gets every event after that one, in order,
// then live ones; "0" asks for every event kept; without either it gets
// live events only. ": heartbeat" comment lines keep proxies from closing an idle
// stream. An officer scoped to an area receives the alerts located in it.
func (s *Server) alertStream(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.OnlyParams(r, "last_event_id"); err != nil {
		return err
	}
	ctx := r.Context()
	cursor, err := s.streamCursor(ctx)
	if err != nil {
		return err
	}
	raw := strings.TrimSpace(r.Header.Get("Last-Event-ID"))
	if raw == "" {
		raw = strings.TrimSpace(r.URL.Query().Get("last_event_id"))
	}
	var last int64
	switch raw {
	case "0": // from the first event kept
	case "":
		head, err := s.db.OutboxHead(ctx)
		if err != nil {
			return err
		}
		last = head
	default:
		n, err := cursor.Decode(raw)
		if err != nil {
			return geo.FieldErrorf(geo.EINVALID, "Last-Event-ID", "Last-Event-ID must be the id of an event of this stream (or 0), not %q", raw)
		}
		last = n
	}
	p := PrincipalFrom(ctx)
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Time{}) // the server's ReadTimeout must not end a stream
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 2000\n: stream open\n\n")
	if err := rc.Flush(); err != nil {
		return nil
	}
	cfg := s.alerts.Config()
	heartbeat := time.NewTicker(cfg.Heartbeat)
	defer heartbeat.Stop()
	recheck := time.NewTicker(credentialRecheck)
	defer recheck.Stop()
	var buf bytes.Buffer
	for {
		// Live events come from the hub (one outbox read per commit for
		// all streams); a stream behind the hub's memory, or ahead of it,
		// reads the outbox itself (alerting.Service.Events).
		evs, wake, err := s.alerts.Events(ctx, last)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			httpx.Log(r.Context()).WarnContext(ctx, "alert stream read failed; retrying", "err", err)
			evs = nil
		}
		buf.Reset()
		for _, e := range evs {
			last = e.ID
			if !p.View().Sees(e.DesaCode) {
				continue
			}
			buf.WriteString("id: ")
			buf.WriteString(cursor.Encode(e.ID))
			buf.WriteString("\nevent: ")
			buf.WriteString(e.Topic)
			buf.WriteString("\ndata: ")
			json.Compact(&buf, e.Payload) // one line: SSE data ends at a newline
			buf.WriteString("\n\n")
		}
		if buf.Len() > 0 {
			if _, err := w.Write(buf.Bytes()); err != nil {
				return nil
			}
			if err := rc.Flush(); err != nil {
				return nil
			}
		}
		if len(evs) == alerting.Batch {
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-wake:
		case <-time.After(cfg.Poll):
		case <-recheck.C:
			if !s.stillValid(r, p) {
				return nil
			}
		case <-heartbeat.C:
			if _, err := fmt.Fprint(w, ": heartbeat\n\n"); err != nil {
				return nil
			}
			if err := rc.Flush(); err != nil {
				return nil
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
		httpx.Log(r.Context()).WarnContext(r.Context(), "alert stream credential check failed; kept", "err", err)
		return true
	}
}

// streamCursor returns the codec of event ids, made once from the
// database's stream key.
func (s *Server) streamCursor(ctx context.Context) (*StreamCursor, error) {
	s.cursorMu.Lock()
	defer s.cursorMu.Unlock()
	if s.cursor != nil {
		return s.cursor, nil
	}
	key, err := s.db.AlertStreamKey(ctx)
	if err != nil {
		return nil, err
	}
	if s.cursor, err = NewStreamCursor(key); err != nil {
		return nil, fmt.Errorf("alert stream key: %w", err)
	}
	return s.cursor, nil
}
