package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// EarthRadiusM is the mean radius of the WGS84 ellipsoid, R1 = (2a + b) / 3,
// in metres.
const EarthRadiusM = 6371008.8

// GeodesicDistance returns the great-circle distance in metres between two
// EPSG:4326 points (lon, lat in degrees) by the haversine formula on a sphere
// of radius EarthRadiusM. Against the WGS84 ellipsoid (Vincenty) it errs by
// at most about 0.5 % and, at Cianjur's latitude (≈ 7° S) over patrol
// distances, by under 0.3 % — far below the difference between a straight
// line and a mountain road, and the same for every pair, so route choices
// do not change. It is symmetric and zero only for equal points.
func GeodesicDistance(a, b orb.Point) float64 {
	const rad = math.Pi / 180
	lat1, lat2 := a[1]*rad, b[1]*rad
	dLat, dLon := (b[1]-a[1])*rad, (b[0]-a[0])*rad
	s1, s2 := math.Sin(dLat/2), math.Sin(dLon/2)
	h := s1*s1 + math.Cos(lat1)*math.Cos(lat2)*s2*s2
	return 2 * EarthRadiusM * math.Asin(math.Sqrt(math.Min(1, h)))
}
