// Package tiles serves Pantau's Mapbox vector tiles (MVT 2.1): a catalogue
// of layers (desa, kecamatan, stays, accommodations, geofences), each of
// which turns a tile request into SQL in one pure step; rendering with
// ST_AsMVT over the EPSG:3857 columns; a byte-bounded LRU cache with exact,
// database-driven invalidation; and TileJSON 3.0.0 descriptions.
//
// Tiles use the Web Mercator (EPSG:3857) XYZ scheme: z 0–22, x from west,
// y from north, extent 4096, buffer 64 extent units on every side. Geometry
// is clipped to the buffered tile and snapped/simplified to its grid by
// ST_AsMVTGeom. A feature belongs to a tile when its geometry intersects the
// buffered tile (boundaries count as inside).
//
// Privacy: no layer ever carries full_name, passport_no or birth_date.
// Individual stays are drawn only from z15 and only for principals that
// SeesIndividuals; everyone else gets aggregates, and for viewers an
// aggregate count from 1 to k−1 is never shown (see View).
package tiles
