package tiles

import (
	"slices"
	"strings"

	"pantau/geo"
)

// Field describes one feature property of a layer, for TileJSON.
type Field struct {
	Name, Type, Description string
}

// Layer is one entry of the catalogue: its zoom range, its properties, who
// may see it, how far a change reaches and the SQL of its rows. The SQL
// yields one row per feature with columns fid (bigint feature id), geom
// (ST_AsMVTGeom output, NULL when outside the buffered tile) and the
// properties; NULL properties are left out of the feature.
type Layer struct {
	Name        string
	Description string
	MinZoom     int
	MaxZoom     int
	Fields      []Field
	// IndividualsOnly layers may be requested only by principals that see
	// individuals; others get EFORBIDDEN.
	IndividualsOnly bool
	// Reach is how far, in metres at zoom z, a change at a point can alter
	// this layer's features beyond the recorded box (a hexagon, a cluster
	// cell); 0 when the recorded box covers every altered feature.
	Reach func(z int) float64
	sql   func(q *query) string
}

// Catalogue lists the layers by name.
var Catalogue = map[string]*Layer{}

// LayerNames lists the catalogue's names in a stable order.
var LayerNames = []string{"kecamatan", "desa", "stays", "accommodations", "geofences"}

func init() {
	for _, l := range []*Layer{kecamatanLayer, desaLayer, staysLayer, accommodationsLayer, geofencesLayer} {
		Catalogue[l.Name] = l
	}
}

// MaxLayers bounds a composite request.
const MaxLayers = 5

// ParseLayers reads a comma-separated list of layer names (in the order the
// tile holds them). Unknown names are ENOTFOUND, duplicates and empty lists
// EINVALID, layers the view may not see EFORBIDDEN; all name field "layers".
func ParseLayers(s string, v View) ([]*Layer, error) {
	var out []*Layer
	var names []string
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		l, ok := Catalogue[name]
		switch {
		case name == "":
			return nil, geo.RTileBadLayers.FieldErrorf("layers", "empty layer name in %q", s)
		case !ok:
			return nil, geo.RTileUnknownLayer.FieldErrorf("layers", "no layer %q; layers: %s", name, strings.Join(LayerNames, ", "))
		case slices.Contains(names, name):
			return nil, geo.RTileBadLayers.FieldErrorf("layers", "layer %q is listed twice", name)
		case l.IndividualsOnly && !v.Individuals:
			return nil, geo.RTileLayerForbidden.FieldErrorf("layers", "layer %q is for officers, analysts and admins (viewers may use kecamatan, desa and stays)", name)
		}
		names = append(names, name)
		out = append(out, l)
	}
	if len(out) > MaxLayers {
		return nil, geo.RTileBadLayers.FieldErrorf("layers", "at most %d layers", MaxLayers)
	}
	return out, nil
}

// Names returns the names of ls joined by commas.
func Names(ls []*Layer) string {
	n := make([]string, len(ls))
	for i, l := range ls {
		n[i] = l.Name
	}
	return strings.Join(n, ",")
}

func noReach(int) float64 { return 0 }
