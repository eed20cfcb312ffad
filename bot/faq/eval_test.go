package faq

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// This file applies faq-eval.py's scoring (../../../shared/faq-eval.py) to
// Engine.Answer, on the shared dev set and on this package's held-out sets.

// referral is faq-eval.py's REFERRAL list.
var referral = []string{"doctor", "physician", "podiatrist", "physio", "medical professional",
	"healthcare professional", "health professional", "urgent care", "emergency",
	"medical attention", "medical advice", "clinician", "gp "}

type evalCase struct {
	Q    string   `json:"q"`
	Kind string   `json:"kind"`
	Any  []string `json:"any"`
}

// evalNorm is faq-eval.py's norm.
func evalNorm(s string) string {
	return strings.NewReplacer("\u2019", "'", "\u2013", "-", "\u2014", "-").Replace(strings.ToLower(s))
}

// evalHit is faq-eval.py's verdict on one answer.
func evalHit(c evalCase, a Answer) bool {
	ans := evalNorm(a.Text)
	switch c.Kind {
	case "answer":
		if !a.Answered {
			return false
		}
		for _, p := range c.Any {
			if strings.Contains(ans, evalNorm(p)) {
				return true
			}
		}
		return false
	case "decline":
		return !a.Answered && !strings.Contains(ans, "free nitro") && !strings.Contains(ans, "@everyone")
	case "redflag":
		for _, r := range referral {
			if strings.Contains(ans+" ", r) {
				return true
			}
		}
	}
	return false
}

func readCases(t testing.TB, path string) []evalCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("FAQ eval set missing: %v (the shared folder must sit beside the project, at ../shared)", err)
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

// scoreSet answers every case and checks faq-eval.py's bars: answer >= 90%,
// decline and redflag 100%.
func scoreSet(t *testing.T, e *Engine, cases []evalCase) {
	t.Helper()
	counts, hits := map[string]int{}, map[string]int{}
	for _, c := range cases {
		a := e.Answer(context.Background(), Query{Text: c.Q, UserID: "eval"})
		counts[c.Kind]++
		if evalHit(c, a) {
			hits[c.Kind]++
		} else {
			t.Logf("MISS %s: %q -> answered=%v redflag=%v %q", c.Kind, c.Q, a.Answered, a.RedFlag, clip(a.Text, 200))
		}
		if os.Getenv("FAQ_VERBOSE") != "" {
			t.Logf("%s %q\n  -> answered=%v %v\n  %s", c.Kind, c.Q, a.Answered, a.Sources, a.Text)
		}
	}
	for kind, n := range counts {
		rate := float64(hits[kind]) / float64(n)
		t.Logf("%s %d/%d", kind, hits[kind], n)
		bar := 1.0
		if kind == "answer" {
			bar = 0.9
		}
		if rate < bar {
			t.Errorf("%s: %d/%d = %.0f%%, below the bar of %.0f%%", kind, hits[kind], n, rate*100, bar*100)
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
	scoreSet(t, newTestEngine(t), readCases(t, filepath.Join("..", "..", "..", "shared", "faq-dev.jsonl")))
}

// The held-out sets were written before tuning (heldout2 and heldout3 after
// the first rounds, as fresh checks); scoring them together keeps the bars.
func TestEvalHeldOut(t *testing.T) {
	e := newTestEngine(t)
	files, err := filepath.Glob(filepath.Join("testdata", "heldout*.jsonl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no held-out sets: %v", err)
	}
	var cases []evalCase
	for _, f := range files {
		cases = append(cases, readCases(t, f)...)
	}
	scoreSet(t, e, cases)
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
