package faq

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"clubbot/prompts"
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
	var shown strings.Builder // every text the model saw besides the question
	for i, d := range order {
		p := ix.passages[d]
		id := fmt.Sprintf("n%d", i+1)
		given[id] = p
		pp := promptPassage{ID: id, Title: p.title, Text: clip(p.body, 1500)}
		pps = append(pps, pp)
		shown.WriteString(pp.Title + "\n" + pp.Text + "\n")
	}
	var buf bytes.Buffer
	if err := e.prompt.Execute(&buf, map[string]any{"Passages": pps, "Question": question}); err != nil {
		return Answer{}, fmt.Errorf("render prompt: %w", err)
	}
	resp, err := e.cfg.Client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model: e.cfg.ChatModel,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: prompts.AnswerSystem},
			{Role: openai.ChatMessageRoleUser, Content: buf.String()},
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
	text := plainAnswer(reply.Answer, shown.String())
	if text == "" {
		return Answer{}, fmt.Errorf("%w: nothing left after removing formatting", errBadReply)
	}
	return Answer{
		Answered: true,
		Text:     clip(text, maxLLMAnswerRunes) + "\n\n" + Disclaimer,
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

// Markdown a model could use to make the bot post something other than a
// plain answer: a masked link hides where it goes, a heading shouts, a
// spoiler hides text from the reader, a code block dresses anything up.
var (
	codeFence  = regexp.MustCompile("(?m)^[ \t]*```[^\n`]*$\n?")
	backticks  = regexp.MustCompile("`+")
	maskedLink = regexp.MustCompile(`\[([^\[\]]*)\]\(\s*<?(?:[^()\s<>]|\([^()\s<>]*\))*>?(?:\s+"[^"]*")?\s*\)`)
	spoiler    = regexp.MustCompile(`\|\|`)
	heading    = regexp.MustCompile(`(?m)^[ \t]*(?:#{1,6}|-#)[ \t]+`)
	quoteLine  = regexp.MustCompile(`(?m)^[ \t]*>{1,3}[ \t]?`)
	anyURL     = regexp.MustCompile(`(?i)<?\b[a-z][a-z0-9+.-]*://[^\s<>]+>?`)
	manySpaces = regexp.MustCompile(`[ \t]{2,}`)
	spacePunct = regexp.MustCompile(`[ \t]+([,.;:!?])`)
	manyBreaks = regexp.MustCompile(`\n{3,}`)
)

// plainAnswer turns a model's reply into plain text fit to post: code fences
// and backticks, masked links (kept as their text), spoiler bars, heading and
// quote markers go; a URL stays only when it appears verbatim in shown, the
// passages the model was given, so a model (or a question steering it) cannot
// add a link of its own.
func plainAnswer(reply, shown string) string {
	allowed := map[string]bool{}
	for _, u := range anyURL.FindAllString(shown, -1) {
		allowed[bareURL(u)] = true
	}
	// Each pass only removes text, so it settles; removing one mark can join
	// the pieces of another, hence the passes.
	s := reply
	for prev := ""; prev != s; {
		prev = s
		s = plainPass(s, allowed)
	}
	return strings.TrimSpace(s)
}

func plainPass(s string, allowed map[string]bool) string {
	s = codeFence.ReplaceAllString(s, "")
	s = backticks.ReplaceAllString(s, "")
	s = maskedLink.ReplaceAllString(s, "$1")
	s = spoiler.ReplaceAllString(s, "")
	s = heading.ReplaceAllString(s, "")
	s = quoteLine.ReplaceAllString(s, "")
	s = anyURL.ReplaceAllStringFunc(s, func(u string) string {
		bare := bareURL(u)
		after := strings.TrimLeft(u[strings.Index(u, bare)+len(bare):], ">")
		if allowed[bare] {
			return bare + after
		}
		return after
	})
	s = manySpaces.ReplaceAllString(s, " ")
	s = spacePunct.ReplaceAllString(s, "$1")
	return manyBreaks.ReplaceAllString(s, "\n\n")
}

// bareURL is u without angle brackets and the sentence punctuation that
// follows a URL in prose.
func bareURL(u string) string {
	return strings.TrimRight(strings.Trim(u, "<>"), ".,;:!?)'\"")
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
