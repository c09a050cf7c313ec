package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pantau/data"
	"pantau/data/dbtest"
	"pantau/geo"
)

// TestWebMapEndToEnd starts the real binary on loopback over one seeded
// database and drives the web map in Debian's Chromium with playwright-core:
// every web/e2e/*.e2e.mjs script is a subtest (web/e2e/lib.mjs is their
// shared harness), run one after the other against the same server, in
// name order. Screenshots go to web/screenshots/<script> for a person to
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
	for _, f := range []string{"web/node_modules/playwright-core/package.json", "api/web/app/manifest.json"} {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("%s missing: run make web first (make test does)", f)
		}
	}
	scripts, err := filepath.Glob("web/e2e/*.e2e.mjs")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no browser test scripts in web/e2e (%v)", err)
	}

	db := dbtest.New(t)
	approximate := ""
	if os.Getenv("PANTAU_E2E_DATA") == "cianjur" {
		// The real 360 desa and SQL-made synthetic stays around Cipanas.
		db.LoadCianjur(t)
		seedWebDemo(t, db)
	} else {
		// The demo: approximate boundaries of the demo gazetteer and
		// synthetic accommodations and stays, as `pantau demo` loads them.
		approximate = "1"
		cmd := pantauCmd(dbtest.TempHome(t), "demo", "--stays", "6000", "--seed", "7", "--database-url", db.AdminDSN)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pantau demo: %v\n%s", err, out)
		}
	}
	seedFence(t, db)
	admin := db.Token(t, "admin", "")
	if _, err := db.CreateUser(context.Background(), data.NewUser{Username: "e2e-admin", DisplayName: "Admin E2E",
		Password: "correct horse battery staple", Role: geo.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	viewer := db.Token(t, "viewer", "")
	officer := db.Token(t, "officer", "32.03.10")

	url := startServeArgs(t, dbtest.TempHome(t), "--database-url", db.AdminDSN)
	repo, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, script := range scripts {
		name := strings.TrimSuffix(filepath.Base(script), ".e2e.mjs")
		t.Run(name, func(t *testing.T) {
			shots := filepath.Join(repo, "web", "screenshots", name)
			ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, node, script)
			cmd.Env = append(os.Environ(),
				"PANTAU_URL="+url, "PANTAU_ADMIN_TOKEN="+admin,
				"PANTAU_ADMIN_USER=e2e-admin", "PANTAU_ADMIN_PASSWORD=correct horse battery staple",
				"PANTAU_VIEWER_TOKEN="+viewer, "PANTAU_OFFICER_TOKEN="+officer, "PANTAU_REPO="+repo,
				"PANTAU_SCREENSHOTS="+shots, "PANTAU_E2E_APPROXIMATE="+approximate, "CHROMIUM="+browser, "PANTAU_STAY_POINT=107.0520,-6.7330")
			out, err := cmd.CombinedOutput()
			t.Logf("browser run:\n%s", out)
			if err != nil {
				t.Fatalf("%s: %v", script, err)
			}
		})
	}
}

// seedWebDemo adds synthetic accommodations and stays around Cipanas and
// Pacet to the real boundaries. Only synthetic people.
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
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("seed: %v\n%s", err, q)
		}
	}
}

// seedFence adds a geofence with a stay_started rule around the point the
// browser test posts a stay at.
func seedFence(t *testing.T, db *dbtest.DB) {
	t.Helper()
	_, err := db.Admin(t).Exec(context.Background(), `INSERT INTO geofences (name, kind, geom, rules, created_by)
		 VALUES ('E2E Cipanas', 'watch_zone', ST_Multi(ST_Buffer(ST_SetSRID(ST_Point(107.0520, -6.7330), 4326)::geography, 800)::geometry),
		         '[{"rule":"stay_started"}]', 'e2e')`)
	if err != nil {
		t.Fatalf("seed fence: %v", err)
	}
}

// startServeArgs starts `pantau serve` on a free loopback port with extra
// arguments and returns its URL once /readyz answers.
func startServeArgs(t *testing.T, home string, args ...string) string {
	t.Helper()
	_, url := startServeWith(t, home, nil, args...)
	return url
}

// TestWebUnits runs the page's pure modules' unit tests (web/test, node --test).
func TestWebUnits(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed: apt-get install nodejs npm (make test installs it)")
	}
	out, err := exec.Command(node, "--test", "web/test").CombinedOutput()
	if err != nil {
		t.Fatalf("node --test web/test: %v\n%s", err, out)
	}
}
