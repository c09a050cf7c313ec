package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"

	"pantau/api"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c common
	fs := newFlagSet("serve", stderr)
	c.register(fs)
	addr := fs.String("addr", env("PANTAU_ADDR", "127.0.0.1:8080"), "listen address (PANTAU_ADDR)")
	k := fs.Int("k", envInt("PANTAU_K", 5), "small-count threshold: viewers never see counts 1..k-1 (PANTAU_K)")
	basemap := fs.String("basemap-url", env("PANTAU_BASEMAP_URL", ""), "web map: XYZ raster tile URL template with {z}/{x}/{y} drawn under the layers; empty = neutral background (PANTAU_BASEMAP_URL)")
	demoIfEmpty := fs.Bool("demo-if-empty", false, "load the demo data when the database holds no areas")
	if err := parse(fs, args); err != nil {
		return err
	}
	log := c.logger(stderr)
	slog.SetDefault(log)
	db, err := c.open(ctx, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if *demoIfEmpty {
		if err := loadDemoIfEmpty(ctx, db, stdout, log); err != nil {
			return err
		}
	}
	srv := api.New(api.Config{DB: db, Logger: log, K: *k, BasemapURL: *basemap})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	log.Info("listening", "addr", ln.Addr().String())
	fmt.Fprintf(stdout, "Pantau is serving at http://%s/\n", ln.Addr())
	return srv.Serve(ctx, ln)
}
