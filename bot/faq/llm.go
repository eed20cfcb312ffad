package faq

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// llmPassages is how many top passages the model sees.
const llmPassages = 4

// maxLLMAnswerRunes bounds what a model can make the bot post.
const maxLLMAnswerRunes = 900

// promptPassage is a passage as the prompt template sees it.
type promptPassage struct {
	ID    string
	Title string
	Text  string
}

// modelReply is the JSON the prompt asks the model for.
type modelReply struct {
	Answer     string   `json:"answer"`
	Citations  []string `json:"citations"`
	Answerable *bool    `json:"answerable"`
}

var errBadReply = errors.New("model reply unusable")

// llmAnswer asks the model to answer from the top passages. Any error means
// the caller answers extractively instead.
func (e *Engine) llmAnswer(ctx context.Context, ix *index, q *query, question string, ranked []hit, best int) (Answer, error) {
	order := []int{best}
	for _, h := range ranked {
		if len(order) >= llmPassages {
			break
		}
		if h.doc != best {
			order = append(order, h.doc)
		}
	}
	given := map[string]*passage{}
	var pps []promptPassage
	for i, d := range order {
		p := ix.passages[d]
		id := fmt.Sprintf("n%d", i+1)
		given[id] = p
		pps = append(pps, promptPassage{ID: id, Title: p.title, Text: clip(p.body, 1500)})
	}
	var buf bytes.Buffer
	if err := e.prompt.Execute(&buf, map[string]any{"Passages": pps, "Question": question}); err != nil {
		return Answer{}, fmt.Errorf("render prompt: %w", err)
	}
	resp, err := e.cfg.Client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model: e.cfg.ChatModel,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: buf.String()},
			{Role: openai.ChatMessageRoleUser, Content: "Reply with the JSON object for the QUESTION above."},
		},
		//lint:ignore SA1019 local OpenAI-compatible servers (Ollama, llama.cpp) read max_tokens, not max_completion_tokens.
		MaxTokens:      500,
		ResponseFormat: &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject},
	})
	if err != nil {
		return Answer{}, fmt.Errorf("chat completion: %w", err)
	}
	if len(resp.Choices) == 0 {
		return Answer{}, fmt.Errorf("chat completion: %w: no choices", errBadReply)
	}
	reply, err := parseReply(resp.Choices[0].Message.Content)
	if err != nil {
		return Answer{}, err
	}
	if !*reply.Answerable {
		a := e.decline(ix, ranked)
		a.Mode = LLM
		return a, nil
	}
	var sources []Source
	seen := map[string]bool{}
	for _, id := range reply.Citations {
		p, ok := given[strings.TrimSpace(id)]
		if !ok {
			return Answer{}, fmt.Errorf("%w: cites %q, which it was not given", errBadReply, id)
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		ex := bestSentences(ix, q, p, excerptRunes)
		sources = append(sources, Source{Title: p.title, Excerpt: clip(strings.Join(ex, " "), excerptRunes)})
	}
	return Answer{
		Answered: true,
		Text:     clip(strings.TrimSpace(reply.Answer), maxLLMAnswerRunes) + "\n\n" + Disclaimer,
		Sources:  sources,
		Mode:     LLM,
	}, nil
}

// parseReply reads the model's JSON, tolerating a code fence or prose around
// it, and rejects anything incomplete.
func parseReply(content string) (modelReply, error) {
	start, end := strings.IndexByte(content, '{'), strings.LastIndexByte(content, '}')
	if start < 0 || end < start {
		return modelReply{}, fmt.Errorf("%w: no JSON object", errBadReply)
	}
	var r modelReply
	if err := json.Unmarshal([]byte(content[start:end+1]), &r); err != nil {
		return modelReply{}, fmt.Errorf("%w: %v", errBadReply, err)
	}
	if r.Answerable == nil {
		return modelReply{}, fmt.Errorf("%w: no answerable field", errBadReply)
	}
	if *r.Answerable && (strings.TrimSpace(r.Answer) == "" || len(r.Citations) == 0) {
		return modelReply{}, fmt.Errorf("%w: an answer without text or citations", errBadReply)
	}
	return r, nil
}

// jsonString renders a value as a JSON literal for the prompt template, so
// passages and questions stay quoted data.
func jsonString(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// limiter allows each key at most n events per window: a sliding window
// over the key's last n event times, on the engine's clock.
type limiter struct {
	mu     sync.Mutex
	n      int
	window time.Duration
	events map[string][]time.Time
}

func newLimiter(n int, window time.Duration) *limiter {
	return &limiter{n: n, window: window, events: map[string][]time.Time{}}
}

// maxLimiterKeys triggers a sweep of idle keys, so the map stays small.
const maxLimiterKeys = 10000

func (l *limiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.events) > maxLimiterKeys {
		for k, ts := range l.events {
			if now.Sub(ts[len(ts)-1]) >= l.window {
				delete(l.events, k)
			}
		}
	}
	ts := l.events[key]
	kept := ts[:0]
	for _, t := range ts {
		if now.Sub(t) < l.window {
			kept = append(kept, t)
		}
	}
	if len(kept) >= l.n {
		l.events[key] = kept
		return false
	}
	l.events[key] = append(kept, now)
	return true
}
