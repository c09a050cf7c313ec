package tiles

import "fmt"

// The stays layer is aggregate-first. Stays are those of the shared
// selection pantau_stays_matching (migration 0002) for the filter.
//
//   - z0–z11: flat-topped hexagons of circumradius HexSize(z) = tile width/32
//     on PostGIS's global hexagon grid (ST_Hexagon, origin 0,0), so a
//     hexagon is the same cell in every tile it crosses and holds all of
//     its stays.
//   - z12–z14, and z15+ for views without individuals: clusters — stays
//     grouped by square cells of ClusterCell(z) = tile width/16 (at z15+
//     the z14 cell, 152.9 m, so zooming in reveals no more), drawn at the
//     mean position of their stays (views that see them exactly) or at the
//     cell's centre. Cells align with tiles.
//   - z15+ for views with individuals: one point per stay in scope; stays
//     out of the view's scope are clustered; a tile with more than the
//     feature limit of points falls back to clusters.
//
// Counts, and where clusters are drawn, follow the view's disclosure rule
// (View; docs/density.md "Small counts"): for viewers, and for what lies outside a
// scoped officer's area, counts are disclosed (1..k−1 hidden — the feature
// is dropped — others rounded down to a multiple of k) and clusters sit at
// their cell's centre, not at the mean of their stays.
var staysLayer = &Layer{
	Name:        "stays",
	Description: "Foreign residents' stays: hexagons (z0–11), clusters (z12–14), individual points from z15 for officers, analysts and admins",
	MinZoom:     0, MaxZoom: MaxZoom,
	Fields: []Field{
		{"kind", "String", "hex, cluster or stay"},
		{"count", "Number", "stays in the feature (1 for a stay; viewers: a multiple of k)"},
		{"overstays", "Number", "of which overstaying (viewers: a multiple of k, absent when 1..k−1)"},
		{"nationality", "String", "stay only: ISO 3166-1 alpha-3"},
		{"permit", "String", "stay only: permit type code"},
		{"arrival", "String", "stay only: arrival date YYYY-MM-DD"},
		{"departure", "String", "stay only: departure date YYYY-MM-DD, absent while open"},
		{"accommodation", "Number", "stay only: accommodation id, when known"},
		{"desa", "String", "stay only: Kemendagri code of its desa"},
	},
	Reach: staysReach,
	sql:   staysSQL,
}

// Zoom bands of the stays layer.
const (
	HexMaxZoom     = 11
	ClusterMaxZoom = 14
	PointMinZoom   = 15
)

// HexSize is the hexagon circumradius at zoom z (z ≤ 11), in metres.
func HexSize(z int) float64 { return TileWidth(z) / 32 }

// ClusterCell is the cluster cell width at zoom z (z ≥ 12), in metres.
func ClusterCell(z int) float64 { return TileWidth(min(z, ClusterMaxZoom)) / 16 }

// staysReach: a stay alters the hexagon holding it (within 2 circumradii of
// the stay) or its cluster cell (within one cell width).
func staysReach(z int) float64 {
	if z <= HexMaxZoom {
		return 2 * HexSize(z)
	}
	return ClusterCell(z)
}

// cellID packs two cell indices (|i|, |j| < 2^24) into one non-negative
// feature id below 2^50, exact as a JavaScript number:
// (i + 2^24) · 2^25 + (j + 2^24).
const cellID = "((%s + 16777216) * 33554432 + (%s + 16777216))::bigint"

func staysSQL(q *query) string {
	switch {
	case q.z <= HexMaxZoom:
		return hexSQL(q)
	case q.z >= PointMinZoom && q.view.Individuals:
		return pointSQL(q)
	}
	return clusterSQL(q)
}

// staysIn selects matching stays near the tile with their 3857 x, y,
// overstay flag and, for scoped views or when asked, whether they lie in the
// view's scope (inscope).
func staysIn(q *query, margin float64, cols string, withScope bool) string {
	if withScope || q.view.Scope != "" {
		cols = ", " + q.inScope("s.desa_code") + " AS inscope" + cols
	}
	return fmt.Sprintf(`SELECT ST_X(s.geom_3857) AS x, ST_Y(s.geom_3857) AS y,
		pantau_is_overstay(s.permit_expiry, s.departure_date, %s) AS over %s
	FROM %s s WHERE %s`, q.to(), cols, q.matching(), q.nearStays(margin))
}

// scopeCol passes the inscope column of staysIn through a subquery's
// select list when the view has a scope.
func (q *query) scopeCol() string {
	if q.view.Scope != "" {
		return ", inscope"
	}
	return ""
}

// Aggregates of a group of stays m: all of them and those outside the
// view's scope, and of these the overstaying ones.
const (
	groupAll     = "count(*)"
	groupOut     = "count(*) FILTER (WHERE NOT m.inscope)"
	groupOver    = "count(*) FILTER (WHERE m.over)"
	groupOverOut = "count(*) FILTER (WHERE m.over AND NOT m.inscope)"
)

