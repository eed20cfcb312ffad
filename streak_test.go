package clubbot

import "testing"

// days builds days relative to today: days(today, -3, -2, 0) is
// today-3, today-2, today.
func days(today Day, offsets ...int) []Day {
	out := make([]Day, len(offsets))
	for i, o := range offsets {
		out[i] = today + Day(o)
	}
	return out
}

func TestStreaks(t *testing.T) {
	today := DayFromDate(2026, 3, 8)
	tests := []struct {
		name    string
		days    []Day
		current int
		longest int
		last    Day
	}{
		{"empty", nil, 0, 0, 0},
		{"single day today", days(today, 0), 1, 1, today},
		{"single day yesterday", days(today, -1), 1, 1, today - 1},
		{"single day two days ago", days(today, -2), 0, 1, today - 2},
		{"alive at today", days(today, -2, -1, 0), 3, 3, today},
		{"alive at yesterday, today not yet", days(today, -3, -2, -1), 3, 3, today - 1},
		{"broken at day before yesterday", days(today, -4, -3, -2), 0, 3, today - 2},
		{"longest in the past, short current", days(today, -20, -19, -18, -17, -16, -1, 0), 2, 5, today},
		{"current is the longest", days(today, -10, -8, -7, -2, -1, 0), 3, 3, today},
		{"gaps of one day break", days(today, -6, -4, -2, 0), 1, 1, today},
		{"several sessions a day count once", days(today, -2, -2, -1, -1, -1, 0), 3, 3, today},
		{"unsorted input", days(today, 0, -2, -1, -5), 3, 3, today},
		{"across DST change (whole days)", []Day{DayFromDate(2026, 3, 6), DayFromDate(2026, 3, 7), DayFromDate(2026, 3, 8)}, 3, 3, today},
		// A member who moved west: their last check-in's day is "tomorrow" in
		// the new zone. The streak must not look broken.
		{"last day after today (zone moved west)", days(today, -1, 0, 1), 3, 3, today + 1},
		{"year-long streak", func() []Day {
			var ds []Day
			for i := -364; i <= 0; i++ {
				ds = append(ds, today+Day(i))
			}
			return ds
		}(), 365, 365, today},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Streaks(tt.days, today)
			if got.Current != tt.current || got.Longest != tt.longest || got.LastDay != tt.last {
				t.Errorf("Streaks = %+v, want current %d longest %d last %s", got, tt.current, tt.longest, tt.last)
			}
		})
	}
}

func TestStreaksDoesNotReorderInput(t *testing.T) {
	today := DayFromDate(2026, 3, 8)
	in := days(today, 0, -2, -1)
	Streaks(in, today)
	if in[0] != today || in[1] != today-2 {
		t.Errorf("Streaks reordered its input: %v", in)
	}
}

func TestGraceStreak(t *testing.T) {
	from := DayFromDate(2026, 3, 1)
	// q builds a qualifies func from a pattern over from, from+1, ...:
	// 'x' qualifies, '.' does not.
	q := func(pattern string) func(Day) bool {
		return func(d Day) bool {
			i := int(d - from)
			return i >= 0 && i < len(pattern) && pattern[i] == 'x'
		}
	}
	tests := []struct {
		name    string
		pattern string // one character per day from `from`; today is the last
		grace   int
		want    int
	}{
		{"all qualifying", "xxxxx", 0, 5},
		{"today not yet qualifying is not a miss", "xxxx.", 0, 4},
		{"today not yet, grace 1", "xxxx.", 1, 4},
		{"a miss yesterday breaks with no grace", "xxx.x", 0, 1},
		{"a miss yesterday, today not yet, no grace", "xxx..", 0, 0},
		{"one miss forgiven with grace 1", "xx.xx", 1, 4},
		{"two misses, grace 1: the second breaks", "x.x.xx", 1, 2},
		{"two misses forgiven with grace 2", "x.x.xx", 2, 4},
		{"grace is per challenge: early misses use it up", "..xxxx.xx", 2, 2},
		{"misses at the start, grace 2", "..xxx", 2, 3},
		{"misses at the start, no grace", "..xxx", 0, 3},
		{"nothing yet", ".", 0, 0},
		{"nothing at all", "....", 0, 0},
		{"nothing at all, grace 2", "....", 2, 0},
		{"grace covers two misses, today open", "x..x.", 2, 2},
		{"single day qualifying", "x", 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			today := from + Day(len(tt.pattern)) - 1
			if got := GraceStreak(q(tt.pattern), from, today, tt.grace); got != tt.want {
				t.Errorf("GraceStreak(%s, grace %d) = %d, want %d", tt.pattern, tt.grace, got, tt.want)
			}
		})
	}
	// Days before from are not looked at.
	if got := GraceStreak(func(Day) bool { return true }, from, from-1, 0); got != 0 {
		t.Errorf("today before from: %d, want 0", got)
	}
}
