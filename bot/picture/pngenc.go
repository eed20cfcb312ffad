package picture

import (
	"encoding/binary"
	"hash/crc32"
	"image/color"
	"math/bits"
)

// writePNG encodes an 8-bit paletted picture as PNG, appending it to out.
// rows holds the picture's rows exactly as PNG's zlib stream carries them:
// h rows of w+1 bytes, each a filter byte (0, none) then w palette indices.
//
// It exists because image/png's encoder spent more time than all the
// drawing: deflate's general match search is wasted on these pictures,
// which are flat colour and a little text. Here each position is matched
// against only the byte before it (a run) and the byte above it (the row
// before), coded with deflate's fixed Huffman table: one pass, no hashing,
// no tables to build, and a few kilobytes out for a calendar.
func writePNG(out []byte, w, h int, palette []color.RGBA, rows []byte) []byte {
	out = append(out, "\x89PNG\r\n\x1a\n"...)

	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8] = 8 // bit depth
	ihdr[9] = 3 // colour type: palette
	out = appendChunk(out, "IHDR", ihdr[:])

	start := len(out)
	out = append(out, "\x00\x00\x00\x00PLTE"...)
	for _, c := range palette {
		out = append(out, c.R, c.G, c.B)
	}
	out = closeChunk(out, start)

	start = len(out)
	out = append(out, "\x00\x00\x00\x00IDAT"...)
	out = append(out, 0x78, 0x01) // zlib: deflate, 32 KiB window, fastest
	out = deflateRows(out, rows, w+1)
	out = binary.BigEndian.AppendUint32(out, adlerSum(rows))
	out = closeChunk(out, start)

	return appendChunk(out, "IEND", nil)
}

// appendChunk appends a whole PNG chunk.
func appendChunk(out []byte, typ string, data []byte) []byte {
	start := len(out)
	out = append(out, 0, 0, 0, 0)
	out = append(out, typ...)
	out = append(out, data...)
	return closeChunk(out, start)
}

// closeChunk fills in the length of the chunk begun at start and appends its
// CRC.
func closeChunk(out []byte, start int) []byte {
	binary.BigEndian.PutUint32(out[start:], uint32(len(out)-start-8))
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start+4:]))
}

// deflateRows appends data as one final deflate block with fixed Huffman
// codes. At each position it takes the longer of two copies, the previous
// byte repeated or the bytes one row back, when it is at least 3 bytes long,
// and a literal otherwise. rowLen must be at most 32768 (deflate's window).
func deflateRows(out []byte, data []byte, rowLen int) []byte {
	bw := bitWriter{out: out}
	runCode, rowCode := distCode(1), distCode(rowLen)
	bw.write(0b011, 3) // BFINAL=1, BTYPE=01 (fixed Huffman), low bit first
	for i := 0; i < len(data); {
		// Most positions in text match neither way: a look at the first
		// byte saves the calls.
		n, dist, code := 0, 0, 0
		if i >= 1 && data[i] == data[i-1] {
			n, dist, code = matchLen(data[i:], data[i-1:]), 1, runCode
		}
		if i >= rowLen && data[i] == data[i-rowLen] {
			if m := matchLen(data[i:], data[i-rowLen:]); m > n {
				n, dist, code = m, rowLen, rowCode
			}
		}
		if n < minMatch {
			bw.literal(data[i])
			i++
			continue
		}
		i += n
		for n > 0 {
			k := min(n, maxMatch)
			if r := n - k; r > 0 && r < minMatch {
				k = n - minMatch // leave a copy long enough to code
			}
			bw.match(k, dist, code)
			n -= k
		}
	}
	bw.write(fixedLit[256].code, fixedLit[256].len) // end of block
	return bw.flush()
}

const (
	minMatch = 3   // deflate's shortest copy
	maxMatch = 258 // and its longest
)

// matchLen is how many leading bytes a and b share (a is the shorter or as
// long). b may overlap a from behind: a copy one byte back is a run.
func matchLen(a, b []byte) int {
	n := 0
	for len(a)-n >= 8 {
		if x := binary.LittleEndian.Uint64(a[n:]) ^ binary.LittleEndian.Uint64(b[n:]); x != 0 {
			return n + bits.TrailingZeros64(x)/8
		}
		n += 8
	}
	for n < len(a) && a[n] == b[n] {
		n++
	}
	return n
}

