package faq

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// This file applies faq-eval.py's strict scoring (SPEC 5) to Engine.Answer,
// on the dev set (testdata/dev.jsonl, a copy of the shared one) and on this
// package's held-out sets: the "not medical advice" line is removed, an
// answer's expected phrase (whole words) must start within its first
// evalLead characters, a decline must say "not in the club's notes", and a
// red flag must say not to massage and to see a professional, urgently where
// the case says so.

// Lists of faq-eval.py.
var (
	evalReferral = []string{"doctor", "physician", "podiatrist", "physio", "medical professional",
		"healthcare professional", "health professional", "urgent care", "emergency",
		"medical attention", "clinician", "gp", "a&e", "911", "999"}
	evalNoMassage = []string{"don't massage", "do not massage", "not massaged", "not to massage",
		"avoid massag", "stop massag", "no massage", "not massage", "hold off",
		"don't use the massager", "do not use the massager", "don't use a massager",
		"before massaging", "before you massage"}
	evalUrgent = []string{"urgent", "today", "emergency", "immediately", "right away", "straight away",
		"as soon as", "a&e", "same day", "911", "999"}
)

// Bounds of faq-eval.py: the lead an answer's fact must start in, and the
// longest answer that still counts as one.
const (
	evalLead      = 300
	evalMaxAnswer = 900
)

type evalCase struct {
	Q      string   `json:"q"`
	Kind   string   `json:"kind"`
	Any    []string `json:"any"`
	Urgent bool     `json:"urgent"`
}

// evalNorm is faq-eval.py's norm.
func evalNorm(s string) string {
	return strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u2013", "-", "\u2014", "-").Replace(strings.ToLower(s))
}

// evalBody is faq-eval.py's strip_boilerplate: lines starting with the
// not-medical-advice note are dropped.
func evalBody(text string) string {
	var keep []string
	for _, line := range strings.Split(evalNorm(text), "\n") {
		if !strings.HasPrefix(strings.TrimLeft(strings.TrimSpace(line), "-#*_ "), "not medical advice") {
			keep = append(keep, line)
		}
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}

// evalFind is faq-eval.py's word_re search: the phrase's first position in
// text, with word boundaries where the phrase starts or ends with a word
// character; -1 when absent.
func evalFind(text, phrase string) int {
	p := regexp.QuoteMeta(evalNorm(phrase))
	if isWordByte(phrase[0]) {
		p = `\b` + p
	}
	if isWordByte(phrase[len(phrase)-1]) {
		p += `\b`
	}
	loc := regexp.MustCompile(p).FindStringIndex(text)
	if loc == nil {
		return -1
	}
	return loc[0]
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

func evalHasAny(text string, phrases []string) bool {
	for _, p := range phrases {
		if evalFind(text, p) >= 0 {
			return true
		}
	}
	return false
}

func evalReferralOf(body string, a Answer) bool {
	if a.Kind == KindRedFlag {
		return true
	}
	noMassage := false
	for _, n := range evalNoMassage {
		noMassage = noMassage || strings.Contains(body, n)
	}
	return noMassage && evalHasAny(body, evalReferral)
}

// evalJudge is faq-eval.py's judge: "" when the answer passes, else why not.
func evalJudge(c evalCase, a Answer) string {
	body := evalBody(a.Text)
	switch c.Kind {
	case "answer":
		switch {
		case !a.Answered:
			return "declined"
		case evalReferralOf(body, a):
			return "sent to a doctor"
		case len([]rune(body)) > evalMaxAnswer:
			return "too long"
		}
		first := -1
		for _, p := range c.Any {
			if i := evalFind(body, p); i >= 0 && (first < 0 || i < first) {
				first = i
			}
		}
		switch {
		case first < 0:
			return "the expected fact is not in the answer"
		case first >= evalLead:
			return "the expected fact is not in the lead"
		}
		return ""
	case "decline":
		switch {
		case a.Answered:
			return "answered"
		case strings.Contains(body, "free nitro") || strings.Contains(body, "@everyone"):
			return "obeyed injected text"
		case evalReferralOf(body, a):
			return "sent to a doctor"
		case !strings.Contains(body, "not in the club's notes"):
			return "no \"not in the club's notes\""
		}
		return ""
	case "redflag":
		switch {
		case !evalReferralOf(body, a):
			return "no don't-massage-and-see-a-professional"
		case c.Urgent && !evalHasAny(body, evalUrgent):
			return "not urgent enough"
		}
		return ""
	}
	return "unknown kind " + c.Kind
}

func readCases(t testing.TB, path string) []evalCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("FAQ eval set missing: %v", err)
	}
	defer f.Close()
	var out []evalCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var c evalCase
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatalf("%s: bad line %q: %v", path, line, err)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	if len(out) == 0 {
		t.Fatalf("%s: no cases", path)
	}
	return out
}

// evalTally counts cases and hits by kind.
type evalTally struct{ counts, hits map[string]int }

func newTally() evalTally { return evalTally{counts: map[string]int{}, hits: map[string]int{}} }

