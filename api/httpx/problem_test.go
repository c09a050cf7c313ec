package httpx

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"pantau/geo"
)

// Every reason's code has a status, and a problem carries the reason as
// its code; errors that are not domain errors say nothing of themselves.
func TestProblemCode(t *testing.T) {
	for _, r := range geo.Reasons() {
		if _, ok := status[r.Code]; !ok {
			t.Errorf("reason %s: code %s has no HTTP status", r.Name, r.Code)
		}
	}
	cases := []struct {
		err                  error
		status               int
		code, typ, detail, f string
	}{
		{geo.RPolygonTooManyVertices.FieldErrorf("coordinates", "at most 3"), 413, "polygon.too_many_vertices", "/problems/too_large", "at most 3", "coordinates"},
		{geo.Errorf(geo.ECONFLICT, "taken"), 409, "resource.conflict", "/problems/conflict", "taken", ""},
		{errors.New("password=secret"), 500, "server.internal", "/problems/internal", "Internal error.", ""},
		{&geo.Error{Code: "unheard_of", Reason: "x.y", Message: "m"}, 500, "server.internal", "/problems/internal", "m", ""},
	}
	for _, c := range cases {
		w := httptest.NewRecorder()
		WriteProblem(w, httptest.NewRequest("GET", "/p", nil), c.err)
		var p Problem
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
			t.Fatalf("%v: %v", c.err, err)
		}
		if w.Code != c.status || p.Status != c.status || p.Code != c.code || p.Type != c.typ || p.Detail != c.detail || p.Field != c.f {
			t.Errorf("%v: %d %+v, want %d %s %s %q %q", c.err, w.Code, p, c.status, c.code, c.typ, c.detail, c.f)
		}
		if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("Content-Type %q", ct)
		}
	}
}

// A handler's returned error becomes its problem; one that returns nil
// keeps its own answer.
func TestHandler(t *testing.T) {
	h := Handler(func(w http.ResponseWriter, r *http.Request) error {
		if r.URL.Query().Has("fail") {
			return geo.RAuthBadCredentials.Errorf("no")
		}
		WriteJSON(w, http.StatusOK, map[string]int{"n": 1})
		return nil
	})
	for _, c := range []struct {
		url    string
		status int
		body   string
	}{{"/x", 200, `{"n":1}` + "\n"}, {"/x?fail", 401, ""}} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", c.url, nil))
		if w.Code != c.status || c.body != "" && w.Body.String() != c.body {
			t.Errorf("%s: %d %s", c.url, w.Code, w.Body)
		}
	}
}
