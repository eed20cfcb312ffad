package faq

import (
	"os"
	"strings"
	"testing"
)

func TestDebugQ(t *testing.T) {
	qs := os.Getenv("FAQQ")
	if qs == "" {
		t.Skip()
	}
	e := newTestEngine(t)
	ix := e.indexFor("")
	for _, qt := range strings.Split(qs, "|") {
		text := ix.spell(qt, e.lx)
		q := analyze(text, e.lx)
		var cw []string
		for _, w := range q.content {
			cw = append(cw, w.stem+"/"+strings.Join(w.alts, ","))
		}
		t.Logf("Q %q spelled %q content %v", qt, text, cw)
		ranked, limit := withKindRows(ix, q, ix.search(q))
		for i := 0; i < len(ranked) && i < limit+2; i++ {
			p := ix.passages[ranked[i].doc]
			share, on := ix.coverage(q, p)
			li, lv := bestLead(ix, q, p)
			t.Logf("  %d %.2f share=%.2f on=%v parent=%v %q lead %.2f: %.70s", i, ranked[i].score, share, on, p.parent, clip(p.title, 40), lv, p.sentences[li])
		}
		best, ok := e.pick(ix, q, ranked, limit)
		t.Logf("  pick %d %v %q", best, ok, ix.passages[best].title)
	}
}

func TestDebugCov(t *testing.T) {
	qs := os.Getenv("FAQQ")
	if qs == "" {
		t.Skip()
	}
	e := newTestEngine(t)
	ix := e.indexFor("")
	q := analyze(ix.spell(qs, e.lx), e.lx)
	ranked := ix.search(q)
	p := ix.passages[ranked[0].doc]
	for _, w := range q.key {
		t.Logf("%s df=%d head=%v compound=%v covered=%v", w.stem, len(ix.postings[w.stem]), w.head, w.compound, w.coveredBy(p.has))
	}
}

func TestDebugSlot(t *testing.T) {
	qs := os.Getenv("FAQQ")
	if qs == "" {
		t.Skip()
	}
	e := newTestEngine(t)
	for _, qt := range strings.Split(qs, "|") {
		q := analyze(qt, e.lx)
		if q.slot != nil {
			t.Logf("%q -> slot %q head %q", qt, q.slot.phrase, q.slot.head)
		} else {
			t.Logf("%q -> no slot", qt)
		}
	}
}

func TestDebugDF(t *testing.T) {
	e := newTestEngine(t)
	ix := e.indexFor("")
	t.Logf("passages %d", len(ix.passages))
	for _, w := range []string{"foot", "massag", "roller", "heat", "shiatsu", "runner", "run", "spa", "percuss", "set"} {
		t.Logf("%s %d", w, len(ix.postings[w]))
	}
}

func TestDebugLeads(t *testing.T) {
	qs := os.Getenv("FAQQ")
	title := os.Getenv("FAQT")
	if qs == "" {
		t.Skip()
	}
	e := newTestEngine(t)
	ix := e.indexFor("")
	q := analyze(ix.spell(qs, e.lx), e.lx)
	for _, p := range ix.passages {
		if !strings.Contains(p.title, title) {
			continue
		}
		for i := range p.sentences {
			t.Logf("%.2f score=%.2f story=%v %.90s", leadValue(ix, q, p, i), leadScore(ix, q, p, i), p.sentStory[i], p.sentences[i])
		}
	}
}

func TestDebugHeads(t *testing.T) {
	qs := os.Getenv("FAQQ")
	if qs == "" {
		t.Skip()
	}
	e := newTestEngine(t)
	ts := tokenize(withoutNegated(qs))
	h := headPositions(ts, e.lx)
	for i, tk := range ts {
		t.Logf("%d %s %s head=%v topic=%v stop=%v", i, tk.word, tk.stem, h[i], e.lx.topic[tk.stem], isStop(tk.word))
	}
}

func TestDebugUncovered(t *testing.T) {
	qs := os.Getenv("FAQQ")
	if qs == "" {
		t.Skip()
	}
	e := newTestEngine(t)
	ix := e.indexFor("")
	q := analyze(ix.spell(qs, e.lx), e.lx)
	th, ok := ix.uncoveredSlot(q)
	t.Logf("slot %+v uncovered %q %v", q.slot, th, ok)
}
