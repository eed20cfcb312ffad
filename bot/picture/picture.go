// Package picture draws the PNG pictures clubbot attaches to Discord embeds:
// a member's check-in calendar and leaderboard bar charts.
//
// Everything is drawn in Go with the Go fonts (no cgo, no network, no font
// files on the host), at fixed sizes so the pictures look the same in every
// embed and tests can check pixels. Colours suit Discord's dark theme; the
// background is opaque so the light theme shows the same picture.
package picture

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The palette. Greens for check-ins read as "done" on a dark background;
// blurple marks the asking member the way Discord marks "you".
var (
	colBackground = color.RGBA{0x31, 0x33, 0x38, 0xff} // Discord dark #313338
	colPanel      = color.RGBA{0x2b, 0x2d, 0x31, 0xff} // a shade darker, behind bar tracks
	colText       = color.RGBA{0xdb, 0xde, 0xe1, 0xff}
	colMuted      = color.RGBA{0x94, 0x9b, 0xa4, 0xff}
	colTitle      = color.RGBA{0xf2, 0xf3, 0xf5, 0xff}
	colNone       = color.RGBA{0x40, 0x42, 0x49, 0xff} // a past day with no check-in
	colSome       = color.RGBA{0x2a, 0x6b, 0x4b, 0xff} // some minutes, under target
	colMet        = color.RGBA{0x3b, 0xb0, 0x6e, 0xff} // target met
	colOver       = color.RGBA{0x9c, 0xef, 0xbd, 0xff} // twice the target or more
	colToday      = color.RGBA{0xf2, 0xf3, 0xf5, 0xff} // outline around today
	colFrozen     = color.RGBA{0x7f, 0xc8, 0xf0, 0xff} // a day a streak freeze covered
	colBreak      = color.RGBA{0xd9, 0xa4, 0x41, 0xff} // a planned break day
	colBar        = color.RGBA{0x3b, 0xb0, 0x6e, 0xff}
	colHighlight  = color.RGBA{0x58, 0x65, 0xf2, 0xff} // Discord blurple
)

// faces are made once per process: parsing the fonts and rasterising glyphs
// cost more than the rest of a picture. Each face keeps the glyphs it has
// drawn and locks around the opentype face, which is not safe for
// concurrent use; the cache only ever holds what the font would draw again.
var faces = sync.OnceValues(func() (*faceSet, error) {
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("parse Go Regular: %w", err)
	}
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, fmt.Errorf("parse Go Bold: %w", err)
	}
	var fs faceSet
	for _, f := range []struct {
		dst  *font.Face
		font *opentype.Font
		size float64
	}{
		{&fs.small, regular, 12},
		{&fs.body, regular, 13},
		{&fs.label, regular, 14},
		{&fs.labelBold, bold, 14},
		{&fs.title, bold, 16},
		{&fs.heading, bold, 18},
	} {
		fc, err := opentype.NewFace(f.font, &opentype.FaceOptions{Size: f.size, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return nil, fmt.Errorf("font face: %w", err)
		}
		*f.dst = &cachedFace{
			face:     fc,
			glyphs:   map[glyphKey]cachedGlyph{},
			advances: map[rune]cachedAdvance{},
			kerns:    map[[2]rune]fixed.Int26_6{},
		}
	}
	return &fs, nil
})

// faceSet holds the faces the pictures use, by role (sizes in pixels).
type faceSet struct {
	small, body, label, labelBold, title, heading font.Face
}

// cachedFace is a font.Face safe for concurrent use that draws each glyph
// once per sub-pixel position. Glyphs are kept relative to the whole-pixel
// dot, since a glyph moved by whole pixels is the same mask.
//
// Advances and kerning, asked for every character measured or drawn, are
// kept too: looking them up in the font was most of a bar chart's text
// cost. Display names bring any characters, so those two caches stop
// growing at maxCachedMetrics entries and the font answers the rest.
type cachedFace struct {
	mu       sync.Mutex
	face     font.Face
	glyphs   map[glyphKey]cachedGlyph
	advances map[rune]cachedAdvance
	kerns    map[[2]rune]fixed.Int26_6
}

const maxCachedMetrics = 1 << 14

type cachedAdvance struct {
	advance fixed.Int26_6
	ok      bool
}

type glyphKey struct {
	r      rune
	fx, fy fixed.Int26_6 // the dot's sub-pixel part
}

type cachedGlyph struct {
	dr      image.Rectangle // relative to the dot's whole pixel
	mask    *image.Alpha    // a copy: the face reuses its own buffer
	advance fixed.Int26_6
	ok      bool
}

