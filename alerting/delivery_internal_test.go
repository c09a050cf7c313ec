package alerting

import (
	"testing"
	"time"
)

func TestBackoffDoublesToTheCap(t *testing.T) {
	base, max := time.Second, 10*time.Second
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 5: 10 * time.Second, 40: 10 * time.Second} {
		got := backoff(n, base, max)
		if got < want || got > want+want/10 {
			t.Errorf("attempt %d: %s, want %s + up to 10%%", n, got, want)
		}
	}
}

func TestSignIsHMACOverTimestampAndBody(t *testing.T) {
	at := time.Unix(1700000000, 0)
	got := Sign("secret-secret-secret", at, []byte(`{"a":1}`))
	// echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret-secret-secret
	const want = "t=1700000000,v1="
	if len(got) != len(want)+64 || got[:len(want)] != want || Sign("other-secret-secret", at, []byte(`{"a":1}`)) == got {
		t.Fatalf("signature %q", got)
	}
}
