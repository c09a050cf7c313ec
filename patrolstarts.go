package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"github.com/paulmach/orb"

	"pantau/geo"
)

// loadPatrolStarts reads the named start points of patrol plans from a
// JSON file (PANTAU_PATROL_STARTS):
//
//	[{"id": "polsek-cipanas", "name": "Polsek Cipanas", "lon": 107.041, "lat": -6.733,
//	  "approximate": false, "note": "surveyed 2026-07"}, …]
//
// The first is the default start. An empty path keeps the built-in,
// approximate geo.DefaultPatrolStarts (nil).
func loadPatrolStarts(path string) ([]geo.PatrolStart, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("patrol starts: %w", err)
	}
	var in []struct {
		ID          string   `json:"id"`
		Name        string   `json:"name"`
		Lon         *float64 `json:"lon"`
		Lat         *float64 `json:"lat"`
		Approximate bool     `json:"approximate"`
		Note        string   `json:"note"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("patrol starts %s: %w", path, err)
	}
	if len(in) == 0 {
		return nil, fmt.Errorf("patrol starts %s: no start points", path)
	}
	out := make([]geo.PatrolStart, len(in))
	for i, s := range in {
		if s.Lon == nil || s.Lat == nil {
			return nil, fmt.Errorf("patrol starts %s: entry %d needs lon and lat", path, i)
		}
		out[i] = geo.PatrolStart{ID: s.ID, Name: s.Name, Point: orb.Point{*s.Lon, *s.Lat}, Approximate: s.Approximate, Note: s.Note}
	}
	if err := geo.ValidatePatrolStarts(out); err != nil {
		return nil, fmt.Errorf("patrol starts %s: %w", path, err)
	}
	return out, nil
}
