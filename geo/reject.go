package geo

import (
	"fmt"
	"strings"
)

// Reject is one input record an import refused, with where and why.
// Unit is "line" (CSV, 1-based, the header is line 1), "feature" (GeoJSON,
// 1-based position in the FeatureCollection) or "record" (JSON batch,
// 1-based).
type Reject struct {
	File     string `json:"file,omitempty"`
	Unit     string `json:"unit"`
	N        int    `json:"n"`
	SourceID string `json:"source_id,omitempty"`
	Field    string `json:"field,omitempty"`
	Reason   string `json:"reason"`
}

// String renders the reject as "file: line 41: arrival_date: reason".
func (r Reject) String() string {
	var b strings.Builder
	if r.File != "" {
		b.WriteString(r.File)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "%s %d", r.Unit, r.N)
	if r.SourceID != "" {
		fmt.Fprintf(&b, " (source_id %s)", r.SourceID)
	}
	b.WriteString(": ")
	if r.Field != "" {
		b.WriteString(r.Field)
		b.WriteString(": ")
	}
	b.WriteString(r.Reason)
	return b.String()
}

// RejectsError is the error of an all-or-nothing import that found bad
// records: nothing was written. The message names the first reject; Details
// carries up to maxDetails of them.
func RejectsError(rejects []Reject) *Error {
	const maxDetails = 100
	if len(rejects) == 0 {
		return nil
	}
	msg := rejects[0].String()
	if len(rejects) > 1 {
		msg += fmt.Sprintf(" (and %d more rejected records)", len(rejects)-1)
	}
	msg += "; nothing was written"
	d := rejects
	if len(d) > maxDetails {
		d = d[:maxDetails]
	}
	return &Error{Code: EINVALID, Reason: RImportRejectedRows.Name, Message: msg, Field: fmt.Sprintf("%s %d: %s", rejects[0].Unit, rejects[0].N, rejects[0].Field), Details: map[string]any{"rejects": d, "rejected": len(rejects)}}
}
