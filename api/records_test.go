package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"pantau/data"
	"pantau/demo"
	"pantau/geo"
	"pantau/importer"
)

func TestStaysAPI(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, ts.DB.DB, demo.Options{Seed: 5, Stays: 400}); err != nil {
		t.Fatal(err)
	}
	admin := ts.DB.Token(t, "admin", "")
	analyst := ts.DB.Token(t, "analyst", "")
	officer := ts.DB.Token(t, "officer", "32.03.28") // Cipanas
	viewer := ts.DB.Token(t, "viewer", "")

	stay := `{"source_id":"api-1","full_name":"Test Person","passport_no":"AB1234567","nationality":"SAU","permit_type":"voa",
		"arrival_date":"2026-11-01","lat":-6.7128,"lon":107.005}` // Ciloto, in Cipanas
	resp := ts.do(t, "POST", "/api/v1/stays", officer, strings.NewReader(stay))
	var res importer.Result
	must(t, json.NewDecoder(resp.Body).Decode(&res))
	if resp.StatusCode != http.StatusCreated || res.Inserted != 1 {
		t.Fatalf("officer POST in scope: %d %+v", resp.StatusCode, res)
	}
	// Outside the officer's area: 403 naming the record.
	outside := strings.Replace(strings.Replace(stay, "api-1", "api-2", 1), "107.005", "107.264", 1)
	outside = strings.Replace(outside, "-6.7128", "-6.8545", 1) // Bojongpicung
	resp = ts.do(t, "POST", "/api/v1/stays", officer, strings.NewReader(outside))
	if p := decodeProblem(t, resp); resp.StatusCode != http.StatusForbidden || !strings.Contains(p.Detail, "record 1 (source_id api-2): location") {
		t.Fatalf("officer POST out of scope: %d %+v", resp.StatusCode, p)
	}
	// A stored record outside the area under the same identity: refused
	// without saying where it lies (issue 14 finding 9).
	var foreign, foreignDesa string
	if err := ts.DB.Pool.QueryRow(ctx, `SELECT source_id, desa_code FROM stays WHERE source = 'demo' AND desa_code NOT LIKE '32.03.28.%' LIMIT 1`).Scan(&foreign, &foreignDesa); err != nil {
		t.Fatal(err)
	}
	resp = ts.do(t, "POST", "/api/v1/stays?source=demo", officer, strings.NewReader(strings.Replace(stay, "api-1", foreign, 1)))
	if p := decodeProblem(t, resp); resp.StatusCode != http.StatusForbidden || strings.Contains(fmt.Sprint(p), foreignDesa) ||
		strings.Contains(fmt.Sprint(p), "stored") {
		t.Fatalf("officer POST over a stored record outside its area: %d %+v", resp.StatusCode, p)
	}
	// A batch with one bad record: nothing written, the record named.
	batch := "[" + strings.Replace(stay, "api-1", "api-3", 1) + "," + strings.Replace(stay, `"voa"`, `"tourist"`, 1) + "]"
	resp = ts.do(t, "POST", "/api/v1/stays", admin, strings.NewReader(batch))
	if p := decodeProblem(t, resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(p.Detail, "record 2 (source_id api-1): permit_type: unknown permit type") {
		t.Fatalf("bad batch: %d %+v", resp.StatusCode, p)
	}
	resp = ts.do(t, "POST", "/api/v1/stays", viewer, strings.NewReader(stay))
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("viewer POST: %d", resp.StatusCode)
	}

	// Reads: the officer sees Cipanas only, with personal fields (geo.View),
	// and the read is audited with the ids it returned.
	var page struct {
		Items []data.StayRecord `json:"items"`
		Count int               `json:"count"`
	}
	resp = ts.do(t, "GET", "/api/v1/stays?limit=1000", officer, nil)
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil || resp.StatusCode != 200 || page.Count == 0 {
		t.Fatalf("officer GET: %d %d %v", resp.StatusCode, page.Count, err)
	}
	var seen []int64
	for _, s := range page.Items {
		if s.DesaCode == nil || !strings.HasPrefix(*s.DesaCode, "32.03.28.") || s.FullName == nil || s.PassportNo == nil {
			t.Fatalf("officer sees %+v", s)
		}
		seen = append(seen, s.ID)
	}
	var logged []int64
	if err := ts.DB.Pool.QueryRow(ctx, `SELECT array(SELECT jsonb_array_elements_text(params->'stay_ids')::bigint)
		FROM audit_log WHERE action = 'stays.read' AND role = 'officer'`).Scan(&logged); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(logged, seen) {
		t.Fatalf("the officer's read is audited with stays %v, it returned %v", logged, seen)
	}
	var other int64
	if err := ts.DB.Pool.QueryRow(ctx, `SELECT id FROM stays WHERE desa_code LIKE '32.03.06.%' LIMIT 1`).Scan(&other); err != nil {
		t.Fatal(err)
	}
	if resp = ts.do(t, "GET", "/api/v1/stays/"+itoa64(other), officer, nil); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("officer GET out of scope: %d", resp.StatusCode)
	}
	// The analyst sees personal fields, and the read is audited.
	resp = ts.do(t, "GET", "/api/v1/stays/"+itoa64(other), analyst, nil)
	var one data.StayRecord
	must(t, json.NewDecoder(resp.Body).Decode(&one))
	if resp.StatusCode != 200 || one.FullName == nil || one.PassportNo == nil {
		t.Fatalf("analyst GET: %d %+v", resp.StatusCode, one)
	}
	var audited int
	if err := ts.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'stays.read' AND resource = $1`, "stay/"+itoa64(other)).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	if audited != 1 {
		t.Fatalf("%d audit rows for the analyst's read", audited)
	}
	// Accommodations: owner names only for analysts and admins.
	resp = ts.do(t, "GET", "/api/v1/accommodations?area=32.03.10", officer, nil)
	var accs struct {
		Items []data.AccommodationRecord `json:"items"`
	}
	must(t, json.NewDecoder(resp.Body).Decode(&accs))
	if resp.StatusCode != 200 || len(accs.Items) != 0 {
		t.Fatalf("officer sees Pacet accommodations: %d %d", resp.StatusCode, len(accs.Items))
	}
	resp = ts.do(t, "GET", "/api/v1/accommodations?area=32.03.10", admin, nil)
	must(t, json.NewDecoder(resp.Body).Decode(&accs))
	if len(accs.Items) == 0 || accs.Items[0].OwnerName == nil {
		t.Fatalf("admin accommodations: %+v", accs.Items)
	}
	if resp = ts.do(t, "GET", "/api/v1/stays?nationalty=SAU", admin, nil); resp.StatusCode != 400 {
		t.Fatalf("unknown parameter: %d", resp.StatusCode)
	}
}

func TestImportsAPI(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.DB.Token(t, "admin", "")
	fc := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kode":"32.03.28.2003","desa":"Ciloto"},
		"geometry":{"type":"Polygon","coordinates":[[[107.0,-6.72],[107.01,-6.72],[107.01,-6.71],[107.0,-6.71],[107.0,-6.72]]]}}]}`
	resp := ts.do(t, "POST", "/api/v1/imports/boundaries", admin, strings.NewReader(fc))
	var res importer.Result
	must(t, json.NewDecoder(resp.Body).Decode(&res))
	if resp.StatusCode != 200 || res.Inserted != 1 {
		t.Fatalf("boundaries: %d %+v", resp.StatusCode, res)
	}
	csv := strings.Join(geo.AccommodationColumns, ",") + "\nA1,Villa Satu,villa,true,false,8,Asep,-6.715,107.005\nA2,Villa Dua,castle,true,false,8,Asep,-6.715,107.005\n"
	resp = ts.do(t, "POST", "/api/v1/imports/accommodations?skip_invalid=true", admin, strings.NewReader(csv))
	res = importer.Result{}
	must(t, json.NewDecoder(resp.Body).Decode(&res))
	if resp.StatusCode != 200 || res.Inserted != 1 || res.Rejected != 1 || res.Rejects[0].N != 3 || res.Rejects[0].Field != "kind" {
		t.Fatalf("accommodations: %d %+v", resp.StatusCode, res)
	}
	resp = ts.do(t, "POST", "/api/v1/imports/accommodations", admin, strings.NewReader(csv))
	if p := decodeProblem(t, resp); resp.StatusCode != 400 || !strings.Contains(p.Detail, "line 3 (source_id A2): kind: unknown kind \"castle\"") {
		t.Fatalf("all-or-nothing: %d %+v", resp.StatusCode, p)
	}
}

// TestImportsAPIMultipart: the file as the "file" part of a form upload.
func TestImportsAPIMultipart(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.DB.Token(t, "admin", "")
	resp, res := postImportForm(t, ts, admin, "accommodations", "register.csv",
		strings.Join(geo.AccommodationColumns, ",")+"\nA1,Villa Satu,villa,true,false,8,Asep,-6.715,107.005\n")
	if resp.StatusCode != 200 || res.Inserted != 1 || res.File != "register.csv" || res.Outside != 1 {
		t.Fatalf("multipart: %d %+v", resp.StatusCode, res)
	}
	var audited int
	if err := ts.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE resource = 'import/accommodations' AND outcome = 'ok'`).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	if audited != 1 {
		t.Fatalf("%d audit rows for the import", audited)
	}
}

func itoa64(v int64) string { b, _ := json.Marshal(v); return string(b) }
