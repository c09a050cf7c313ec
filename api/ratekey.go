package api

import (
	"fmt"
	"net/http"

	"pantau/api/httpx"
	"pantau/geo"
)

// rateKey names the bucket of a request's caller.
func rateKey(r *http.Request, p *geo.Principal, trustProxy bool) string {
	switch {
	case p == nil:
		return "addr:" + httpx.ClientAddr(r, trustProxy)
	case p.UserID != 0:
		return fmt.Sprintf("user:%d", p.UserID)
	default:
		return fmt.Sprintf("token:%d", p.TokenID)
	}
}
