package tiles

import "fmt"

// The geofences layer: the watched zones, with no personal data. Like
// GET /api/v1/geofences it is for officers, analysts and admins; viewers
// are refused it (EFORBIDDEN).
var geofencesLayer = &Layer{
	Name:        "geofences",
	Description: "Watched zones (geofences; officers, analysts, admins)",
	MinZoom:     0, MaxZoom: MaxZoom,
	Fields: []Field{
		{"name", "String", "zone name (the feature id is the geofence id)"},
		{"kind", "String", "watch_zone, restricted_zone or guided_village"},
	},
	IndividualsOnly: true,
	Reach:           noReach,
	sql: func(q *query) string {
		return fmt.Sprintf(`SELECT g.id AS fid, g.name, g.kind, %s AS geom FROM geofences g WHERE %s`,
			q.mvtGeom(q.simplified("g.geom_3857")), q.near("g.geom_3857", BufferWidth(q.z)))
	},
}
