package store

import (
	"testing"

	"clubbot"
)

func TestSnowflake(t *testing.T) {
	for in, want := range map[string]bool{
		"1450000000000000001": true, "1": true, "0": false, "0123": false, "-5": false, "+5": false,
		"abc": false, "": false, "99999999999999999999": false, "9223372036854775807": true,
	} {
		if _, ok := Snowflake(in); ok != want {
			t.Errorf("Snowflake(%q) = %v, want %v", in, ok, want)
		}
	}
}

func TestEndedDays(t *testing.T) {
	const start = clubbot.Day(100)
	for _, tc := range []struct {
		name                string
		days, grace         int
		day                 clubbot.Day
		wantDays, wantGrace int
	}{
		{"on its third day", 10, 3, start + 2, 3, 2},
		{"on its first day", 10, 3, start, 1, 0},
		{"before its start", 10, 3, start - 1, 0, 0},
		{"after its end", 10, 3, start + 20, 10, 3},
		{"grace already short", 10, 1, start + 4, 5, 1},
	} {
		days, grace := EndedDays(start, tc.days, tc.grace, tc.day)
		if days != tc.wantDays || grace != tc.wantGrace {
			t.Errorf("%s: EndedDays = %d, %d; want %d, %d", tc.name, days, grace, tc.wantDays, tc.wantGrace)
		}
	}
}

// TestSummaryOfMatchesAdd: the recompute leaves what adding each day in
// order leaves, totals, run and both period slots.
func TestSummaryOfMatchesAdd(t *testing.T) {
	days := []clubbot.DayTotal{{Day: 20000, Minutes: 10}, {Day: 20001, Minutes: 5}, {Day: 20003, Minutes: 7},
		{Day: 20010, Minutes: 20}, {Day: 20011, Minutes: 1}, {Day: 20040, Minutes: 9}}
	var s Summary
	for _, d := range days {
		s.Add(d.Day, true, d.Minutes)
	}
	if got := SummaryOf(days); got.TotalDays != s.TotalDays || got.TotalMinutes != s.TotalMinutes || got.Run != s.Run ||
		got.Week.Cur != s.Week.Cur || got.Month.Cur != s.Month.Cur {
		t.Errorf("SummaryOf = %+v, in-order Add = %+v", got, s)
	}
	if s.TotalDays != 6 || s.TotalMinutes != 52 || s.Run.Length != 1 || s.Run.Longest != 2 {
		t.Errorf("summary %+v", s)
	}
}
