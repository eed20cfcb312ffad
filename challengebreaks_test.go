package clubbot

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// plan reads a challenge member's days from a pattern over from, from+1...:
// 'x' 15 minutes (qualifies at 10), 's' 5 minutes, '.' nothing, 'b' a break
// day with nothing, 'B' a break day with 15 minutes.
func plan(from Day, pattern string) (map[Day]int, []Break) {
	m := map[Day]int{}
	for i, ch := range pattern {
		switch ch {
		case 'x', 'B':
			m[from+Day(i)] = 15
		case 's':
			m[from+Day(i)] = 5
		}
	}
	return m, patternBreaks(from, pattern)
}

func TestChallengeProgressWithBreaks(t *testing.T) {
	start := DayFromDate(2026, 3, 1) // 2026-03-08 is New York's spring-forward day: days are whole either way
	month := Challenge{Name: "30 days", Start: start, Days: 30, DailyMinutes: 10, GraceDays: 2}
	noBreaks := month
	noBreaks.NoBreaks = true
	ten := Challenge{Name: "10 days", Start: start, Days: 10, DailyMinutes: 10, GraceDays: 1}
	tests := []struct {
		name    string
		c       Challenge
		joined  Day
		pattern string // from the start
		today   Day
		want    Progress // Consistency and Minutes are checked apart
	}{
		{"a week's break in a 30-day challenge still finishes", month, start - 1,
			"xxxxxxxxxxbbbbbbbxxxxxxxxxxxxx", month.End() + 1,
			Progress{QualifyingDays: 23, Elapsed: 23, Streak: 23, Finisher: true, BreakDays: 7}},
		{"the same days without breaks allowed do not finish", noBreaks, start - 1,
			"xxxxxxxxxxbbbbbbbxxxxxxxxxxxxx", month.End() + 1,
			Progress{QualifyingDays: 23, Elapsed: 30, Missed: 7, Streak: 13, OutOfReach: true}},
		{"a week's break planned ahead: fewer days needed, fewer days open", month, start - 1,
			"xxxxxxxxxxbbbbbbb", start + 9,
			Progress{QualifyingDays: 10, Elapsed: 10, Streak: 10, DaysLeft: 13, BreakDays: 7}},
		{"on the break now: the day is neither elapsed nor open", month, start - 1,
			"xxxxxxxxxxbbbbbbb", start + 12,
			Progress{QualifyingDays: 10, Elapsed: 10, Streak: 10, DaysLeft: 13, BreakDays: 7}},
		{"break days use no grace", ten, start - 1,
			"xxxbbbx.xx", ten.End(),
			Progress{QualifyingDays: 6, Elapsed: 7, Missed: 1, Streak: 6, Finisher: true, BreakDays: 3}},
		{"break days beyond a third are ordinary misses", ten, start - 1,
			"xxbbbbbxxx", ten.End(),
			// 3 excused; the 4th break day uses the grace day, the 5th breaks the streak.
			Progress{QualifyingDays: 5, Elapsed: 7, Missed: 2, Streak: 3, BreakDays: 3, OutOfReach: true}},
		{"grace and breaks together", month, start - 1,
			"xxxxx.xxxxbbbbbxxxxx.xxxxxxxxx", month.End(),
			Progress{QualifyingDays: 23, Elapsed: 25, Missed: 2, Streak: 23, Finisher: true, BreakDays: 5}},
		{"a third miss after grace and a break ends the streak", month, start - 1,
			"xxxxx.xxxxbbbbbxxxxx.xxx.xxxxx", month.End(),
			Progress{QualifyingDays: 22, Elapsed: 25, Missed: 3, Streak: 5, BreakDays: 5, OutOfReach: true}},
		{"qualifying on a break day counts as qualifying", ten, start - 1,
			"xxxbBbxxxx", ten.End(),
			Progress{QualifyingDays: 8, Elapsed: 8, Streak: 8, Finisher: true, BreakDays: 2}},
		{"some minutes on a break day: still excused", ten, start - 1,
			"xxxb", start + 3,
			Progress{QualifyingDays: 3, Elapsed: 3, Streak: 3, DaysLeft: 6, BreakDays: 1}},
		{"out of reach even counting the break ahead", month, start - 1,
			"xxx......sssssssssbbbbb", start + 17,
			// 3 qualifying, 5 excused ahead: 20 needed, 13 days open of which 5 are breaks.
			Progress{QualifyingDays: 3, Elapsed: 17, Missed: 14, DaysLeft: 8, BreakDays: 5, OutOfReach: true}},
		{"late joiner: breaks before joining are not looked at", ten, start + 4,
			"bbbbxxxx", start + 7,
			// 4 qualifying of the 9 needed, 2 days left.
			Progress{QualifyingDays: 4, Elapsed: 4, Streak: 4, DaysLeft: 2, OutOfReach: true}},
		{"late joiner: a break after joining is excused", ten, start + 2,
			"bbbbxxxx", start + 7,
			Progress{QualifyingDays: 4, Elapsed: 4, Streak: 4, DaysLeft: 2, BreakDays: 2, OutOfReach: true}},
		{"breaks before the start do not count", ten, start - 5,
			"", start + 1,
			Progress{Elapsed: 1, Missed: 1, DaysLeft: 9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			minutes, breaks := plan(tt.c.Start, tt.pattern)
			if tt.pattern == "" {
				breaks = []Break{{From: start - 4, To: start - 1}}
			}
			got := ChallengeProgressWithBreaks(tt.c, tt.joined, minutes, breaks, tt.today)
			wantCons := 0.0
			if tt.want.Elapsed > 0 {
				wantCons = float64(tt.want.QualifyingDays) / float64(tt.want.Elapsed)
			}
			if got.Consistency != wantCons {
				t.Errorf("consistency %v, want %v", got.Consistency, wantCons)
			}
			got.Consistency, got.Minutes = 0, 0
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestFreezeIsAMissInAChallenge: a freeze keeps the member's own streak, but
// the frozen day did not qualify, so the challenge counts it as a miss.
func TestFreezeIsAMissInAChallenge(t *testing.T) {
	start := DayFromDate(2026, 11, 1)
	c := Challenge{Name: "November", Start: start, Days: 30, DailyMinutes: 10, GraceDays: 0}
	minutes, _ := plan(start, "xxxxxxx.xx")
	today := start + 9
	var days []Day
	for d := range minutes {
		days = append(days, d)
	}
	st := MemberStreak(days, nil, 2, today)
	if st.Current != 9 || !slices.Equal(st.Frozen, []Day{start + 7}) {
		t.Fatalf("member streak %+v, want 9 with day 8 frozen", st)
	}
	p := ChallengeProgressWithBreaks(c, start, minutes, nil, today)
	if p.QualifyingDays != 9 || p.Missed != 1 || p.Streak != 2 {
		t.Errorf("challenge progress %+v, want 9 qualifying, 1 missed, streak 2", p)
	}
}

// TestChallengeProgressWithoutBreaksMatches is the property the later wiring
// relies on: with no breaks, or a challenge that allows none, the rule is
// ChallengeProgress's. ChallengeStreakOf, with breaks or none, is the
// progress's streak.
func TestChallengeProgressWithoutBreaksMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 30))
	start := DayFromDate(2026, 3, 1)
	for range 3000 {
		c := Challenge{Start: start, Days: 1 + r.IntN(20), DailyMinutes: 10}
		c.GraceDays = r.IntN(c.Days)
		c.Ended = r.IntN(10) == 0
		minutes := map[Day]int{}
		for range r.IntN(25) {
			minutes[start-3+Day(r.IntN(28))] = 1 + r.IntN(20)
		}
		joined := start - 2 + Day(r.IntN(12))
		today := start - 2 + Day(r.IntN(28))
		want := ChallengeProgress(c, joined, minutes, today)
		if got := ChallengeProgressWithBreaks(c, joined, minutes, nil, today); got != want {
			t.Fatalf("%+v joined %s today %s minutes %v:\n got %+v\nwant %+v", c, joined, today, minutes, got, want)
		}
		from := start - 2 + Day(r.IntN(25))
		breaks := []Break{{From: from, To: from + Day(r.IntN(8))}}
		qualifies := func(d Day) bool { return minutes[d] >= c.DailyMinutes }
		if got := ChallengeStreakOf(c, joined, qualifies, nil, today); got != want.Streak {
			t.Fatalf("%+v joined %s today %s minutes %v: ChallengeStreakOf %d, want %d", c, joined, today, minutes, got, want.Streak)
		}
		withBreaks := ChallengeProgressOf(c, joined, qualifies, breaks, today).Streak
		if got := ChallengeStreakOf(c, joined, qualifies, breaks, today); got != withBreaks {
			t.Fatalf("%+v breaks %v: ChallengeStreakOf %d, ChallengeProgressOf's %d", c, breaks, got, withBreaks)
		}
		c.NoBreaks = true
		if got := ChallengeProgressWithBreaks(c, joined, minutes, breaks, today); got != want {
			t.Fatalf("NoBreaks %+v breaks %v:\n got %+v\nwant %+v", c, breaks, got, want)
		}
	}
}

// TestChallengeProgressWithBreaksReach checks out of reach against brute
// force: a member is out of reach exactly when no way of qualifying or not
// on the days still to come (break days included: a member may check in on
// one) makes them a finisher.
func TestChallengeProgressWithBreaksReach(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 14))
	start := DayFromDate(2026, 3, 1)
	for range 400 {
		c := Challenge{Start: start, Days: 3 + r.IntN(7), DailyMinutes: 10}
		c.GraceDays = r.IntN(3)
		today := start + Day(r.IntN(c.Days))
		minutes := map[Day]int{}
		for d := start; d <= today; d++ {
			if r.IntN(3) > 0 {
				minutes[d] = 15
			}
		}
		from := start + Day(r.IntN(c.Days))
		breaks := []Break{{From: from, To: from + Day(r.IntN(7))}}
		p := ChallengeProgressWithBreaks(c, start, minutes, breaks, today)
		// Today is open unless it qualified; every later day is open.
		var open []Day
		for d := today; d <= c.End(); d++ {
			if d > today || minutes[d] < 10 {
				open = append(open, d)
			}
		}
		canFinish := false
		for set := 0; set < 1<<len(open) && !canFinish; set++ {
			future := map[Day]int{}
			for d, m := range minutes {
				future[d] = m
			}
			for i, d := range open {
				if set&(1<<i) != 0 {
					future[d] = 15
				}
			}
			canFinish = ChallengeProgressWithBreaks(c, start, future, breaks, c.End()+1).Finisher
		}
		if p.OutOfReach == canFinish {
			t.Fatalf("%+v today %s breaks %v minutes %v: out of reach %v, can finish %v (%+v)",
				c, today, breaks, minutes, p.OutOfReach, canFinish, p)
		}
	}
}

