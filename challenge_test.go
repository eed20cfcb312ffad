package clubbot

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestChallengeProgress(t *testing.T) {
	start := DayFromDate(2026, 3, 1)
	c := Challenge{Name: "March feet", Start: start, Days: 10, DailyMinutes: 10, GraceDays: 2}
	// mins builds a minutes map from a pattern over start, start+1, ...:
	// 'x' = 15 min (qualifies), 's' = 5 min (some, not enough), '.' none.
	mins := func(from Day, pattern string) map[Day]int {
		m := map[Day]int{}
		for i, ch := range pattern {
			switch ch {
			case 'x':
				m[from+Day(i)] = 15
			case 's':
				m[from+Day(i)] = 5
			}
		}
		return m
	}
	tests := []struct {
		name     string
		joined   Day
		minutes  map[Day]int
		today    Day
		want     Progress
		finisher bool
	}{
		{"before the start", start - 3, mins(start-3, "xxx"), start - 1,
			Progress{DaysLeft: 10}, false},
		{"first day, not yet checked in", start - 1, nil, start,
			Progress{DaysLeft: 10}, false},
		{"first day, qualified", start - 1, mins(start, "x"), start,
			Progress{QualifyingDays: 1, Elapsed: 1, Consistency: 1, Streak: 1, Minutes: 15, DaysLeft: 9}, false},
		{"mid-challenge, today open", start - 1, mins(start, "xx.xs"), start + 4,
			// Days 1-4 elapsed (today does not count until it qualifies).
			Progress{QualifyingDays: 3, Elapsed: 4, Consistency: 0.75, Streak: 3, Minutes: 50, Missed: 1, DaysLeft: 6}, false},
		{"mid-challenge, today done", start - 1, mins(start, "xx.xx"), start + 4,
			Progress{QualifyingDays: 4, Elapsed: 5, Consistency: 0.8, Streak: 4, Minutes: 60, Missed: 1, DaysLeft: 5}, false},
		{"joined late: days before joining ignored", start + 3, mins(start, "xxxxxx"), start + 5,
			// 3 qualifying days and 4 left cannot reach the 8 needed.
			Progress{QualifyingDays: 3, Elapsed: 3, Consistency: 1, Streak: 3, Minutes: 45, DaysLeft: 4, OutOfReach: true}, false},
		{"joined late, today open", start + 3, mins(start, "xxxxx"), start + 5,
			Progress{QualifyingDays: 2, Elapsed: 2, Consistency: 1, Streak: 2, Minutes: 30, DaysLeft: 5, OutOfReach: true}, false},
		{"after the end, perfect", start - 1, mins(start, "xxxxxxxxxxxx"), start + 20,
			// Days after the end are ignored.
			Progress{QualifyingDays: 10, Elapsed: 10, Consistency: 1, Streak: 10, Minutes: 150}, true},
		{"after the end, grace used", start - 1, mins(start, "xx.xxxx.xx"), start + 20,
			Progress{QualifyingDays: 8, Elapsed: 10, Consistency: 0.8, Streak: 8, Minutes: 120, Missed: 2}, true},
		{"after the end, one too many misses", start - 1, mins(start, "xx.xx.x.xx"), start + 20,
			Progress{QualifyingDays: 7, Elapsed: 10, Consistency: 0.7, Streak: 2, Minutes: 105, Missed: 3, OutOfReach: true}, false},
		{"after the end, last day missed counts as a miss", start - 1, mins(start, "xxxxxxxxx."), start + 1 + 9,
			// The last day is over: it is a miss, forgiven by grace.
			Progress{QualifyingDays: 9, Elapsed: 10, Consistency: 0.9, Streak: 9, Minutes: 135, Missed: 1}, true},
		{"last day of the challenge, still open", start - 1, mins(start, "xxxxxxxxx"), start + 9,
			Progress{QualifyingDays: 9, Elapsed: 9, Consistency: 1, Streak: 9, Minutes: 135, DaysLeft: 1}, true},
		{"nothing at all after the end", start, nil, start + 30,
			Progress{Elapsed: 10, Missed: 10, OutOfReach: true}, false},
		{"joined after the end", start + 12, mins(start, "xxxxxxxxxx"), start + 14,
			Progress{OutOfReach: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ChallengeProgress(c, tt.joined, tt.minutes, tt.today)
			tt.want.Finisher = tt.finisher
			if math.Abs(got.Consistency-tt.want.Consistency) > 1e-9 {
				t.Errorf("consistency %v, want %v", got.Consistency, tt.want.Consistency)
			}
			got.Consistency, tt.want.Consistency = 0, 0
			if got != tt.want {
				t.Errorf("ChallengeProgress = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// After the end, the last day is over: missing it breaks a streak with no
// grace left, unlike today mid-challenge, which is still open.
func TestChallengeProgressLastDayClosed(t *testing.T) {
	start := DayFromDate(2026, 3, 1)
	c := Challenge{Start: start, Days: 3, DailyMinutes: 10}
	m := map[Day]int{start: 10, start + 1: 10}
	if p := ChallengeProgress(c, start, m, start+2); p.Streak != 2 || p.Elapsed != 2 {
		t.Errorf("on the last day, still open: %+v, want streak 2 elapsed 2", p)
	}
	if p := ChallengeProgress(c, start, m, start+3); p.Streak != 0 || p.Elapsed != 3 || p.Missed != 1 || p.Finisher {
		t.Errorf("after the end: %+v, want streak 0 elapsed 3 missed 1, not a finisher", p)
	}
}

func TestChallengeDays(t *testing.T) {
	start := DayFromDate(2026, 3, 1)
	c := Challenge{Start: start, Days: 30}
	if c.End() != DayFromDate(2026, 3, 30) {
		t.Errorf("End = %s", c.End())
	}
	tests := []struct {
		day     Day
		number  int
		running bool
		over    bool
	}{
		{start - 1, 0, false, false},
		{start, 1, true, false},
		{start + 29, 30, true, false},
		{start + 30, 31, false, true},
	}
	for _, tt := range tests {
		if n, r, o := c.DayNumber(tt.day), c.Running(tt.day), c.Over(tt.day); n != tt.number || r != tt.running || o != tt.over {
			t.Errorf("%s: day %d running %v over %v; want %d %v %v", tt.day, n, r, o, tt.number, tt.running, tt.over)
		}
	}
	c.Ended = true
	if c.Running(start+1) || !c.Over(start+1) {
		t.Error("an ended challenge is neither running nor not over")
	}
}

func TestGroupConsistency(t *testing.T) {
	tests := []struct {
		qualified, participants int
		want                    float64
	}{
		{0, 0, 0},
		{0, 5, 0},
		{3, 4, 0.75},
		{5, 5, 1},
		{1, 3, 1.0 / 3},
		{2, -1, 0},
	}
	for _, tt := range tests {
		if got := GroupConsistency(tt.qualified, tt.participants); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("GroupConsistency(%d, %d) = %v, want %v", tt.qualified, tt.participants, got, tt.want)
		}
	}
}

// TestChallengeReach: a member who can no longer reach days - grace is out
// of reach, however they got there: joining late, joining again, or missing
// days (issue 11: late joiners were told "on track").
func TestChallengeReach(t *testing.T) {
	start := DayFromDate(2026, 3, 1)
	five := Challenge{Start: start, Days: 5, DailyMinutes: 10, GraceDays: 1}
	ten := Challenge{Start: start, Days: 10, DailyMinutes: 10}
	tests := []struct {
		name           string
		c              Challenge
		qualifying     int
		qualifiedToday bool
		today          Day
		left           int
		out            bool
	}{
		{"before the start: every day open", five, 0, false, start - 2, 5, false},
		{"day 1, nothing yet", five, 0, false, start, 5, false},
		{"joined on day 2 of 5: 4 left, 4 needed", five, 0, false, start + 1, 4, false},
		{"joined on day 3 of 5: 3 left, 4 needed", five, 0, false, start + 2, 3, true},
		{"joined on day 3, checked in: 2 left, 3 needed", five, 1, true, start + 2, 2, true},
		{"day 9 of 10, joined today", ten, 0, false, start + 8, 2, true},
		{"day 9 of 10, 8 so far", ten, 8, false, start + 8, 2, false},
		{"last day, one short, still open", ten, 9, false, start + 9, 1, false},
		{"last day, qualified", ten, 10, true, start + 9, 0, false},
		{"after the end, finished", ten, 10, false, start + 10, 0, false},
		{"after the end, one short", ten, 9, false, start + 10, 0, true},
		{"ended early", Challenge{Start: start, Days: 3, DailyMinutes: 10, Ended: true}, 1, false, start + 2, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			left, out := ChallengeReach(tt.c, tt.qualifying, tt.qualifiedToday, tt.today)
			if left != tt.left || out != tt.out {
				t.Errorf("ChallengeReach = %d left, out of reach %v; want %d, %v", left, out, tt.left, tt.out)
			}
		})
	}
}

// TestGroupDay: a day's share is over the members taking part that day:
// joined on or before it and not left (issue 11: a member joining today
// turned yesterday's "1 of 2" into "1 of 3").
func TestGroupDay(t *testing.T) {
	start := DayFromDate(2026, 3, 1)
	c := Challenge{Start: start, Days: 10, DailyMinutes: 10}
	on := func(days ...Day) func(Day) bool {
		return func(d Day) bool { return slices.Contains(days, d) }
	}
	ann := Participation{Joined: start - 1, Qualified: on(start, start+1, start+2)}
	bob := Participation{Joined: start, Qualified: on(start + 1)}
	cat := Participation{Joined: start + 2, Qualified: on(start + 2)}          // joined on day 3
	dan := Participation{Joined: start, Left: start + 2, Qualified: on(start)} // left on day 3
	// eve left on day 2 and joined again on day 4: away on days 2 and 3.
	eve := Participation{Joined: start, Away: on(start+1, start+2), Qualified: on(start, start+1, start+3)}
	all := []Participation{ann, bob, cat, dan}
	withEve := append(slices.Clone(all), eve)
	tests := []struct {
		name            string
		ps              []Participation
		day             Day
		qualified, take int
	}{
		{"nobody", nil, start, 0, 0},
		{"day 1: ann, bob, dan take part", all, start, 2, 3},
		{"day 2: cat not yet joined", all, start + 1, 2, 3},
		{"day 3: cat joins, dan left", all, start + 2, 2, 3},
		{"day 4", all, start + 3, 0, 3},
		{"before the start", all, start - 1, 0, 0},
		{"after the end", all, c.End() + 1, 0, 0},
		{"no qualified days known", []Participation{{Joined: start}}, start, 0, 1},
		{"eve in on day 1", withEve, start, 3, 4},
		{"eve away on day 2, her check-in not counted", withEve, start + 1, 2, 3},
		{"eve away on day 3", withEve, start + 2, 2, 3},
		{"eve back on day 4", withEve, start + 3, 1, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, n := GroupDay(c, tt.ps, tt.day)
			if q != tt.qualified || n != tt.take {
				t.Errorf("GroupDay = %d of %d, want %d of %d", q, n, tt.qualified, tt.take)
			}
		})
	}
}

func TestChallengeValidate(t *testing.T) {
	ok := Challenge{Name: "March feet", Start: DayFromDate(2026, 3, 1), Days: 30, DailyMinutes: 10, GraceDays: 2}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid challenge refused: %v", err)
	}
	tests := []struct {
		name   string
		change func(*Challenge)
		valid  bool
	}{
		{"empty name", func(c *Challenge) { c.Name = "" }, false},
		{"blank name", func(c *Challenge) { c.Name = "   " }, false},
		{"name at limit", func(c *Challenge) { c.Name = strings.Repeat("é", MaxChallengeNameRunes) }, true},
		{"name over limit", func(c *Challenge) { c.Name = strings.Repeat("a", MaxChallengeNameRunes+1) }, false},
		{"name with newline", func(c *Challenge) { c.Name = "a\nb" }, false},
		{"name invalid UTF-8", func(c *Challenge) { c.Name = "a\xffb" }, false},
		{"description at limit", func(c *Challenge) { c.Description = strings.Repeat("d", MaxDescriptionRunes) }, true},
		{"description over limit", func(c *Challenge) { c.Description = strings.Repeat("d", MaxDescriptionRunes+1) }, false},
		{"description on several lines", func(c *Challenge) { c.Description = "one\ntwo" }, true},
		{"description invalid UTF-8", func(c *Challenge) { c.Description = "\xc3" }, false},
		{"zero days", func(c *Challenge) { c.Days = 0; c.GraceDays = 0 }, false},
		{"one day", func(c *Challenge) { c.Days = 1; c.GraceDays = 0 }, true},
		{"max days", func(c *Challenge) { c.Days = MaxChallengeDays }, true},
		{"too many days", func(c *Challenge) { c.Days = MaxChallengeDays + 1 }, false},
		{"zero minutes", func(c *Challenge) { c.DailyMinutes = 0 }, false},
		{"max minutes", func(c *Challenge) { c.DailyMinutes = MaxMinutes }, true},
		{"too many minutes", func(c *Challenge) { c.DailyMinutes = MaxMinutes + 1 }, false},
		{"negative grace", func(c *Challenge) { c.GraceDays = -1 }, false},
		{"max grace", func(c *Challenge) { c.GraceDays = MaxGraceDays; c.Days = 60 }, true},
		{"too much grace", func(c *Challenge) { c.GraceDays = MaxGraceDays + 1; c.Days = 60 }, false},
		{"grace as long as the challenge", func(c *Challenge) { c.Days = 5; c.GraceDays = 5 }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.change(&c)
			err := c.Validate()
			if tt.valid && err != nil {
				t.Errorf("refused: %v", err)
			}
			if !tt.valid && !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v, want ErrInvalid", err)
			}
		})
	}
}

// ChallengeStreak, for callers that keep qualifying days their own way, gives
// the same streak as ChallengeProgress for every join day and today.
func TestChallengeStreakMatchesProgress(t *testing.T) {
	start := DayFromDate(2026, 3, 1)
	c := Challenge{Start: start, Days: 12, DailyMinutes: 10, GraceDays: 2}
	pattern := "xx.xxx..x.xxx.x" // runs past the end on purpose
	minutes := map[Day]int{}
	for i, ch := range pattern {
		if ch == 'x' {
			minutes[start+Day(i)] = 10
		}
	}
	qualifies := func(d Day) bool { return minutes[d] >= c.DailyMinutes }
	for joined := start - 2; joined <= c.End()+2; joined++ {
		for today := start - 2; today <= c.End()+3; today++ {
			want := ChallengeProgress(c, joined, minutes, today).Streak
			if got := ChallengeStreak(c, joined, qualifies, today); got != want {
				t.Fatalf("joined %s today %s: ChallengeStreak %d, progress %d", joined, today, got, want)
			}
		}
	}
}
