package alerting

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"

	"pantau/data"
)

// Webhook delivery: every outbox event is owed to every active webhook (the
// fan-out happens in the writing transaction, see 0400_alerts.sql). The
// deliverer claims due deliveries with a lease, POSTs them and records each
// attempt; failures retry with exponential backoff until delivered or until
// the delivery's expiry (the webhook's expiry_days after the event). A crash
// mid-POST leaves the lease to run out and the delivery is retried, so a
// receiver may see an event more than once: it de-duplicates by
// X-Pantau-Event-Id (or the idempotency key in the body).

// SignatureHeader carries "t=<unix seconds>,v1=<hex HMAC-SHA256>" over
// "<t>.<body>" keyed with the webhook's secret.
const SignatureHeader = "X-Pantau-Signature"

// Sign returns the SignatureHeader value for body at t.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte("."))
	m.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(m.Sum(nil))
}

// backoff is the delay before attempt n+1 after n failed attempts:
// base·2^(n−1), capped at max, plus up to 10 % jitter.
func backoff(n int, base, max time.Duration) time.Duration {
	d := base
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	d = min(d, max)
	return d + time.Duration(rand.Int64N(int64(d)/10+1))
}

// webhookBody is what a webhook receives.
type webhookBody struct {
	EventID int64           `json:"event_id"`
	Topic   string          `json:"topic"`
	Alert   json.RawMessage `json:"alert"`
}

const deliverBatch = 32

// deliverWebhooks is the delivery worker.
func (s *Service) deliverWebhooks(ctx context.Context) {
	cfg := s.cfg
	client := &http.Client{
		Transport:     &http.Transport{DialContext: webhookDialer(cfg.AllowPrivateWebhooks).DialContext, Proxy: nil, ForceAttemptHTTP2: true, MaxIdleConns: 16, IdleConnTimeout: 90 * time.Second},
		Timeout:       cfg.WebhookTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	// A crashed worker's claims come due again after the lease.
	lease := cfg.WebhookTimeout + 5*time.Second
	for ctx.Err() == nil {
		wake := s.wake.wait()
		ds, err := s.db.ClaimDeliveries(ctx, deliverBatch, lease)
		if err != nil && ctx.Err() == nil {
			s.log.Warn("claim webhook deliveries", "err", err)
		}
		var wg sync.WaitGroup
		for _, d := range ds {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.deliver(ctx, client, d)
			}()
		}
		wg.Wait()
		if len(ds) == deliverBatch {
			continue
		}
		select {
		case <-ctx.Done():
		case <-wake:
		case <-time.After(cfg.Poll):
		}
	}
}

func (s *Service) deliver(ctx context.Context, client *http.Client, d data.Delivery) {
	cfg := s.cfg
	body, _ := json.Marshal(webhookBody{EventID: d.OutboxID, Topic: d.Topic, Alert: d.Payload})
	start := time.Now()
	status, err := post(ctx, client, d, body)
	took := time.Since(start)
	ok := err == nil && status >= 200 && status < 300
	errText := ""
	if err != nil {
		errText = err.Error()
	} else if !ok {
		errText = fmt.Sprintf("HTTP %d", status)
	}
	if ctx.Err() != nil {
		return // shutting down: the lease runs out and the delivery is retried
	}
	if err := s.db.RecordAttempt(context.WithoutCancel(ctx), d.ID, ok, status, errText, took,
		backoff(d.AttemptCount+1, cfg.BackoffBase, cfg.BackoffMax)); err != nil {
		s.log.Warn("record webhook attempt", "delivery", d.ID, "err", err)
	}
}

func post(ctx context.Context, client *http.Client, d data.Delivery, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "pantau-webhook/1")
	req.Header.Set(SignatureHeader, Sign(d.Secret, time.Now(), body))
	req.Header.Set("X-Pantau-Event-Id", strconv.FormatInt(d.OutboxID, 10))
	req.Header.Set("X-Pantau-Topic", d.Topic)
	req.Header.Set("X-Pantau-Idempotency-Key", d.Key)
	req.Header.Set("X-Pantau-Delivery-Attempt", strconv.Itoa(d.AttemptCount+1))
	resp, err := client.Do(req)
	if err != nil {
		var ue interface{ Timeout() bool }
		if errors.As(err, &ue) && ue.Timeout() {
			return 0, fmt.Errorf("timed out after %s", client.Timeout)
		}
		return 0, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp.StatusCode, nil
}