// hexSQL bins stays into hexagons with cube rounding in axial coordinates
// and converts to PostGIS's odd-column offset indices (i, j), the cells of
// ST_Hexagon(size, i, j). Each step ends in OFFSET 0 so PostgreSQL computes
// it once per stay instead of inlining the expressions into each other. Stays are read from the tile grown by two
// circumradii plus the buffer, so every hexagon touching the buffered tile
// is complete; hexagons beyond it get no geometry and are dropped. Counts
// are the view's (groupCount); a hexagon whose count is hidden or 0 is
// dropped.
func hexSQL(q *query) string {
	size := HexSize(q.z)
	s := q.num(size)
	return fmt.Sprintf(`SELECT `+fmt.Sprintf(cellID, "c.i", "c.j")+` AS fid, 'hex' AS kind, c.n AS count, c.o AS overstays,
		%[1]s AS geom
	FROM (
		SELECT cq AS i, cr + (cq - (cq & 1)) / 2 AS j, %[2]s AS n, %[3]s AS o
		FROM (
			SELECT (CASE WHEN dq > ds AND dq > dr THEN -rs - rr ELSE rq END)::bigint AS cq,
			       (CASE WHEN dq > ds AND dq > dr THEN rr WHEN ds > dr THEN rr ELSE -rq - rs END)::bigint AS cr, over%[6]s
			FROM (
				SELECT rq, rr, rs, abs(rq - aq) AS dq, abs(rr - ar) AS dr, abs(rs + aq + ar) AS ds, over%[6]s
				FROM (
					SELECT aq, ar, round(aq) AS rq, round(ar) AS rr, round(-aq - ar) AS rs, over%[6]s
					FROM (SELECT (2.0 / 3) * x / %[4]s AS aq, (-x / 3 + sqrt(3) / 3 * y) / %[4]s AS ar, over%[6]s
					      FROM (%[5]s OFFSET 0) m OFFSET 0) a OFFSET 0) b OFFSET 0) c) m
		GROUP BY 1, 2
		HAVING %[2]s > 0) c`,
		q.mvtGeom(fmt.Sprintf("ST_Hexagon(%s, c.i::int, c.j::int, ST_SetSRID(ST_MakePoint(0, 0), 3857))", s)),
		q.groupCount(groupAll, groupOut), q.groupCount(groupOver, groupOverOut),
		s, staysIn(q, 2*size+BufferWidth(q.z), "", false), q.scopeCol())
}

// clusterSQL groups stays by square cells aligned with the tile grid.
// Stays are read from the tile grown by one cell plus the buffer, so every
// cluster that may fall in the buffered tile is complete. Counts and
// positions are the view's (groupCount, groupPoint).
func clusterSQL(q *query) string {
	cell := ClusterCell(q.z)
	c := q.num(cell)
	i, j := "floor(m.x / "+c+")", "floor(m.y / "+c+")"
	return fmt.Sprintf(`SELECT `+fmt.Sprintf(cellID, i, j)+` AS fid, 'cluster' AS kind,
		%[1]s AS count, %[2]s AS overstays, %[3]s AS geom
	FROM (%[4]s OFFSET 0) m
	GROUP BY %[5]s, %[6]s
	HAVING %[1]s > 0`,
		q.groupCount(groupAll, groupOut), q.groupCount(groupOver, groupOverOut),
		q.mvtGeom(q.groupPoint(i, j, c, groupOut)),
		staysIn(q, cell+BufferWidth(q.z), "", false), i, j)
}

// pointSQL draws in-scope stays as points and clusters the rest; when more
// than the feature limit of points fall in the buffered tile, every stay is
// clustered instead. Clusters are split by scope: out-of-scope ones are
// disclosed (groupCount: hidden ones dropped) and drawn at the cell centre.
func pointSQL(q *query) string {
	cell := ClusterCell(q.z)
	c := q.num(cell)
	i, j := "floor(m.x / "+c+")", "floor(m.y / "+c+")"
	bufm := BufferWidth(q.z)
	// A point only needs to lie in the buffered tile.
	inTile := "m.x BETWEEN ST_XMin(e) AND ST_XMax(e) AND m.y BETWEEN ST_YMin(e) AND ST_YMax(e)"
	return fmt.Sprintf(`WITH m AS MATERIALIZED (%[1]s),
	e AS (SELECT ST_Expand(%[2]s, %[3]s) AS e),
	pts AS (SELECT m.* FROM m, e WHERE m.inscope AND %[4]s ORDER BY m.id LIMIT %[5]d),
	flow AS (SELECT count(*) > %[6]d AS overflow FROM pts)
	SELECT id AS fid, 'stay' AS kind, 1::bigint AS count, over::int::bigint AS overstays,
		nationality::text AS nationality, permit_type AS permit, arrival_date::text AS arrival,
		departure_date::text AS departure, accommodation_id AS accommodation, desa_code AS desa,
		%[7]s AS geom
	FROM pts WHERE NOT (SELECT overflow FROM flow)
	UNION ALL
	SELECT (`+fmt.Sprintf(cellID, i, j)+`) * 2 + m.inscope::int, 'cluster', %[8]s,
		%[9]s, NULL, NULL, NULL, NULL, NULL, NULL,
		%[10]s
	FROM m WHERE NOT m.inscope OR (SELECT overflow FROM flow)
	GROUP BY %[11]s, %[12]s, m.inscope
	HAVING %[8]s > 0`,
		staysIn(q, cell+bufm, `, s.id, s.nationality, s.permit_type, s.arrival_date, s.departure_date,
			s.accommodation_id, s.desa_code, s.geom_3857`, true),
		q.env(), q.num(bufm), inTile, q.max+1, q.max,
		q.mvtGeom("pts.geom_3857"), q.groupCount(groupAll, groupOut), q.groupCount(groupOver, groupOverOut),
		q.mvtGeom(q.groupPoint(i, j, c, groupOut)), i, j)
}
