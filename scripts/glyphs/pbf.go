package main

// The glyph PBF (MapLibre's glyphs.proto):
//
//	message glyph { uint32 id = 1; bytes bitmap = 2; uint32 width = 3; uint32 height = 4;
//	                sint32 left = 5; sint32 top = 6; uint32 advance = 7; }
//	message fontstack { string name = 1; string range = 2; repeated glyph glyphs = 3; }
//	message glyphs { repeated fontstack stacks = 1; }
//
// written by hand: seven fields do not need a protobuf library.

func encodeRange(stack, rng string, glyphs []Glyph) []byte {
	var fs []byte
	fs = appendBytes(fs, 1, []byte(stack))
	fs = appendBytes(fs, 2, []byte(rng))
	for _, g := range glyphs {
		var m []byte
		m = appendVarintField(m, 1, uint64(g.ID))
		if g.Bitmap != nil {
			m = appendBytes(m, 2, g.Bitmap)
		}
		m = appendVarintField(m, 3, uint64(g.Width))
		m = appendVarintField(m, 4, uint64(g.Height))
		m = appendVarintField(m, 5, zigzag(g.Left))
		m = appendVarintField(m, 6, zigzag(g.Top))
		m = appendVarintField(m, 7, uint64(g.Advance))
		fs = appendBytes(fs, 3, m)
	}
	return appendBytes(nil, 1, fs)
}

func zigzag(v int32) uint64 { return uint64(uint32((v << 1) ^ (v >> 31))) }

func appendVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func appendVarintField(b []byte, field int, v uint64) []byte {
	return appendVarint(appendVarint(b, uint64(field)<<3), v)
}

func appendBytes(b []byte, field int, v []byte) []byte {
	b = appendVarint(b, uint64(field)<<3|2)
	return append(appendVarint(b, uint64(len(v))), v...)
}
