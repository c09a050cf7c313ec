package geo

import (
	"math"
	"regexp"
	"strings"
)

// CRS is a coordinate reference system an input may declare (a GeoJSON
// "crs" member). Pantau stores EPSG:4326 longitude/latitude; ToLonLat
// brings a position of the CRS there.
type CRS struct {
	// Name is the canonical name, e.g. "EPSG:32748".
	Name string
	// ToLonLat converts a position (x, y) of the CRS to WGS 84 degrees.
	ToLonLat func(x, y float64) (lon, lat float64)
}

// WGS84 is longitude/latitude in degrees: EPSG:4326 as GeoJSON writes it
// (longitude first, whatever the EPSG axis order says) and OGC CRS84.
var WGS84 = CRS{Name: "EPSG:4326", ToLonLat: func(x, y float64) (float64, float64) { return x, y }}

// SupportedCRS lists the CRS names ParseCRSName accepts, for messages.
const SupportedCRS = "EPSG:4326, OGC CRS84, EPSG:3857 (Web Mercator) or EPSG:32748 (UTM zone 48S)"

var crsCode = regexp.MustCompile(`(?i)^(?:urn:ogc:def:crs:)?(EPSG|OGC)(?::[0-9.]*)?:+([A-Za-z0-9]+)$`)

// ParseCRSName reads a CRS name as GeoJSON files carry it
// ("urn:ogc:def:crs:EPSG::32748", "EPSG:3857",
// "urn:ogc:def:crs:OGC:1.3:CRS84", or a bare EPSG number) and returns the
// CRS, or an EINVALID error naming the CRS it does not support.
func ParseCRSName(name string) (CRS, error) {
	m := crsCode.FindStringSubmatch(strings.TrimSpace(name))
	if m == nil {
		if isDigits(strings.TrimSpace(name)) {
			m = []string{name, "EPSG", strings.TrimSpace(name)}
		} else {
			return CRS{}, Errorf(EINVALID, "the crs %q is not supported (want %s)", truncate(name, 80), SupportedCRS)
		}
	}
	auth, code := strings.ToUpper(m[1]), strings.ToUpper(m[2])
	switch auth + ":" + code {
	case "EPSG:4326", "OGC:CRS84":
		return WGS84, nil
	case "EPSG:3857", "EPSG:900913", "EPSG:3785":
		return CRS{Name: "EPSG:3857", ToLonLat: webMercatorToLonLat}, nil
	case "EPSG:32748":
		return CRS{Name: "EPSG:32748", ToLonLat: utm48SToLonLat}, nil
	}
	return CRS{}, Errorf(EINVALID, "the crs %q (%s:%s) is not supported (want %s)", truncate(name, 80), auth, code, SupportedCRS)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// wgs84A and wgs84F are the WGS 84 ellipsoid's semi-major axis (metres) and
// flattening.
const (
	wgs84A = 6378137.0
	wgs84F = 1 / 298.257223563
)

// webMercatorToLonLat inverts EPSG:3857 (spherical Mercator on the WGS 84
// semi-major axis).
func webMercatorToLonLat(x, y float64) (float64, float64) {
	lon := x / wgs84A * 180 / math.Pi
	lat := (2*math.Atan(math.Exp(y/wgs84A)) - math.Pi/2) * 180 / math.Pi
	return lon, lat
}

// utm48SToLonLat inverts UTM zone 48 south (EPSG:32748: central meridian
// 105°E, scale 0.9996, false easting 500 km, false northing 10,000 km) with
// Krüger's series in the third flattening to third order, which is well
// under a millimetre inside the zone.
func utm48SToLonLat(e, n float64) (float64, float64) {
	const (
		k0   = 0.9996
		e0   = 500000.0
		n0   = 10000000.0
		lon0 = 105.0
	)
	nn := wgs84F / (2 - wgs84F)
	n2, n3 := nn*nn, nn*nn*nn
	a := wgs84A / (1 + nn) * (1 + n2/4 + n2*n2/64)
	beta := [3]float64{nn/2 - 2*n2/3 + 37*n3/96, n2/48 + n3/15, 17 * n3 / 480}
	delta := [3]float64{2*nn - 2*n2/3 - 2*n3, 7*n2/3 - 8*n3/5, 56 * n3 / 15}
	xi := (n - n0) / (k0 * a)
	eta := (e - e0) / (k0 * a)
	xi1, eta1 := xi, eta
	for j := 1; j <= 3; j++ {
		xi1 -= beta[j-1] * math.Sin(2*float64(j)*xi) * math.Cosh(2*float64(j)*eta)
		eta1 -= beta[j-1] * math.Cos(2*float64(j)*xi) * math.Sinh(2*float64(j)*eta)
	}
	chi := math.Asin(math.Sin(xi1) / math.Cosh(eta1))
	phi := chi
	for j := 1; j <= 3; j++ {
		phi += delta[j-1] * math.Sin(2*float64(j)*chi)
	}
	lam := math.Atan2(math.Sinh(eta1), math.Cos(xi1))
	return lon0 + lam*180/math.Pi, phi * 180 / math.Pi
}
