package api_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"
)

const kabupatenOutline = "/api/v1/areas?level=kabupaten"

// TestCompressedAnswers: JSON answers go gzip-compressed to clients that
// accept it (the kabupaten outline by more than 2.5×), unchanged to others;
// tiles keep their own encoding and the alert stream is never compressed
// (each event must reach the client when it happens).
func TestCompressedAnswers(t *testing.T) {
	ctx := context.Background()
	ts := newTestServer(t)
	ts.DB.LoadCianjur(t)
	token := ts.DB.Token(t, "admin", "")
	get := func(ctx context.Context, path, accept string) (*http.Response, []byte) {
		req, err := http.NewRequestWithContext(ctx, "GET", ts.URL+path, nil)
		must(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		resp, err := http.DefaultTransport.RoundTrip(req) // no transparent gunzip
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.Header.Get("Content-Type") == "text/event-stream" {
			return resp, nil
		}
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, b
	}
	plainResp, plain := get(ctx, kabupatenOutline, "identity")
	zResp, z := get(ctx, kabupatenOutline, "gzip, deflate, br")
	if plainResp.StatusCode != 200 || zResp.StatusCode != 200 {
		t.Fatalf("areas: %d, %d", plainResp.StatusCode, zResp.StatusCode)
	}
	if plainResp.Header.Get("Content-Encoding") != "" || zResp.Header.Get("Content-Encoding") != "gzip" || zResp.Header.Get("Vary") == "" {
		t.Fatalf("headers: plain %v, gzip %v", plainResp.Header, zResp.Header)
	}
	zr, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		t.Fatal(err)
	}
	unpacked, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(unpacked, plain) || !json.Valid(unpacked) {
		t.Fatalf("gzip answer unpacks to %d bytes, the plain one has %d", len(unpacked), len(plain))
	}
	t.Logf("kabupaten outline: %d bytes plain, %d gzip", len(plain), len(z))
	if len(z)*5 > len(plain)*2 {
		t.Errorf("kabupaten outline: gzip %d bytes is more than %d/2.5", len(z), len(plain))
	}

	// A problem answer is JSON too.
	if r, b := get(ctx, "/api/v1/areas/99.99", "gzip"); r.StatusCode != 404 || r.Header.Get("Content-Encoding") != "gzip" || len(b) == 0 {
		t.Errorf("problem: %d %v", r.StatusCode, r.Header)
	}
	// Tiles arrive in their own gzip, not compressed twice.
	if r, b := get(ctx, "/tiles/desa/12/3265/2125.mvt", "gzip"); r.StatusCode == 200 {
		if zr, err := gzip.NewReader(bytes.NewReader(b)); err != nil {
			t.Errorf("tile: %v", err)
		} else if _, err := io.ReadAll(zr); err != nil {
			t.Errorf("tile gzip: %v", err)
		}
	}
	// The stream stays plain.
	sctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if r, _ := get(sctx, "/api/v1/alerts/stream", "gzip"); r.StatusCode != 200 || r.Header.Get("Content-Encoding") != "" {
		t.Errorf("alert stream: %d %v", r.StatusCode, r.Header)
	}
}

// TestBoundariesRevalidate: the boundaries answer with an ETag made from
// their content; a client that holds them (If-None-Match, also the weak tag
// of the gzip answer) gets 304 and no body.
func TestBoundariesRevalidate(t *testing.T) {
	ts := newTestServer(t)
	ts.DB.LoadCianjur(t)
	token := ts.DB.Token(t, "viewer", "")
	get := func(accept, inm string) (*http.Response, int) {
		resp := rawGet(t, ts.URL+kabupatenOutline, token, accept, inm)
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, len(b)
	}
	for _, accept := range []string{"identity", "gzip"} {
		first, n := get(accept, "")
		etag := first.Header.Get("ETag")
		if first.StatusCode != 200 || etag == "" || n < 1000 || first.Header.Get("Cache-Control") != "private, no-cache" {
			t.Fatalf("%s: %d, ETag %q, %d bytes, %v", accept, first.StatusCode, etag, n, first.Header)
		}
		if again, n := get(accept, etag); again.StatusCode != http.StatusNotModified || n != 0 {
			t.Errorf("%s with If-None-Match %s: %d, %d bytes", accept, etag, again.StatusCode, n)
		}
		if other, _ := get(accept, `"stale"`); other.StatusCode != 200 {
			t.Errorf("%s with a stale tag: %d", accept, other.StatusCode)
		}
	}
	// A missing area is an error, never a 304.
	req, _ := http.NewRequest("GET", ts.URL+"/api/v1/areas/99.99", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("If-None-Match", "*")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("missing area with If-None-Match *: %d", resp.StatusCode)
	}
}

// rawGet sends a GET with this Accept-Encoding (and If-None-Match, a bearer
// token, when given), without the client's transparent gunzip; the body
// is closed when the test ends.
func rawGet(t *testing.T, url, token, accept, inm string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Accept-Encoding", accept)
	if inm != "" {
		req.Header.Set("If-None-Match", inm)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}
