package geo

import (
	"math"
	"regexp"

	"github.com/paulmach/orb"
)

// PatrolStart is a named place patrols start from (EPSG:4326).
type PatrolStart struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Point       orb.Point `json:"-"`
	Approximate bool      `json:"approximate"` // position estimated, not surveyed
	Note        string    `json:"note,omitempty"`
}

// DefaultPatrolStarts are the offices Timpora patrols usually leave from.
// Every position is APPROXIMATE — estimated from the town centres and the
// desa the offices stand in, to within about a kilometre — and should be
// replaced with surveyed points through the service's configuration
// (PANTAU_PATROL_STARTS) before operational use.
var DefaultPatrolStarts = []PatrolStart{
	{ID: "kanim-cianjur", Name: "Kantor Imigrasi Cianjur", Point: orb.Point{107.1540, -6.8160}, Approximate: true,
		Note: "approximate: Jl. Raya Bandung east of Cianjur town (Kec. Karangtengah)"},
	{ID: "polres-cianjur", Name: "Polres Cianjur", Point: orb.Point{107.1400, -6.8190}, Approximate: true,
		Note: "approximate: Cianjur town centre"},
	{ID: "polsek-cipanas", Name: "Polsek Cipanas", Point: orb.Point{107.0410, -6.7330}, Approximate: true,
		Note: "approximate: Jl. Raya Cipanas near the palace"},
	{ID: "polsek-pacet", Name: "Polsek Pacet", Point: orb.Point{107.0230, -6.7580}, Approximate: true,
		Note: "approximate: Jl. Raya Pacet"},
	{ID: "polsek-sukaresmi", Name: "Polsek Sukaresmi", Point: orb.Point{107.1280, -6.7320}, Approximate: true,
		Note: "approximate: Desa Sukaresmi"},
}

var reStartID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// ValidPoint checks a longitude/latitude pair: finite, −180..180 and
// −90..90. field names the input in the error.
func ValidPoint(field string, lon, lat float64) error {
	if math.IsNaN(lon) || math.IsInf(lon, 0) || lon < -180 || lon > 180 {
		return FieldErrorf(EINVALID, field, "longitude must be a number from -180 to 180")
	}
	if math.IsNaN(lat) || math.IsInf(lat, 0) || lat < -90 || lat > 90 {
		return FieldErrorf(EINVALID, field, "latitude must be a number from -90 to 90")
	}
	return nil
}

// ValidatePatrolStarts checks configured start points: unique ids of
// lower-case letters, digits and hyphens, a name and a valid position.
func ValidatePatrolStarts(starts []PatrolStart) error {
	seen := map[string]bool{}
	for _, s := range starts {
		if !reStartID.MatchString(s.ID) || seen[s.ID] {
			return FieldErrorf(EINVALID, "id", "start id %q must be unique, lower-case letters, digits and hyphens", s.ID)
		}
		seen[s.ID] = true
		if s.Name == "" {
			return FieldErrorf(EINVALID, "name", "start %s has no name", s.ID)
		}
		if err := ValidPoint("lon", s.Point[0], s.Point[1]); err != nil {
			return err
		}
	}
	return nil
}

// MaxPatrolAreaVertices bounds the polygon a plan may be limited to.
const MaxPatrolAreaVertices = 10000

// ValidatePatrolArea checks a polygon a plan or ranking is limited to
// (EPSG:4326) before it reaches the database: at least one polygon, every
// ring closed with at least four positions, every position a valid lon/lat,
// at most MaxPatrolAreaVertices positions. Self-intersection is left to
// PostGIS (ST_IsValid). field names the input in errors.
func ValidatePatrolArea(field string, mp orb.MultiPolygon) error {
	if len(mp) == 0 {
		return FieldErrorf(EINVALID, field, "the polygon is empty")
	}
	n := 0
	for pi, poly := range mp {
		if len(poly) == 0 {
			return FieldErrorf(EINVALID, field, "polygon %d has no rings", pi)
		}
		for ri, ring := range poly {
			if len(ring) < 4 || ring[0] != ring[len(ring)-1] {
				return FieldErrorf(EINVALID, field, "polygon %d ring %d must be closed with at least 4 positions", pi, ri)
			}
			for _, p := range ring {
				if err := ValidPoint(field, p[0], p[1]); err != nil {
					return err
				}
			}
			n += len(ring)
			if n > MaxPatrolAreaVertices {
				return FieldErrorf(ETOOLARGE, field, "the polygon has more than %d positions", MaxPatrolAreaVertices)
			}
		}
	}
	return nil
}
