package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"pantau/data"
	"pantau/data/dbtest"
)

// TestOwnAuditRowSuppressesGenericOne: a change whose handler records its
// own audit row gets exactly one row; one that does not gets the generic row.
func TestOwnAuditRowSuppressesGenericOne(t *testing.T) {
	db := dbtest.New(t)
	s := New(Config{DB: db.DB})
	tok := db.Token(t, "admin", "")
	own := s.authenticate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.db.Audit(r.Context(), data.AuditEntry{Actor: "x", Action: "thing.create", Outcome: "ok"})
		w.WriteHeader(201)
	}))
	plain := s.authenticate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(201) }))
	for _, h := range []http.Handler{own, plain} {
		req := httptest.NewRequest("POST", "/api/v1/things", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	var own1, generic int
	if err := db.Pool.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE action = 'thing.create'),
		count(*) FILTER (WHERE action LIKE 'POST %') FROM audit_log`).Scan(&own1, &generic); err != nil {
		t.Fatal(err)
	}
	if own1 != 1 || generic != 1 {
		t.Fatalf("own rows %d, generic rows %d; want 1 and 1", own1, generic)
	}
}
