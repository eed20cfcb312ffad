// Package faq answers foot-care questions from the club's documents: it splits
// them into passages, ranks passages for a question, declines what they do not
// cover, catches red-flag symptoms before retrieval, and answers extractively
// or, when configured, through an OpenAI-compatible model.
package faq

import (
	"context"
	"errors"
	"log/slog"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

var errTODO = errors.New("faq: not implemented yet")

// Mode names how an answer was made (the "mode" field of `clubbot ask --json`).
const (
	Extractive = "extractive"
	LLM        = "llm"
)

// Source is a passage an answer rests on.
type Source struct {
	Title   string `json:"title"`
	Excerpt string `json:"excerpt"`
}

// Answer is the engine's reply to one question.
type Answer struct {
	Answered bool     // false when the documents do not cover it (or a red flag)
	Text     string   // what the member reads, including the "not medical advice" line
	Sources  []Source // passages cited, best first
	Mode     string   // Extractive or LLM
	RedFlag  bool     // caught by the red-flag rules: see a professional
	Related  []string // topics to try, when declined
}

// Query is one question from one member of one server.
type Query struct {
	GuildID string // selects the server's own /faq entries; "" for none
	UserID  string // for the per-member LLM rate limit
	Text    string
}

// Entry is a club-written question and answer (/faq add).
type Entry struct {
	ID       int64
	Question string
	Answer   string
}

// Config sets up an Engine.
type Config struct {
	// KnowledgeDir is a folder of .md/.txt documents; "" uses the bundled ones.
	KnowledgeDir string
	// Client turns on LLM answers when not nil.
	Client     *openai.Client
	ChatModel  string
	EmbedModel string        // "" turns embeddings off
	Timeout    time.Duration // LLM deadline; 0 means a default of 8s
	Now        func() time.Time
	Log        *slog.Logger
}

// Engine answers questions. It is safe for concurrent use.
type Engine struct{}

// New loads the documents and builds the index.
func New(ctx context.Context, cfg Config) (*Engine, error) { return nil, errTODO }

// Answer answers q. It never fails: on any LLM problem it answers extractively.
func (e *Engine) Answer(ctx context.Context, q Query) Answer { return Answer{} }

// SetEntries replaces a server's club-written entries and re-indexes them.
func (e *Engine) SetEntries(guildID string, entries []Entry) {}

// Suggest returns up to limit known questions matching prefix, for autocomplete.
func (e *Engine) Suggest(guildID, prefix string, limit int) []string { return nil }

// SoreSpot returns the passage about a sore spot ("heel", "arch", ...) for a
// check-in confirmation.
func (e *Engine) SoreSpot(spot string) (Source, bool) { return Source{}, false }
