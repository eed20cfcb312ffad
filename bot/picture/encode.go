package picture

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"sync"
)

// pngEncoder writes the pictures: paletted PNG at BestSpeed (flat colour and
// a little text compress well at any level; the faster the better), its
// zlib writer and row buffers kept between calls by the pool.
var pngEncoder = png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: new(encoderPool)}

// encoderPool is a png.EncoderBufferPool over a sync.Pool.
type encoderPool struct{ p sync.Pool }

func (e *encoderPool) Get() *png.EncoderBuffer {
	b, _ := e.p.Get().(*png.EncoderBuffer)
	return b
}

func (e *encoderPool) Put(b *png.EncoderBuffer) { e.p.Put(b) }

// writePNG encodes a paletted picture. A calendar comes out at a few
// kilobytes, which the first allocation holds.
func writePNG(p *image.Paletted) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(8 << 10)
	if err := pngEncoder.Encode(&out, p); err != nil {
		return nil, fmt.Errorf("encode png: %w", err)
	}
	return out.Bytes(), nil
}
