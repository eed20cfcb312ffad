package picture

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
)

// pngEncoder writes the pictures: paletted PNG at BestSpeed (flat colour and
// a little text compress well at any level; the faster the better), its
// zlib writer and row buffers kept between calls by the pool.
var pngEncoder = png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: newEncoderPool(2)}

// encoderPool is a png.EncoderBufferPool that keeps up to n buffers for
// good. Each holds a zlib writer of some 800 KB; a sync.Pool drops them at
// every garbage collection, and under load (a collection every few
// hundred milliseconds) most pictures made a new one: 30 MB allocated in a
// 10-second run of the 10,000-member test. Two are kept, one per core;
// pictures encoded beyond that make their own.
type encoderPool struct{ free chan *png.EncoderBuffer }

func newEncoderPool(n int) *encoderPool {
	return &encoderPool{free: make(chan *png.EncoderBuffer, n)}
}

func (e *encoderPool) Get() *png.EncoderBuffer {
	select {
	case b := <-e.free:
		return b
	default:
		return nil // png.Encoder makes a new one
	}
}

func (e *encoderPool) Put(b *png.EncoderBuffer) {
	select {
	case e.free <- b:
	default: // full: b is dropped
	}
}

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
