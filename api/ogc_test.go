package api_test

import (
	"context"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

type ogcItemsResp struct {
	Type           string `json:"type"`
	NumberMatched  int    `json:"numberMatched"`
	NumberReturned int    `json:"numberReturned"`
	Features       []struct {
		ID         any            `json:"id"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
	Links []struct {
		Href, Rel, Type string
	} `json:"links"`
}

// TestOGCFeatures walks the API as a client would: landing page, conformance,
// collections per role, items with bbox, paging by next links, datetime,
// and the single-feature route.
func TestOGCFeatures(t *testing.T) {
	fx := newDensityFixture(t)
	if _, err := fx.DB.Admin(t).Exec(context.Background(), `INSERT INTO geofences (name, kind, geom)
		SELECT 'Cipanas watch', 'watch_zone', ST_Multi(ST_Buffer(label_point::geography, 1000)::geometry) FROM areas WHERE code = '32.03.28'`); err != nil {
		t.Fatal(err)
	}
	var landing struct{ Links []struct{ Href, Rel string } }
	resp := getJSON(t, fx.testServer, "/ogc", fx.viewer, &landing)
	if resp.Header.Get("Content-Type") != "application/json" || len(landing.Links) < 3 {
		t.Fatalf("landing: %s %+v", resp.Header.Get("Content-Type"), landing)
	}
	var conf struct{ ConformsTo []string }
	getJSON(t, fx.testServer, "/ogc/conformance", fx.viewer, &conf)
	if !strings.Contains(strings.Join(conf.ConformsTo, " "), "ogcapi-features-1/1.0/conf/core") {
		t.Errorf("conformance %v", conf.ConformsTo)
	}
	ids := func(token string) string {
		var cols struct{ Collections []struct{ ID string } }
		getJSON(t, fx.testServer, "/ogc/collections", token, &cols)
		var out []string
		for _, c := range cols.Collections {
			out = append(out, c.ID)
		}
		return strings.Join(out, ",")
	}
	if got := ids(fx.viewer); got != "desa,kecamatan,desa_density" {
		t.Errorf("viewer collections %s", got)
	}
	if got := ids(fx.analyst); got != "desa,kecamatan,desa_density,accommodations,geofences" {
		t.Errorf("analyst collections %s", got)
	}
	if resp := fx.do(t, "GET", "/ogc/collections/accommodations/items", fx.viewer, nil); resp.StatusCode != 403 {
		t.Errorf("viewer accommodations: %d", resp.StatusCode)
	}
	if resp := fx.do(t, "GET", "/ogc/collections/desa/items", "", nil); resp.StatusCode != 401 {
		t.Errorf("anonymous items: %d", resp.StatusCode)
	}

	// Paging through every desa by next links.
	next := "/ogc/collections/desa/items?limit=50"
	seen := map[string]bool{}
	for pages := 0; next != ""; pages++ {
		var page ogcItemsResp
		resp := getJSON(t, fx.testServer, next, fx.viewer, &page)
		if resp.Header.Get("Content-Type") != "application/geo+json" || page.NumberMatched != 360 || page.NumberReturned != len(page.Features) {
			t.Fatalf("page %d: %s matched %d returned %d/%d", pages, resp.Header.Get("Content-Type"), page.NumberMatched, page.NumberReturned, len(page.Features))
		}
		for _, f := range page.Features {
			seen[f.ID.(string)] = true
		}
		next = ""
		for _, l := range page.Links {
			if l.Rel == "next" {
				next = strings.TrimPrefix(l.Href, fx.URL)
			}
		}
		if pages > 10 {
			t.Fatal("too many pages")
		}
	}
	if len(seen) != 360 {
		t.Errorf("paged through %d desa", len(seen))
	}

	// bbox narrows; accommodations carry no name or owner.
	var acc ogcItemsResp
	getJSON(t, fx.testServer, "/ogc/collections/accommodations/items?limit=1000&bbox=106.9,-6.9,107.2,-6.6", fx.analyst, &acc)
	if acc.NumberMatched != 300 || len(acc.Features) != 300 {
		t.Errorf("accommodations in bbox: %d/%d", acc.NumberMatched, len(acc.Features))
	}
	for _, f := range acc.Features {
		if _, ok := f.Properties["name"]; ok || f.Properties["owner_name"] != nil {
			t.Fatalf("accommodation feature carries identifying fields: %v", f.Properties)
		}
	}
	var none ogcItemsResp
	getJSON(t, fx.testServer, "/ogc/collections/accommodations/items?bbox=106.0,-6.2,106.1,-6.1", fx.analyst, &none)
	if none.NumberMatched != 0 || len(none.Features) != 0 {
		t.Errorf("accommodations in an empty bbox: %d", none.NumberMatched)
	}

	// desa_density for a date equals the density endpoint.
	var dens ogcItemsResp
	getJSON(t, fx.testServer, "/ogc/collections/desa_density/items?limit=400&datetime=2026-06-20", fx.analyst, &dens)
	var areas areaResp
	getJSON(t, fx.testServer, "/api/v1/density/areas?level=desa&at=2026-06-20", fx.analyst, &areas)
	for i, f := range dens.Features {
		if int64(f.Properties["present"].(float64)) != *areas.Areas[i].Present {
			t.Errorf("desa_density %v: %v, density endpoint %d", f.ID, f.Properties["present"], *areas.Areas[i].Present)
		}
	}
	var one map[string]any
	getJSON(t, fx.testServer, "/ogc/collections/desa_density/items/"+areas.Areas[0].Code+"?datetime=2026-06-20", fx.analyst, &one)
	if one["type"] != "Feature" || one["id"] != areas.Areas[0].Code {
		t.Errorf("single feature %v", one["id"])
	}
	for _, bad := range []string{"?limit=0", "?bbox=1,2,3", "?datetime=yesterday", "?datetime=../2026-06-01", "?color=red", "?f=xml"} {
		if resp := fx.do(t, "GET", "/ogc/collections/desa_density/items"+bad, fx.analyst, nil); resp.StatusCode != 400 {
			t.Errorf("%s: %d", bad, resp.StatusCode)
		}
	}
	if resp := fx.do(t, "GET", "/ogc/collections/desa/items/99.99", fx.analyst, nil); resp.StatusCode != 404 {
		t.Errorf("missing feature: %d", resp.StatusCode)
	}
}

// TestOGCWithGDAL: GDAL's OAPIF driver (the one QGIS uses) lists and reads
// every collection, authenticating with GDAL_HTTP_HEADERS.
func TestOGCWithGDAL(t *testing.T) {
	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo not installed (Debian: apt-get install gdal-bin; make test installs it)")
	}
	fx := newDensityFixture(t)
	if _, err := fx.DB.Admin(t).Exec(context.Background(), `INSERT INTO geofences (name, kind, geom)
		SELECT 'Cipanas watch', 'watch_zone', ST_Multi(ST_Buffer(label_point::geography, 1000)::geometry) FROM areas WHERE code = '32.03.28'`); err != nil {
		t.Fatal(err)
	}
	run := func(token string, args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		all := []string{"--config", "GDAL_HTTP_HEADERS", "Authorization: Bearer " + token, "--config", "CPL_DEBUG", "OFF"}
		cmd := exec.CommandContext(ctx, ogrinfo, append(all, args...)...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	url := "OAPIF:" + fx.URL + "/ogc"
	out, err := run(fx.analyst, "-ro", "-al", "-so", url)
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	want := map[string]int{"desa": 360, "kecamatan": 32, "desa_density": 360, "accommodations": 300, "geofences": 1}
	counts := map[string]int{}
	for _, block := range strings.Split(out, "Layer name: ")[1:] {
		name := strings.TrimSpace(strings.SplitN(block, "\n", 2)[0])
		if m := regexp.MustCompile(`Feature Count: (\d+)`).FindStringSubmatch(block); m != nil {
			n, err := strconv.Atoi(m[1])
			must(t, err)
			counts[name] = n
		}
	}
	for name, n := range want {
		if counts[name] != n {
			t.Errorf("ogrinfo layer %s: %d features, want %d\n%s", name, counts[name], n, out)
		}
	}
	// Read every feature of every collection (not just the summary).
	out, err = run(fx.analyst, "-ro", "-al", "-q", "-fid", "1", url)
	if err != nil {
		t.Fatalf("ogrinfo read: %v\n%s", err, out)
	}
	out, err = run(fx.analyst, "-ro", "-q", url, "desa_density", "-where", "present > 0")
	if err != nil || !strings.Contains(out, "present (Integer") && !strings.Contains(out, "present (Integer64") && !strings.Contains(out, "OGRFeature(desa_density)") {
		t.Errorf("ogrinfo desa_density: %v\n%.2000s", err, out)
	}
	// A viewer lists three collections; no token is refused.
	out, err = run(fx.viewer, "-ro", "-so", url)
	if err != nil || strings.Contains(out, "accommodations") || !strings.Contains(out, "desa_density") {
		t.Errorf("viewer ogrinfo: %v\n%s", err, out)
	}
	if out, err := run("not-a-token", "-ro", "-so", url); err == nil {
		t.Errorf("ogrinfo with a bad token succeeded:\n%s", out)
	}
}
