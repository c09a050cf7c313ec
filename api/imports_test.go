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
	resp, res := postImportForm(t, ts, admin, "accommodations", "acc.csv", file, "delimiter", "semicolon")
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

// postImportForm uploads content as the "file" part (named name) of a form
// to /api/v1/imports/{kind}, with the given field/value pairs before it.
func postImportForm(t *testing.T, ts *testServer, token, kind, name, content string, fields ...string) (*http.Response, importer.Result) {
	t.Helper()
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	for i := 0; i+1 < len(fields); i += 2 {
		must(t, mw.WriteField(fields[i], fields[i+1]))
	}
	fw, err := mw.CreateFormFile("file", name)
	must(t, err)
	_, err = fw.Write([]byte(content))
	must(t, err)
	must(t, mw.Close())
	req, err := http.NewRequest("POST", ts.URL+"/api/v1/imports/"+kind, &form)
	must(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := ts.Client().Do(req)
	must(t, err)
	defer resp.Body.Close()
	var res importer.Result
	must(t, json.NewDecoder(resp.Body).Decode(&res))
	return resp, res
}
