package alerting

import (
	"slices"
	"testing"

	"pantau/data"
)

func hubEvents(ids ...int64) []data.OutboxEvent {
	evs := make([]data.OutboxEvent, len(ids))
	for i, id := range ids {
		evs[i] = data.OutboxEvent{ID: id}
	}
	return evs
}

func hubIDs(evs []data.OutboxEvent) []int64 {
	ids := make([]int64, len(evs))
	for i, e := range evs {
		ids[i] = e.ID
	}
	return ids
}

// TestHubAnswersOnlyWhatItHoldsWithoutGaps: the ring answers a
// position inside (floor, head] (ids may skip: rolled-back transactions
// draw ids too); positions before floor or after head, and a hub that is
// not running, send the stream to the database.
func TestHubAnswersOnlyWhatItHoldsWithoutGaps(t *testing.T) {
	h := newHub()
	if _, ok := h.after(0, 10); ok {
		t.Fatal("a hub that has not started answered")
	}
	h.start(10)
	w := h.wait()
	h.add(hubEvents(11, 12, 15))
	select {
	case <-w:
	default:
		t.Fatal("adding events did not wake the streams")
	}
	for _, c := range []struct {
		last  int64
		limit int
		want  []int64
		ok    bool
	}{
		{9, 10, nil, false}, // before floor: only the database knows 10
		{10, 10, []int64{11, 12, 15}, true},
		{11, 1, []int64{12}, true},
		{12, 10, []int64{15}, true}, // 13 and 14 were never committed
		{15, 10, []int64{}, true},
		{16, 10, nil, false}, // ahead of the hub
	} {
		evs, ok := h.after(c.last, c.limit)
		if ok != c.ok || (ok && !slices.Equal(hubIDs(evs), c.want)) {
			t.Errorf("after(%d, %d) = %v, %v; want %v, %v", c.last, c.limit, hubIDs(evs), ok, c.want, c.ok)
		}
	}
	// Past 2 × hubKeep the oldest go, and floor moves with them.
	var many []int64
	for id := int64(16); id < 16+2*hubKeep; id++ {
		many = append(many, id)
	}
	h.add(hubEvents(many...))
	if _, ok := h.after(10, 10); ok {
		t.Fatal("a trimmed position answered from the ring")
	}
	head, _ := h.position()
	evs, ok := h.after(head-hubKeep, 1)
	if !ok || len(evs) != 1 || evs[0].ID != head-hubKeep+1 {
		t.Fatalf("after the trim: %v, %v", hubIDs(evs), ok)
	}
	if _, ok := h.after(head-hubKeep-1, 1); ok {
		t.Fatal("a position just before the new floor answered")
	}
	h.stop()
	if _, ok := h.after(head, 1); ok {
		t.Fatal("a stopped hub answered")
	}
}
