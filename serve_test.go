package main

import (
	"flag"
	"slices"
	"testing"

	"pantau/api"
)

// TestReplicaURLFlagsWinOverEnv: --replica-url flags replace the
// PANTAU_REPLICA_URLS values; without flags the environment's stay.
func TestReplicaURLFlagsWinOverEnv(t *testing.T) {
	for _, c := range []struct {
		args, want []string
	}{
		{nil, []string{"env1", "env2"}},
		{[]string{"--replica-url", "f1", "--replica-url", "f2"}, []string{"f1", "f2"}},
	} {
		l := stringList{vals: []string{"env1", "env2"}, fromEnv: true}
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.Var(&l, "replica-url", "")
		if err := fs.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(l.vals, c.want) {
			t.Errorf("%v: got %v, want %v", c.args, l.vals, c.want)
		}
	}
}

// TestRetentionDaysFlag: --retention-days reaches the alerting config as
// given — 730 by default, 0 and negative (never purge) unchanged, as
// alerting.Config reads them.
func TestRetentionDaysFlag(t *testing.T) {
	t.Setenv("PANTAU_RETENTION_DAYS", "")
	for _, c := range []struct {
		args []string
		want int
	}{{nil, 730}, {[]string{"--retention-days", "0"}, 0}, {[]string{"--retention-days", "-1"}, -1}, {[]string{"--retention-days", "90"}, 90}} {
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		sec := securityFlags(fs)
		if err := fs.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		var cfg api.Config
		sec.apply(&cfg)
		if cfg.Alerts.RetentionDays != c.want {
			t.Errorf("%v: RetentionDays %d, want %d", c.args, cfg.Alerts.RetentionDays, c.want)
		}
	}
}
