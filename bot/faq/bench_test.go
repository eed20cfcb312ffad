package faq

import (
	"context"
	"fmt"
	"testing"
)

var benchQuestions = []string{
	"How many minutes should I massage my feet after running?",
	"What helps with plantar fasciitis?",
	"Which foot massager is the most portable?",
	"What is the weather tomorrow?",
	"Is a massage gun good for my feet?",
}

// BenchmarkAnswerBundled is an extractive answer on the bundled documents
// (target < 2 ms).
func BenchmarkAnswerBundled(b *testing.B) {
	e := newTestEngine(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Answer(ctx, Query{Text: benchQuestions[i%len(benchQuestions)]})
	}
}

// BenchmarkAnswer1000Entries is the same with 1,000 club entries for the
// server (target < 10 ms).
func BenchmarkAnswer1000Entries(b *testing.B) {
	e := newTestEngine(b)
	topics := []string{"trail", "track", "hill", "recovery", "shoe", "stretch", "race", "tempo", "interval", "social"}
	entries := make([]Entry, 1000)
	for i := range entries {
		t := topics[i%len(topics)]
		entries[i] = Entry{ID: int64(i + 1),
			Question: fmt.Sprintf("Where is the %s session number %d held?", t, i),
			Answer:   fmt.Sprintf("The %s session %d meets at gate %d of the park at %d:00, bring water and a foot roller.", t, i, i%7, 6+i%12)}
	}
	e.SetEntries("g", entries)
	qs := append([]string{"Where is the hill session number 512 held?"}, benchQuestions...)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Answer(ctx, Query{GuildID: "g", Text: qs[i%len(qs)]})
	}
}

// BenchmarkSetEntries1000 is re-indexing a server's 1,000 entries.
func BenchmarkSetEntries1000(b *testing.B) {
	e := newTestEngine(b)
	entries := make([]Entry, 1000)
	for i := range entries {
		entries[i] = Entry{ID: int64(i + 1), Question: fmt.Sprintf("Question %d about heel pain?", i), Answer: fmt.Sprintf("Answer %d.", i)}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.SetEntries("g", entries)
	}
}

// BenchmarkNew is starting the engine on the bundled documents, learning
// from the asked questions (asked.go); BenchmarkNewRulesOnly without them,
// for what the learning costs.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(context.Background(), Config{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewRulesOnly(b *testing.B) {
	for b.Loop() {
		if _, err := newEngine(context.Background(), Config{}, nil); err != nil {
			b.Fatal(err)
		}
	}
}