func TestGroupDayWithBreaks(t *testing.T) {
	start := DayFromDate(2026, 3, 1)
	c := Challenge{Start: start, Days: 9, DailyMinutes: 10}
	member := func(pattern string) Participation {
		minutes, breaks := plan(start, pattern)
		qualifies := func(d Day) bool { return minutes[d] >= 10 }
		excused := ChallengeBreakDays(c, start, qualifies, breaks, start+8)
		return Participation{Joined: start, Qualified: qualifies, OnBreak: ExcusedOn(excused)}
	}
	ps := []Participation{member("xxxbbbbx"), member("xx.xxxxx"), member("xxxbBxxx")}
	tests := []struct {
		day               Day
		qualified, taking int
	}{
		{start, 3, 3},
		{start + 2, 2, 3},
		{start + 3, 1, 1}, // the first and third are on a break
		{start + 4, 2, 2}, // the third qualified on a break day: taking part
		{start + 5, 2, 2}, // the first is on their 3rd (last excused) break day of a 9-day challenge
		{start + 6, 2, 3}, // the first's 4th break day is an ordinary miss
	}
	for _, tt := range tests {
		q, n := GroupDay(c, ps, tt.day)
		if q != tt.qualified || n != tt.taking {
			t.Errorf("GroupDay(%s) = %d of %d, want %d of %d", tt.day, q, n, tt.qualified, tt.taking)
		}
	}
}

