package alerting

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"syscall"
	"time"

	"pantau/geo"
)

// Webhook targets. Pantau posts alerts (desa, nationality, times) to the
// URLs an admin registers; a URL that reaches this machine, the private
// network or a cloud metadata service (169.254.169.254) would turn
// delivery into a way to probe or call inside the network. Such targets
// are refused when the webhook is stored AND again on every connection —
// checked on the address actually dialled, so a name that resolves to a
// public address at creation and a private one later (DNS rebinding) is
// still refused. Config.AllowPrivateWebhooks (serve
// --allow-private-webhooks) lifts the rule for receivers inside the
// operator's own network.

// privateAddr reports whether a is not a public unicast address: loopback,
// private (RFC 1918, fc00::/7), link-local (metadata services), shared
// (100.64/10), unspecified, multicast or broadcast, also in IPv4-mapped
// form.
func privateAddr(a netip.Addr) bool {
	a = a.Unmap()
	return !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() ||
		netip.MustParsePrefix("100.64.0.0/10").Contains(a) || netip.MustParsePrefix("0.0.0.0/8").Contains(a) ||
		a == netip.MustParseAddr("255.255.255.255")
}

// CheckWebhookTarget refuses a URL whose host is, or resolves to, a
// non-public address, unless allowed.
func CheckWebhookTarget(ctx context.Context, raw string, allow bool) error {
	if allow {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return nil // ValidateWebhook names the malformed URL
	}
	host := u.Hostname()
	addrs := []netip.Addr{}
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = append(addrs, a)
	} else {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		if err != nil {
			return geo.RWebhookInvalid.FieldErrorf("url", "url: the host %s cannot be resolved: %v", host, err)
		}
		addrs = ips
	}
	for _, a := range addrs {
		if privateAddr(a) {
			return geo.RWebhookInvalid.FieldErrorf("url",
				"url: %s is a loopback, private or link-local address (%s); webhooks go to public receivers unless the server runs with --allow-private-webhooks", host, a)
		}
	}
	return nil
}

// webhookDialer dials only public addresses unless allowed (see above).
func webhookDialer(allow bool) *net.Dialer {
	d := &net.Dialer{Timeout: 10 * time.Second}
	if !allow {
		d.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("webhook target %s: %w", address, err)
			}
			if privateAddr(ap.Addr()) {
				return fmt.Errorf("webhook target %s is not a public address (serve --allow-private-webhooks allows it)", ap.Addr())
			}
			return nil
		}
	}
	return d
}
