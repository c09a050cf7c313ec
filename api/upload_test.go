package api_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"pantau/api"
	"pantau/api/httpx"
	"pantau/data/dbtest"
)

// serveReal serves cfg with Server.Serve (the production http.Server
// settings) on loopback and returns its address.
func serveReal(t *testing.T, cfg api.Config) string {
	t.Helper()
	ln := mustListen(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- api.New(cfg).Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return ln.Addr().String()
}

const stayHead = "source_id,full_name,passport_no,nationality,sex,birth_date,permit_type,permit_expiry,arrival_date,departure_date,accommodation_id,lat,lon\n"

func stayRow(i int) string {
	return fmt.Sprintf("s%d,Test Person,AB%07d,AUS,F,1990-01-01,voa,2026-04-01,2026-03-01,,,-6.8,107.1\n", i, i)
}

// activeCopies counts this database's sessions running a COPY.
func activeCopies(t *testing.T, db *dbtest.DB) int {
	t.Helper()
	var n int
	if err := db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
		WHERE datname = current_database() AND state = 'active' AND query LIKE 'copy %'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStalledUploads opens eight uploads that stop sending mid-body. The
// imports hold at most their own pool's two connections, /readyz and the
// API keep answering meanwhile, and each stalled upload is answered 408
// and closed within the stall timeout, its transaction rolled back.
func TestStalledUploads(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	idb, err := db.ForImports(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(idb.Close)
	addr := serveReal(t, api.Config{DB: db.DB, ImportDB: idb, UploadStallTimeout: 3 * time.Second})
	admin, viewer := db.Token(t, "admin", ""), db.Token(t, "viewer", "")
	var conns []net.Conn
	for i := range 8 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		part := stayHead
		for j := range 30 {
			part += stayRow(100*i + j)
		}
		if _, err := fmt.Fprintf(c, "POST /api/v1/imports/stays HTTP/1.1\r\nHost: pantau\r\nAuthorization: Bearer %s\r\n"+
			"Content-Type: text/csv\r\nContent-Length: 10000000\r\n\r\n%s", admin, part); err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	// Wait until the imports are in their COPY, then ask the service.
	for wait := 0; activeCopies(t, db) < 2; wait++ {
		if wait == 1500 {
			t.Fatal("the uploads never reached their COPY")
		}
		time.Sleep(20 * time.Millisecond)
	}
	client := &http.Client{Timeout: 20 * time.Second}
	for range 10 {
		for _, c := range []struct{ path, token string }{{"/readyz", ""}, {"/api/v1/areas?level=kecamatan", viewer}} {
			req, err := http.NewRequest("GET", "http://"+addr+c.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.token != "" {
				req.Header.Set("Authorization", "Bearer "+c.token)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("%s while uploads stall: %v", c.path, err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("%s while uploads stall: %d", c.path, resp.StatusCode)
			}
		}
		if n := activeCopies(t, db); n > 2 {
			t.Fatalf("%d imports copying at once; the import pool has 2 connections", n)
		}
	}
	for i, c := range conns {
		if err := c.SetReadDeadline(time.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		br := bufio.NewReader(c)
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("upload %d: %v", i, err)
		}
		var p httpx.Problem
		if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 408 || p.Type != httpx.ProblemTypeBase+"upload_stalled" || !strings.Contains(p.Detail, "no data arrived for 3s") {
			t.Fatalf("upload %d: %d %+v", i, resp.StatusCode, p)
		}
		if rest, err := io.ReadAll(br); err != nil || len(rest) != 0 {
			t.Fatalf("upload %d: the connection stays open (%q, %v)", i, rest, err)
		}
	}
	var open, stays int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
		AND (state LIKE 'idle in transaction%' OR query LIKE 'copy %' AND state = 'active')`).Scan(&open); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM stays`).Scan(&stays); err != nil {
		t.Fatal(err)
	}
	if open != 0 || stays != 0 {
		t.Fatalf("after the stalls: %d transactions open, %d stays written", open, stays)
	}
}

// TestRefusedUploadDelivered sends 32 MB bodies that are refused early —
// a header read with the wrong separator, a body over the import cap
// declared or found while reading, no credentials — from a client that writes the whole
// body before it reads, and checks it gets the problem every time, not a
// reset connection.
func TestRefusedUploadDelivered(t *testing.T) {
	db := dbtest.New(t)
	admin := db.Token(t, "admin", "")
	var b bytes.Buffer
	b.WriteString(strings.ReplaceAll(stayHead, ",", ";"))
	for i := 0; b.Len() < 32<<20; i++ {
		b.WriteString(strings.ReplaceAll(stayRow(i), ",", ";"))
	}
	body := b.Bytes()
	cases := []struct {
		name    string
		query   string
		chunked bool
		anon    bool
		cap     int64
		status  int
		detail  string
	}{
		{"wrong separator", "?delimiter=comma", false, false, 0, 400, "read with the comma ',' as separator"},
		{"declared too large", "", false, false, 8 << 20, 413, "exceeds 8388608 bytes"},
		{"found too large", "", true, false, 8 << 20, 413, "exceeds the import size limit (8388608 bytes)"},
		{"no token", "", false, true, 0, 401, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			addr := serveReal(t, api.Config{DB: db.DB, MaxImportBytes: c.cap})
			for try := range 6 {
				var r io.Reader = bytes.NewReader(body)
				if c.chunked {
					r = struct{ io.Reader }{r} // no length: sent chunked
				}
				req, err := http.NewRequest("POST", "http://"+addr+"/api/v1/imports/stays"+c.query, r)
				if err != nil {
					t.Fatal(err)
				}
				if !c.anon {
					req.Header.Set("Authorization", "Bearer "+admin)
				}
				req.Header.Set("Content-Type", "text/csv")
				// A sequential client: the whole body first, then the answer.
				conn, err := net.Dial("tcp", addr)
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
				if err := req.Write(conn); err != nil {
					t.Fatalf("try %d: sending: %v", try, err)
				}
				resp, err := http.ReadResponse(bufio.NewReader(conn), req)
				if err != nil {
					t.Fatalf("try %d: %v", try, err)
				}
				var p httpx.Problem
				err = json.NewDecoder(resp.Body).Decode(&p)
				resp.Body.Close()
				if err != nil {
					t.Fatalf("try %d: %v", try, err)
				}
				if resp.StatusCode != c.status || !strings.Contains(p.Detail, c.detail) {
					t.Fatalf("try %d: %d %+v", try, resp.StatusCode, p)
				}
			}
		})
	}
}
