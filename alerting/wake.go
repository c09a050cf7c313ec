package alerting

import (
	"context"
	"sync"
	"time"

	"pantau/data"
)

// wake wakes the SSE streams and the webhook deliverer when the
// database NOTIFYs data.OutboxChannel (on commit of a transaction that wrote
// outbox rows). Waiters take the current channel before they read the
// outbox, so a notification between their read and their wait is not lost;
// they also poll, so a lost LISTEN connection only delays them.
type wake struct {
	mu sync.Mutex
	ch chan struct{}
}

func newWake() *wake { return &wake{ch: make(chan struct{})} }

// wait returns a channel closed at the next notification.
func (o *wake) wait() <-chan struct{} {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.ch
}

func (o *wake) fire() {
	o.mu.Lock()
	close(o.ch)
	o.ch = make(chan struct{})
	o.mu.Unlock()
}

// listenOutbox is a worker: it holds one connection that LISTENs on the
// outbox channel (data.DB.Listen) and fires the wake-up on every
// notification and on every (re)connect, since anything committed while
// nothing listened was not announced.
func (s *Service) listenOutbox(ctx context.Context) {
	fire := func(context.Context) { s.wake.fire() }
	s.db.Listen(ctx, data.OutboxChannel, data.Listener{
		Connected: fire,
		Notify:    func(ctx context.Context, _ string) { fire(ctx) },
		Lost: func(err error, retry time.Duration) {
			s.log.Warn("outbox listener lost its connection; retrying", "err", err, "retry_in", retry)
		},
	})
}
