package picture

import (
	"image"
	"image/color"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// surface is what the pictures are drawn on: flat fills and text. The fast
// one is indexed; canvas (RGBA, through image/draw) is the fallback for a
// picture with more than 256 colours, and the reference the tests hold
// indexed to.
type surface interface {
	fill(r image.Rectangle, col color.RGBA)
	text(f font.Face, x, y int, col color.RGBA, s string)
}

// outline draws a rectangle's border width px thick, inside r.
func outline(s surface, r image.Rectangle, width int, col color.RGBA) {
	s.fill(image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+width), col)
	s.fill(image.Rect(r.Min.X, r.Max.Y-width, r.Max.X, r.Max.Y), col)
	s.fill(image.Rect(r.Min.X, r.Min.Y, r.Min.X+width, r.Max.Y), col)
	s.fill(image.Rect(r.Max.X-width, r.Min.Y, r.Max.X, r.Max.Y), col)
}

// indexed is an opaque picture drawn straight into palette indices, its
// palette growing as colours are used. It draws exactly the pixels canvas
// draws (the same blending arithmetic as image/draw's glyph path) but writes
// a byte per pixel instead of four and needs no conversion before encoding:
// its pixels and palette are an image.Paletted as they are.
//
// When a picture needs a 257th colour, overflow is set and drawing goes on
// wrongly; the caller draws the picture again on a canvas.
type indexed struct {
	w, h     int
	pix      []byte // h rows of w palette indices
	pal      []color.RGBA
	palette  color.Palette // pal as image.Paletted takes it, in color.NRGBA (see index)
	inks     []ink
	overflow bool
}

// ink remembers, for one text colour, what each glyph coverage level over
// each palette entry blends to, so text costs a table look-up per pixel.
type ink struct {
	col   color.RGBA
	known [256]uint16 // bit l of known[i]: to[i][l] is set
	to    [256][coverageLevels]uint8
}

// coverageLevels is how many glyph coverage values cachedFace makes:
// multiples of coverageStep from 0 to 255.
const (
	coverageLevels = 16
	coverageStep   = 255 / (coverageLevels - 1)
)

// indexedPool keeps pictures' buffers between calls: a calendar's pixels,
// palette and ink tables would otherwise be most of what it allocates.
var indexedPool = sync.Pool{New: func() any { return new(indexed) }}

// newIndexed takes a w×h picture from the pool, filled with bg.
func newIndexed(w, h int, bg color.RGBA) *indexed {
	c := indexedPool.Get().(*indexed)
	c.reset(w, h)
	c.fill(image.Rect(0, 0, w, h), bg)
	return c
}

// cloneIndexed takes a copy of base from the pool, to draw on.
func cloneIndexed(base *indexed) *indexed {
	c := indexedPool.Get().(*indexed)
	c.reset(base.w, base.h)
	copy(c.pix, base.pix)
	c.pal = append(c.pal, base.pal...)
	c.palette = append(c.palette, base.palette...)
	c.overflow = base.overflow
	return c
}

func (c *indexed) reset(w, h int) {
	c.w, c.h = w, h
	n := h * w
	if cap(c.pix) < n {
		c.pix = make([]byte, n)
	}
	c.pix = c.pix[:n]
	c.pal = c.pal[:0]
	c.palette = c.palette[:0]
	c.inks = c.inks[:0]
	c.overflow = false
}

// release returns c to the pool; c must not be used after.
func (c *indexed) release() { indexedPool.Put(c) }

func (c *indexed) bounds() image.Rectangle { return image.Rect(0, 0, c.w, c.h) }

// row is row y's pixels.
func (c *indexed) row(y int) []byte {
	return c.pix[y*c.w : (y+1)*c.w]
}

// index is col's palette index, adding it if it is new.
func (c *indexed) index(col color.RGBA) uint8 {
	for i, p := range c.pal {
		if p == col {
			return uint8(i)
		}
	}
	if len(c.pal) == 256 {
		c.overflow = true
		return 0
	}
	c.pal = append(c.pal, col)
	// image/png converts each palette entry to NRGBA, allocating unless it
	// is NRGBA already; the pictures are opaque, so the values are the same.
	c.palette = append(c.palette, color.NRGBAModel.Convert(col))
	return uint8(len(c.pal) - 1)
}

