package data

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"pantau/geo"
)

// HotspotQuery selects the places patrol hotspots are ranked among.
type HotspotQuery struct {
	Level  string           // "desa" or "hex"
	CellM  float64          // hex: cell size in metres (centre to vertex), MinHexCellM..MaxHexCellM
	Filter geo.Filter       // dates, nationality, permit (status is ignored: both counts are taken)
	Within orb.MultiPolygon // optional (EPSG:4326): desa whose patrol point lies inside; hex: points inside
	Scope  string           // area code the caller is limited to ("" = all)
}

// Hex cell size bounds, in metres.
const (
	MinHexCellM = 100
	MaxHexCellM = 5000
)

// HotspotInputs returns the unscored hotspots of q (geo.RankHotspots scores
// them): every desa (in scope and, with Within, whose patrol point it
// covers), or every hexagon cell with something in it. Figures come from the
// shared SQL of migrations 0002 and 0600.
func (db *DB) HotspotInputs(ctx context.Context, q HotspotQuery) ([]geo.Hotspot, error) {
	var within any
	if len(q.Within) > 0 {
		var reason string
		if err := db.Pool.QueryRow(ctx, `SELECT CASE WHEN ST_IsValid($1::geometry) THEN '' ELSE ST_IsValidReason($1::geometry) END`,
			q.Within).Scan(&reason); err != nil {
			return nil, Classify(err)
		}
		if reason != "" {
			return nil, geo.RPolygonInvalid.FieldErrorf("hotspots.within", "the polygon is not valid: %s", reason)
		}
		within = q.Within
	}
	args := append(q.Filter.SQLArgs()[:4:4], within, q.Scope)
	var rows pgx.Rows
	var err error
	switch q.Level {
	case "desa":
		rows, err = db.Pool.Query(ctx, `
			SELECT code, name, code, name, kecamatan_name, pt, present, overstays, unregistered, open_alerts, present_before
			  FROM pantau_patrol_desa($1, $2, $3, $4)
			 WHERE ($5::geometry IS NULL OR ST_Covers($5::geometry, pt))
			   AND ($6 = '' OR code = $6 OR code LIKE $6 || '.%')
			 ORDER BY code`, args...)
	case "hex":
		if q.CellM < MinHexCellM || q.CellM > MaxHexCellM {
			return nil, geo.RPatrolBadHotspots.FieldErrorf("hotspots.cell_m", "cell_m must be from %d to %d metres", MinHexCellM, MaxHexCellM)
		}
		rows, err = db.Pool.Query(ctx, `
			WITH scope AS (SELECT CASE WHEN $6 = '' THEN NULL ELSE (SELECT geom FROM areas WHERE code = $6) END AS g),
			bounds AS (
			  SELECT coalesce(ST_Intersection($5::geometry, scope.g), $5::geometry, scope.g,
			                  (SELECT ST_Union(geom) FROM areas WHERE level = 'kabupaten'),
			                  (SELECT ST_Union(geom) FROM areas WHERE level = 'desa')) AS g
			  FROM scope)
			SELECT 'hex:' || $7::float8 || ':' || h.i || ':' || h.j, coalesce(d.name, 'outside every desa') || ' · cell ' || h.i || ',' || h.j,
			       coalesce(h.desa_code, ''), coalesce(d.name, ''), coalesce(k.name, ''), h.pt,
			       h.present, h.overstays, h.unregistered, h.open_alerts, h.present_before
			  FROM bounds, pantau_patrol_hex($7, $1, $2, $3, $4, bounds.g) h
			  LEFT JOIN areas d ON d.code = h.desa_code
			  LEFT JOIN areas k ON k.code = d.parent_code
			 ORDER BY h.i, h.j`, append(args, q.CellM)...)
	default:
		return nil, geo.RPatrolBadHotspots.FieldErrorf("hotspots.level", "level must be desa or hex, not %q", q.Level)
	}
	if err != nil {
		return nil, Classify(err)
	}
	hs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (geo.Hotspot, error) {
		h := geo.Hotspot{Level: q.Level}
		var pt orb.Point
		f := &h.Figures
		err := r.Scan(&h.ID, &h.Name, &h.DesaCode, &h.DesaName, &h.KecamatanName, &pt,
			&f.Present, &f.Overstays, &f.Unregistered, &f.OpenAlerts, &f.PresentBefore)
		h.Point = pt
		return h, err
	})
	if err != nil {
		return nil, fmt.Errorf("hotspot inputs: %w", Classify(err))
	}
	return hs, nil
}
