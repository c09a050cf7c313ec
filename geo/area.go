package geo

import (
	"regexp"

	"github.com/paulmach/orb"
)

// Level is the administrative level of an area.
type Level string

const (
	LevelKabupaten Level = "kabupaten"
	LevelKecamatan Level = "kecamatan"
	LevelDesa      Level = "desa"
)

var (
	reKabupaten = regexp.MustCompile(`^\d{2}\.\d{2}$`)
	reKecamatan = regexp.MustCompile(`^\d{2}\.\d{2}\.\d{2}$`)
	reDesa      = regexp.MustCompile(`^\d{2}\.\d{2}\.\d{2}\.\d{4}$`)
)

// LevelOf returns the level a Kemendagri code denotes: "32.03" is a
// kabupaten, "32.03.29" a kecamatan, "32.03.29.2001" a desa.
func LevelOf(code string) (Level, error) {
	switch {
	case reDesa.MatchString(code):
		return LevelDesa, nil
	case reKecamatan.MatchString(code):
		return LevelKecamatan, nil
	case reKabupaten.MatchString(code):
		return LevelKabupaten, nil
	}
	return "", RAreaBadCode.FieldErrorf("code", "%q is not a Kemendagri code (want NN.NN, NN.NN.NN or NN.NN.NN.NNNN)", code)
}

// ParentCode returns the code one level up ("" for a kabupaten).
func ParentCode(code string) string {
	switch lvl, _ := LevelOf(code); lvl {
	case LevelDesa:
		return code[:8]
	case LevelKecamatan:
		return code[:5]
	}
	return ""
}

// Area is an administrative unit. Geometry is EPSG:4326 (lon, lat).
type Area struct {
	Code        string
	Level       Level
	ParentCode  string
	Name        string
	Kind        string // "Desa" or "Kelurahan" for desa
	Approximate bool   // derived boundaries of the demo gazetteer
	AreaKm2     float64
	Geometry    orb.MultiPolygon
	Label       orb.Point
}