func (c *indexed) fill(r image.Rectangle, col color.RGBA) {
	r = r.Intersect(c.bounds())
	if r.Empty() {
		return
	}
	v := c.index(col)
	first := c.row(r.Min.Y)[r.Min.X:r.Max.X]
	for i := range first {
		first[i] = v
	}
	for y := r.Min.Y + 1; y < r.Max.Y; y++ {
		copy(c.row(y)[r.Min.X:], first)
	}
}

// text draws s with its baseline's left end at (x, y), as font.Drawer does.
func (c *indexed) text(f font.Face, x, y int, col color.RGBA, s string) {
	k := c.inkFor(col)
	dot := fixed.P(x, y)
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			dot.X += f.Kern(prev, r)
		}
		dr, mask, mp, advance, _ := f.Glyph(dot, r)
		if !dr.Empty() {
			c.glyph(k, dr, mask, mp)
		}
		dot.X += advance
		prev = r
	}
}

// ink is the blending table for text in col.
func (c *indexed) inkFor(col color.RGBA) *ink {
	for i := range c.inks {
		if c.inks[i].col == col {
			return &c.inks[i]
		}
	}
	if len(c.inks) < cap(c.inks) {
		c.inks = c.inks[:len(c.inks)+1]
	} else {
		c.inks = append(c.inks, ink{})
	}
	k := &c.inks[len(c.inks)-1]
	k.col = col
	k.known = [256]uint16{}
	return k
}

// glyph draws a glyph mask at dr in k's colour over what is there, clipped
// as draw.DrawMask clips.
func (c *indexed) glyph(k *ink, dr image.Rectangle, mask image.Image, mp image.Point) {
	r := dr.Intersect(c.bounds()).Intersect(mask.Bounds().Add(dr.Min.Sub(mp)))
	if r.Empty() {
		return
	}
	mp = mp.Add(r.Min.Sub(dr.Min))
	alpha, ok := mask.(*image.Alpha)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		dst := c.row(y)[r.Min.X:r.Max.X]
		my := mp.Y + y - r.Min.Y
		for x := range dst {
			var ma uint8
			if ok {
				ma = alpha.Pix[alpha.PixOffset(mp.X+x, my)]
			} else {
				_, _, _, a := mask.At(mp.X+x, my).RGBA()
				ma = uint8(a >> 8)
			}
			if ma == 0 {
				continue
			}
			d := dst[x]
			if l := ma / coverageStep; ma%coverageStep == 0 {
				if k.known[d]&(1<<l) == 0 {
					k.to[d][l] = c.index(blendOver(c.pal[d], k.col, ma))
					k.known[d] |= 1 << l
				}
				dst[x] = k.to[d][l]
				continue
			}
			dst[x] = c.index(blendOver(c.pal[d], k.col, ma))
		}
	}
}

// blendOver is src drawn over dst with coverage ma, exactly as image/draw
// draws a uniform colour through an alpha mask onto RGBA (drawGlyphOver).
func blendOver(dst, src color.RGBA, ma8 uint8) color.RGBA {
	const m = 1<<16 - 1
	sr, sg, sb, sa := src.RGBA()
	ma := uint32(ma8)
	ma |= ma << 8
	a := (m - (sa * ma / m)) * 0x101
	return color.RGBA{
		R: uint8((uint32(dst.R)*a + sr*ma) / m >> 8),
		G: uint8((uint32(dst.G)*a + sg*ma) / m >> 8),
		B: uint8((uint32(dst.B)*a + sb*ma) / m >> 8),
		A: uint8((uint32(dst.A)*a + sa*ma) / m >> 8),
	}
}

// encode writes the picture as a PNG.
func (c *indexed) encode() ([]byte, error) {
	return writePNG(&image.Paletted{Pix: c.pix, Stride: c.w, Rect: c.bounds(), Palette: c.palette})
}
