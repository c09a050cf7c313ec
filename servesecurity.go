package main

import (
	"flag"
	"time"

	"pantau/api"
)

// security holds serve's security and retention flags (see
// docs/security.md).
type security struct {
	retentionDays  int
	trustProxy     bool
	rateLimit      float64
	rateBurst      int
	maxBody        int64
	maxImport      int64
	requestTimeout time.Duration
}

func securityFlags(fs *flag.FlagSet) *security {
	s := &security{}
	fs.IntVar(&s.retentionDays, "retention-days", envInt("PANTAU_RETENTION_DAYS", 730),
		"the daily purge deletes stays that departed more than this many days ago; 0 or negative: never (PANTAU_RETENTION_DAYS)")
	fs.BoolVar(&s.trustProxy, "trust-proxy", env("PANTAU_TRUST_PROXY", "") == "true",
		"believe X-Forwarded-Proto/-For from a reverse proxy (PANTAU_TRUST_PROXY=true)")
	fs.Float64Var(&s.rateLimit, "rate-limit", float64(envInt("PANTAU_RATE_LIMIT", 50)),
		"sustained requests per second per user, token or anonymous address; 0: off (PANTAU_RATE_LIMIT)")
	fs.IntVar(&s.rateBurst, "rate-burst", envInt("PANTAU_RATE_BURST", 300), "rate limit bucket size (PANTAU_RATE_BURST)")
	fs.Int64Var(&s.maxBody, "max-body", int64(envInt("PANTAU_MAX_BODY", 16<<20)), "largest request body in bytes (PANTAU_MAX_BODY)")
	fs.Int64Var(&s.maxImport, "max-import", int64(envInt("PANTAU_MAX_IMPORT", 1<<30)), "largest import upload in bytes (PANTAU_MAX_IMPORT)")
	fs.DurationVar(&s.requestTimeout, "request-timeout", envDuration("PANTAU_REQUEST_TIMEOUT", 30*time.Second),
		"bound on ordinary requests (PANTAU_REQUEST_TIMEOUT)")
	return s
}

func (s *security) apply(c *api.Config) {
	c.Alerts.RetentionDays = s.retentionDays
	c.TrustProxy = s.trustProxy
	c.RateLimit, c.RateBurst = s.rateLimit, s.rateBurst
	c.MaxBodyBytes, c.MaxImportBytes = s.maxBody, s.maxImport
	c.RequestTimeout = s.requestTimeout
}