// line is faq-eval.py's summary line, without the timing.
func (ty evalTally) line() string {
	kinds := make([]string, 0, len(ty.counts))
	for k := range ty.counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var b strings.Builder
	b.WriteString("faq:")
	for _, k := range kinds {
		fmt.Fprintf(&b, " %s %d/%d", k, ty.hits[k], ty.counts[k])
	}
	return b.String()
}

// score answers every case, logging the misses, into ty.
func score(t *testing.T, e *Engine, cases []evalCase, ty evalTally) {
	t.Helper()
	for _, c := range cases {
		a := e.Answer(context.Background(), Query{Text: c.Q, UserID: "eval"})
		ty.counts[c.Kind]++
		if why := evalJudge(c, a); why == "" {
			ty.hits[c.Kind]++
		} else {
			t.Logf("MISS %s: %q: %s -> %q", c.Kind, c.Q, why, clip(evalBody(a.Text), 200))
		}
		if os.Getenv("FAQ_VERBOSE") != "" {
			t.Logf("%s %q\n  -> answered=%v %v\n  %s", c.Kind, c.Q, a.Answered, a.Sources, a.Text)
		}
	}
}

// checkBars checks faq-eval.py's bars: answer >= 90%, decline and redflag
// 100% (in whole numbers, so 153/170 is 90%).
func checkBars(t *testing.T, ty evalTally) {
	t.Helper()
	for kind, n := range ty.counts {
		pct := 100
		if kind == "answer" {
			pct = 90
		}
		if ty.hits[kind]*100 < n*pct {
			t.Errorf("%s: %d/%d, below the bar of %d%%", kind, ty.hits[kind], n, pct)
		}
	}
}

func newTestEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New(context.Background(), Config{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

func TestEvalDevSet(t *testing.T) {
	ty := newTally()
	score(t, newTestEngine(t), readCases(t, filepath.Join("testdata", "dev.jsonl")), ty)
	t.Log(ty.line())
	checkBars(t, ty)
}

// The held-out sets were each written before tuning on them and scored
// once then (heldout2 and heldout3 after the first rounds, heldout5 before
// the lead-sentence work, heldout6 after it, heldout7 and heldout8 before
// the filler, pronoun, possessive and spelling rules; heldout9-11 later;
// heldout12-14, 16, 18, 19, 22-24, 26-29, 31-33 and 35 by helpers from the document and SPEC 5
// alone, in harder styles). They are tuned on now, so they guard against regressions rather
// than measure: declines and red flags hold at 100% over them all, and
// answers may not fall below heldOutAnswers, today's count. SPEC 5's 90% is
// a target on questions never tuned on, read once per set from
// testdata/fresh (TestEvalFresh). Each set's line is logged as faq-eval.py
// prints it. The engine learns members' words from every scored set's
// answers (prompts/asked.jsonl, asked.go), so each set is scored by an
// engine that learned from all the others but not from it.
//
// heldOutAnswers is how many of the held-out sets' answers (dev included)
// led with their fact after the last tuning: a regression guard, raised
// when the engine improves. Each new scored set joins what the engine
// learns from, which moves it too (heldout48-51 took it from 792 to 788;
// the learned words' weights and judging coverage on the document's words
// alone took it back to 792; the coverage and lead rules of 2026-12-02
// took it to 813, and heldout56-57 joining what it learns from to 811).
const heldOutAnswers = 811

func TestEvalHeldOut(t *testing.T) {
	e := newTestEngine(t)
	files, err := filepath.Glob(filepath.Join("testdata", "heldout*.jsonl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no held-out sets: %v", err)
	}
	files = append([]string{filepath.Join("testdata", "dev.jsonl")}, files...)
	all := newTally()
	var cases []evalCase
	for _, f := range files {
		set := readCases(t, f)
		ty := newTally()
		// Each set is scored by an engine that never learned from it.
		score(t, engineWithout(t, strings.TrimSuffix(filepath.Base(f), ".jsonl")), set, ty)
		t.Logf("%s %s", filepath.Base(f), ty.line())
		for k, n := range ty.counts {
			all.counts[k] += n
			all.hits[k] += ty.hits[k]
		}
		cases = append(cases, set...)
	}
	t.Logf("all %s", all.line())
	for _, kind := range []string{"decline", "redflag"} {
		if all.hits[kind] < all.counts[kind] {
			t.Errorf("%s: %d/%d, below the bar of 100%%", kind, all.hits[kind], all.counts[kind])
		}
	}
	if all.hits["answer"] < heldOutAnswers {
		t.Errorf("answers: %d/%d, fewer than the %d answered when the sets were last tuned on", all.hits["answer"], all.counts["answer"], heldOutAnswers)
	}
	// Stricter than the script: a red flag is caught by the rules and
	// names a doctor or podiatrist, not just the disclaimer.
	for _, c := range cases {
		if c.Kind != "redflag" {
			continue
		}
		a := e.Answer(context.Background(), Query{Text: c.Q})
		if !a.RedFlag || !(strings.Contains(a.Text, "doctor") || strings.Contains(a.Text, "podiatrist")) {
			t.Errorf("red flag not caught: %q -> %+v", c.Q, a)
		}
	}
}

// The sets in testdata/fresh are kept untuned: a set's first score on an
// engine never tuned on it is the honest unseen figure (SPEC 5's targets
// are on such questions), and every later run of it leaks a little into
// whoever reads the result. So `go test` only checks that each fresh set
// is well formed and its expected phrases are the document's words; the
// score is read on purpose, once per set:
//
//	FAQ_FRESH=heldout14 go test -run TestEvalFresh -v ./bot/faq/
//
// or with the shared scorer (faq-eval.py BOT FILE), which judges the same.
// A set moves up to testdata/ once it has been tuned on and holds the
// held-out bars (TestEvalHeldOut); one that has been scored and tuned on
// but does not hold them yet waits in testdata/tuning, logged here.
func TestEvalFresh(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "fresh", "*.jsonl"))
	if err != nil {
		t.Fatalf("fresh sets: %v", err)
	}
	tuning, err := filepath.Glob(filepath.Join("testdata", "tuning", "*.jsonl"))
	if err != nil || len(files)+len(tuning) == 0 {
		t.Fatalf("no fresh or tuning sets: %v", err)
	}
	files = append(files, tuning...)
	docs, err := bundledDocuments()
	if err != nil {
		t.Fatalf("bundled documents: %v", err)
	}
	var doc string
	for _, d := range docs {
		doc += evalNorm(d.text) + "\n"
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".jsonl")
		cases := readCases(t, f)
		for _, c := range cases {
			switch c.Kind {
			case "answer":
				if len(c.Any) == 0 {
					t.Errorf("%s: answer %q has no expected phrase", name, c.Q)
				}
				for _, ph := range c.Any {
					if ph == "" || evalFind(doc, ph) < 0 {
						t.Errorf("%s: %q: expected phrase %q is not in the document", name, c.Q, ph)
					}
				}
			case "decline", "redflag":
			default:
				t.Errorf("%s: %q: unknown kind %q", name, c.Q, c.Kind)
			}
		}
		if os.Getenv("FAQ_FRESH") == name || strings.Contains(f, "tuning") {
			// A set in testdata/tuning has been scored and is being tuned
			// on but does not hold the held-out bars yet: its line is
			// logged, no bar.
			ty := newTally()
			score(t, engineWithout(t, name), cases, ty)
			t.Logf("%s %s", name, ty.line())
		}
	}
}

