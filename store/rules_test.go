package store

import (
	"reflect"
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
// order leaves (with the breaks over each MissedSpan), totals, streak
// (freezes used and earned, a break excusing missed days) and both period
// slots; the stored columns give the streak back.
func TestSummaryOfMatchesAdd(t *testing.T) {
	var days []clubbot.DayTotal
	for d := clubbot.Day(20000); d < 20009; d++ { // nine days: a freeze earned
		days = append(days, clubbot.DayTotal{Day: d, Minutes: 10})
	}
	days = append(days, clubbot.DayTotal{Day: 20010, Minutes: 5}, // 20009 frozen
		clubbot.DayTotal{Day: 20016, Minutes: 7}, // 20011-20015 on a break
		clubbot.DayTotal{Day: 20040, Minutes: 9}) // the streak ended
	breaks := []clubbot.Break{{From: 20011, To: 20015}}
	for _, tc := range []struct {
		name                     string
		maxFreezes               int
		wantCurrent, wantLongest int
	}{
		{"freezes on", 2, 1, 11},
		{"freezes off", 0, 1, 9},
	} {
		s := Summary{MaxFreezes: tc.maxFreezes}
		for _, d := range days {
			var in []clubbot.Break
			if from, to, ok := s.MissedSpan(d.Day); ok {
				for _, b := range breaks {
					if b.To >= from && b.From <= to {
						in = append(in, b)
					}
				}
			}
			s.Add(d.Day, true, d.Minutes, in)
		}
		s.Run.Frozen = nil
		got := SummaryOf(days, breaks, tc.maxFreezes)
		if got.TotalDays != s.TotalDays || got.TotalMinutes != s.TotalMinutes || !reflect.DeepEqual(got.Run, s.Run) ||
			got.Week.Cur != s.Week.Cur || got.Month.Cur != s.Month.Cur {
			t.Errorf("%s: SummaryOf = %+v, in-order Add = %+v", tc.name, got, s)
		}
		if s.TotalDays != 12 || s.TotalMinutes != 111 || s.Run.Current != tc.wantCurrent || s.Run.Longest != tc.wantLongest {
			t.Errorf("%s: summary %+v, want current %d longest %d", tc.name, s, tc.wantCurrent, tc.wantLongest)
		}
		last, runStart := s.RunColumns()
		if back := StoredRun(last, runStart, s.Run.Longest, s.Run.Current, s.Run.Freezes); !reflect.DeepEqual(back, s.Run) {
			t.Errorf("%s: StoredRun(RunColumns) = %+v, want %+v", tc.name, back, s.Run)
		}
	}
	if last, runStart := (Summary{}).RunColumns(); last.Valid || runStart.Valid {
		t.Errorf("no check-ins: RunColumns = %v, %v; want NULLs", last, runStart)
	}
}

// TestCheckInState: a check-in tells the freezes used since the last one
// once: not those already told (FreezeTold), and the streak carries on to
// today.
func TestCheckInState(t *testing.T) {
	s := Summary{MaxFreezes: 2}
	for d := clubbot.Day(100); d < 107; d++ {
		s.Add(d, true, 10, nil)
	}
	s.Add(108, true, 10, nil) // 107 frozen
	if st := s.CheckInState(nil, 108); st.Current != 8 || !reflect.DeepEqual(st.Frozen, []clubbot.Day{107}) {
		t.Errorf("first told: %+v, want current 8, frozen [107]", st)
	}
	s.FreezeTold = 107
	if st := s.CheckInState(nil, 108); len(st.Frozen) != 0 {
		t.Errorf("told already: frozen %v, want none", st.Frozen)
	}
	// On 110, 109 was missed with no freeze left: the streak ended.
	if st := s.CheckInState(nil, 110); st.Current != 0 || len(st.Frozen) != 0 {
		t.Errorf("carried to 110: %+v, want the streak ended, nothing frozen", st)
	}
	// A break over 109 keeps it.
	if st := s.CheckInState([]clubbot.Break{{From: 109, To: 109}}, 110); st.Current != 8 {
		t.Errorf("break over 109: %+v, want current 8", st)
	}
}
