package data

import (
	"context"
	"database/sql/driver"
	"encoding/binary"
	"encoding/hex"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/ewkb"

	"pantau/geo"
)

// GeometryCodec moves PostGIS geometry values over the wire as EWKB (binary
// format) or hex EWKB (text format). It encodes geom.T and orb.Geometry
// values (orb ones get SRID 4326) and scans into *geom.T, *orb.Geometry,
// *orb.Point, *orb.Polygon and *orb.MultiPolygon. SQL NULL scans into a nil
// geometry. It replaces twpayne/pgx-geom, which is not available here.
type GeometryCodec struct{}

var _ pgtype.Codec = GeometryCodec{}

// RegisterGeometry registers the codec for PostGIS's geometry type on conn;
// call it from pgxpool.Config.AfterConnect.
func RegisterGeometry(ctx context.Context, conn *pgx.Conn) error {
	var oid uint32
	err := conn.QueryRow(ctx, `SELECT oid FROM pg_type WHERE typname = 'geometry' AND typnamespace = 'public'::regnamespace`).Scan(&oid)
	if err == pgx.ErrNoRows {
		return nil // before the first migration PostGIS may not be installed yet
	} else if err != nil {
		return fmt.Errorf("look up geometry type: %w", err)
	}
	conn.TypeMap().RegisterType(&pgtype.Type{Name: "geometry", OID: oid, Codec: GeometryCodec{}})
	return nil
}

func (GeometryCodec) FormatSupported(f int16) bool {
	return f == pgtype.BinaryFormatCode || f == pgtype.TextFormatCode
}

func (GeometryCodec) PreferredFormat() int16 { return pgtype.BinaryFormatCode }

func (GeometryCodec) PlanEncode(_ *pgtype.Map, _ uint32, format int16, value any) pgtype.EncodePlan {
	switch value.(type) {
	case geom.T, orb.Geometry:
		return encodePlan{format: format}
	}
	return nil
}

type encodePlan struct{ format int16 }

func (p encodePlan) Encode(value any, buf []byte) ([]byte, error) {
	var t geom.T
	switch v := value.(type) {
	case geom.T:
		t = v
	case orb.Geometry:
		var err error
		if t, err = ToGeom(v); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("cannot encode %T as geometry", value)
	}
	b, err := ewkb.Marshal(t, binary.LittleEndian)
	if err != nil {
		return nil, err
	}
	if p.format == pgtype.TextFormatCode {
		return append(buf, hex.EncodeToString(b)...), nil
	}
	return append(buf, b...), nil
}

func (GeometryCodec) PlanScan(_ *pgtype.Map, _ uint32, format int16, target any) pgtype.ScanPlan {
	switch target.(type) {
	case *geom.T, *orb.Geometry, *orb.Point, *orb.Polygon, *orb.MultiPolygon:
		return scanPlan{format: format}
	}
	return nil
}

type scanPlan struct{ format int16 }

func (p scanPlan) Scan(src []byte, target any) error {
	if src == nil {
		switch t := target.(type) {
		case *geom.T:
			*t = nil
		case *orb.Geometry:
			*t = nil
		default:
			return fmt.Errorf("cannot scan NULL geometry into %T", target)
		}
		return nil
	}
	g, err := decodeEWKB(p.format, src)
	if err != nil {
		return err
	}
	if t, ok := target.(*geom.T); ok {
		*t = g
		return nil
	}
	o, err := ToOrb(g)
	if err != nil {
		return err
	}
	switch t := target.(type) {
	case *orb.Geometry:
		*t = o
	case *orb.Point:
		pt, ok := o.(orb.Point)
		if !ok {
			return fmt.Errorf("geometry is %s, not Point", o.GeoJSONType())
		}
		*t = pt
	case *orb.Polygon:
		pg, ok := o.(orb.Polygon)
		if !ok {
			return fmt.Errorf("geometry is %s, not Polygon", o.GeoJSONType())
		}
		*t = pg
	case *orb.MultiPolygon:
		mp, ok := geo.AsMultiPolygon(o)
		if !ok {
			return fmt.Errorf("geometry is %s, not MultiPolygon", o.GeoJSONType())
		}
		*t = mp
	}
	return nil
}

func decodeEWKB(format int16, src []byte) (geom.T, error) {
	if format == pgtype.TextFormatCode {
		b := make([]byte, hex.DecodedLen(len(src)))
		if _, err := hex.Decode(b, src); err != nil {
			return nil, fmt.Errorf("geometry hex: %w", err)
		}
		src = b
	}
	g, err := ewkb.Unmarshal(src)
	if err != nil {
		return nil, fmt.Errorf("geometry EWKB: %w", err)
	}
	return g, nil
}

func (c GeometryCodec) DecodeDatabaseSQLValue(_ *pgtype.Map, _ uint32, format int16, src []byte) (driver.Value, error) {
	if src == nil {
		return nil, nil
	}
	if format == pgtype.TextFormatCode {
		return string(src), nil
	}
	return hex.EncodeToString(src), nil
}

func (c GeometryCodec) DecodeValue(_ *pgtype.Map, _ uint32, format int16, src []byte) (any, error) {
	if src == nil {
		return nil, nil
	}
	return decodeEWKB(format, src)
}
