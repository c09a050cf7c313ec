package api_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"pantau/importer"
)

// TestImportDelimiterParam: the separator comes from the delimiter form
// field or query parameter; a wrong one is named in the 400.
func TestImportDelimiterParam(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.DB.Token(t, "admin", "")
	file := "\ufeffsource_id;name;kind;licensed;apoa_registered;capacity;owner_name;lat;lon\r\nA1;Villa Satu;villa;yes;no;8;Asep;-6,71;107,0\r\n"
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	if err := mw.WriteField("delimiter", "semicolon"); err != nil {
		t.Fatal(err)
	}
	fw, err := mw.CreateFormFile("file", "acc.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write([]byte(file)); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest("POST", ts.URL+"/api/v1/imports/accommodations", &form)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+admin)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res importer.Result
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || res.Inserted != 1 || res.File != "acc.csv" {
		t.Fatalf("form field: %d %+v", resp.StatusCode, res)
	}
	r := ts.do(t, "POST", "/api/v1/imports/accommodations?delimiter=tab", admin, strings.NewReader(file))
	if p := decodeProblem(t, r); r.StatusCode != 400 || !strings.Contains(p.Detail, "upload: line 1: the header lacks column(s)") ||
		!strings.Contains(p.Detail, "read with the tab as separator") {
		t.Fatalf("tab: %d %+v", r.StatusCode, p)
	}
	r = ts.do(t, "POST", "/api/v1/imports/accommodations?delimiter=pipe", admin, strings.NewReader(file))
	if p := decodeProblem(t, r); r.StatusCode != 400 || p.Field != "delimiter" {
		t.Fatalf("pipe: %d %+v", r.StatusCode, p)
	}
}
