package bot

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCustomIDConstructorsRoundTrip(t *testing.T) {
	cases := []struct {
		id   string
		kind string
		args []string
	}{
		{checkInButtonID(10), kindCheckIn, []string{"10"}},
		{checkInButtonID(240), kindCheckIn, []string{"240"}},
		{otherButtonID(), kindOther, nil},
		{otherModalID(""), kindModal, []string{"0"}},
		{otherModalID("1234567890123456789"), kindModal, []string{"1234567890123456789"}},
		{undoButtonID(9007199254740993), kindUndo, []string{"9007199254740993"}},
		{undoButtonID(-7), kindUndo, []string{"-7"}},
		{deleteButtonID(true), kindDelete, []string{"yes"}},
		{deleteButtonID(false), kindDelete, []string{"no"}},
		{feedbackButtonID(77, true), kindFeedback, []string{"77", "y"}},
		{feedbackButtonID(77, false), kindFeedback, []string{"77", "n"}},
		{joinButtonID(3), kindJoin, []string{"3"}},
	}
	for _, c := range cases {
		got, err := parseCustomID(c.id)
		if err != nil {
			t.Errorf("parse %q: %v", c.id, err)
			continue
		}
		if got.Kind != c.kind || strings.Join(got.Args, ",") != strings.Join(c.args, ",") {
			t.Errorf("parse %q = %+v, want %s %v", c.id, got, c.kind, c.args)
		}
		if got.String() != c.id {
			t.Errorf("String() = %q, want %q", got.String(), c.id)
		}
	}
	if v := (customID{Kind: kindUndo, Args: []string{"123"}}).int(0); v != 123 {
		t.Errorf("int(0) = %d", v)
	}
	if !mustParse(t, deleteButtonID(true)).flag(0) || mustParse(t, deleteButtonID(false)).flag(0) {
		t.Error("delete flag wrong")
	}
	if !mustParse(t, feedbackButtonID(1, true)).flag(1) || mustParse(t, feedbackButtonID(1, false)).flag(1) {
		t.Error("feedback flag wrong")
	}
}

func mustParse(t *testing.T, s string) customID {
	t.Helper()
	c, err := parseCustomID(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParseCustomIDRejects(t *testing.T) {
	bad := []string{
		"", "v1", "v1:", "v2:ci:10", "V1:ci:10", "ci:10", "v1:nope",
		"v1:ci", "v1:ci:", "v1:ci:0", "v1:ci:241", "v1:ci:010", "v1:ci:-5", "v1:ci:+5", "v1:ci:1e2", "v1:ci:10:extra",
		"v1:other:x", "v1:mo", "v1:mo:", "v1:mo:01", "v1:mo:-1", "v1:mo:x", "v1:mo:99999999999999999999",
		"v1:undo:0", "v1:undo:-0", "v1:undo:--1", "v1:undo:-", "v1:undo:abc", "v1:undo:99999999999999999999", "v1:undo:1.5", "v1:undo: 1",
		"v1:del:maybe", "v1:del:YES", "v1:del",
		"v1:fb:1", "v1:fb:1:yes", "v1:fb:x:y", "v1:fb:1:y:z",
		"v1:join:", "v1:join:-1",
		"v1:ci:10" + strings.Repeat(" ", 100),
		"v1:undo:1\x00",
	}
	for _, s := range bad {
		if c, err := parseCustomID(s); err == nil || !errors.Is(err, errCustomID) {
			t.Errorf("parseCustomID(%q) = %+v, %v; want errCustomID", s, c, err)
		}
	}
}

// FuzzParseCustomID: whatever arrives in a custom_id (Discord passes back
// what we set, but a forged request can hold anything), parsing never
// panics, and whatever it accepts is canonical, short, and handled.
func FuzzParseCustomID(f *testing.F) {
	for _, s := range []string{checkInButtonID(10), otherButtonID(), otherModalID(""), otherModalID("55"), undoButtonID(5),
		deleteButtonID(true), feedbackButtonID(9, false), joinButtonID(2), "v1:ci:010", "v1::", ":::", "v1:undo:18446744073709551616"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseCustomID(s)
		if err != nil {
			return
		}
		if c.String() != s {
			t.Fatalf("accepted %q but formats as %q", s, c.String())
		}
		if len(s) > maxCustomID || !utf8.ValidString(s) {
			t.Fatalf("accepted %q", s)
		}
		want, ok := customIDArgs[c.Kind]
		if !ok || len(want) != len(c.Args) {
			t.Fatalf("accepted unknown shape %+v", c)
		}
		for n, k := range want {
			if (k == argID || k == argMinutes) && c.int(n) <= 0 || k == argCheckIn && c.int(n) == 0 {
				t.Fatalf("accepted non-positive number in %q", s)
			}
		}
	})
}
