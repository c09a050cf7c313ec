package alerting

import (
	"context"
	"net"
	"strings"
	"testing"
)

// TestWebhookDialerChecksTheDialledAddress: the check runs on the address
// a connection is actually made to, so a name that resolves to a private
// address only after the webhook was stored (DNS rebinding) is refused
// too. "localhost" stands for such a name here.
func TestWebhookDialerChecksTheDialledAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ctx := context.Background()
	if c, err := webhookDialer(false).DialContext(ctx, "tcp", "localhost:"+port); err == nil || !strings.Contains(err.Error(), "not a public address") {
		if c != nil {
			c.Close()
		}
		t.Fatalf("dial localhost without the flag: %v", err)
	}
	c, err := webhookDialer(true).DialContext(ctx, "tcp", "localhost:"+port)
	if err != nil {
		t.Fatalf("dial localhost with the flag: %v", err)
	}
	c.Close()
}
