package tiles

import "fmt"

// The accommodations layer: one point per accommodation from z13, for
// principals that see individuals (officers within their scope). Viewers are
// refused the layer (EFORBIDDEN): a single villa's guest count is a count
// of identifiable people; they see accommodation counts per desa instead.
var accommodationsLayer = &Layer{
	Name:        "accommodations",
	Description: "Accommodations with kind, licence, APOA registration and present guests (officers, analysts, admins)",
	MinZoom:     13, MaxZoom: MaxZoom,
	Fields: []Field{
		{"name", "String", "accommodation name (the feature id is the accommodation id)"},
		{"kind", "String", "villa, hotel, guesthouse, kos or house"},
		{"licensed", "Boolean", "holds a business licence"},
		{"apoa_registered", "Boolean", "registered with APOA (reports its foreign guests)"},
		{"capacity", "Number", "guest capacity, when known"},
		{"guests", "Number", "stays at this accommodation matching the filter"},
		{"desa", "String", "Kemendagri code of its desa"},
	},
	IndividualsOnly: true,
	Reach:           noReach,
	sql: func(q *query) string {
		return fmt.Sprintf(`SELECT a.id AS fid, a.name, a.kind, a.licensed, a.apoa_registered, a.capacity,
			(SELECT count(*) FROM %s s WHERE s.accommodation_id = a.id) AS guests, a.desa_code AS desa,
			%s AS geom
		FROM accommodations a
		WHERE %s AND %s
		ORDER BY a.id LIMIT %d`,
			q.matching(), q.mvtGeom("a.geom_3857"), q.near("a.geom_3857", BufferWidth(q.z)), q.inScope("a.desa_code"), q.max)
	},
}
