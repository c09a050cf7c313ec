package main

import (
	"os"
	"path/filepath"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

const dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

// decoded is one glyph read back with protowire, independently of encodeRange.
type decoded struct {
	id, width, height, advance uint64
	left, top                  int64
	bitmap                     []byte
}

func decodeRange(t *testing.T, b []byte) (name, rng string, glyphs map[rune]decoded) {
	t.Helper()
	glyphs = map[rune]decoded{}
	fields := func(b []byte, fn func(num protowire.Number, v uint64, bytes []byte)) {
		for len(b) > 0 {
			num, typ, n := protowire.ConsumeTag(b)
			if n < 0 {
				t.Fatalf("bad tag: %v", protowire.ParseError(n))
			}
			b = b[n:]
			switch typ {
			case protowire.VarintType:
				v, n := protowire.ConsumeVarint(b)
				if n < 0 {
					t.Fatal("bad varint")
				}
				fn(num, v, nil)
				b = b[n:]
			case protowire.BytesType:
				v, n := protowire.ConsumeBytes(b)
				if n < 0 {
					t.Fatal("bad bytes")
				}
				fn(num, 0, v)
				b = b[n:]
			default:
				t.Fatalf("unexpected wire type %d", typ)
			}
		}
	}
	stacks := 0
	fields(b, func(num protowire.Number, _ uint64, stack []byte) {
		stacks++
		fields(stack, func(num protowire.Number, _ uint64, v []byte) {
			switch num {
			case 1:
				name = string(v)
			case 2:
				rng = string(v)
			case 3:
				var g decoded
				fields(v, func(num protowire.Number, x uint64, bs []byte) {
					switch num {
					case 1:
						g.id = x
					case 2:
						g.bitmap = bs
					case 3:
						g.width = x
					case 4:
						g.height = x
					case 5:
						g.left = protowire.DecodeZigZag(x)
					case 6:
						g.top = protowire.DecodeZigZag(x)
					case 7:
						g.advance = x
					}
				})
				glyphs[rune(g.id)] = g
			}
		})
	})
	if stacks != 1 {
		t.Fatalf("%d font stacks in one range, want 1", stacks)
	}
	return name, rng, glyphs
}

// TestGlyphRanges writes DejaVu Sans's Latin ranges and reads them back: the
// stack and range names, each glyph's box, its distance field (inside the
// outline above the 192 edge value, the border below it) and that a range
// the font has no glyph in is not written (the server then answers 404).
func TestGlyphRanges(t *testing.T) {
	if _, err := os.Stat(dejavu); err != nil {
		t.Fatalf("%s missing: scripts/ensure-deps.sh run installs fonts-dejavu-core", dejavu)
	}
	out := t.TempDir()
	starts, err := parseRanges("0-511,19968-20223")
	if err != nil {
		t.Fatal(err)
	}
	n, err := writeStack(out, "DejaVu Sans", dejavu, starts)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("%d ranges written, want 2 (0-255, 256-511; no CJK in DejaVu Sans)", n)
	}
	if _, err := os.Stat(filepath.Join(out, "DejaVu Sans", "19968-20223.pbf")); !os.IsNotExist(err) {
		t.Errorf("a range without glyphs was written: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(out, "DejaVu Sans", "0-255.pbf"))
	if err != nil {
		t.Fatal(err)
	}
	name, rng, glyphs := decodeRange(t, b)
	if name != "DejaVu Sans" || rng != "0-255" {
		t.Errorf("stack %q range %q", name, rng)
	}
	for _, r := range "Cipanas Sukaresmi 0123456789" {
		if _, ok := glyphs[r]; !ok {
			t.Errorf("glyph %q missing", r)
		}
	}
	space := glyphs[' ']
	if space.bitmap != nil || space.advance == 0 {
		t.Errorf("space: bitmap %d bytes, advance %d", len(space.bitmap), space.advance)
	}
	// "l" is a vertical bar from the baseline up: its box's middle column is
	// inside (≥ 192), the border's corner is outside (< 192).
	l := glyphs['l']
	bw, bh := int(l.width)+2*border, int(l.height)+2*border
	if len(l.bitmap) != bw*bh {
		t.Fatalf("l: bitmap %d bytes, want %d×%d", len(l.bitmap), bw, bh)
	}
	if mid := l.bitmap[(bh/2)*bw+bw/2]; mid < 192 {
		t.Errorf("l: middle %d, want ≥ 192 (inside)", mid)
	}
	if corner := l.bitmap[0]; corner >= 192 {
		t.Errorf("l: corner %d, want < 192 (outside)", corner)
	}
	if l.top < 15 || l.top > 20 || l.height < 15 || l.advance < 5 || l.advance > 9 {
		t.Errorf("l: top %d height %d advance %d (24 px em: about 17.5, 17.5, 6.5)", l.top, l.height, l.advance)
	}
	// "g" descends below the baseline.
	if g := glyphs['g']; g.top-int64(g.height) >= 0 {
		t.Errorf("g: top %d height %d does not descend", g.top, g.height)
	}
	b, err = os.ReadFile(filepath.Join(out, "DejaVu Sans", "256-511.pbf"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ext := decodeRange(t, b); len(ext) < 200 {
		t.Errorf("256-511: %d glyphs, want Latin Extended-A and B", len(ext))
	}
}

func TestParseRanges(t *testing.T) {
	for _, bad := range []string{"0-100", "10-265", "256-255", "x", "0-70000"} {
		if _, err := parseRanges(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if s, err := parseRanges("0-767, 8192-8447"); err != nil || len(s) != 4 || s[3] != 8192 {
		t.Errorf("%v %v", s, err)
	}
}
