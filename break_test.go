package clubbot

import (
	"errors"
	"strings"
	"testing"
)

func TestPlanBreak(t *testing.T) {
	today := DayFromDate(2026, 12, 1)
	existing := []Break{{From: today + 10, To: today + 14}}
	tests := []struct {
		name string
		b    Break
		want error // nil, ErrInvalid or ErrConflict
		says string
	}{
		{"tomorrow for one day", Break{From: today + 1, To: today + 1}, nil, ""},
		{"21 days", Break{From: today + 15, To: today + 35, Reason: "marathon taper 🏃"}, nil, ""},
		{"starting today is not ahead", Break{From: today, To: today + 3}, ErrInvalid, "at least one day ahead"},
		{"in the past", Break{From: today - 3, To: today - 1}, ErrInvalid, "at least one day ahead"},
		{"ends before it starts", Break{From: today + 5, To: today + 4}, ErrInvalid, "before it starts"},
		{"22 days", Break{From: today + 15, To: today + 36}, ErrInvalid, "1-21 days"},
		{"overlaps the end of another", Break{From: today + 14, To: today + 16}, ErrConflict, "overlaps"},
		{"overlaps the start of another", Break{From: today + 8, To: today + 10}, ErrConflict, "overlaps"},
		{"inside another", Break{From: today + 11, To: today + 12}, ErrConflict, "overlaps"},
		{"right before another", Break{From: today + 5, To: today + 9}, nil, ""},
		{"right after another", Break{From: today + 15, To: today + 16}, nil, ""},
		{"reason too long", Break{From: today + 1, To: today + 2, Reason: strings.Repeat("é", 101)}, ErrInvalid, "longer than 100"},
		{"reason of 100 characters", Break{From: today + 1, To: today + 2, Reason: strings.Repeat("é", 100)}, nil, ""},
		{"reason on two lines", Break{From: today + 1, To: today + 2, Reason: "a\nb"}, ErrInvalid, "one line"},
		{"reason not UTF-8", Break{From: today + 1, To: today + 2, Reason: "\xff"}, ErrInvalid, "one line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := PlanBreak(existing, tt.b, today)
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("PlanBreak = %v, want nil", err)
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Fatalf("PlanBreak = %v, want %v", err, tt.want)
			case tt.want != nil && !strings.Contains(err.Error(), tt.says):
				t.Fatalf("PlanBreak = %q, want it to say %q", err, tt.says)
			}
		})
	}
}

func FuzzPlanBreakReason(f *testing.F) {
	f.Add("holiday")
	f.Add("a\u2028b")
	f.Add(strings.Repeat("x", 101))
	today := DayFromDate(2026, 12, 1)
	f.Fuzz(func(t *testing.T, reason string) {
		err := PlanBreak(nil, Break{From: today + 1, To: today + 2, Reason: reason}, today)
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Fatalf("PlanBreak(%q) = %v, not ErrInvalid", reason, err)
		}
		if err == nil && (strings.ContainsAny(reason, "\n\r\t\x00") || len([]rune(reason)) > MaxBreakReasonRunes) {
			t.Fatalf("PlanBreak accepted %q", reason)
		}
	})
}

func TestCancelBreak(t *testing.T) {
	today := DayFromDate(2026, 12, 1)
	tests := []struct {
		name string
		b    Break
		want Break
		kept bool
	}{
		{"planned from tomorrow disappears", Break{From: today + 1, To: today + 5}, Break{}, false},
		{"planned later disappears", Break{From: today + 9, To: today + 12}, Break{}, false},
		{"running ends today", Break{From: today - 2, To: today + 5, Reason: "flu"}, Break{From: today - 2, To: today, Reason: "flu"}, true},
		{"started today ends today", Break{From: today, To: today + 5}, Break{From: today, To: today}, true},
		{"ending today stays", Break{From: today - 3, To: today}, Break{From: today - 3, To: today}, true},
		{"over stays as it was", Break{From: today - 9, To: today - 3}, Break{From: today - 9, To: today - 3}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, kept := CancelBreak(tt.b, today)
			if got != tt.want || kept != tt.kept {
				t.Errorf("CancelBreak = %+v, %v; want %+v, %v", got, kept, tt.want, tt.kept)
			}
		})
	}
}

func TestCurrentBreakAndOnBreak(t *testing.T) {
	today := DayFromDate(2026, 12, 1)
	past := Break{From: today - 9, To: today - 3}
	running := Break{From: today - 1, To: today + 2}
	later := Break{From: today + 10, To: today + 12}
	sooner := Break{From: today + 4, To: today + 5}
	tests := []struct {
		name   string
		breaks []Break
		want   Break
		ok     bool
	}{
		{"none", nil, Break{}, false},
		{"only past", []Break{past}, Break{}, false},
		{"running wins", []Break{later, running, past}, running, true},
		{"sooner planned wins", []Break{later, sooner, past}, sooner, true},
		// A running break a first cancel ended today (To = today): a
		// second cancel the same day acts on the next planned one.
		{"ended today by a cancel, next planned wins", []Break{later, {From: today - 1, To: today}, sooner}, sooner, true},
		{"ending today is nothing to cancel", []Break{past, {From: today - 2, To: today}}, Break{}, false},
		{"started today, ends today: nothing to cancel", []Break{{From: today, To: today}}, Break{}, false},
		{"running past today still wins", []Break{sooner, {From: today, To: today + 1}}, Break{From: today, To: today + 1}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := CurrentBreak(tt.breaks, today)
			if got != tt.want || ok != tt.ok {
				t.Errorf("CurrentBreak = %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
	breaks := []Break{past, running}
	for d, want := range map[Day]bool{today - 10: false, today - 9: true, today - 3: true, today - 2: false,
		today - 1: true, today: true, today + 2: true, today + 3: false} {
		if got := OnBreak(breaks, d); got != want {
			t.Errorf("OnBreak(%s) = %v, want %v", d, got, want)
		}
	}
}
