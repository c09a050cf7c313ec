package demo

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"pantau/data"
	"pantau/geo"
	"pantau/importer"
)

// GenOptions configure the synthetic data generator. The output is a pure
// function of the options: the same seed, sizes, Until and desa give the
// same accommodations and stays, byte for byte.
type GenOptions struct {
	Seed           uint64
	Stays          int
	Accommodations int       // default Stays/20, at least 50
	Until          time.Time // last day of the reporting window (default today, UTC)
	Days           int       // length of the window (default 450)
	Desa           []data.DesaShape

	// The mix of a real APOA file (zero: the default mix). PointShare is
	// the share of stays that give a point of their own (default 0.12; the
	// others give only accommodation_id). OutsideShare is the share of all
	// stays whose point lies outside every desa, and OutsideAccommodations
	// that of accommodations: most across the Puncak pass in Bogor's
	// Cisarua, the rest scattered around the kabupaten (see outsidePoint).
	PointShare            float64
	OutsideShare          float64
	OutsideAccommodations float64
}

// RealisticMix sets the mix of the issue-17 file on opts: 30 % of stays
// with a point of their own, 8 % of all stays and 3 % of accommodations
// outside every desa.
func RealisticMix(opts GenOptions) GenOptions {
	opts.PointShare, opts.OutsideShare, opts.OutsideAccommodations = 0.30, 0.08, 0.03
	return opts
}

// Named villa clusters of the Puncak area and how strongly they attract
// accommodations, by desa code. Desa not listed weigh 0.3 (0.15 outside the
// demo kecamatan), so a kabupaten-wide run concentrates in Puncak/Cipanas.
var desaWeight = map[string]float64{
	"32.03.10.2005": 14, // Sukanagalih: Kota Bunga
	"32.03.28.2003": 10, // Ciloto
	"32.03.10.2003": 9,  // Cibodas
	"32.03.28.2002": 8,  // Cimacan
	"32.03.28.2004": 6, "32.03.28.2001": 6, "32.03.28.2006": 5, "32.03.28.2005": 5, "32.03.28.2007": 4,
	"32.03.10.2012": 4, "32.03.10.2013": 3, "32.03.10.2007": 3, "32.03.10.2001": 2, "32.03.10.2010": 2,
	"32.03.13.2004": 3, "32.03.13.2001": 3, "32.03.13.2005": 3, "32.03.13.2010": 2, "32.03.13.2003": 2,
	"32.03.13.2008": 1.5, "32.03.13.2011": 1.5,
}

func weightOf(code string) float64 {
	if w, ok := desaWeight[code]; ok {
		return w
	}
	if _, demo := GazetteerKecamatan[code[:min(8, len(code))]]; demo {
		return 0.6
	}
	return 0.15
}

// nationality mix: Gulf and Middle East first, then others (ISO alpha-3).
var nationalities = []struct {
	code string
	w    float64
	arab bool
}{
	{"SAU", 30, true}, {"ARE", 7, true}, {"KWT", 7, true}, {"QAT", 4, true}, {"OMN", 4, true}, {"BHR", 3, true},
	{"YEM", 6, true}, {"IRQ", 4, true}, {"JOR", 3, true}, {"EGY", 3, true}, {"LBN", 1, true}, {"SYR", 1, true},
	{"MYS", 5, false}, {"CHN", 4, false}, {"NLD", 2, false}, {"AUS", 2, false}, {"USA", 2, false}, {"KOR", 2, false},
	{"JPN", 2, false}, {"IND", 2, false}, {"GBR", 1, false}, {"DEU", 1, false}, {"FRA", 1, false}, {"RUS", 1, false},
	{"TUR", 1, false}, {"PAK", 1, false}, {"SGP", 1, false}, {"AFG", 0.5, false}, {"XXB", 0.3, false},
}