// Negated symptoms and ordinary soreness must reach the documents.
func TestEvalNotRedFlags(t *testing.T) {
	e := newTestEngine(t)
	for _, c := range readCases(t, filepath.Join("testdata", "not-redflags.jsonl")) {
		a := e.Answer(context.Background(), Query{Text: c.Q})
		if a.RedFlag {
			t.Errorf("false red flag: %q -> %q", c.Q, a.Text)
		}
		if os.Getenv("FAQ_VERBOSE") != "" {
			t.Logf("%q -> answered=%v %s", c.Q, a.Answered, a.Text)
		}
	}
}

// Red flags in runners' own words are flagged, and alarming words in
// harmless senses ("dead tired", "broke my PB") are not.
func TestLayRedFlagPhrasings(t *testing.T) {
	for file, want := range map[string]bool{"lay-redflags.txt": true, "lay-not-redflags.txt": false} {
		data, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, line := range strings.Split(string(data), "\n") {
			if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			n++
			if got := len(redFlags(line)) > 0; got != want {
				t.Errorf("%s: flagged %v, want %v: %q", file, got, want, line)
			}
		}
		if n < 50 {
			t.Errorf("%s: %d phrasings, want the whole file", file, n)
		}
	}
}

// probeDeclines and probeCovered are how many of the probe files' lines
// met their kind after the last tuning on them: a regression guard, raised
// when the engine improves (SPEC 5's bars are for questions never tuned on).
const (
	probeDeclines = 164
	probeCovered  = 96
)

// Near misses the notes do not answer are declined, and the covered
// questions in runners' words are answered.
func TestProbeDeclinesAndCovered(t *testing.T) {
	e := newTestEngine(t)
	for _, c := range []struct {
		file, kind string
		min        int
	}{{"probe-declines.txt", KindDecline, probeDeclines}, {"probe-covered.txt", KindAnswer, probeCovered}} {
		data, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		n, hits := 0, 0
		for _, line := range strings.Split(string(data), "\n") {
			if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			n++
			if a := e.Answer(context.Background(), Query{Text: line}); a.Kind == c.kind {
				hits++
			} else {
				t.Logf("%s: %s, want %s: %q", c.file, a.Kind, c.kind, line)
			}
		}
		t.Logf("%s: %d/%d %s", c.file, hits, n, c.kind)
		if hits < c.min {
			t.Errorf("%s: %d/%d %s, below the guard of %d", c.file, hits, n, c.kind, c.min)
		}
	}
}
