package data

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
)

// SRID of every stored geometry (WGS 84 lon/lat).
const SRID = 4326

// ToGeom converts an orb geometry (lon, lat) to a go-geom geometry with SRID 4326.
func ToGeom(g orb.Geometry) (geom.T, error) {
	var t geom.T
	switch g := g.(type) {
	case orb.Point:
		t = geom.NewPointFlat(geom.XY, []float64{g[0], g[1]})
	case orb.MultiPoint:
		mp := geom.NewMultiPoint(geom.XY)
		for _, p := range g {
			_ = mp.Push(geom.NewPointFlat(geom.XY, []float64{p[0], p[1]}))
		}
		t = mp
	case orb.LineString:
		t = geom.NewLineStringFlat(geom.XY, flatPoints(g))
	case orb.Polygon:
		t = polygonToGeom(g)
	case orb.MultiPolygon:
		mp := geom.NewMultiPolygon(geom.XY)
		for _, p := range g {
			if err := mp.Push(polygonToGeom(p)); err != nil {
				return nil, err
			}
		}
		t = mp
	case orb.Ring:
		t = polygonToGeom(orb.Polygon{g})
	case orb.Bound:
		t = polygonToGeom(g.ToPolygon())
	default:
		return nil, fmt.Errorf("unsupported geometry type %T", g)
	}
	switch t := t.(type) {
	case *geom.Point:
		t.SetSRID(SRID)
	case *geom.MultiPoint:
		t.SetSRID(SRID)
	case *geom.LineString:
		t.SetSRID(SRID)
	case *geom.Polygon:
		t.SetSRID(SRID)
	case *geom.MultiPolygon:
		t.SetSRID(SRID)
	}
	return t, nil
}

func flatPoints[T ~[]orb.Point](pts T) []float64 {
	flat := make([]float64, 0, 2*len(pts))
	for _, p := range pts {
		flat = append(flat, p[0], p[1])
	}
	return flat
}

func polygonToGeom(p orb.Polygon) *geom.Polygon {
	var flat []float64
	ends := make([]int, 0, len(p))
	for _, r := range p {
		flat = append(flat, flatPoints(r)...)
		ends = append(ends, len(flat))
	}
	return geom.NewPolygonFlat(geom.XY, flat, ends)
}

// ToOrb converts a go-geom geometry to orb (dropping Z/M).
func ToOrb(t geom.T) (orb.Geometry, error) {
	switch g := t.(type) {
	case *geom.Point:
		if g.Empty() {
			return nil, fmt.Errorf("empty point")
		}
		return orb.Point{g.X(), g.Y()}, nil
	case *geom.MultiPoint:
		mp := make(orb.MultiPoint, g.NumPoints())
		for i := range mp {
			p := g.Point(i)
			mp[i] = orb.Point{p.X(), p.Y()}
		}
		return mp, nil
	case *geom.LineString:
		return orb.LineString(coordsToOrb(g.Coords())), nil
	case *geom.MultiLineString:
		ml := make(orb.MultiLineString, g.NumLineStrings())
		for i := range ml {
			ml[i] = coordsToOrb(g.LineString(i).Coords())
		}
		return ml, nil
	case *geom.Polygon:
		return polygonToOrb(g), nil
	case *geom.MultiPolygon:
		mp := make(orb.MultiPolygon, g.NumPolygons())
		for i := range mp {
			mp[i] = polygonToOrb(g.Polygon(i))
		}
		return mp, nil
	case *geom.GeometryCollection:
		c := orb.Collection{}
		for _, sub := range g.Geoms() {
			o, err := ToOrb(sub)
			if err != nil {
				return nil, err
			}
			c = append(c, o)
		}
		return c, nil
	}
	return nil, fmt.Errorf("unsupported geometry type %T", t)
}

func coordsToOrb(cs []geom.Coord) []orb.Point {
	pts := make([]orb.Point, len(cs))
	for i, c := range cs {
		pts[i] = orb.Point{c[0], c[1]}
	}
	return pts
}

func polygonToOrb(p *geom.Polygon) orb.Polygon {
	poly := make(orb.Polygon, p.NumLinearRings())
	for i := range poly {
		poly[i] = orb.Ring(coordsToOrb(p.LinearRing(i).Coords()))
	}
	return poly
}
