package api

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"pantau/geo"
)

// What officers carry out — the printable patrol sheet and GPX — speaks
// Indonesian unless the caller asks for English (lang=en); times are WIB.

// wib is Western Indonesia Time, Asia/Jakarta: UTC+7 all year (no daylight
// saving since 1964), so a fixed zone is exact and needs no tzdata.
var wib = time.FixedZone("WIB", 7*3600)

// patrolLangs are the languages of the sheet and GPX; the first is the
// default.
var patrolLangs = []string{"id", "en"}

// parsePatrolLang reads lang: "" is Indonesian; others are EINVALID.
func parsePatrolLang(s string) (string, error) {
	if s == "" {
		return patrolLangs[0], nil
	}
	for _, l := range patrolLangs {
		if strings.EqualFold(s, l) {
			return l, nil
		}
	}
	return "", geo.FieldErrorf(geo.EINVALID, "lang", "lang must be id or en, not %q", s)
}

// words are the sheet's and GPX's words in one language.
type words struct {
	Lang, Title, Start, Approx, Teams, Stops, PerDesa, PerHex, Speed, PerStop, Back, Generated, Team,
	About, Num, Place, Why, Leg, Arrive, ArriveUnit, Done, NoStops, NotPlanned, Overstaying, Expired,
	MapOf, StartMark, Minutes, Hours string
	Factor          map[string][2]string // factor → one, many (%s is the count)
	Unvisited       map[string]string    // geo.Unvisited.Reason → words
	Days, Months    []string
	thousands, frac string
}

var wordsByLang = map[string]*words{
	"id": {Lang: "id", Title: "Rencana patroli", Start: "Berangkat dari", Approx: "posisi perkiraan",
		Teams: "tim", Stops: "titik", PerDesa: "titik rawan per desa", PerHex: "titik rawan per sel %s m",
		Speed: "%s km/jam", PerStop: "%s menit per titik", Back: "kembali ke titik berangkat",
		Generated: "dibuat", Team: "Tim", About: "sekitar", Num: "No.", Place: "Desa · Kecamatan",
		Why: "Mengapa didatangi", Leg: "Jarak", Arrive: "Tiba", ArriveUnit: "menit setelah berangkat",
		Done: "Selesai", NoStops: "Tidak ada titik untuk tim ini.", NotPlanned: "Belum masuk rencana",
		Overstaying: "Melewati izin tinggal", Expired: "habis", MapOf: "Peta rute tim %d",
		StartMark: "Berangkat", Minutes: "menit", Hours: "jam",
		Factor: map[string][2]string{
			"present": {"%s tamu asing", "%s tamu asing"}, "overstays": {"%s melewati izin tinggal", "%s melewati izin tinggal"},
			"unregistered": {"%s penginapan tak terdaftar", "%s penginapan tak terdaftar"},
			"open_alerts":  {"%s peringatan belum ditangani", "%s peringatan belum ditangani"},
			"change":       {"%s lebih banyak dari 30 hari lalu", "%s lebih banyak dari 30 hari lalu"}},
		Unvisited: map[string]string{"max_stops": "batas titik per tim", "time_budget": "batas waktu per tim"},
		Days:      []string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"},
		Months:    []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"},
		thousands: ".", frac: ","},
	"en": {Lang: "en", Title: "Patrol plan", Start: "Start from", Approx: "approximate position",
		Teams: "team(s)", Stops: "stop(s)", PerDesa: "hotspots per desa", PerHex: "hotspots per %s m cell",
		Speed: "%s km/h", PerStop: "%s min per stop", Back: "back to the start",
		Generated: "generated", Team: "Team", About: "about", Num: "No.", Place: "Desa · Kecamatan",
		Why: "Why go there", Leg: "Distance", Arrive: "Arrive", ArriveUnit: "min after leaving",
		Done: "Done", NoStops: "No stops for this team.", NotPlanned: "Not planned",
		Overstaying: "Past their permit", Expired: "expired", MapOf: "Route map of team %d",
		StartMark: "Start", Minutes: "min", Hours: "h",
		Factor: map[string][2]string{
			"present": {"%s foreign guest", "%s foreign guests"}, "overstays": {"%s past their permit", "%s past their permit"},
			"unregistered": {"%s unregistered accommodation", "%s unregistered accommodations"},
			"open_alerts":  {"%s open alert", "%s open alerts"},
			"change":       {"%s more than 30 days ago", "%s more than 30 days ago"}},
		Unvisited: map[string]string{"max_stops": "stops per team limit", "time_budget": "time per team limit"},
		Days:      []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
		Months:    []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		thousands: ",", frac: "."},
}

// Int writes n with the language's thousands separator (1.234 / 1,234).
func (w *words) Int(n int64) string {
	s := strconv.FormatInt(max(n, -n), 10)
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(w.thousands)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Km writes metres as kilometres with one decimal (3,3 / 3.3).
func (w *words) Km(m float64) string {
	s := strconv.FormatFloat(m/1000, 'f', 1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	return w.Int(n) + w.frac + frac + " km"
}

// Duration writes minutes as "45 menit" or "2 jam 5 menit".
func (w *words) Duration(min float64) string {
	m := int64(min + 0.5)
	if m < 60 {
		return fmt.Sprintf("%d %s", m, w.Minutes)
	}
	return fmt.Sprintf("%d %s %d %s", m/60, w.Hours, m%60, w.Minutes)
}

// Date writes a day in words: "Sabtu, 20 Juni 2026".
func (w *words) Date(t time.Time) string {
	return fmt.Sprintf("%s, %d %s %d", w.Days[t.Weekday()], t.Day(), w.Months[t.Month()-1], t.Year())
}

// Clock writes an instant in WIB: "20 Juni 2026, 10.00 WIB" (Indonesian
// writes hours and minutes with a dot).
func (w *words) Clock(t time.Time) string {
	t = t.In(wib)
	sep := ":"
	if w.Lang == "id" {
		sep = "."
	}
	return fmt.Sprintf("%d %s %d, %02d%s%02d WIB", t.Day(), w.Months[t.Month()-1], t.Year(), t.Hour(), sep, t.Minute())
}

// Reason says in plain words why a stop matters: every factor that adds
// to its score, in the score's fixed order, so stops read alike ("12 tamu
// asing, 3 melewati izin tinggal, 1 penginapan tak terdaftar"). No score,
// no weights.
func (w *words) Reason(h geo.Hotspot) string {
	var parts []string
	for _, c := range h.Contributions {
		forms, ok := w.Factor[c.Factor]
		if !ok || c.Points <= 0 || c.Value <= 0 {
			continue
		}
		n := int64(c.Value)
		form := forms[1]
		if n == 1 {
			form = forms[0]
		}
		parts = append(parts, fmt.Sprintf(form, w.Int(n)))
	}
	return strings.Join(parts, ", ")
}

// UnvisitedReason names why a hotspot was left out.
func (w *words) UnvisitedReason(code string) string {
	if s, ok := w.Unvisited[code]; ok {
		return s
	}
	return code
}
