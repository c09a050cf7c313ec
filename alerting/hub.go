package alerting

import (
	"context"
	"sort"
	"sync"
	"time"

	"pantau/data"
)

// hubKeep is how many recent outbox events the hub keeps in memory (up to
// twice as many between trims).
const hubKeep = 2048

// hub reads the outbox once per wake-up on behalf of every SSE
// stream, so N open streams cost one query per commit instead of N (each of
// them competing with the writes for the same cores). The outbox stays the
// source of truth: the hub only ever appends what "id > head" returns from
// the database, in id order, and ids become visible in id order (the outbox
// lock of 0400_alerts.sql), so its ring holds every event in (floor, head]
// with no gap. A stream whose position lies outside that range (resuming
// from an old Last-Event-ID, or ahead of a hub that has not caught up yet)
// reads the database itself, as before.
type hub struct {
	mu    sync.Mutex
	ch    chan struct{} // closed when the ring has grown
	ready bool          // floor and head are known
	floor int64         // the ring holds every event with floor < id <= head
	head  int64
	ring  []data.OutboxEvent // ascending ids
}

func newHub() *hub { return &hub{ch: make(chan struct{})} }

// wait returns a channel closed when new events are in the ring. Take it
// before calling after, so nothing appended in between is missed.
func (h *hub) wait() <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.ch
}

// after returns up to limit events with id > last; ok is false when the
// ring cannot answer (last lies before floor or after head, or the hub is
// not running) and the caller must read the database.
func (h *hub) after(last int64, limit int) (evs []data.OutboxEvent, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.ready || last < h.floor || last > h.head {
		return nil, false
	}
	i := sort.Search(len(h.ring), func(i int) bool { return h.ring[i].ID > last })
	j := min(len(h.ring), i+limit)
	return append([]data.OutboxEvent(nil), h.ring[i:j]...), true
}

// start sets the position the ring begins at.
func (h *hub) start(head int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ready, h.floor, h.head, h.ring = true, head, head, nil
}

// position returns head (0, false before start).
func (h *hub) position() (int64, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.head, h.ready
}

// add appends evs (ids > head, ascending, read from the database after
// head), drops the oldest beyond hubKeep and wakes the streams.
func (h *hub) add(evs []data.OutboxEvent) {
	if len(evs) == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ring = append(h.ring, evs...)
	h.head = evs[len(evs)-1].ID
	if len(h.ring) > 2*hubKeep { // trim to hubKeep, amortised
		drop := len(h.ring) - hubKeep
		h.floor = h.ring[drop-1].ID
		h.ring = append(h.ring[:0:0], h.ring[drop:]...)
	}
	close(h.ch)
	h.ch = make(chan struct{})
}

// stop marks the ring unusable (the worker ended); streams read the
// database.
func (h *hub) stop() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ready = false
	close(h.ch)
	h.ch = make(chan struct{})
}

// runHub is a worker: at every outbox NOTIFY (and every Poll, in case
// the listener is down) it reads the events after its head and hands them
// to the streams.
func (s *Service) runHub(ctx context.Context) {
	defer s.hub.stop()
	for ctx.Err() == nil {
		head, err := s.db.OutboxHead(ctx)
		if err == nil {
			s.hub.start(head)
			break
		}
		s.log.Warn("alert stream hub: reading the outbox head failed; retrying", "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
	for ctx.Err() == nil {
		wake := s.wake.wait()
		head, _ := s.hub.position()
		evs, err := s.db.OutboxAfter(ctx, head, Batch)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			s.log.Warn("alert stream hub: outbox read failed; retrying", "err", err)
		}
		s.hub.add(evs)
		if len(evs) == Batch {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-time.After(s.cfg.Poll):
		}
	}
}
