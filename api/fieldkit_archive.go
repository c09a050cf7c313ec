package api

import (
	"bytes"
	"hash/fnv"
	"io"
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/protomaps/go-pmtiles/pmtiles"
)

// kitArchive collects gzip-compressed MVT tiles and writes them as one
// PMTiles v3 archive (github.com/protomaps/go-pmtiles: header, directories
// and metadata; the spec is at github.com/protomaps/PMTiles). Tiles are
// stored in tile-id order (clustered); identical tiles are stored once and
// neighbours sharing content become one run. Empty tiles are not stored
// (readers answer them as absent).
type kitArchive struct {
	tiles []kitTile
	bytes int64
}

type kitTile struct {
	id   uint64
	data []byte // gzip-compressed MVT
}

// add stores a tile at z/x/y.
func (a *kitArchive) add(z uint8, x, y uint32, gz []byte) {
	a.tiles = append(a.tiles, kitTile{id: pmtiles.ZxyToID(z, x, y), data: gz})
	a.bytes += int64(len(gz))
}

// writeTo writes the archive: bound and centre in EPSG:4326, zooms minZ..maxZ,
// metadata a JSON object (TileJSON-like: vector_layers and more).
func (a *kitArchive) writeTo(w io.Writer, bound orb.Bound, centre orb.Point, minZ, maxZ uint8, metadata map[string]any) (int64, error) {
	sort.Slice(a.tiles, func(i, j int) bool { return a.tiles[i].id < a.tiles[j].id })
	var data bytes.Buffer
	var entries []pmtiles.EntryV3
	stored := map[uint64]pmtiles.EntryV3{} // content hash → where it is
	h := fnv.New64a()
	for _, t := range a.tiles {
		h.Reset()
		h.Write(t.data)
		sum := h.Sum64()
		if e, ok := stored[sum]; ok && e.Length == uint32(len(t.data)) {
			if n := len(entries); n > 0 && entries[n-1].Offset == e.Offset && entries[n-1].TileID+uint64(entries[n-1].RunLength) == t.id {
				entries[n-1].RunLength++
			} else {
				entries = append(entries, pmtiles.EntryV3{TileID: t.id, Offset: e.Offset, Length: e.Length, RunLength: 1})
			}
			continue
		}
		e := pmtiles.EntryV3{TileID: t.id, Offset: uint64(data.Len()), Length: uint32(len(t.data)), RunLength: 1}
		stored[sum] = e
		entries = append(entries, e)
		data.Write(t.data)
	}
	root, leaves, _ := pmtiles.BuildDirectories(entries, 16384-pmtiles.HeaderV3LenBytes, pmtiles.Gzip)
	meta, err := pmtiles.SerializeMetadata(metadata, pmtiles.Gzip)
	if err != nil {
		return 0, err
	}
	e7 := func(v float64) int32 { return int32(math.Round(v * 1e7)) }
	hd := pmtiles.HeaderV3{SpecVersion: 3, Clustered: true,
		InternalCompression: pmtiles.Gzip, TileCompression: pmtiles.Gzip, TileType: pmtiles.Mvt,
		MinZoom: minZ, MaxZoom: maxZ, CenterZoom: min(max(minZ, 12), maxZ),
		MinLonE7: e7(bound.Min[0]), MinLatE7: e7(bound.Min[1]), MaxLonE7: e7(bound.Max[0]), MaxLatE7: e7(bound.Max[1]),
		CenterLonE7: e7(centre[0]), CenterLatE7: e7(centre[1]),
		AddressedTilesCount: uint64(len(a.tiles)), TileEntriesCount: uint64(len(entries)), TileContentsCount: uint64(len(stored))}
	hd.RootOffset = pmtiles.HeaderV3LenBytes
	hd.RootLength = uint64(len(root))
	hd.MetadataOffset = hd.RootOffset + hd.RootLength
	hd.MetadataLength = uint64(len(meta))
	hd.LeafDirectoryOffset = hd.MetadataOffset + hd.MetadataLength
	hd.LeafDirectoryLength = uint64(len(leaves))
	hd.TileDataOffset = hd.LeafDirectoryOffset + hd.LeafDirectoryLength
	hd.TileDataLength = uint64(data.Len())
	var n int64
	for _, part := range [][]byte{pmtiles.SerializeHeader(hd), root, meta, leaves, data.Bytes()} {
		k, err := w.Write(part)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// kitMetadata is the archive's metadata: TileJSON-style fields any PMTiles
// reader shows, and Pantau's own under "pantau" (area, view, filter, the
// patrol plan as GeoJSON).
func kitMetadata(name, description string, layers []map[string]any, pantau map[string]any) map[string]any {
	return map[string]any{"name": name, "description": description, "attribution": "Pantau · synthetic residents",
		"type": "overlay", "format": "pbf", "vector_layers": layers, "pantau": pantau}
}
