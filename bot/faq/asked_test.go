package faq

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"clubbot/prompts"
)

var updateAsked = flag.Bool("update-asked", false, "rewrite prompts/asked.jsonl from the scored question sets")

// scoredSets are the question sets that have been scored and tuned on:
// the held-out sets and those in testdata/tuning, by name ("heldout12").
// The dev set is not among them: it is never learned from, so its line in
// CI scores questions the engine has not seen. Sets in testdata/fresh wait
// to be scored and are not learned from either.
func scoredSets(t testing.TB) map[string]string {
	t.Helper()
	sets := map[string]string{}
	for _, pattern := range []string{"heldout*.jsonl", filepath.Join("tuning", "*.jsonl")} {
		files, err := filepath.Glob(filepath.Join("testdata", pattern))
		if err != nil {
			t.Fatalf("question sets: %v", err)
		}
		for _, f := range files {
			sets[strings.TrimSuffix(filepath.Base(f), ".jsonl")] = f
		}
	}
	if len(sets) == 0 {
		t.Fatal("no scored question sets")
	}
	return sets
}

// askedFromSets is prompts/asked.jsonl as the scored sets make it: their
// answer cases, set by set in name order.
func askedFromSets(t testing.TB) []byte {
	t.Helper()
	sets := scoredSets(t)
	names := make([]string, 0, len(sets))
	for name := range sets {
		names = append(names, name)
	}
	sort.Strings(names)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, name := range names {
		for _, c := range readCases(t, sets[name]) {
			if c.Kind != KindAnswer {
				continue
			}
			if err := enc.Encode(askedCase{Set: name, Q: c.Q, Any: c.Any}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return b.Bytes()
}

// The engine learns from the scored sets' answers and from nothing else:
// prompts/asked.jsonl is written from them (go test ./bot/faq -run
// TestAskedIsTheScoredSets -update-asked) and must not drift.
func TestAskedIsTheScoredSets(t *testing.T) {
	want := askedFromSets(t)
	if *updateAsked {
		if err := os.WriteFile(filepath.Join("..", "..", "prompts", "asked.jsonl"), want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if prompts.Asked != string(want) {
		t.Fatal("prompts/asked.jsonl differs from the scored sets' answers: go test ./bot/faq -run TestAskedIsTheScoredSets -update-asked")
	}
	cases, err := parseAsked(prompts.Asked)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 1000 {
		t.Errorf("%d asked questions, want every scored set's answers", len(cases))
	}
}

// engineWithout is an engine that never learned from the named set's
// questions ("" learns from them all, as New does).
func engineWithout(t testing.TB, set string) *Engine {
	t.Helper()
	cases, err := parseAsked(prompts.Asked)
	if err != nil {
		t.Fatal(err)
	}
	keep := cases[:0:0]
	for _, c := range cases {
		if c.Set != set {
			keep = append(keep, c)
		}
	}
	e, err := newEngine(context.Background(), Config{}, keep)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// rulesOnlyEngine answers from the document's words alone, for tests of
// a rule that what members' questions taught would outweigh.
func rulesOnlyEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := newEngine(context.Background(), Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// A question finds the sentence that answered a like question, when the
// document words alone lead elsewhere: learned words rank, and only rank.
func TestLearnedWordsFindTheSentence(t *testing.T) {
	const q = "do I only bother with the massager once my feet hurt?"
	const phrase = "proactive maintenance is where"
	cases := []askedCase{{Set: "a", Q: "Should I only bother with the massager when my feet hurt?", Any: []string{phrase}}}
	without := rulesOnlyEngine(t)
	with, err := newEngine(context.Background(), Config{}, cases)
	if err != nil {
		t.Fatal(err)
	}
	a := with.Answer(context.Background(), Query{Text: q})
	if i := evalFind(evalBody(a.Text), phrase); i < 0 || i >= evalLead {
		t.Errorf("learned: %q -> %q, want it to lead with %q", q, a.Text, phrase)
	}
	if b := without.Answer(context.Background(), Query{Text: q}); b.Text == a.Text {
		t.Errorf("the answer is the same without learning (%q): the test shows nothing", b.Text)
	}
	// A question the notes do not cover stays declined, whatever words
	// it shares with asked questions.
	decline := "which massager brand should I only bother with, Renpho or Naipo?"
	if a := with.Answer(context.Background(), Query{Text: decline}); a.Kind != KindDecline {
		t.Errorf("%q -> %s %q, want a decline", decline, a.Kind, a.Text)
	}
}

// A sentence members' questions were answered with follows the lead when
// the member's question shares their words, though it adds none of the
// question's own.
func TestLearnedSentenceFollowsTheLead(t *testing.T) {
	const q = "what does combining an ice bath with foot massage do"
	const lead, next = "I often combine my foot massage", "contrast therapy"
	cases := []askedCase{{Set: "a", Q: "does doing both ice and massage do anything extra", Any: []string{next}}}
	with, err := newEngine(context.Background(), Config{}, cases)
	if err != nil {
		t.Fatal(err)
	}
	a := evalBody(with.Answer(context.Background(), Query{Text: q}).Text)
	if i, j := evalFind(a, lead), evalFind(a, next); i < 0 || i > 20 || j < i {
		t.Errorf("learned: %q -> %q, want %q to lead and %q to follow", q, a, lead, next)
	}
	b := evalBody(rulesOnlyEngine(t).Answer(context.Background(), Query{Text: q}).Text)
	if i := evalFind(b, lead); i < 0 || i > 20 || evalFind(b, next) >= 0 {
		t.Errorf("without learning: %q -> %q, want %q alone: the test shows nothing", q, b, lead)
	}
}

// Phrases are found in whole words, and a phrase in two sentences shares
// the question between them.
func TestLearnFindsPhrasesInWholeWords(t *testing.T) {
	p := (&passage{title: "T", body: "Roll the arch gently. The archway is not a foot. Roll the arch again."}).prepare()
	lx := loadLexicon()
	l := learn([]*passage{p}, []askedCase{{Q: "tender instep", Any: []string{"arch"}}}, lx)
	if l.n != 2 || p.asked[1] != nil || p.asked[0] == nil || p.asked[2] == nil {
		t.Fatalf("learned %d sentences %v, want the first and last", l.n, p.asked)
	}
	if got := p.asked[0][stemWord("instep")]; got != 0.5 {
		t.Errorf("instep weight %v, want 0.5 (one question, two sentences)", got)
	}
}
