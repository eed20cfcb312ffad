package faq

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

func TestQuestionParts(t *testing.T) {
	cases := map[string][]string{
		"How long should I massage after a run?": {"How long should I massage after a run?"},
		"How long should I massage after a run, and how many miles should my shoes last?": {
			"How long should I massage after a run", "how many miles should my shoes last?"},
		"Is heat good? What about compression?":       {"Is heat good?", "What about compression?"},
		"Does heat and compression help sore arches?": {"Does heat and compression help sore arches?"},
		"Why? And how?": {"Why? And how?"}, // parts without words of their own
	}
	for in, want := range cases {
		if got := questionParts(in); !reflect.DeepEqual(got, want) {
			t.Errorf("questionParts(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSpell(t *testing.T) {
	ix := newTestEngine(t).base
	cases := map[string]string{
		"compresion socks":          "compression socks",
		"whats the diffrence":       "what the difference", // "whats" is one edit from "what"
		"does heat actualy work":    "does heat actually work",
		"heal pain":                 "heal pain", // short words are left alone
		"massage gun on my achiles": "massage gun on my achilles",
		"Plantar Fasciitis":         "Plantar Fasciitis", // known words as written
	}
	for in, want := range cases {
		if got := ix.spell(in); got != want {
			t.Errorf("spell(%q) = %q, want %q", in, got, want)
		}
	}
}

// A two-part question answers the covered part and says which part is not
// in the club's notes; with every part covered, each part's lead answers.
func TestTwoPartQuestions(t *testing.T) {
	e := newTestEngine(t)
	a := e.Answer(context.Background(), Query{Text: "How long should I massage after a run, and how many miles should my shoes last?"})
	if !a.Answered || !strings.Contains(a.Text, "minutes") || !strings.Contains(a.Text, "“how many miles should my shoes last”, is not in the club's notes") {
		t.Errorf("half-covered question: %q", a.Text)
	}
	a = e.Answer(context.Background(), Query{Text: "How long should I massage after a run, and what about on rest days?"})
	if !a.Answered || !strings.Contains(a.Text, "15-20") || !strings.Contains(a.Text, "rest days") || strings.Contains(a.Text, "not in the club's notes") {
		t.Errorf("covered two-part question: %q", a.Text)
	}
}
