package tiles

import (
	"math"
	"strconv"

	"github.com/paulmach/orb/maptile"

	"pantau/geo"
)

// Tile geometry constants, in EPSG:3857 metres and MVT extent units.
const (
	MaxZoom = 22
	Extent  = 4096
	Buffer  = 64 // extent units beyond each edge

	worldHalf = 20037508.342789244 // half the Web Mercator world width, metres
	world     = 2 * worldHalf
)

// ParseTile validates z, x and y path segments: z 0–22 and x, y in
// [0, 2^z). Errors are EINVALID naming the segment.
func ParseTile(zs, xs, ys string) (maptile.Tile, error) {
	z, err := strconv.Atoi(zs)
	if err != nil || z < 0 || z > MaxZoom {
		return maptile.Tile{}, geo.RTileBadCoordinates.FieldErrorf("z", "zoom must be an integer from 0 to %d, not %q", MaxZoom, zs)
	}
	n := int64(1) << z
	coord := func(name, s string) (uint32, error) {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v < 0 || v >= n {
			return 0, geo.RTileBadCoordinates.FieldErrorf(name, "%s must be an integer from 0 to %d at zoom %d, not %q", name, n-1, z, s)
		}
		return uint32(v), nil
	}
	x, err := coord("x", xs)
	if err != nil {
		return maptile.Tile{}, err
	}
	y, err := coord("y", ys)
	if err != nil {
		return maptile.Tile{}, err
	}
	return maptile.New(x, y, maptile.Zoom(z)), nil
}

// TileWidth is the width of a tile at zoom z in EPSG:3857 metres.
func TileWidth(z int) float64 { return world / float64(int64(1)<<z) }

// BufferWidth is the tile buffer at zoom z in metres.
func BufferWidth(z int) float64 { return TileWidth(z) * Buffer / Extent }

// Box is an axis-aligned box in EPSG:3857 metres.
type Box struct{ MinX, MinY, MaxX, MaxY float64 }

// Expand grows b by d metres on every side.
func (b Box) Expand(d float64) Box { return Box{b.MinX - d, b.MinY - d, b.MaxX + d, b.MaxY + d} }

// Bounds is the box of tile t (without buffer).
func Bounds(t maptile.Tile) Box {
	w := TileWidth(int(t.Z))
	minx := -worldHalf + float64(t.X)*w
	maxy := worldHalf - float64(t.Y)*w
	return Box{minx, maxy - w, minx + w, maxy}
}

// TileRange returns the tiles at zoom z whose closed bounds touch b, as an
// inclusive x and y range clamped to the world.
func TileRange(b Box, z int) (x0, y0, x1, y1 uint32) {
	w := TileWidth(z)
	n := float64(int64(1) << z)
	clamp := func(v float64) uint32 { return uint32(math.Max(0, math.Min(n-1, math.Floor(v)))) }
	return clamp((b.MinX + worldHalf) / w), clamp((worldHalf - b.MaxY) / w),
		clamp((b.MaxX + worldHalf) / w), clamp((worldHalf - b.MinY) / w)
}
