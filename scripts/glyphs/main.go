// Command glyphs writes the web map's label glyphs: signed-distance-field
// glyph ranges in MapLibre's PBF format ({out}/{fontstack}/{start}-{end}.pbf,
// 256 code points each), made from TrueType/OpenType fonts installed on the
// build machine (Debian's fonts-dejavu-core; scripts/ensure-deps.sh installs
// it). `make web` runs it after the bundle; the output goes into the
// embedded, uncommitted api/web/app/fonts and the font files stay where
// Debian put them.
//
//	go run ./scripts/glyphs -out api/web/app/fonts \
//	  -font 'DejaVu Sans=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf' -ranges 0-767,8192-8447
//
// The glyphs follow the layout MapLibre expects of a glyph server (the one
// node-fontnik established): 24 px em, a 3 px border around each bitmap,
// distance in pixels scaled by 256/8 with the outline at 192 (cutoff 0.25),
// left/top of the glyph box relative to the pen and the baseline, advance in
// whole pixels. A range holding no glyph of the font is not written, so the
// server answers it 404.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

const (
	emPx   = 24  // glyph size in pixels per em
	border = 3   // pixels of distance field around each glyph box
	radius = 8.0 // distance in pixels that spans the 0..255 scale
	cutoff = 0.25
)

func main() {
	out := flag.String("out", "api/web/app/fonts", "output folder: one sub-folder per font stack")
	ranges := flag.String("ranges", "0-767,8192-8447", "code point ranges to write, each a multiple of 256 wide")
	var fonts fontFlags
	flag.Var(&fonts, "font", "STACK=FILE: a font stack name and its font file (repeatable)")
	flag.Parse()
	if len(fonts) == 0 {
		log.Fatal("glyphs: give at least one -font STACK=FILE")
	}
	starts, err := parseRanges(*ranges)
	if err != nil {
		log.Fatal("glyphs: ", err)
	}
	for _, f := range fonts {
		n, err := writeStack(*out, f.stack, f.file, starts)
		if err != nil {
			log.Fatalf("glyphs: %s: %v (install fonts-dejavu-core: scripts/ensure-deps.sh run)", f.file, err)
		}
		fmt.Printf("glyphs: %s → %d ranges in %s\n", f.stack, n, filepath.Join(*out, f.stack))
	}
}

type fontFlag struct{ stack, file string }
type fontFlags []fontFlag

func (f *fontFlags) String() string { return fmt.Sprint(*f) }
func (f *fontFlags) Set(v string) error {
	stack, file, ok := strings.Cut(v, "=")
	if !ok || stack == "" || file == "" || strings.ContainsAny(stack, "/,") {
		return errors.New("want STACK=FILE, the stack without / or ,")
	}
	*f = append(*f, fontFlag{stack, file})
	return nil
}

// parseRanges reads "0-767,8192-8447" into the starts of 256-wide ranges.
func parseRanges(s string) ([]rune, error) {
	var starts []rune
	for _, part := range strings.Split(s, ",") {
		lo, hi, ok := strings.Cut(strings.TrimSpace(part), "-")
		a, err1 := strconv.Atoi(lo)
		b, err2 := strconv.Atoi(hi)
		if !ok || err1 != nil || err2 != nil || a%256 != 0 || (b+1)%256 != 0 || b < a || b > 0xFFFF {
			return nil, fmt.Errorf("range %q: want START-END on 256 boundaries within 0-65535", part)
		}
		for r := a; r < b; r += 256 {
			starts = append(starts, rune(r))
		}
	}
	return starts, nil
}

