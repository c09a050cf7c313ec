package main

import (
	"flag"
	"slices"
	"testing"
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