// TestBreaksInLocalDays: break and check-in days come from LocalDay, so
// "tomorrow" and the days of a challenge are the member's own, across DST
// changes and odd offsets.
func TestBreaksInLocalDays(t *testing.T) {
	// 2026-10-04 02:00 Lord Howe moves 30 minutes ahead; Kathmandu is +05:45.
	now := time.Date(2026, 10, 3, 12, 30, 0, 0, time.UTC) // 23:00 in Lord Howe, 18:15 in Kathmandu
	for _, tt := range []struct {
		zone     string
		tomorrow Day
	}{
		{"Australia/Lord_Howe", DayFromDate(2026, 10, 4)},
		{"Asia/Kathmandu", DayFromDate(2026, 10, 4)},
		{"Pacific/Kiritimati", DayFromDate(2026, 10, 5)}, // already the 4th there
		{"America/New_York", DayFromDate(2026, 10, 4)},
	} {
		today := LocalDay(now, tt.zone, "")
		if err := PlanBreak(nil, Break{From: tt.tomorrow - 1, To: tt.tomorrow + 2}, today); err == nil {
			t.Errorf("%s: a break from the member's today was accepted", tt.zone)
		}
		if err := PlanBreak(nil, Break{From: tt.tomorrow, To: tt.tomorrow + 2}, today); err != nil {
			t.Errorf("%s: a break from the member's tomorrow: %v", tt.zone, err)
		}
	}

	// A member in Lord Howe checks in at 00:15 local each day of a 9-day
	// challenge over the DST start, with a 3-day break in the middle (a third).
	lh, err := time.LoadLocation("Australia/Lord_Howe")
	if err != nil {
		t.Fatal(err)
	}
	start := DayFromDate(2026, 10, 1)
	c := Challenge{Start: start, Days: 9, DailyMinutes: 10}
	breaks := []Break{{From: DayFromDate(2026, 10, 4), To: DayFromDate(2026, 10, 6)}}
	minutes := map[Day]int{}
	for _, d := range []int{1, 2, 3, 7, 8, 9} {
		minutes[LocalDay(time.Date(2026, 10, d, 0, 15, 0, 0, lh), "Australia/Lord_Howe", "")] += 12
	}
	today := LocalDay(time.Date(2026, 10, 9, 23, 0, 0, 0, lh), "Australia/Lord_Howe", "")
	p := ChallengeProgressWithBreaks(c, start, minutes, breaks, today)
	if !p.Finisher || p.QualifyingDays != 6 || p.Elapsed != 6 || p.BreakDays != 3 || p.Streak != 6 {
		t.Errorf("progress %+v, want a finisher with 6 of 6 days and 3 break days", p)
	}
}
