package faq

import (
	"context"
	"fmt"
	"reflect"
	"testing"
)

// variedQuestions builds n different questions from templates and topics:
// answers, declines and red flags, long and short, as members write them.
func variedQuestions(n int) []string {
	templates := []string{
		"How long should I use a %s after a long run?", "is a %s good before a run", "What does a %s do for sore arches?",
		"%s or a foot roller for plantar fasciitis?", "can a %s help my achilles", "how often should i use the %s",
		"Tell me about %s and circulation", "Does a %s reduce swelling after a race?", "my heels ache, would a %s help?",
		"What's the downside of a %s?", "%s: worth it for a marathon runner?", "How much does a %s cost in dollars?",
	}
	topics := []string{
		"shiatsu massager", "percussive massager", "massage gun", "foot spa", "spiky ball", "foot roller", "heated massager",
		"compression massager", "smart massager", "manual roller", "electric massager", "tennis ball", "ice bath",
		"stretching routine", "foam roller", "water bottle", "pair of running shoes", "barefoot walk",
	}
	extras := []string{"", " thanks!", " My feet are not numb.", " I think my toe is broken.", " Quick one from a new runner.", " My calf is hot and swollen."}
	var out []string
	for i := 0; len(out) < n; i++ {
		t := templates[i%len(templates)]
		topic := topics[(i/len(templates))%len(topics)]
		extra := extras[(i/(len(templates)*len(topics)))%len(extras)]
		out = append(out, fmt.Sprintf(t, topic)+extra)
	}
	return out
}

// The index is shared by every answer and immutable after build: asking
// 1,000 questions of one engine gives each the answer a fresh engine gives,
// and leaves its passages exactly as built (the old bestSentences appended
// into a passage's own sentence slice, splicing a sentence into later answers).
func TestIndexImmutable(t *testing.T) {
	ctx := context.Background()
	qs := variedQuestions(1000)
	seen := map[string]bool{}
	for _, q := range qs {
		if seen[q] {
			t.Fatalf("question %q twice: the set is not varied", q)
		}
		seen[q] = true
	}
	long := newTestEngine(t)
	got := make([]Answer, len(qs))
	for i, q := range qs {
		got[i] = long.Answer(ctx, Query{Text: q})
	}
	// Another engine answers them in the opposite order, and every 25th
	// question gets a brand-new engine: no earlier answer may show.
	other := newTestEngine(t)
	for i := len(qs) - 1; i >= 0; i-- {
		want := other.Answer(ctx, Query{Text: qs[i]})
		if i%25 == 0 {
			want = newTestEngine(t).Answer(ctx, Query{Text: qs[i]})
		}
		if !reflect.DeepEqual(got[i], want) {
			t.Fatalf("question %d %q: after 1,000 questions the answer is\n%+v\nfresh it is\n%+v", i, qs[i], got[i], want)
		}
	}
	fresh := newTestEngine(t)
	if len(fresh.docs) != len(long.docs) {
		t.Fatalf("passages: %d, fresh %d", len(long.docs), len(fresh.docs))
	}
	for i := range fresh.docs {
		if !reflect.DeepEqual(long.docs[i], fresh.docs[i]) {
			t.Fatalf("passage %q changed after 1,000 answers", fresh.docs[i].title)
		}
	}
}