// bitWriter packs deflate codes, low bit first, into out.
type bitWriter struct {
	out   []byte
	acc   uint64
	nbits uint
}

func (b *bitWriter) write(v uint32, n uint8) {
	b.acc |= uint64(v) << b.nbits
	b.nbits += uint(n)
	if b.nbits >= 32 {
		b.out = binary.LittleEndian.AppendUint32(b.out, uint32(b.acc))
		b.acc >>= 32
		b.nbits -= 32
	}
}

func (b *bitWriter) literal(v byte) {
	c := fixedLit[v]
	b.write(c.code, c.len)
}

// match writes a copy of n bytes (3..258) from dist bytes back (1..32768);
// d is distCode(dist).
func (b *bitWriter) match(n, dist, d int) {
	l := lengthCodes[n]
	c := fixedLit[257+int(l)]
	b.write(c.code, c.len)
	b.write(uint32(n-int(lengthBase[l])), lengthExtra[l])
	b.write(uint32(bits.Reverse8(uint8(d))>>3), 5) // fixed distance codes: 5 bits
	b.write(uint32(dist-int(distBase[d])), distExtra[d])
}

func (b *bitWriter) flush() []byte {
	for b.nbits > 0 {
		b.out = append(b.out, byte(b.acc))
		b.acc >>= 8
		b.nbits = b.nbits - min(b.nbits, 8)
	}
	return b.out
}

// huffCode is a Huffman code already bit-reversed for low-bit-first output.
type huffCode struct {
	code uint32
	len  uint8
}

// fixedLit is deflate's fixed literal/length code (RFC 1951, 3.2.6).
var fixedLit = func() (t [288]huffCode) {
	for v := range t {
		var code, n int
		switch {
		case v < 144:
			code, n = 0x30+v, 8
		case v < 256:
			code, n = 0x190+v-144, 9
		case v < 280:
			code, n = v-256, 7
		default:
			code, n = 0xc0+v-280, 8
		}
		t[v] = huffCode{code: uint32(bits.Reverse16(uint16(code)) >> (16 - n)), len: uint8(n)}
	}
	return t
}()

// Deflate's length and distance codes: base values and extra bits.
var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// lengthCodes maps a copy length (3..258) to its index in lengthBase.
var lengthCodes = func() (t [maxMatch + 1]uint8) {
	for n := minMatch; n <= maxMatch; n++ {
		i := len(lengthBase) - 1
		for int(lengthBase[i]) > n {
			i--
		}
		t[n] = uint8(i)
	}
	return t
}()

// distCode is the index in distBase of a copy distance (1..32768).
func distCode(dist int) int {
	i := len(distBase) - 1
	for int(distBase[i]) > dist {
		i--
	}
	return i
}

// adlerSum is hash/adler32.Checksum, eight bytes a step: it was a quarter of
// a calendar's encoding byte by byte. For bytes b0..b7 the sums step as
// s1 += b0+..+b7 and s2 += 8*s1 + 8*b0 + 7*b1 + .. + 1*b7; both byte sums
// come from multiplying the even and odd bytes, spread into 16-bit lanes,
// by constants that gather them into the top lane (no lane carries: each
// holds at most 4*255*8).
func adlerSum(p []byte) uint32 {
	const (
		mod   = 65521
		chunk = 1 << 16 // s2 stays far inside 64 bits between reductions
		lanes = 0x00ff00ff00ff00ff
		ones  = 0x0001000100010001
		evens = 2 | 4<<16 | 6<<32 | 8<<48 // weights 8, 6, 4, 2 for b0, b2, b4, b6
		odds  = 1 | 3<<16 | 5<<32 | 7<<48 // weights 7, 5, 3, 1 for b1, b3, b5, b7
	)
	s1, s2 := uint64(1), uint64(0)
	for len(p) > 0 {
		q := p[:min(len(p), chunk)]
		p = p[len(q):]
		for ; len(q) >= 8; q = q[8:] {
			w := binary.LittleEndian.Uint64(q)
			e, o := w&lanes, w>>8&lanes
			s2 += 8*s1 + (e*evens)>>48 + (o*odds)>>48
			s1 += ((e + o) * ones) >> 48
		}
		for _, b := range q {
			s1 += uint64(b)
			s2 += s1
		}
		s1 %= mod
		s2 %= mod
	}
	return uint32(s2<<16 | s1)
}
