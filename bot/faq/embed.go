package faq

import (
	"context"
	"fmt"
	"math"
	"sort"
	"sync"

	openai "github.com/sashabaranov/go-openai"
)

// vectorCache keeps passage embeddings by text, so re-indexing a server's
// entries embeds only what is new.
type vectorCache struct {
	mu sync.Mutex
	m  map[string][]float32
}

func newVectorCache() *vectorCache { return &vectorCache{m: map[string][]float32{}} }

// embedBatch is how many texts go in one embeddings request.
const embedBatch = 128

func embeddingText(p *passage) string { return clip(p.title+"\n"+p.body, 2000) }

// embed returns the embeddings of texts, from the cache or the API.
func (e *Engine) embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	var missing []int
	e.vecs.mu.Lock()
	for i, t := range texts {
		if v, ok := e.vecs.m[t]; ok {
			out[i] = v
		} else {
			missing = append(missing, i)
		}
	}
	e.vecs.mu.Unlock()
	for start := 0; start < len(missing); start += embedBatch {
		batch := missing[start:min(start+embedBatch, len(missing))]
		input := make([]string, len(batch))
		for k, i := range batch {
			input[k] = texts[i]
		}
		resp, err := e.cfg.Client.CreateEmbeddings(ctx, openai.EmbeddingRequest{
			Input: input, Model: openai.EmbeddingModel(e.cfg.EmbedModel), EncodingFormat: openai.EmbeddingEncodingFormatFloat,
		})
		if err != nil {
			return nil, fmt.Errorf("embeddings: %w", err)
		}
		if len(resp.Data) != len(batch) {
			return nil, fmt.Errorf("embeddings: got %d vectors for %d texts", len(resp.Data), len(batch))
		}
		e.vecs.mu.Lock()
		for k, d := range resp.Data {
			idx := k
			if d.Index >= 0 && d.Index < len(batch) {
				idx = d.Index
			}
			out[batch[idx]] = d.Embedding
			e.vecs.m[input[idx]] = d.Embedding
		}
		e.vecs.mu.Unlock()
	}
	for i, v := range out {
		if len(v) == 0 {
			return nil, fmt.Errorf("embeddings: no vector for text %d", i)
		}
	}
	return out, nil
}

// rrfK is reciprocal rank fusion's usual constant.
const rrfK = 60

// fuse merges the BM25 ranking with the ranking by cosine similarity to the
// question's embedding, by reciprocal rank fusion: each list adds
// 1/(k+rank), so a passage both rankings like rises, and neither list's
// score scale matters.
func fuse(bm []hit, vectors [][]float32, qv []float32) []hit {
	scores := make(map[int]float64, len(vectors))
	for r, h := range bm {
		scores[h.doc] += 1 / float64(rrfK+r+1)
	}
	sims := make([]hit, len(vectors))
	for i, v := range vectors {
		sims[i] = hit{doc: i, score: cosine(v, qv)}
	}
	sort.SliceStable(sims, func(a, b int) bool { return sims[a].score > sims[b].score })
	for r, h := range sims {
		scores[h.doc] += 1 / float64(rrfK+r+1)
	}
	out := make([]hit, 0, len(scores))
	for d, s := range scores {
		out = append(out, hit{doc: d, score: s})
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].score != out[b].score {
			return out[a].score > out[b].score
		}
		return out[a].doc < out[b].doc
	})
	return out
}

func cosine(a, b []float32) float64 {
	if len(a) != len(b) {
		return 0
	}
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}
