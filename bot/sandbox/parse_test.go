package sandbox

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseLine(t *testing.T) {
	tests := []struct {
		in   string
		want Line
	}{
		{"", Line{Kind: Blank}},
		{"   # a comment", Line{Kind: Blank}},
		{"help", Line{Kind: Help}},
		{"show", Line{Kind: Show}},
		{"members", Line{Kind: Members}},
		{"quit", Line{Kind: Quit}},
		{"admin ann", Line{Kind: Admin, Member: "ann"}},
		{"advance 1d", Line{Kind: Advance, Advance: 24 * time.Hour}},
		{"advance 3h", Line{Kind: Advance, Advance: 3 * time.Hour}},
		{"advance 30m", Line{Kind: Advance, Advance: 30 * time.Minute}},
		{"advance 1d12h", Line{Kind: Advance, Advance: 36 * time.Hour}},
		{"as ann /checkin minutes:15", Line{Kind: Command, Member: "ann", Command: "checkin",
			Options: []Option{{"minutes", "15"}}}},
		{`as ann /challenge create name:"30 days" days:30 daily-minutes:10`, Line{Kind: Command, Member: "ann",
			Command: "challenge", Sub: []string{"create"},
			Options: []Option{{"name", "30 days"}, {"days", "30"}, {"daily-minutes", "10"}}}},
		{`as bob /ask question:"what about \"heel\" pain?"`, Line{Kind: Command, Member: "bob", Command: "ask",
			Options: []Option{{"question", `what about "heel" pain?`}}}},
		{`as bob /settings channel:#general timezone:Europe/London`, Line{Kind: Command, Member: "bob",
			Command: "settings", Options: []Option{{"channel", "#general"}, {"timezone", "Europe/London"}}}},
		{"as ann /leaderboard", Line{Kind: Command, Member: "ann", Command: "leaderboard"}},
		{`as ann /ask question:"a: b"`, Line{Kind: Command, Member: "ann", Command: "ask",
			Options: []Option{{"question", "a: b"}}}},
		{"as ann streak-of bob", Line{Kind: Menu, Member: "ann", Target: "bob"}},
		{"as ann streak-of @bob", Line{Kind: Menu, Member: "ann", Target: "bob"}},
		{"click ann 10 min", Line{Kind: Click, Member: "ann", Label: "10 min"}},
		{`click ann "Other…"`, Line{Kind: Click, Member: "ann", Label: "Other…"}},
		{`submit ann minutes:25 note:"after the long run"`, Line{Kind: Submit, Member: "ann",
			Options: []Option{{"minutes", "25"}, {"note", "after the long run"}}}},
	}
	for _, tt := range tests {
		got, err := ParseLine(tt.in)
		if err != nil {
			t.Errorf("ParseLine(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseLine(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseLineErrors(t *testing.T) {
	tests := []struct{ in, wantErr string }{
		{"dance", "unknown line"},
		{"as", "missing member name"},
		{"as ann", "what does ann do"},
		{"as ann checkin", "expected a /command"},
		{`as ann /ask question:"open`, "quote is not closed"},
		{"as ann /checkin a b c", "too many subcommands"},
		{"as ann /checkin minutes:1 minutes:2", "given twice"},
		{`as ann /ask "loose value"`, "without an option name"},
		{"as ann /checkin minutes:15 stray", "not name:value"},
		{"as ann /checkin :15", "no option name"},
		{"advance", "advance how long"},
		{"advance 0m", "between"},
		{"advance 400d", "days must be"},
		{"advance soon", "write 1d"},
		{"click ann", "which button"},
		{"admin", "missing member name"},
		{"admin ann bob", "one name"},
		{"as a:b /checkin", "may not contain"},
		{"as " + strings.Repeat("x", 40) + " /checkin", "longer than"},
		{"as ann streak-of", "one member name"},
		{strings.Repeat("a", maxLineBytes+1), "longer than"},
		{"as ann /ask question:\xff", "UTF-8"},
	}
	for _, tt := range tests {
		_, err := ParseLine(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParseLine(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
		}
	}
}

func FuzzParseLine(f *testing.F) {
	for _, s := range []string{
		"", "# x", "help", "as ann /checkin minutes:15 note:\"a b\"",
		`as ann /challenge create name:"30 days" days:30 daily-minutes:10`,
		"click ann Other…", "submit ann minutes:20", "advance 1d12h", "as ann streak-of bob",
		`as x /y a:"\"\\"`, "advance -1d", "advance 1d-5h", "as ann /x a:b:c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLine(s)
		if err != nil {
			return
		}
		if l.Kind == Advance && (l.Advance < time.Minute || l.Advance > maxAdvance) {
			t.Fatalf("ParseLine(%q) accepted advance %v", s, l.Advance)
		}
		if l.Kind == Command || l.Kind == Click || l.Kind == Submit || l.Kind == Menu || l.Kind == Admin {
			if checkName(l.Member) != nil {
				t.Fatalf("ParseLine(%q) accepted member name %q", s, l.Member)
			}
		}
	})
}