var (
	arabGiven   = []string{"Abdullah", "Mohammed", "Ahmed", "Khalid", "Faisal", "Omar", "Yousef", "Saad", "Fahad", "Nasser", "Salman", "Turki", "Fatimah", "Aisha", "Noura", "Maryam", "Sara", "Reem", "Hessa", "Latifa"}
	arabFamily  = []string{"Al-Harbi", "Al-Otaibi", "Al-Qahtani", "Al-Ghamdi", "Al-Zahrani", "Al-Mutairi", "Al-Shammari", "Al-Dosari", "Al-Anazi", "Al-Subaie", "Al-Hashimi", "Al-Kuwari", "Al-Balushi", "Al-Mansoori", "Haddad", "Nasr"}
	otherGiven  = []string{"Wei", "Li", "Hiroshi", "Yuki", "Min-jun", "Ji-woo", "Emma", "Lucas", "Sophie", "James", "Olivia", "Noah", "Priya", "Arjun", "Siti", "Ahmad", "Ivan", "Elena", "Mehmet", "Ayse"}
	otherFamily = []string{"Chen", "Wang", "Tanaka", "Sato", "Kim", "Park", "de Vries", "Jansen", "Smith", "Brown", "Miller", "Sharma", "Patel", "Abdul Rahman", "Ivanov", "Yilmaz", "Tan", "Nguyen"}
	ownerGiven  = []string{"Asep", "Dedi", "Ujang", "Cecep", "Yayan", "Iwan", "Agus", "Dadang", "Hendra", "Rina", "Euis", "Neneng", "Siti", "Yanti", "Wawan", "Ade"}
	ownerFamily = []string{"Saepudin", "Sutisna", "Hidayat", "Suryana", "Kurniawan", "Rahmat", "Nugraha", "Permana", "Setiawan", "Gunawan", "Sulaeman", "Hermawan"}
	villaWords  = []string{"Puncak", "Kota Bunga", "Gede", "Pangrango", "Melati", "Anggrek", "Pinus", "Kabut", "Teh", "Cemara", "Bukit", "Panorama", "Sakura", "Tulip", "Alhambra", "Andalusia"}
)

// Eid days (Idul Fitri, Idul Adha) around which arrivals peak.
var eidDays = []string{"2024-04-10", "2024-06-17", "2025-03-31", "2025-06-06", "2026-03-20", "2026-05-27", "2027-03-10", "2027-05-16", "2028-02-27", "2028-05-05"}

// Generator makes the synthetic accommodations and stays.
type Generator struct {
	opts   GenOptions
	rng    *rand.Rand
	desa   []data.DesaShape
	dcum   []float64
	acc    []geo.Accommodation
	accCum []float64
	dayCum []float64
	start  time.Time
	people []person
	i      int
	dup    *geo.Stay
	bound  orb.Bound   // of all desa
	bounds []orb.Bound // of each desa
}

type person struct {
	name, passport, nat, sex string
	birth                    time.Time
}

// NewGenerator prepares a generator; Accommodations() and the stays (Next)
// follow deterministically from opts.
func NewGenerator(opts GenOptions) (*Generator, error) {
	if len(opts.Desa) == 0 {
		return nil, fmt.Errorf("generator: no desa to place points in")
	}
	if opts.Accommodations <= 0 {
		opts.Accommodations = max(50, opts.Stays/20)
	}
	if opts.Until.IsZero() {
		opts.Until = geo.Clock(nil).Today()
	}
	if opts.Days <= 0 {
		opts.Days = 450
	}
	g := &Generator{opts: opts, rng: rand.New(rand.NewPCG(opts.Seed, 0x70616e746175))}
	g.desa = append([]data.DesaShape(nil), opts.Desa...)
	sort.Slice(g.desa, func(i, j int) bool { return g.desa[i].Code < g.desa[j].Code })
	sum := 0.0
	g.bound = g.desa[0].Geom.Bound()
	for _, d := range g.desa {
		sum += weightOf(d.Code)
		g.dcum = append(g.dcum, sum)
		g.bounds = append(g.bounds, d.Geom.Bound())
		g.bound = g.bound.Union(g.bounds[len(g.bounds)-1])
	}
	g.start = opts.Until.AddDate(0, 0, -opts.Days+1)
	g.seasons()
	g.makeAccommodations()
	return g, nil
}

