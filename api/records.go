package api

import (
	"io"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"pantau/data"
	"pantau/geo"
	"pantau/importer"
)

// Stays and accommodations as records:
//   - POST /api/v1/stays, POST /api/v1/accommodations: one JSON object or an
//     array (≤ importer.MaxBatch) with the CSV's column names; admin, or an
//     officer inside their assigned area. All-or-nothing unless
//     ?skip_invalid=true; the answer counts inserted/updated/unchanged and
//     lists rejects.
//   - GET the same (and /{id}): as geo.View says — officers see records
//     inside their area only (others do not exist for them), analysts and
//     admins all; personal fields come with them, and every such read is
//     audited with the record ids.
func (s *Server) mountRecords(r chi.Router) {
	writers := []geo.Role{geo.RoleOfficer, geo.RoleAdmin}
	r.With(allow(writers...)).Post("/stays", s.postRecords("stays"))
	r.With(allow(writers...)).Post("/accommodations", s.postRecords("accommodations"))
	r.With(allow(individualsOK...)).Get("/stays", s.listRecords("stays"))
	r.With(allow(individualsOK...)).Get("/stays/{id}", s.listRecords("stays"))
	r.With(allow(individualsOK...)).Get("/accommodations", s.listRecords("accommodations"))
	r.With(allow(individualsOK...)).Get("/accommodations/{id}", s.listRecords("accommodations"))
}

// maxRecordBody caps a JSON batch.
const maxRecordBody = 32 << 20

func boolParam(r *http.Request, name string) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return false, nil
	}
	b, err := geo.ParseBool(v)
	if err != nil {
		return false, geo.FieldErrorf(geo.EINVALID, name, "%s: %v", name, err)
	}
	return b, nil
}

func (s *Server) postRecords(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := onlyParams(r, "skip_invalid", "source"); err != nil {
			writeError(w, r, s.log, err)
			return
		}
		skip, err := boolParam(r, "skip_invalid")
		if err != nil {
			writeError(w, r, s.log, err)
			return
		}
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRecordBody))
		if err != nil {
			writeError(w, r, s.log, geo.Errorf(geo.ETOOLARGE, "The request body exceeds %d bytes.", maxRecordBody))
			return
		}
		items, err := importer.DecodeBatch(raw)
		if err != nil {
			writeError(w, r, s.log, err)
			return
		}
		opts := importer.Options{File: "request", Source: r.URL.Query().Get("source"), SkipInvalid: skip,
			Scope: PrincipalFrom(r.Context()).View().Scope}
		var res importer.Result
		if kind == "stays" {
			res, err = importer.Stays(r.Context(), s.db, importer.StaysJSON(items), opts)
		} else {
			res, err = importer.Accommodations(r.Context(), s.db, importer.AccommodationsJSON(items), opts)
		}
		auditResource(r, kind)
		auditNote(r, "records", len(items))
		if err != nil {
			writeError(w, r, s.log, scopeForbidden(err))
			return
		}
		auditNote(r, "inserted", res.Inserted)
		auditNote(r, "updated", res.Updated)
		auditNote(r, "rejected", res.Rejected)
		res.File = ""
		status := http.StatusOK
		if res.Inserted > 0 {
			status = http.StatusCreated
		}
		writeJSON(w, status, res)
	}
}

// scopeForbidden turns an import error whose rejects all lie outside the
// caller's area into 403.
func scopeForbidden(err error) error {
	ge, ok := err.(*geo.Error)
	if !ok {
		return err
	}
	d, _ := ge.Details.(map[string]any)
	rejects, _ := d["rejects"].([]geo.Reject)
	if len(rejects) == 0 {
		return err
	}
	for _, r := range rejects {
		if r.Field != "location" {
			return err
		}
	}
	out := *ge
	out.Code = geo.EFORBIDDEN
	return &out
}

func (s *Server) listRecords(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		allowed := []string{"area", "after", "limit"}
		if kind == "stays" {
			allowed = append(allowed, geo.FilterParams...)
		}
		if err := onlyParams(r, allowed...); err != nil {
			writeError(w, r, s.log, err)
			return
		}
		q := r.URL.Query()
		v := PrincipalFrom(r.Context()).View()
		rq := data.RecordQuery{Area: q.Get("area"), Personal: v.Personal, Scope: v.Scope}
		if rq.Area != "" {
			if _, err := geo.LevelOf(rq.Area); err != nil {
				writeError(w, r, s.log, geo.FieldErrorf(geo.EINVALID, "area", "area: %s", geo.ErrorMessage(err)))
				return
			}
		}
		one := chi.URLParam(r, "id") != ""
		if one {
			id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
			if err != nil || id <= 0 {
				writeError(w, r, s.log, geo.FieldErrorf(geo.EINVALID, "id", "id must be a positive integer"))
				return
			}
			rq.ID = id
		}
		var err error
		if rq.Limit, err = intParam(q.Get("limit"), "limit", 100, 1, 1000); err != nil {
			writeError(w, r, s.log, err)
			return
		}
		after, err := intParam(q.Get("after"), "after", 0, 0, 1<<62)
		if err != nil {
			writeError(w, r, s.log, err)
			return
		}
		rq.AfterID = int64(after)
		if kind == "stays" {
			filtered := false
			for _, k := range geo.FilterParams {
				filtered = filtered || q.Has(k)
			}
			if filtered {
				f, err := geo.ParseFilter(q, s.now)
				if err != nil {
					writeError(w, r, s.log, err)
					return
				}
				rq.Filter = &f
			}
		}
		if rq.Personal {
			auditAs(r, kind+".read")
		}
		var ids []int64
		var body any
		if kind == "stays" {
			v, err := s.db.ListStays(r.Context(), rq)
			if err != nil {
				writeError(w, r, s.log, err)
				return
			}
			for _, x := range v {
				ids = append(ids, x.ID)
			}
			body = v
			if one && len(v) == 1 {
				body = v[0]
			}
		} else {
			v, err := s.db.ListAccommodations(r.Context(), rq)
			if err != nil {
				writeError(w, r, s.log, err)
				return
			}
			for _, x := range v {
				ids = append(ids, x.ID)
			}
			body = v
			if one && len(v) == 1 {
				body = v[0]
			}
		}
		if one && len(ids) == 0 {
			writeError(w, r, s.log, geo.Errorf(geo.ENOTFOUND, "No such %s.", kind[:len(kind)-1]))
			return
		}
		if rq.Personal {
			key := "stay_ids"
			if kind != "stays" {
				key = "accommodation_ids"
			}
			auditNote(r, key, ids)
			auditNote(r, "count", len(ids))
			if one {
				auditResource(r, kind[:len(kind)-1]+"/"+strconv.FormatInt(rq.ID, 10))
			}
		}
		w.Header().Set("Cache-Control", "no-store")
		if one {
			writeJSON(w, http.StatusOK, body)
			return
		}
		next := ""
		if len(ids) == rq.Limit {
			next = strconv.FormatInt(ids[len(ids)-1], 10)
		}
		writeJSON(w, http.StatusOK, map[string]any{"items": body, "count": len(ids), "next_after": next})
	}
}

func intParam(v, name string, def, lo, hi int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, geo.FieldErrorf(geo.EINVALID, name, "%s must be a whole number from %d to %d, not %q", name, lo, hi, v)
	}
	return n, nil
}
