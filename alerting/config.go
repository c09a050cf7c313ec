package alerting

import "time"

// Config tunes the alert machinery and the retention purge. Zero durations
// take the defaults; a zero RetentionDays purges nothing.
type Config struct {
	Heartbeat      time.Duration // SSE comment line interval; default 15s
	Poll           time.Duration // outbox re-read when no NOTIFY arrives; default 2s
	WebhookTimeout time.Duration // per POST; default 10s
	BackoffBase    time.Duration // first retry delay; doubles per attempt; default 5s
	BackoffMax     time.Duration // retry delay cap; default 1h
	SweepEvery     time.Duration // overstay/count sweep interval (also at start-up); default 1h
	// AllowPrivateWebhooks lets webhooks post to loopback, private and
	// link-local addresses (webhooktarget.go); off by default.
	AllowPrivateWebhooks bool
	// RetentionDays: the daily purge deletes stays that departed more than
	// this many days ago; 0 or negative: no purge (the purge worker does
	// not run). The same meaning as --retention-days, whose default (730)
	// is the service's.
	RetentionDays int
	// PurgeEvery is the purge worker's period (default 24h).
	PurgeEvery time.Duration
}

func (c Config) withDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.Heartbeat, 15*time.Second)
	def(&c.Poll, 2*time.Second)
	def(&c.WebhookTimeout, 10*time.Second)
	def(&c.BackoffBase, 5*time.Second)
	def(&c.BackoffMax, time.Hour)
	def(&c.SweepEvery, time.Hour)
	def(&c.PurgeEvery, 24*time.Hour)
	return c
}
