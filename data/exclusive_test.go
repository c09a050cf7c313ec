package data_test

import (
	"context"
	"errors"
	"testing"

	"pantau/data"
	"pantau/data/dbtest"
)

// TestExclusiveRunsOneAtATime: while one holder runs a job, another
// (a second instance's pool) skips it; afterwards it runs, and fn's error
// comes back.
func TestExclusiveRunsOneAtATime(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	other, err := data.Connect(ctx, db.AppDSN, data.PoolOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var innerRan bool
	ran, err := db.Exclusive(ctx, "sweep", func(ctx context.Context) error {
		r, err := other.Exclusive(ctx, "sweep", func(context.Context) error { innerRan = true; return nil })
		if err != nil || r {
			t.Errorf("second holder ran=%v err=%v while the first runs", r, err)
		}
		// Another job is not blocked.
		r, err = other.Exclusive(ctx, "purge", func(context.Context) error { return nil })
		if err != nil || !r {
			t.Errorf("other job ran=%v err=%v", r, err)
		}
		return nil
	})
	if err != nil || !ran || innerRan {
		t.Fatalf("first holder ran=%v err=%v; inner ran %v", ran, err, innerRan)
	}
	boom := errors.New("boom")
	ran, err = other.Exclusive(ctx, "sweep", func(context.Context) error { return boom })
	if !ran || !errors.Is(err, boom) {
		t.Fatalf("after release: ran=%v err=%v", ran, err)
	}
	ran, err = db.Exclusive(ctx, "sweep", func(context.Context) error { return nil })
	if !ran || err != nil {
		t.Fatalf("lock not released after an error: ran=%v err=%v", ran, err)
	}
}
