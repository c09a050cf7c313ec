package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"pantau/alerting"
	"pantau/api"
	"pantau/data"
	"pantau/data/pgcluster"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := commandFlags("serve", stderr)
	addr := fs.String("addr", env("PANTAU_ADDR", "127.0.0.1:8080"), "listen address (PANTAU_ADDR)")
	k := fs.Int("k", envInt("PANTAU_K", 5), "small-count threshold: viewers never see counts 1..k-1 (PANTAU_K)")
	publicURL := fs.String("public-url", env("PANTAU_PUBLIC_URL", ""), "scheme://host[:port] clients reach Pantau at, for absolute links in OGC and TileJSON answers (PANTAU_PUBLIC_URL); default: http://<listen address>")
	basemap := fs.String("basemap-url", env("PANTAU_BASEMAP_URL", ""), "web map: XYZ raster tile URL template with {z}/{x}/{y} drawn under the layers; empty = neutral background (PANTAU_BASEMAP_URL)")
	var alerts alerting.Config
	fs.DurationVar(&alerts.WebhookTimeout, "webhook-timeout", envDuration("PANTAU_WEBHOOK_TIMEOUT", 10*time.Second), "timeout of one webhook POST (PANTAU_WEBHOOK_TIMEOUT)")
	fs.DurationVar(&alerts.BackoffBase, "webhook-backoff", envDuration("PANTAU_WEBHOOK_BACKOFF", 5*time.Second), "first webhook retry delay, doubling per attempt (PANTAU_WEBHOOK_BACKOFF)")
	fs.DurationVar(&alerts.BackoffMax, "webhook-backoff-max", envDuration("PANTAU_WEBHOOK_BACKOFF_MAX", time.Hour), "longest webhook retry delay (PANTAU_WEBHOOK_BACKOFF_MAX)")
	fs.DurationVar(&alerts.Heartbeat, "sse-heartbeat", envDuration("PANTAU_SSE_HEARTBEAT", 15*time.Second), "alert stream heartbeat interval (PANTAU_SSE_HEARTBEAT)")
	fs.DurationVar(&alerts.SweepEvery, "alert-sweep", envDuration("PANTAU_ALERT_SWEEP", time.Hour), "overstay/count sweep interval, also run at start-up (PANTAU_ALERT_SWEEP)")
	fs.BoolVar(&alerts.AllowPrivateWebhooks, "allow-private-webhooks", env("PANTAU_ALLOW_PRIVATE_WEBHOOKS", "") == "true", "let webhooks post to loopback, private and link-local addresses (PANTAU_ALLOW_PRIVATE_WEBHOOKS); off: such targets are refused")
	patrolStarts := fs.String("patrol-starts", env("PANTAU_PATROL_STARTS", ""), "JSON file of named patrol start points (PANTAU_PATROL_STARTS); default: built-in approximate offices")
	importConns := fs.Int("import-conns", envInt("PANTAU_IMPORT_CONNS", data.ImportConns), "database connections the imports may hold at once, a pool of their own (PANTAU_IMPORT_CONNS)")
	stall := fs.Duration("upload-stall-timeout", envDuration("PANTAU_UPLOAD_STALL_TIMEOUT", 10*time.Second), "an upload that sends nothing for this long fails with 408 and its import rolls back (PANTAU_UPLOAD_STALL_TIMEOUT)")
	replicaURLs := stringList{vals: strings.Fields(env("PANTAU_REPLICA_URLS", "")), fromEnv: true}
	fs.Var(&replicaURLs, "replica-url", "PostgreSQL URL of a streaming replica that serves tiles, density, OGC and patrol reads; repeatable (PANTAU_REPLICA_URLS, space-separated)")
	maxLag := fs.Duration("max-replica-lag", envDuration("PANTAU_MAX_REPLICA_LAG", data.DefaultMaxReplicaLag), "a replica further behind the primary than this serves no reads (PANTAU_MAX_REPLICA_LAG)")
	upkeep := fs.Duration("index-upkeep-every", envDuration("PANTAU_INDEX_UPKEEP_EVERY", api.DefaultIndexUpkeepEvery), "how often stays is vacuumed where index-only scans need it and its GiST indexes are rebuilt (REINDEX CONCURRENTLY) once grown to 1.5 times a fresh build; negative: never (PANTAU_INDEX_UPKEEP_EVERY)")
	demoIfEmpty := fs.Bool("demo-if-empty", false, "load the demo data when the database holds no areas")
	sec := securityFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	log := c.logger(stderr)
	slog.SetDefault(log)
	starts, err := loadPatrolStarts(*patrolStarts)
	if err != nil {
		return err
	}
	db, err := c.open(ctx, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if urls := replicaURLs.vals; len(urls) > 0 {
		opts := data.PoolOptions{SetRole: pgcluster.AppRole, StatementTimeout: c.stmtTimeout, MinConns: data.ServiceMinConns}
		if err := db.AddReplicas(ctx, urls, opts, *maxLag); err != nil {
			return err
		}
		log.Info("reads may go to replicas", "replicas", len(urls), "max_lag", maxLag.String())
	}
	if *demoIfEmpty {
		if err := loadDemoIfEmpty(ctx, db, stdout, log); err != nil {
			return err
		}
	}
	idb, err := db.ForImports(ctx, int32(*importConns))
	if err != nil {
		return err
	}
	defer idb.Close()
	if *publicURL != "" {
		if u, err := url.Parse(*publicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			return fmt.Errorf("--public-url %q: want scheme://host[:port], e.g. https://pantau.example.go.id", *publicURL)
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	if *publicURL == "" {
		*publicURL = "http://" + ln.Addr().String()
	}
	cfg := api.Config{DB: db, ImportDB: idb, IndexUpkeepEvery: *upkeep, UploadStallTimeout: *stall, Logger: log, K: *k, Alerts: alerts, PatrolStarts: starts,
		BasemapURL: *basemap, PublicURL: *publicURL}
	sec.apply(&cfg)
	srv := api.New(cfg)
	log.Info("listening", "addr", ln.Addr().String())
	fmt.Fprintf(stdout, "Pantau is serving at http://%s/\n", ln.Addr())
	return srv.Serve(ctx, ln)
}

// stringList is a repeatable string flag; the first flag replaces the
// values taken from the environment (flags win over the environment).
type stringList struct {
	vals    []string
	fromEnv bool
}

func (l *stringList) String() string { return strings.Join(l.vals, " ") }

func (l *stringList) Set(v string) error {
	if l.fromEnv {
		l.vals, l.fromEnv = nil, false
	}
	l.vals = append(l.vals, v)
	return nil
}
