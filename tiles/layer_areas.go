package tiles

import (
	"fmt"
	"strings"
)

// The desa and kecamatan layers: boundaries with the figures of the shared
// SQL function pantau_area_figures (migration 0002) for the request's filter
// — the same function GET /api/v1/density/areas uses, so tile and JSON agree
// by construction. The tile asks the figures of the areas it shows only
// (those near the tile): at 10,000,000 stays the figures of all 360 desa
// cost 10–45 ms per tile, those of a z13 tile's 2 desa about 1 ms.
var (
	desaLayer = &Layer{
		Name:        "desa",
		Description: "Desa/kelurahan boundaries with present stays, density, overstays and accommodations for the filter",
		MinZoom:     10, MaxZoom: MaxZoom,
		Fields: append([]Field{
			{"code", "String", "Kemendagri code, e.g. 32.03.29.2001 (the feature id is the code's digits)"},
			{"name", "String", "desa name"},
			{"kind", "String", "Desa or Kelurahan"},
			{"kecamatan", "String", "code of the kecamatan"},
		}, figureFields...),
		Reach: noReach,
		sql:   func(q *query) string { return areaSQL(q, "desa") },
	}
	kecamatanLayer = &Layer{
		Name:        "kecamatan",
		Description: "Kecamatan boundaries with the same figures one level up",
		MinZoom:     0, MaxZoom: MaxZoom,
		Fields: append([]Field{
			{"code", "String", "Kemendagri code, e.g. 32.03.29 (the feature id is the code's digits)"},
			{"name", "String", "kecamatan name"},
		}, figureFields...),
		Reach: noReach,
		sql:   func(q *query) string { return areaSQL(q, "kecamatan") },
	}
	figureFields = []Field{
		{"approximate", "Boolean", "true for the demo's derived (approximate) boundaries"},
		{"area_km2", "Number", "area in km²"},
		{"present", "Number", "stays present on the date or during the window (viewers: a multiple of k, absent when 1..k−1)"},
		{"per_km2", "Number", "present stays per km² (viewers: of the shown present)"},
		{"overstays", "Number", "present stays whose permit expired (viewers: a multiple of k, absent when 1..k−1)"},
		{"accommodations", "Number", "accommodations in the area"},
		{"unregistered", "Number", "accommodations not registered with APOA"},
	}
)

func areaSQL(q *query, level string) string {
	extra := ""
	if level == "desa" {
		extra = "a.kind, a.parent_code AS kecamatan,"
	}
	// A scope finer than the level (a desa-scoped caller's kecamatan): the
	// area holding the scope counts the scope's own figures exactly and
	// discloses the rest (docs/density.md "Small counts").
	with, ownPresent, ownOver := "", "", ""
	if q.view.Scope != "" && !q.view.Suppress && level == "kecamatan" && strings.Count(q.view.Scope, ".") > 2 {
		with = fmt.Sprintf(", o AS MATERIALIZED (SELECT present, overstays FROM %s WHERE code = %s)", q.figures("desa", "ARRAY["+q.shared("scope")+"]"), q.shared("scope"))
		ownPresent, ownOver = "coalesce((SELECT present FROM o), 0)", "coalesce((SELECT overstays FROM o), 0)"
	}
	// The areas near the tile are looked up once (n) and their figures
	// computed once (f, MATERIALIZED), not once per area.
	return fmt.Sprintf(`WITH n AS MATERIALIZED (SELECT * FROM areas a WHERE a.level = %[6]s AND %[7]s),
	f AS MATERIALIZED (SELECT * FROM %[1]s)%[8]s
	SELECT replace(a.code, '.', '')::bigint AS fid, a.code, a.name, %[2]s
		a.approximate, f.area_km2, %[3]s AS present, %[3]s / nullif(f.area_km2, 0) AS per_km2, %[4]s AS overstays,
		f.accommodations, f.unregistered, %[5]s AS geom
	FROM n a JOIN f ON f.code = a.code`,
		q.figures(level, "ARRAY(SELECT code FROM n)"), extra, q.areaCount("f.present", "a.code", ownPresent), q.areaCount("f.overstays", "a.code", ownOver),
		q.mvtGeom(q.simplified("a.geom_3857")), quoteLiteral(level), q.near("a.geom_3857", BufferWidth(q.z)), with)
}
