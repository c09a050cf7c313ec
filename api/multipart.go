package api

import (
	"mime/multipart"
	"net/http"

	"pantau/geo"
)

func multipartReader(r *http.Request, params map[string]string) (*multipart.Reader, error) {
	b := params["boundary"]
	if b == "" {
		return nil, geo.Errorf(geo.EINVALID, "multipart/form-data without a boundary")
	}
	return multipart.NewReader(r.Body, b), nil
}