// writeStack writes every range of starts that holds a glyph of the font.
func writeStack(out, stack, file string, starts []rune) (int, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	f, err := sfnt.Parse(raw)
	if err != nil {
		return 0, err
	}
	dir := filepath.Join(out, stack)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	n := 0
	for _, start := range starts {
		pbf, count, err := rangePBF(f, stack, start)
		if err != nil {
			return n, err
		}
		if count == 0 {
			continue
		}
		name := fmt.Sprintf("%d-%d.pbf", start, start+255)
		if err := os.WriteFile(filepath.Join(dir, name), pbf, 0o644); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// Glyph is one rendered code point.
type Glyph struct {
	ID                     rune
	Bitmap                 []byte // (Width+6)×(Height+6), rows top down; nil for blank glyphs
	Width, Height, Advance uint32
	Left, Top              int32
}

// rangePBF renders the code points start..start+255 the font has and encodes
// them as one PBF; count is how many it had.
func rangePBF(f *sfnt.Font, stack string, start rune) ([]byte, int, error) {
	var buf sfnt.Buffer
	var glyphs []Glyph
	for r := start; r <= start+255; r++ {
		idx, err := f.GlyphIndex(&buf, r)
		if err != nil {
			return nil, 0, err
		}
		if idx == 0 {
			continue
		}
		g, err := renderGlyph(f, &buf, idx)
		if err != nil {
			return nil, 0, fmt.Errorf("U+%04X: %w", r, err)
		}
		g.ID = r
		glyphs = append(glyphs, g)
	}
	return encodeRange(stack, fmt.Sprintf("%d-%d", start, start+255), glyphs), len(glyphs), nil
}

// renderGlyph draws one glyph's signed distance field from its outline.
func renderGlyph(f *sfnt.Font, buf *sfnt.Buffer, idx sfnt.GlyphIndex) (Glyph, error) {
	ppem := fixed.I(emPx)
	adv, err := f.GlyphAdvance(buf, idx, ppem, font.HintingNone)
	if err != nil {
		return Glyph{}, err
	}
	g := Glyph{Advance: uint32(max(adv.Round(), 0))}
	segs, err := f.LoadGlyph(buf, idx, ppem, nil)
	if err != nil {
		return Glyph{}, err
	}
	rings := flatten(segs)
	if len(rings) == 0 {
		return g, nil // a space
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, ring := range rings {
		for _, p := range ring {
			minX, maxX = math.Min(minX, p[0]), math.Max(maxX, p[0])
			minY, maxY = math.Min(minY, p[1]), math.Max(maxY, p[1])
		}
	}
	// y grows downwards here: the glyph's top is -minY above the baseline.
	left, top := math.Round(minX), math.Round(minY)
	w, h := int(math.Round(maxX)-left), int(math.Round(maxY)-top)
	if w <= 0 || h <= 0 || w > 256 || h > 256 {
		return g, nil
	}
	g.Width, g.Height, g.Left, g.Top = uint32(w), uint32(h), int32(left), int32(-top)
	bw, bh := w+2*border, h+2*border
	g.Bitmap = make([]byte, bw*bh)
	for y := 0; y < bh; y++ {
		for x := 0; x < bw; x++ {
			px, py := left-border+float64(x)+0.5, top-border+float64(y)+0.5
			d := distance(rings, px, py)
			if inside(rings, px, py) {
				d = -d
			}
			v := 255 - (d/radius+cutoff)*256
			g.Bitmap[y*bw+x] = byte(math.Max(0, math.Min(255, v)))
		}
	}
	return g, nil
}

type point = [2]float64

// flatten turns the outline's segments into closed polylines, curves cut
// into 8 straight pieces each (ample at 24 px).
func flatten(segs sfnt.Segments) [][]point {
	var rings [][]point
	var ring []point
	pt := func(p fixed.Point26_6) point { return point{float64(p.X) / 64, float64(p.Y) / 64} }
	closeRing := func() {
		if len(ring) > 2 {
			rings = append(rings, append(ring, ring[0]))
		}
		ring = nil
	}
	const steps = 8
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			closeRing()
			ring = append(ring, pt(s.Args[0]))
		case sfnt.SegmentOpLineTo:
			ring = append(ring, pt(s.Args[0]))
		case sfnt.SegmentOpQuadTo:
			p0, c, p1 := ring[len(ring)-1], pt(s.Args[0]), pt(s.Args[1])
			for i := 1; i <= steps; i++ {
				t := float64(i) / steps
				u := 1 - t
				ring = append(ring, point{u*u*p0[0] + 2*u*t*c[0] + t*t*p1[0], u*u*p0[1] + 2*u*t*c[1] + t*t*p1[1]})
			}
		case sfnt.SegmentOpCubeTo:
			p0, c0, c1, p1 := ring[len(ring)-1], pt(s.Args[0]), pt(s.Args[1]), pt(s.Args[2])
			for i := 1; i <= steps; i++ {
				t := float64(i) / steps
				u := 1 - t
				a, b, c, d := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
				ring = append(ring, point{a*p0[0] + b*c0[0] + c*c1[0] + d*p1[0], a*p0[1] + b*c0[1] + c*c1[1] + d*p1[1]})
			}
		}
	}
	closeRing()
	return rings
}

// distance is the distance from (x, y) to the nearest outline segment.
func distance(rings [][]point, x, y float64) float64 {
	best := math.Inf(1)
	for _, ring := range rings {
		for i := 1; i < len(ring); i++ {
			a, b := ring[i-1], ring[i]
			dx, dy := b[0]-a[0], b[1]-a[1]
			t := 0.0
			if l2 := dx*dx + dy*dy; l2 > 0 {
				t = math.Max(0, math.Min(1, ((x-a[0])*dx+(y-a[1])*dy)/l2))
			}
			ex, ey := x-(a[0]+t*dx), y-(a[1]+t*dy)
			best = math.Min(best, ex*ex+ey*ey)
		}
	}
	return math.Sqrt(best)
}

// inside applies the non-zero winding rule, as TrueType fills outlines.
func inside(rings [][]point, x, y float64) bool {
	wind := 0
	for _, ring := range rings {
		for i := 1; i < len(ring); i++ {
			a, b := ring[i-1], ring[i]
			cross := (b[0]-a[0])*(y-a[1]) - (x-a[0])*(b[1]-a[1])
			if a[1] <= y && b[1] > y && cross > 0 {
				wind++
			} else if a[1] > y && b[1] <= y && cross < 0 {
				wind--
			}
		}
	}
	return wind != 0
}
