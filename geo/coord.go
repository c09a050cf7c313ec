package geo

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Coordinates are WGS 84 (EPSG:4326) degrees: longitude east in
// [-180, 180], latitude north in [-90, 90].

// ParseCoord parses one decimal-degree number, refusing NaN, ±Inf and
// anything that is not a plain decimal number.
func ParseCoord(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("is empty")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a finite decimal number", truncate(s, 40))
	}
	return v, nil
}

// CheckLonLat validates a longitude/latitude pair. A pair whose latitude is
// out of range but would be valid swapped is reported as probably swapped.
// The returned field is "lat" or "lon".
func CheckLonLat(lon, lat float64) (field string, err error) {
	switch {
	case math.IsNaN(lon) || math.IsInf(lon, 0):
		return "lon", fmt.Errorf("longitude is not a finite number")
	case math.IsNaN(lat) || math.IsInf(lat, 0):
		return "lat", fmt.Errorf("latitude is not a finite number")
	case (lat < -90 || lat > 90) && lat >= -180 && lat <= 180 && lon >= -90 && lon <= 90:
		return "lat", fmt.Errorf("latitude %g is out of range [-90, 90]; latitude and longitude look swapped (lat %g, lon %g would be valid)", lat, lon, lat)
	case lat < -90 || lat > 90:
		return "lat", fmt.Errorf("latitude %g is out of range [-90, 90]", lat)
	case lon < -180 || lon > 180:
		return "lon", fmt.Errorf("longitude %g is out of range [-180, 180]", lon)
	}
	return "", nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
