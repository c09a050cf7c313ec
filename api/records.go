package api

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/go-chi/chi/v5"

	"pantau/api/httpx"
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
	for _, k := range []recordKind{stayRecords, accommodationRecords} {
		r.With(allow(writers...)).Post("/"+k.plural, httpx.Func(s.postRecords(k)))
		r.With(allow(individualsOK...)).Get("/"+k.plural, httpx.Func(s.listRecords(k)))
		r.With(allow(individualsOK...)).Get("/"+k.plural+"/{id}", httpx.Func(s.listRecords(k)))
	}
}

// recordKind is what differs between the record routes of stays and of
// accommodations.
type recordKind struct {
	plural, singular string
	// auditKey names the read ids in the audit row.
	auditKey string
	// filtered: the list takes the stay filter (geo.FilterParams).
	filtered   bool
	importJSON func(ctx context.Context, db *data.DB, items []map[string]any, opts importer.Options) (importer.Result, error)
	list       func(db *data.DB, ctx context.Context, q data.RecordQuery) (ids []int64, items any, first any, err error)
}

var (
	stayRecords = recordKind{plural: "stays", singular: "stay", auditKey: "stay_ids", filtered: true,
		importJSON: func(ctx context.Context, db *data.DB, items []map[string]any, opts importer.Options) (importer.Result, error) {
			return importer.Stays(ctx, db, importer.StaysJSON(items), opts)
		},
		list: func(db *data.DB, ctx context.Context, q data.RecordQuery) ([]int64, any, any, error) {
			v, err := db.ListStays(ctx, q)
			return listed(v, err, func(x data.StayRecord) int64 { return x.ID })
		}}
	accommodationRecords = recordKind{plural: "accommodations", singular: "accommodation", auditKey: "accommodation_ids",
		importJSON: func(ctx context.Context, db *data.DB, items []map[string]any, opts importer.Options) (importer.Result, error) {
			return importer.Accommodations(ctx, db, importer.AccommodationsJSON(items), opts)
		},
		list: func(db *data.DB, ctx context.Context, q data.RecordQuery) ([]int64, any, any, error) {
			v, err := db.ListAccommodations(ctx, q)
			return listed(v, err, func(x data.AccommodationRecord) int64 { return x.ID })
		}}
)

// listed returns the ids, the list and its first item of a record list.
func listed[T any](v []T, err error, id func(T) int64) ([]int64, any, any, error) {
	if err != nil || len(v) == 0 {
		return nil, v, nil, err
	}
	ids := make([]int64, len(v))
	for i, x := range v {
		ids[i] = id(x)
	}
	return ids, v, v[0], nil
}

// maxRecordBody caps a JSON batch.
const maxRecordBody = 32 << 20

func (s *Server) postRecords(k recordKind) httpx.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		q := httpx.NewQuery(r, "skip_invalid", "source")
		skip := q.Bool("skip_invalid")
		if err := q.Err(); err != nil {
			return err
		}
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRecordBody))
		if err != nil {
			return geo.RBodyTooLarge.Errorf("The request body exceeds %d bytes.", maxRecordBody)
		}
		items, err := importer.DecodeBatch(raw)
		if err != nil {
			return err
		}
		opts := importer.Options{File: "request", Source: q.Get("source"), SkipInvalid: skip,
			Scope: PrincipalFrom(r.Context()).View().Scope}
		res, err := k.importJSON(r.Context(), s.db, items, opts)
		auditResource(r, k.plural)
		auditNote(r, "records", len(items))
		if err != nil {
			return scopeForbidden(err)
		}
		auditNote(r, "inserted", res.Inserted)
		auditNote(r, "updated", res.Updated)
		auditNote(r, "rejected", res.Rejected)
		res.File = ""
		status := http.StatusOK
		if res.Inserted > 0 {
			status = http.StatusCreated
		}
		httpx.WriteJSON(w, status, res)
		return nil
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

func (s *Server) listRecords(k recordKind) httpx.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		allowed := []string{"area", "after", "limit"}
		if k.filtered {
			allowed = append(allowed, geo.FilterParams...)
		}
		q := httpx.NewQuery(r, allowed...)
		v := PrincipalFrom(r.Context()).View()
		rq := data.RecordQuery{Area: q.Get("area"), Personal: v.Personal, Scope: v.Scope,
			Limit: q.Int("limit", 100, 1, 1000), AfterID: q.Int64("after", 0, 0, 1<<62)}
		if err := q.Err(); err != nil {
			return err
		}
		if rq.Area != "" {
			if _, err := geo.LevelOf(rq.Area); err != nil {
				return geo.RQueryInvalid.FieldErrorf("area", "area: %s", geo.ErrorMessage(err))
			}
		}
		one := chi.URLParam(r, "id") != ""
		if one {
			id, err := httpx.PathID(r, "id")
			if err != nil {
				return err
			}
			rq.ID = id
		}
		if k.filtered && slices.ContainsFunc(geo.FilterParams, q.Values.Has) {
			f, err := geo.ParseFilter(q.Values, s.now)
			if err != nil {
				return err
			}
			rq.Filter = &f
		}
		if rq.Personal {
			auditAs(r, k.plural+".read")
		}
		ids, body, first, err := k.list(s.db, r.Context(), rq)
		if err != nil {
			return err
		}
		if one && len(ids) == 0 {
			return geo.RNotFound.Errorf("No such %s.", k.singular)
		}
		if rq.Personal {
			auditNote(r, k.auditKey, ids)
			auditNote(r, "count", len(ids))
			if one {
				auditResource(r, k.singular+"/"+strconv.FormatInt(rq.ID, 10))
			}
		}
		w.Header().Set("Cache-Control", "no-store")
		if one {
			httpx.WriteJSON(w, http.StatusOK, first)
			return nil
		}
		next := ""
		if len(ids) == rq.Limit {
			next = strconv.FormatInt(ids[len(ids)-1], 10)
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": body, "count": len(ids), "next_after": next})
		return nil
	}
}
