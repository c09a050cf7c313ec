package tiles

import (
	"container/list"
	"slices"
	"sync"
	"sync/atomic"
)

// Entry is a rendered tile: the MVT bytes (empty for an empty tile), their
// gzip encoding (nil when not yet encoded) and an ETag derived from the
// bytes. Entries are immutable once returned.
type Entry struct {
	Data []byte
	Gzip []byte
	ETag string
}

// Cache is an in-process LRU of rendered tiles bounded by bytes, with a
// spatial index so that a change invalidates exactly the tiles it touches.
//
// Stores are refused while the cache is not live (no invalidation listener
// connected) and when any invalidation happened since the caller read
// Generation before rendering — a render that may have read data older than
// an invalidation is never cached.
type Cache struct {
	mu     sync.Mutex
	max    int64
	size   int64
	lru    list.List // front: most recent; values *item
	items  map[string]*item
	byTile [MaxZoom + 1]map[uint64]map[*item]struct{}
	gen    uint64
	live   bool

	Hits, Misses, Evicted, Invalidated atomic.Int64
}

type item struct {
	key    string
	z      int
	xy     uint64
	layers []string
	e      *Entry
	size   int64
	el     *list.Element
}

// NewCache returns a cache holding at most maxBytes of tiles (keys, bytes
// and gzip bytes plus a fixed overhead per entry). maxBytes ≤ 0 disables it.
func NewCache(maxBytes int64) *Cache {
	c := &Cache{max: maxBytes, items: map[string]*item{}}
	for z := range c.byTile {
		c.byTile[z] = map[uint64]map[*item]struct{}{}
	}
	return c
}

// Len is the number of cached tiles; Bytes their accounted size.
func (c *Cache) Len() int     { c.mu.Lock(); defer c.mu.Unlock(); return len(c.items) }
func (c *Cache) Bytes() int64 { c.mu.Lock(); defer c.mu.Unlock(); return c.size }

// Get returns the cached entry for key.
func (c *Cache) Get(key string) (*Entry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it, ok := c.items[key]
	if !ok {
		c.Misses.Add(1)
		return nil, false
	}
	c.lru.MoveToFront(it.el)
	c.Hits.Add(1)
	return it.e, true
}

// Generation is read before rendering and handed to Put.
func (c *Cache) Generation() uint64 { c.mu.Lock(); defer c.mu.Unlock(); return c.gen }

// Storing reports whether Put may currently store tiles.
func (c *Cache) Storing() bool { c.mu.Lock(); defer c.mu.Unlock(); return c.live && c.max > 0 }

// SetLive enables or disables stores (the listener sets it).
func (c *Cache) SetLive(live bool) { c.mu.Lock(); c.live = live; c.gen++; c.mu.Unlock() }

// Put stores e for req under key unless the cache is off or not live, or an
// invalidation happened since gen.
func (c *Cache) Put(key string, req Request, e *Entry, gen uint64) bool {
	size := int64(len(key)+len(e.Data)+len(e.Gzip)+len(e.ETag)) + 256
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.max <= 0 || !c.live || gen != c.gen || size > c.max/4 {
		return false
	}
	if old, ok := c.items[key]; ok {
		c.remove(old)
	}
	it := &item{key: key, z: int(req.Tile.Z), xy: uint64(req.Tile.X)<<32 | uint64(req.Tile.Y), e: e, size: size}
	for _, l := range req.Layers {
		it.layers = append(it.layers, l.Name)
	}
	it.el = c.lru.PushFront(it)
	c.items[key] = it
	set := c.byTile[it.z][it.xy]
	if set == nil {
		set = map[*item]struct{}{}
		c.byTile[it.z][it.xy] = set
	}
	set[it] = struct{}{}
	c.size += size
	for c.size > c.max {
		c.remove(c.lru.Back().Value.(*item))
		c.Evicted.Add(1)
	}
	return true
}

func (c *Cache) remove(it *item) {
	c.lru.Remove(it.el)
	delete(c.items, it.key)
	if set := c.byTile[it.z][it.xy]; set != nil {
		delete(set, it)
		if len(set) == 0 {
			delete(c.byTile[it.z], it.xy)
		}
	}
	c.size -= it.size
}

// Flush empties the cache (and fails renders in flight to store).
func (c *Cache) Flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.Invalidated.Add(int64(len(c.items)))
	c.items = map[string]*item{}
	c.lru.Init()
	c.size = 0
	for z := range c.byTile {
		c.byTile[z] = map[uint64]map[*item]struct{}{}
	}
}

// Invalidate drops, at every zoom, the cached tiles holding layer whose
// bounds, grown by the tile buffer and by how far a change reaches in that
// layer at that zoom, touch b (EPSG:3857). It returns how many were dropped.
// An unknown layer flushes the cache.
func (c *Cache) Invalidate(layer string, b Box) int {
	l, ok := Catalogue[layer]
	if !ok {
		c.Flush()
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	n := 0
	for z := 0; z <= MaxZoom; z++ {
		tiles := c.byTile[z]
		if len(tiles) == 0 {
			continue
		}
		x0, y0, x1, y1 := TileRange(b.Expand(l.Reach(z)+BufferWidth(z)), z)
		drop := func(set map[*item]struct{}) {
			for it := range set {
				if slices.Contains(it.layers, layer) {
					c.remove(it)
					n++
				}
			}
		}
		if span := uint64(x1-x0+1) * uint64(y1-y0+1); span <= uint64(len(tiles)) {
			for x := x0; x <= x1; x++ {
				for y := y0; y <= y1; y++ {
					if set := tiles[uint64(x)<<32|uint64(y)]; set != nil {
						drop(set)
					}
				}
			}
			continue
		}
		for xy, set := range tiles {
			if x, y := uint32(xy>>32), uint32(xy); x >= x0 && x <= x1 && y >= y0 && y <= y1 {
				drop(set)
			}
		}
	}
	c.Invalidated.Add(int64(n))
	return n
}