func (f *cachedFace) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	k := glyphKey{r: r, fx: dot.X & 63, fy: dot.Y & 63}
	f.mu.Lock()
	g, hit := f.glyphs[k]
	if !hit {
		dr, mask, mp, advance, ok := f.face.Glyph(fixed.Point26_6{X: k.fx, Y: k.fy}, r)
		g = cachedGlyph{dr: dr, advance: advance, ok: ok, mask: image.NewAlpha(image.Rectangle{Max: dr.Size()})}
		if mask != nil {
			draw.Draw(g.mask, g.mask.Bounds(), mask, mp, draw.Src)
			// 16 levels of coverage look the same as 256 at these sizes and
			// keep each text colour to 16 shades per background, so a
			// picture fits an exact 256-colour palette.
			for i, a := range g.mask.Pix {
				g.mask.Pix[i] = uint8((int(a) + 8) / 17 * 17)
			}
		}
		f.glyphs[k] = g
	}
	f.mu.Unlock()
	return g.dr.Add(image.Pt(dot.X.Floor(), dot.Y.Floor())), g.mask, image.Point{}, g.advance, g.ok
}

func (f *cachedFace) GlyphBounds(r rune) (fixed.Rectangle26_6, fixed.Int26_6, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.face.GlyphBounds(r)
}

func (f *cachedFace) GlyphAdvance(r rune) (fixed.Int26_6, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, hit := f.advances[r]
	if !hit {
		a.advance, a.ok = f.face.GlyphAdvance(r)
		if len(f.advances) < maxCachedMetrics {
			f.advances[r] = a
		}
	}
	return a.advance, a.ok
}

func (f *cachedFace) Kern(r0, r1 rune) fixed.Int26_6 {
	f.mu.Lock()
	defer f.mu.Unlock()
	k, hit := f.kerns[[2]rune{r0, r1}]
	if !hit {
		k = f.face.Kern(r0, r1)
		if len(f.kerns) < maxCachedMetrics {
			f.kerns[[2]rune{r0, r1}] = k
		}
	}
	return k
}

func (f *cachedFace) Metrics() font.Metrics {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.face.Metrics()
}

// Close does nothing: the faces live as long as the process.
func (f *cachedFace) Close() error { return nil }

// canvas is an opaque RGBA picture drawn through image/draw: the fallback
// surface for a picture indexed cannot hold.
type canvas struct{ *image.RGBA }

func newCanvas(w, h int) canvas {
	c := canvas{image.NewRGBA(image.Rect(0, 0, w, h))}
	c.fill(c.Bounds(), colBackground)
	return c
}

func (c canvas) fill(r image.Rectangle, col color.RGBA) {
	draw.Draw(c.RGBA, r, image.NewUniform(col), image.Point{}, draw.Src)
}

