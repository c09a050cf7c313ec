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
// outbox channel and fires the wake-up on every notification, reconnecting
// after errors.
func (s *Service) listenOutbox(ctx context.Context) {
	for ctx.Err() == nil {
		err := func() error {
			c, err := s.db.Pool.Acquire(ctx)
			if err != nil {
				return err
			}
			conn := c.Hijack() // a LISTENing connection never goes back to the pool
			defer conn.Close(context.WithoutCancel(ctx))
			if _, err := conn.Exec(ctx, "LISTEN "+data.OutboxChannel); err != nil {
				return err
			}
			s.wake.fire() // anything committed while we were not listening
			for {
				if _, err := conn.WaitForNotification(ctx); err != nil {
					return err
				}
				s.wake.fire()
			}
		}()
		if ctx.Err() != nil {
			return
		}
		s.log.Warn("outbox listener lost its connection; retrying", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}
