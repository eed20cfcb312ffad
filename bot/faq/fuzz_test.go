package faq

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzQuery feeds raw member text through tokenizing, query building, the
// red-flag rules and a whole answer: nothing may panic, and every answer is
// a well-formed reply (no search-syntax errors exist to surface).
func FuzzQuery(f *testing.F) {
	for _, s := range []string{
		"", " ", "What helps with plantar fasciitis?", `"unterminated`, "foot AND (massage OR", "NEAR(a b) * ^ -x",
		"massage*", "@everyone <@123> <@&9>", "don't not no never without", "pins and needles and",
		"ÄÖÜ füße 足 massage", "\x00\xff\xfe", "4. 5. 6.", strings.Repeat("heel ", 400), "'''", "before before run run",
		"Q: A: | --- |", "e.g. vs. i.e.", "🦶🦶🦶", "ǅǈǋ İ ı ß ẞ",
	} {
		f.Add(s)
	}
	e, err := New(context.Background(), Config{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		_ = tokenize(text)
		_ = redFlags(text)
		_ = withoutNegated(text)
		q := analyze(text, e.lx)
		for s := range q.terms {
			if s == "" {
				t.Fatalf("empty search term from %q", text)
			}
		}
		_, _ = e.base.search(q)
		a := e.Answer(context.Background(), Query{Text: text})
		if a.Text == "" || a.Mode != Extractive {
			t.Fatalf("bad answer for %q: %+v", text, a)
		}
		if !strings.Contains(a.Text, Disclaimer) {
			t.Fatalf("no disclaimer for %q", text)
		}
		if utf8.ValidString(text) && !utf8.ValidString(a.Text) {
			t.Fatalf("invalid UTF-8 answer for %q", text)
		}
		if strings.Contains(a.Text, "@everyone") || strings.Contains(a.Text, "@here") || strings.Contains(a.Text, "<@") {
			t.Fatalf("answer pings for %q: %q", text, a.Text)
		}
		_ = e.Suggest("", text, 25)
	})
}
