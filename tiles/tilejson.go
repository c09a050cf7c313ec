package tiles

import (
	"context"

	"pantau/data"
)

// TileJSON is a TileJSON 3.0.0 document.
type TileJSON struct {
	TileJSON     string        `json:"tilejson"`
	Name         string        `json:"name"`
	Description  string        `json:"description,omitempty"`
	Version      string        `json:"version"`
	Attribution  string        `json:"attribution"`
	Scheme       string        `json:"scheme"`
	Tiles        []string      `json:"tiles"`
	MinZoom      int           `json:"minzoom"`
	MaxZoom      int           `json:"maxzoom"`
	Bounds       [4]float64    `json:"bounds"`
	Center       [3]float64    `json:"center"`
	VectorLayers []VectorLayer `json:"vector_layers"`
}

// VectorLayer describes one layer of the tiles.
type VectorLayer struct {
	ID          string            `json:"id"`
	Description string            `json:"description"`
	MinZoom     int               `json:"minzoom"`
	MaxZoom     int               `json:"maxzoom"`
	Fields      map[string]string `json:"fields"`
}

// Attribution credits the sources of the data in the tiles.
const Attribution = "Pantau · boundaries: Kemendagri codes, see the data's README · synthetic residents"

// TileJSON describes layers served at tileURL (a template with {z}/{x}/{y}).
// Bounds are those of the loaded areas in EPSG:4326 (the whole world when
// none are loaded); fields map each property to its type and meaning.
func (s *Service) TileJSON(ctx context.Context, layers []*Layer, tileURL string) (TileJSON, error) {
	tj := TileJSON{TileJSON: "3.0.0", Name: "pantau:" + Names(layers), Version: "1.0.0",
		Attribution: Attribution, Scheme: "xyz", Tiles: []string{tileURL},
		MinZoom: MaxZoom, MaxZoom: 0, Bounds: [4]float64{-180, -85.0511, 180, 85.0511}}
	for _, l := range layers {
		vl := VectorLayer{ID: l.Name, Description: l.Description, MinZoom: l.MinZoom, MaxZoom: l.MaxZoom, Fields: map[string]string{}}
		for _, f := range l.Fields {
			vl.Fields[f.Name] = f.Type + ": " + f.Description
		}
		tj.VectorLayers = append(tj.VectorLayers, vl)
		tj.MinZoom, tj.MaxZoom = min(tj.MinZoom, l.MinZoom), max(tj.MaxZoom, l.MaxZoom)
	}
	var minx, miny, maxx, maxy *float64
	err := s.db.Pool.QueryRow(ctx, `SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
		FROM (SELECT ST_Extent(geom) AS e FROM areas WHERE level IN ('kabupaten', 'kecamatan')) x`).Scan(&minx, &miny, &maxx, &maxy)
	if err != nil {
		return tj, data.Classify(err)
	}
	if minx != nil {
		tj.Bounds = [4]float64{*minx, *miny, *maxx, *maxy}
	}
	tj.Center = [3]float64{(tj.Bounds[0] + tj.Bounds[2]) / 2, (tj.Bounds[1] + tj.Bounds[3]) / 2, float64(max(tj.MinZoom, 10))}
	return tj, nil
}