// text draws s with its baseline's left end at (x, y).
func (c canvas) text(f font.Face, x, y int, col color.RGBA, s string) {
	d := font.Drawer{Dst: c.RGBA, Src: image.NewUniform(col), Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// width is how many pixels s takes in f, rounded up.
func width(f font.Face, s string) int { return font.MeasureString(f, s).Ceil() }

// drawable is s as f can draw it. The Go fonts cover Latin, Greek and
// Cyrillic; a run of anything else (emoji, CJK, Arabic, Devanagari...)
// becomes one space, so the words around it stay apart and a name never
// shows as a row of empty boxes; marks and joiners f lacks (variation
// selectors, zero-width joiners, combining marks) just go. Control
// characters and runs of spaces become single spaces; the ends are trimmed.
// Names stay whole in the embed text beside the picture, where Discord
// draws every script.
func drawable(f font.Face, s string) string {
	var b strings.Builder
	space := false
	dropped := false // the last rune shown was one f cannot draw
	joined := false  // a zero-width joiner followed a dropped rune
	for _, r := range s {
		switch {
		case r < ' ' || r == 0x7f || r == ' ':
			space, dropped, joined = b.Len() > 0, false, false
			continue
		case r == '\u200d':
			// What a joiner joins belongs to the emoji sequence before it
			// ("🏃‍♀️"), though the font may draw it alone.
			joined = dropped
			continue
		}
		if _, ok := f.GlyphAdvance(r); !ok || joined {
			joined = false
			if !unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
				space, dropped = b.Len() > 0, true
			}
			continue
		}
		dropped = false
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// barLabel is a bar's label as drawn: its rank, then what f can draw of the
// name. A name with no letter or digit left (all emoji, or a script the
// font lacks) is drawn as a dash: its rank, and the embed's list, say who
// it is.
func barLabel(f font.Face, b Bar) string {
	name := drawable(f, b.Label)
	if !strings.ContainsFunc(name, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		name = "—"
	}
	if b.Rank > 0 {
		name = strconv.Itoa(b.Rank) + ". " + name
	}
	return name
}

// fit shortens s with an ellipsis until it takes at most max pixels in f.
// It keeps the longest start of s that fits with "…" after it (spaces
// before the "…" dropped), measuring each start once from the one before.
func fit(f font.Face, s string, max int) string {
	if width(f, s) <= max {
		return s
	}
	runes := []rune(s)
	// widths[n] is runes[:n]'s width, added up as font.MeasureString does.
	widths := make([]fixed.Int26_6, len(runes)+1)
	for i, r := range runes {
		w := widths[i]
		if i > 0 {
			w += f.Kern(runes[i-1], r)
		}
		a, _ := f.GlyphAdvance(r)
		widths[i+1] = w + a
	}
	ellipsis, _ := f.GlyphAdvance('…')
	for n := len(runes) - 1; n > 0; n-- {
		m := n
		for m > 0 && runes[m-1] == ' ' {
			m--
		}
		w := widths[m] + ellipsis
		if m > 0 {
			w += f.Kern(runes[m-1], '…')
		}
		if w.Ceil() <= max {
			return string(runes[:m]) + "…"
		}
	}
	return ""
}

// encode writes a canvas as a PNG. The pictures are flat colour plus
// antialiased text, so they fit a 256-colour palette (or nearly: see
// toPaletted), and a paletted PNG is a quarter of the data.
func encode(img *image.RGBA) ([]byte, error) { return writePNG(toPaletted(img)) }

// toPaletted converts an opaque RGBA picture to a paletted one. With 256
// colours or fewer (the usual case) the copy is exact and takes one pass;
// otherwise the 256 most used colours (every flat fill is among them) make
// the palette and the rare antialiasing shades go to their nearest entry.
func toPaletted(img *image.RGBA) *image.Paletted {
	b := img.Bounds()
	out := image.NewPaletted(b, make(color.Palette, 0, 256))
	index := make(map[uint32]uint8, 256)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		r := rgbaRow(img, y)
		dst := out.Pix[out.PixOffset(b.Min.X, y):][:b.Dx()]
		last := pixelWord(r, 0) ^ 1 // differs from the first pixel
		var at uint8
		for x := range dst {
			// Neighbouring pixels mostly match, so the map is seldom asked.
			if p := pixelWord(r, x); p != last {
				i, ok := index[p]
				if !ok {
					if len(out.Palette) == 256 {
						return quantize(img)
					}
					i = uint8(len(out.Palette))
					index[p] = i
					out.Palette = append(out.Palette, color.RGBA{uint8(p), uint8(p >> 8), uint8(p >> 16), 0xff})
				}
				last, at = p, i
			}
			dst[x] = at
		}
	}
	return out
}

// rgbaRow is row y of img's pixels.
func rgbaRow(img *image.RGBA, y int) []byte {
	i := img.PixOffset(img.Rect.Min.X, y)
	return img.Pix[i : i+4*img.Rect.Dx()]
}

// pixelWord is pixel x of a row as one word (alpha is always 0xff here):
// one load and one compare per pixel.
func pixelWord(row []byte, x int) uint32 { return binary.LittleEndian.Uint32(row[4*x:]) }

// quantize is toPaletted for pictures with more than 256 colours.
func quantize(img *image.RGBA) *image.Paletted {
	b := img.Bounds()
	counts := map[uint32]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		r := rgbaRow(img, y)
		last, run := pixelWord(r, 0), 0
		for x := range b.Dx() {
			if p := pixelWord(r, x); p != last {
				counts[last] += run
				last, run = p, 0
			}
			run++
		}
		counts[last] += run
	}
	colours := make([]uint32, 0, len(counts))
	for c := range counts {
		colours = append(colours, c)
	}
	slices.SortFunc(colours, func(a, b uint32) int {
		if d := counts[b] - counts[a]; d != 0 {
			return d
		}
		return cmp.Compare(a, b)
	})
	kept := colours[:256]
	index := make(map[uint32]uint8, len(colours))
	pal := make(color.Palette, len(kept))
	for i, c := range kept {
		index[c] = uint8(i)
		pal[i] = color.RGBA{uint8(c), uint8(c >> 8), uint8(c >> 16), 0xff}
	}
	for _, c := range colours[len(kept):] {
		index[c] = nearest(c, kept)
	}
	out := image.NewPaletted(b, pal)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		r := rgbaRow(img, y)
		dst := out.Pix[out.PixOffset(b.Min.X, y):][:b.Dx()]
		last := pixelWord(r, 0)
		at := index[last]
		for x := range dst {
			if p := pixelWord(r, x); p != last {
				last, at = p, index[p]
			}
			dst[x] = at
		}
	}
	return out
}

// nearest is the index of the palette colour closest to c.
func nearest(c uint32, palette []uint32) uint8 {
	best, bestDist := 0, 1<<62
	for i, p := range palette {
		dr := int(c&0xff) - int(p&0xff)
		dg := int(c>>8&0xff) - int(p>>8&0xff)
		db := int(c>>16&0xff) - int(p>>16&0xff)
		if d := dr*dr + dg*dg + db*db; d < bestDist {
			best, bestDist = i, d
		}
	}
	return uint8(best)
}
