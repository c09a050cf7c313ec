package api_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"pantau/alerting"
)

// TestStreamIDsDoNotCountOthersAlerts is issue 14 finding 9: the alert
// stream's event ids were outbox ids, so an officer could count, from the
// gaps between its own events, the alerts raised outside its area. Event
// ids are now opaque; they still resume a stream, and one this service did
// not issue is refused.
func TestStreamIDsDoNotCountOthersAlerts(t *testing.T) {
	ls := newLiveServer(t, alerting.Config{Poll: 200 * time.Millisecond})
	admin := ls.DB.Token(t, "admin", "")
	officer := ls.DB.Token(t, "officer", "")
	fence := map[string]any{"name": "zone", "kind": "watch_zone", "rules": []any{map[string]any{"rule": "stay_started"}},
		"geometry": map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{106.99, -6.71}, {107.01, -6.71}, {107.01, -6.69}, {106.99, -6.69}, {106.99, -6.71}}}}}
	if resp, b := ls.call(t, "POST", "/api/v1/geofences", admin, fence); resp.StatusCode != http.StatusCreated {
		t.Fatalf("fence: %d %s", resp.StatusCode, b)
	}
	ch, stop := openStream(t, ls.URL, officer, "")
	defer stop()
	insertStays(t, ls.DB, 1, 3, 107, -6.7)
	var ids []string
	for _, e := range nextEvents(t, ch, 3, "stream") {
		ids = append(ids, e.ID)
	}
	for i, id := range ids {
		if _, err := strconv.ParseInt(id, 10, 64); err == nil || len(id) != 22 {
			t.Errorf("event id %q is not opaque", id)
		}
		if i > 0 && id == ids[i-1] {
			t.Errorf("two events with id %q", id)
		}
	}
	// Resuming after the first event gets the other two.
	stop()
	ch2, stop2 := openStream(t, ls.URL, officer, ids[0])
	defer stop2()
	for i, e := range nextEvents(t, ch2, 2, "resumed stream") {
		if e.ID != ids[i+1] {
			t.Fatalf("resumed: %q, want %q", e.ID, ids[i+1])
		}
	}
	// A made-up or altered id is refused.
	altered := "A" + ids[0][1:]
	if ids[0][0] == 'A' {
		altered = "B" + ids[0][1:]
	}
	for _, bad := range []string{"5", altered, "-1"} {
		if resp, _ := ls.call(t, "GET", "/api/v1/alerts/stream?last_event_id="+bad, officer, nil); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("last_event_id=%s: %d", bad, resp.StatusCode)
		}
	}
}
