package api

import (
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"pantau/api/httpx"
	"pantau/geo"
	"pantau/importer"
)

// importTimeout bounds one file import over HTTP.
const importTimeout = 30 * time.Minute

// mountImports: POST /api/v1/imports/{kind} (admin), kind boundaries,
// accommodations or stays. The file is the body (text/csv,
// application/geo+json or application/json) or the "file" part of a
// multipart/form-data upload; the body is capped by Config.MaxImportBytes.
// Query: format=csv|geojson, delimiter (CSV; also a form field before
// "file"), skip_invalid, source, accommodation_source; boundaries: level,
// code_prop, name_prop, repair. The answer is the import summary with the
// rejects; an all-or-nothing failure is a problem whose errors list the
// rejects. The body is read under upload.go's rules.
func (s *Server) mountImports(r chi.Router) {
	r.With(allow(adminOnly...), httpx.Timeout(importTimeout)).Post("/api/v1/imports/{kind}", httpx.Func(s.postImport))
}

// postImport reads the upload with a deadline per chunk and drains what
// is left of it before answering (upload.go).
func (s *Server) postImport(w http.ResponseWriter, r *http.Request) error {
	body := newStallReader(w, r.Body, s.cfg.UploadStallTimeout)
	r.Body = io.NopCloser(body)
	res, err := s.runImport(r)
	drainUpload(w, r, s.cfg.DrainBytes, s.cfg.UploadStallTimeout)
	if body.err != nil {
		err = body.err
	}
	if err != nil {
		if strings.Contains(err.Error(), "http: request body too large") {
			err = geo.RImportTooLarge.Errorf("The upload exceeds the import size limit (%d bytes).", s.cfg.MaxImportBytes)
		}
		return err
	}
	auditNote(r, "inserted", res.Inserted)
	auditNote(r, "updated", res.Updated)
	auditNote(r, "unchanged", res.Unchanged)
	auditNote(r, "rejected", res.Rejected)
	httpx.WriteJSON(w, http.StatusOK, res)
	return nil
}

// runImport imports the upload of r on the imports' own pool.
func (s *Server) runImport(r *http.Request) (importer.Result, error) {
	var res importer.Result
	q := httpx.NewQuery(r, "format", "delimiter", "skip_invalid", "source", "accommodation_source", "level", "code_prop", "name_prop", "repair")
	skip, repair := q.Bool("skip_invalid"), q.Bool("repair")
	if err := q.Err(); err != nil {
		return res, err
	}
	kind := chi.URLParam(r, "kind")
	if kind != "boundaries" && kind != "accommodations" && kind != "stays" {
		return res, geo.RImportUnknownKind.FieldErrorf("kind", "No importer for %q (want boundaries, accommodations or stays).", kind)
	}
	body, name, ctype, fields, err := uploadedFile(r)
	if err != nil {
		return res, err
	}
	auditResource(r, "import/"+kind)
	auditNote(r, "file", name)
	if kind == "boundaries" {
		opts := importer.BoundaryOptions{File: name, CodeProp: q.Get("code_prop"), NameProp: q.Get("name_prop"), Repair: repair, SkipInvalid: skip}
		if l := q.Get("level"); l != "" {
			switch geo.Level(l) {
			case geo.LevelDesa, geo.LevelKecamatan, geo.LevelKabupaten:
				opts.Level = geo.Level(l)
			default:
				return res, geo.RQueryInvalid.FieldErrorf("level", "level must be desa, kecamatan or kabupaten")
			}
		}
		res, err = importer.Boundaries(r.Context(), s.importDB, body, opts)
	} else {
		format := q.Get("format")
		if format == "" {
			format = "csv"
			if strings.Contains(ctype, "json") || strings.HasSuffix(strings.ToLower(name), ".geojson") || strings.HasSuffix(strings.ToLower(name), ".json") {
				format = "geojson"
			}
		}
		if format != "csv" && format != "geojson" {
			return res, geo.RFormatUnsupported.FieldErrorf("format", "format must be csv or geojson")
		}
		delimiter := q.Get("delimiter")
		if delimiter == "" {
			delimiter = fields["delimiter"]
		}
		delim, derr := importer.ParseDelimiter(delimiter)
		if derr != nil {
			return res, derr
		}
		res, err = importer.File(r.Context(), s.importDB, kind, format, body, importer.Options{File: name, Source: q.Get("source"),
			AccommodationSource: q.Get("accommodation_source"), Delimiter: delim, SkipInvalid: skip})
	}
	return res, err
}

// uploadedFile returns the upload: the "file" part of a multipart form, or
// the body itself, and the form's small fields before the file (such as
// "delimiter"; at most 256 bytes each).
func uploadedFile(r *http.Request) (io.Reader, string, string, map[string]string, error) {
	ct := r.Header.Get("Content-Type")
	mt, params, _ := mime.ParseMediaType(ct)
	if mt != "multipart/form-data" {
		return r.Body, "upload", mt, nil, nil
	}
	mr, err := multipartReader(r, params)
	if err != nil {
		return nil, "", "", nil, err
	}
	fields := map[string]string{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, "", "", nil, geo.FieldErrorf(geo.EINVALID, "file", "the form has no \"file\" part")
		}
		if err != nil {
			return nil, "", "", nil, geo.Errorf(geo.EINVALID, "Malformed multipart body: %v", err)
		}
		if part.FormName() == "file" {
			name := part.FileName()
			if name == "" {
				name = "upload"
			}
			return part, name, part.Header.Get("Content-Type"), fields, nil
		}
		v, err := io.ReadAll(io.LimitReader(part, 257))
		if err != nil {
			return nil, "", "", nil, geo.Errorf(geo.EINVALID, "Malformed multipart body: %v", err)
		}
		if len(v) > 256 {
			return nil, "", "", nil, geo.FieldErrorf(geo.EINVALID, part.FormName(), "the form field %q is longer than 256 bytes", part.FormName())
		}
		fields[part.FormName()] = string(v)
	}
}