// Accommodations returns the generated accommodations.
func (g *Generator) Accommodations() []geo.Accommodation { return g.acc }

func pick(cum []float64, r float64) int {
	return min(sort.SearchFloat64s(cum, r*cum[len(cum)-1]), len(cum)-1)
}

// pointIn places a point near the desa's label point (Gaussian, sigma
// about 600 m), retrying until it falls inside the desa polygon.
func (g *Generator) pointIn(d data.DesaShape, sigma float64) orb.Point {
	for range 24 {
		p := orb.Point{d.Label[0] + g.rng.NormFloat64()*sigma, d.Label[1] + g.rng.NormFloat64()*sigma}
		if planar.MultiPolygonContains(d.Geom, p) {
			return orb.Point{round6(p[0]), round6(p[1])}
		}
	}
	return d.Label
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// cisarua is the centre of Cisarua (Kabupaten Bogor), the villa area just
// across the Puncak pass from Cianjur's Cipanas.
var cisarua = orb.Point{106.94, -6.68}

// outsidePoint places a point outside every desa: three in four near
// Cisarua (Gaussian, sigma about 1.5 km), the others anywhere in the box of
// all desa grown by 0.05°; points that fall inside a desa are drawn again.
func (g *Generator) outsidePoint() orb.Point {
	for {
		var p orb.Point
		if g.rng.Float64() < 0.75 {
			p = orb.Point{cisarua[0] + g.rng.NormFloat64()*0.014, cisarua[1] + g.rng.NormFloat64()*0.014}
		} else {
			b := g.bound.Pad(0.05)
			p = orb.Point{b.Min[0] + g.rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + g.rng.Float64()*(b.Max[1]-b.Min[1])}
		}
		p = orb.Point{round6(p[0]), round6(p[1])}
		if !g.inDesa(p) {
			return p
		}
	}
}

// inDesa reports whether p lies inside any desa.
func (g *Generator) inDesa(p orb.Point) bool {
	if !g.bound.Contains(p) {
		return false
	}
	for i, d := range g.desa {
		if g.bounds[i].Contains(p) && planar.MultiPolygonContains(d.Geom, p) {
			return true
		}
	}
	return false
}

func (g *Generator) makeAccommodations() {
	n := g.opts.Accommodations
	g.acc = make([]geo.Accommodation, 0, n)
	sum := 0.0
	for i := range n {
		d := g.desa[pick(g.dcum, g.rng.Float64())]
		puncak := desaWeight[d.Code] >= 4
		r := g.rng.Float64()
		var a geo.Accommodation
		switch {
		case puncak && r < 0.72 || !puncak && r < 0.35:
			a.Kind, a.Capacity = "villa", 4+g.rng.IntN(17)
			a.Name = fmt.Sprintf("Villa %s %d", villaWords[g.rng.IntN(len(villaWords))], 1+g.rng.IntN(120))
			a.Licensed = g.rng.Float64() < 0.6
			a.APOARegistered = g.rng.Float64() < 0.72
		case r < 0.80:
			a.Kind, a.Capacity = "hotel", 20+g.rng.IntN(180)
			a.Name = fmt.Sprintf("Hotel %s %d", villaWords[g.rng.IntN(len(villaWords))], 1+g.rng.IntN(40))
			a.Licensed, a.APOARegistered = g.rng.Float64() < 0.97, g.rng.Float64() < 0.97
		case r < 0.88:
			a.Kind, a.Capacity = "guesthouse", 6+g.rng.IntN(25)
			a.Name = fmt.Sprintf("Guest House %s", villaWords[g.rng.IntN(len(villaWords))])
			a.Licensed, a.APOARegistered = g.rng.Float64() < 0.8, g.rng.Float64() < 0.85
		case r < 0.95:
			a.Kind, a.Capacity = "kos", 1+g.rng.IntN(3)
			a.Name = fmt.Sprintf("Kos %s %d", ownerGiven[g.rng.IntN(len(ownerGiven))], 1+g.rng.IntN(30))
			a.Licensed, a.APOARegistered = g.rng.Float64() < 0.5, g.rng.Float64() < 0.6
		default:
			a.Kind, a.Capacity = "house", 2+g.rng.IntN(8)
			a.Name = fmt.Sprintf("Rumah %s", ownerFamily[g.rng.IntN(len(ownerFamily))])
			a.Licensed, a.APOARegistered = false, g.rng.Float64() < 0.4
		}
		a.SourceID = fmt.Sprintf("ACC-%06d", i+1)
		a.OwnerName = ownerGiven[g.rng.IntN(len(ownerGiven))] + " " + ownerFamily[g.rng.IntN(len(ownerFamily))]
		if g.rng.Float64() < 0.15 {
			a.OwnerName = "H. " + a.OwnerName
		}
		a.Point = g.pointIn(d, 0.0055)
		if g.opts.OutsideAccommodations > 0 && g.rng.Float64() < g.opts.OutsideAccommodations {
			a.Point = g.outsidePoint()
		}
		g.acc = append(g.acc, a)
		w := float64(a.Capacity)
		if a.Kind == "hotel" {
			w *= 0.5
		}
		sum += w
		g.accCum = append(g.accCum, sum)
	}
}

// seasons builds the arrival-day distribution: Gulf summer holidays
// (mid-June to August) ×3, the week around each Eid ×2.5, Indonesian school
// holidays (late June–mid July, late December) ×1.5, weekends ×1.3.
func (g *Generator) seasons() {
	var eids []time.Time
	for _, s := range eidDays {
		t, _ := time.Parse(time.DateOnly, s)
		eids = append(eids, t)
	}
	sum := 0.0
	for d := range g.opts.Days {
		day := g.start.AddDate(0, 0, d)
		w := 1.0
		m, dd := day.Month(), day.Day()
		if m == time.June && dd >= 15 || m == time.July || m == time.August {
			w *= 3
		}
		if m == time.June && dd >= 25 || m == time.July && dd <= 15 || m == time.December && dd >= 20 || m == time.January && dd <= 4 {
			w *= 1.5
		}
		for _, e := range eids {
			if diff := day.Sub(e).Hours() / 24; diff >= -3 && diff <= 6 {
				w *= 2.5
				break
			}
		}
		if wd := day.Weekday(); wd == time.Friday || wd == time.Saturday {
			w *= 1.3
		}
		sum += w
		g.dayCum = append(g.dayCum, sum)
	}
}

func (g *Generator) newPerson() person {
	total := 0.0
	for _, n := range nationalities {
		total += n.w
	}
	r := g.rng.Float64() * total
	nat := nationalities[len(nationalities)-1]
	for _, n := range nationalities {
		if r < n.w {
			nat = n
			break
		}
		r -= n.w
	}
	var p person
	p.nat = nat.code
	given, family := otherGiven, otherFamily
	if nat.arab {
		given, family = arabGiven, arabFamily
	}
	gi := g.rng.IntN(len(given))
	p.name = given[gi] + " " + family[g.rng.IntN(len(family))]
	p.sex = "M"
	if nat.arab && gi >= 12 || !nat.arab && g.rng.IntN(2) == 0 {
		p.sex = "F"
	}
	p.passport = fmt.Sprintf("%c%c%07d", 'A'+rune(g.rng.IntN(26)), 'A'+rune(g.rng.IntN(26)), g.rng.IntN(10_000_000))
	age := 1 + g.rng.IntN(72)
	p.birth = g.opts.Until.AddDate(-age, 0, -g.rng.IntN(365))
	return p
}

// Next returns the next generated stay (a RecordSource, numbered from 1).
// About 2 % are duplicate reports (same person and dates, another
// source_id), about 3 % overstay their permit, 10 % are returning visitors,
// and reports come late: 80 % within a day, the rest up to a month after
// arrival (reported_at).
func (g *Generator) Next() (importer.Record[geo.Stay], error) {
	if g.i >= g.opts.Stays {
		return importer.Record[geo.Stay]{}, io.EOF
	}
	g.i++
	if g.dup != nil {
		s := *g.dup
		g.dup = nil
		s.SourceID = fmt.Sprintf("APOA-%08d", g.i)
		s.ReportedAt = s.ReportedAt.Add(time.Duration(1+g.rng.IntN(72)) * time.Hour)
		return importer.Record[geo.Stay]{N: g.i, SourceID: s.SourceID, Value: s}, nil
	}
	var p person
	if len(g.people) > 100 && g.rng.Float64() < 0.10 {
		p = g.people[g.rng.IntN(len(g.people))]
	} else {
		p = g.newPerson()
		if len(g.people) < 50_000 {
			g.people = append(g.people, p)
		}
	}
	s := geo.Stay{SourceID: fmt.Sprintf("APOA-%08d", g.i), FullName: p.name, PassportNo: p.passport, Nationality: p.nat, Sex: p.sex, BirthDate: p.birth}
	arrival := g.start.AddDate(0, 0, pick(g.dayCum, g.rng.Float64()))
	s.ArrivalDate = arrival
	if s.BirthDate.After(arrival) {
		s.BirthDate = arrival.AddDate(-1, 0, 0)
	}
	var length int
	switch r := g.rng.Float64(); {
	case r < 0.45:
		s.PermitType, s.PermitExpiry, length = "voa", arrival.AddDate(0, 0, 30), 2+int(g.rng.ExpFloat64()*6)
	case r < 0.62:
		s.PermitType, s.PermitExpiry, length = "visa_free", arrival.AddDate(0, 0, 30), 2+int(g.rng.ExpFloat64()*5)
	case r < 0.84:
		s.PermitType, s.PermitExpiry, length = "visit_visa", arrival.AddDate(0, 0, 60), 3+int(g.rng.ExpFloat64()*12)
	case r < 0.95:
		s.PermitType, s.PermitExpiry, length = "itas", arrival.AddDate(0, 0, 365-g.rng.IntN(300)), 30+g.rng.IntN(300)
	case r < 0.98:
		s.PermitType, s.PermitExpiry, length = "itap", arrival.AddDate(5, 0, 0), 60+g.rng.IntN(400)
	default:
		s.PermitType, s.PermitExpiry, length = "diplomatic", arrival.AddDate(1, 0, 0), 3+g.rng.IntN(30)
	}
	if maxLen := int(s.PermitExpiry.Sub(arrival).Hours() / 24); length > maxLen {
		length = maxLen
	}
	if g.rng.Float64() < 0.03 { // overstay
		length = int(s.PermitExpiry.Sub(arrival).Hours()/24) + 1 + g.rng.IntN(20)
	}
	if dep := arrival.AddDate(0, 0, length); !dep.After(g.opts.Until) {
		s.DepartureDate = dep
	}
	lag := time.Duration(g.rng.IntN(24)) * time.Hour
	if r := g.rng.Float64(); r > 0.95 {
		lag += time.Duration(7+g.rng.IntN(24)) * 24 * time.Hour
	} else if r > 0.80 {
		lag += time.Duration(1+g.rng.IntN(6)) * 24 * time.Hour
	}
	s.ReportedAt = arrival.Add(8*time.Hour + lag)
	accShare := 0.88
	if g.opts.PointShare > 0 {
		accShare = 1 - g.opts.PointShare
	}
	if g.rng.Float64() < accShare {
		a := g.acc[pick(g.accCum, g.rng.Float64())]
		s.AccommodationRef = a.SourceID
	} else {
		s.Point, s.HasPoint = g.pointIn(g.desa[pick(g.dcum, g.rng.Float64())], 0.007), true
		if g.opts.OutsideShare > 0 && g.rng.Float64()*(1-accShare) < g.opts.OutsideShare {
			s.Point = g.outsidePoint()
		}
	}
	if g.rng.Float64() < 0.02 {
		d := s
		g.dup = &d
	}
	return importer.Record[geo.Stay]{N: g.i, SourceID: s.SourceID, Value: s}, nil
}

// Unit names the records a generator yields.
func (g *Generator) Unit() string { return "record" }
