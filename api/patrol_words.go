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

// words are the sheet's and GPX's words in one language: T(key) looks a
// phrase up in phrases.
type words struct {
	Lang            string
	i               int // column of phrases, days and months
	thousands, frac string
}

var wordsByLang = map[string]*words{
	"id": {Lang: "id", i: 0, thousands: ".", frac: ","},
	"en": {Lang: "en", i: 1, thousands: ",", frac: "."},
}

// T returns the phrase of key in w's language (the key itself when none).
func (w *words) T(key string) string {
	if p, ok := phrases[key]; ok {
		return p[w.i]
	}
	return key
}

// phrases: key → {Indonesian, English}. %s and %d are filled by the caller.
var phrases = map[string][2]string{
	"title": {"Rencana patroli", "Patrol plan"}, "start": {"Berangkat dari", "Start from"},
	"approx": {"posisi perkiraan", "approximate position"}, "teams": {"tim", "team(s)"}, "stops": {"titik", "stop(s)"},
	"per_desa": {"titik rawan per desa", "hotspots per desa"}, "per_hex": {"titik rawan per sel %s m", "hotspots per %s m cell"},
	"speed": {"%s km/jam", "%s km/h"}, "per_stop": {"%s menit per titik", "%s min per stop"},
	"back": {"kembali ke titik berangkat", "back to the start"}, "generated": {"dibuat", "generated"},
	"team": {"Tim", "Team"}, "about": {"sekitar", "about"}, "num": {"No.", "No."}, "place": {"Desa · Kecamatan", "Desa · Kecamatan"},
	"why": {"Mengapa didatangi", "Why go there"}, "leg": {"Jarak", "Distance"}, "arrive": {"Tiba", "Arrive"},
	"arrive_unit": {"menit setelah berangkat", "min after leaving"}, "done": {"Selesai", "Done"},
	"no_stops": {"Tidak ada titik untuk tim ini.", "No stops for this team."}, "not_planned": {"Belum masuk rencana", "Not planned"},
	"overstaying": {"Melewati izin tinggal", "Past their permit"}, "expired": {"habis", "expired"},
	"map_of": {"Peta rute tim %d", "Route map of team %d"}, "start_mark": {"Berangkat", "Start"},
	"minutes": {"menit", "min"}, "hours": {"jam", "h"},
	// Why a stop matters, per score factor: one, many.
	"present.1": {"%s tamu asing", "%s foreign guest"}, "present.n": {"%s tamu asing", "%s foreign guests"},
	"overstays.1": {"%s melewati izin tinggal", "%s past their permit"}, "overstays.n": {"%s melewati izin tinggal", "%s past their permit"},
	"unregistered.1": {"%s penginapan tak terdaftar", "%s unregistered accommodation"},
	"unregistered.n": {"%s penginapan tak terdaftar", "%s unregistered accommodations"},
	"open_alerts.1":  {"%s peringatan belum ditangani", "%s open alert"}, "open_alerts.n": {"%s peringatan belum ditangani", "%s open alerts"},
	"change.1": {"%s lebih banyak dari 30 hari lalu", "%s more than 30 days ago"}, "change.n": {"%s lebih banyak dari 30 hari lalu", "%s more than 30 days ago"},
	// Why a hotspot was left out (geo.Unvisited.Reason).
	"unvisited.max_stops": {"batas titik per tim", "stops per team limit"}, "unvisited.time_budget": {"batas waktu per tim", "time per team limit"},
}

var days = [7][2]string{{"Minggu", "Sunday"}, {"Senin", "Monday"}, {"Selasa", "Tuesday"}, {"Rabu", "Wednesday"},
	{"Kamis", "Thursday"}, {"Jumat", "Friday"}, {"Sabtu", "Saturday"}}

var months = [12][2]string{{"Januari", "January"}, {"Februari", "February"}, {"Maret", "March"}, {"April", "April"},
	{"Mei", "May"}, {"Juni", "June"}, {"Juli", "July"}, {"Agustus", "August"}, {"September", "September"},
	{"Oktober", "October"}, {"November", "November"}, {"Desember", "December"}}

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
		return fmt.Sprintf("%d %s", m, w.T("minutes"))
	}
	return fmt.Sprintf("%d %s %d %s", m/60, w.T("hours"), m%60, w.T("minutes"))
}

// Date writes a day in words: "Sabtu, 20 Juni 2026".
func (w *words) Date(t time.Time) string {
	return days[t.Weekday()][w.i] + ", " + w.Day(t)
}

// Day writes a day without its weekday: "20 Juni 2026".
func (w *words) Day(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1][w.i], t.Year())
}

// Clock writes an instant in WIB: "20 Juni 2026, 10.00 WIB" (Indonesian
// writes hours and minutes with a dot).
func (w *words) Clock(t time.Time) string {
	t = t.In(wib)
	sep := ":"
	if w.Lang == "id" {
		sep = "."
	}
	return fmt.Sprintf("%s, %02d%s%02d WIB", w.Day(t), t.Hour(), sep, t.Minute())
}

// Reason says in plain words why a stop matters: every factor that adds
// to its score, in the score's fixed order, so stops read alike ("12 tamu
// asing, 3 melewati izin tinggal, 1 penginapan tak terdaftar"). No score,
// no weights.
func (w *words) Reason(h geo.Hotspot) string {
	var parts []string
	for _, c := range h.Contributions {
		form, ok := phrases[c.Factor+".n"]
		if !ok || c.Points <= 0 || c.Value <= 0 {
			continue
		}
		n := int64(c.Value)
		if n == 1 {
			form = phrases[c.Factor+".1"]
		}
		parts = append(parts, fmt.Sprintf(form[w.i], w.Int(n)))
	}
	return strings.Join(parts, ", ")
}

// UnvisitedReason names why a hotspot was left out.
func (w *words) UnvisitedReason(code string) string {
	if p, ok := phrases["unvisited."+code]; ok {
		return p[w.i]
	}
	return code
}
