package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"pantau/data"
	"pantau/data/dbtest"
	"pantau/geo"
)

// TestWebMapEndToEnd starts the real binary on loopback over a seeded
// database and drives the web map in Debian's Chromium with playwright-core
// (web/e2e/map.e2e.mjs): the page loads without console errors, the desa
// choropleth renders, a drawn polygon shows the API's totals, a new stay
// reaches the alerts panel within 2 seconds, and a phone-sized screen works.
// Screenshots go to web/screenshots (printed at the end) for a person to
// look at.
func TestWebMapEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed: apt-get install nodejs npm (make test installs it)")
	}
	browser := os.Getenv("CHROMIUM")
	if browser == "" {
		browser = "/usr/bin/chromium"
	}
	if _, err := os.Stat(browser); err != nil {
		t.Skipf("no Chromium at %s: apt-get install chromium (make test installs it)", browser)
	}
	for _, f := range []string{"web/node_modules/playwright-core/package.json", "api/web/app/app.js"} {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("%s missing: run make web first (make test does)", f)
		}
	}

	db := dbtest.New(t)
	db.LoadCianjur(t)
	seedWebDemo(t, db)
	admin := db.Token(t, "admin", "")
	if _, err := db.CreateUser(context.Background(), data.NewUser{Username: "e2e-admin", DisplayName: "Admin E2E",
		Password: "correct horse battery staple", Role: geo.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	viewer := db.Token(t, "viewer", "")

	url := startServeArgs(t, dbtest.TempHome(t), "--database-url", db.AdminDSN)

	shots, _ := filepath.Abs(filepath.Join("web", "screenshots"))
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "web/e2e/map.e2e.mjs")
	cmd.Env = append(os.Environ(),
		"PANTAU_URL="+url, "PANTAU_ADMIN_TOKEN="+admin,
		"PANTAU_ADMIN_USER=e2e-admin", "PANTAU_ADMIN_PASSWORD=correct horse battery staple", "PANTAU_VIEWER_TOKEN="+viewer,
		"PANTAU_SCREENSHOTS="+shots, "CHROMIUM="+browser, "PANTAU_STAY_POINT=107.0520,-6.7330")
	out, err := cmd.CombinedOutput()
	t.Logf("browser run:\n%s", out)
	if err != nil {
		t.Fatalf("web map end-to-end: %v", err)
	}
	t.Logf("screenshots: %s", shots)
}

// seedWebDemo adds synthetic accommodations and stays around Cipanas and
// Pacet, and a geofence with a stay_started rule around the point the
// browser test posts a stay at. Only synthetic people.
func seedWebDemo(t *testing.T, db *dbtest.DB) {
	t.Helper()
	conn := db.Admin(t)
	ctx := context.Background()
	for _, q := range []string{
		`SELECT setseed(0.42)`,
		`INSERT INTO accommodations (source_id, name, kind, licensed, apoa_registered, capacity, geom, desa_code)
		 SELECT 'e2e-acc-' || i, 'Villa E2E ' || i, (ARRAY['villa','hotel','guesthouse','kos','house'])[1 + i % 5],
		        i % 3 <> 0, i % 4 <> 0, 2 + i % 20, p, pantau_desa_for(p)
		 FROM generate_series(1, 120) i,
		      -- 0 * i correlates the subquery, so each row draws its own point
		      LATERAL (SELECT ST_SetSRID(ST_Point(107.00 + random() * 0.12 + 0 * i, -6.80 + random() * 0.10), 4326) AS p) g`,
		`INSERT INTO stays (source_id, full_name, passport_no, nationality, sex, birth_date, permit_type, permit_expiry,
		                    arrival_date, departure_date, accommodation_id, geom, desa_code)
		 SELECT 'e2e-stay-' || i, 'Synthetic Person ' || i, 'E2E' || lpad(i::text, 6, '0'),
		        (ARRAY['SAU','ARE','KWT','CHN','NLD','AUS','MYS','YEM'])[1 + i % 8], (ARRAY['M','F'])[1 + i % 2],
		        DATE '1970-01-01' + (i * 37) % 15000, (ARRAY['voa','visit_visa','itas','visa_free'])[1 + i % 4],
		        current_date + (i % 40) - 10, current_date - (i % 30), NULL, a.id, a.geom, a.desa_code
		 FROM generate_series(1, 900) i JOIN accommodations a ON a.source_id = 'e2e-acc-' || (1 + (i * 7) % 120)`,
		`INSERT INTO geofences (name, kind, geom, rules, created_by)
		 VALUES ('E2E Cipanas', 'watch_zone', ST_Multi(ST_Buffer(ST_SetSRID(ST_Point(107.0520, -6.7330), 4326)::geography, 800)::geometry),
		         '[{"rule":"stay_started"}]', 'e2e')`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("seed: %v\n%s", err, q)
		}
	}
}

// startServeArgs starts `pantau serve` on a free loopback port with extra
// arguments and returns its URL once /readyz answers.
func startServeArgs(t *testing.T, home string, args ...string) string {
	t.Helper()
	cmd := pantauCmd(home, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := servingRe.FindStringSubmatch(sc.Text()); m != nil {
				urlc <- m[1]
			}
		}
	}()
	select {
	case url := <-urlc:
		waitReady(t, url)
		return url
	case <-time.After(2 * time.Minute):
		t.Fatal("pantau serve did not start")
	}
	return ""
}
