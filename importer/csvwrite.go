package importer

import (
	"errors"
	"io"
	"strconv"
	"time"

	"pantau/data"
	"pantau/geo"
)

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func fmtCoord(v float64, ok bool) string {
	if !ok {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// WriteStaysCSV writes the stays of src as the stays CSV (geo.StayColumns
// and reported_at), e.g. to export generated data.
func WriteStaysCSV(w io.Writer, src RecordSource[geo.Stay]) (int, error) {
	cw := data.NewCSVWriter(w)
	cw.Write(append(append([]string{}, geo.StayColumns...), "reported_at"))
	n := 0
	for {
		r, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return n, err
		}
		s := r.Value
		rep := ""
		if !s.ReportedAt.IsZero() {
			rep = s.ReportedAt.UTC().Format(time.RFC3339)
		}
		cw.Write([]string{s.SourceID, s.FullName, s.PassportNo, s.Nationality, s.Sex, fmtDate(s.BirthDate), s.PermitType,
			fmtDate(s.PermitExpiry), fmtDate(s.ArrivalDate), fmtDate(s.DepartureDate), s.AccommodationRef,
			fmtCoord(s.Point[1], s.HasPoint), fmtCoord(s.Point[0], s.HasPoint), rep})
		n++
	}
	cw.Flush()
	return n, cw.Error()
}

// WriteAccommodationsCSV writes accommodations as the accommodations CSV.
func WriteAccommodationsCSV(w io.Writer, accs []geo.Accommodation) error {
	cw := data.NewCSVWriter(w)
	cw.Write(geo.AccommodationColumns)
	for _, a := range accs {
		capacity := ""
		if a.Capacity >= 0 {
			capacity = strconv.Itoa(a.Capacity)
		}
		cw.Write([]string{a.SourceID, a.Name, a.Kind, strconv.FormatBool(a.Licensed), strconv.FormatBool(a.APOARegistered),
			capacity, a.OwnerName, fmtCoord(a.Point[1], true), fmtCoord(a.Point[0], true)})
	}
	cw.Flush()
	return cw.Error()
}
