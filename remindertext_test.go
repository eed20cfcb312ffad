package clubbot

import (
	"testing"
	"time"
)

func TestReminderText(t *testing.T) {
	today := DayFromDate(2026, 11, 12)
	c := Challenge{Name: "November feet", Start: DayFromDate(2026, 11, 1), Days: 30, DailyMinutes: 15, GraceDays: 2}
	over := Challenge{Name: "October", Start: DayFromDate(2026, 10, 1), Days: 31, DailyMinutes: 10}
	streak := func(current, freezes int) StreakState {
		return StreakState{Streak: Streak{Current: current, Longest: current, LastDay: today - 1}, Freezes: freezes}
	}
	on := ChallengeStanding{c, Progress{QualifyingDays: 10, DaysLeft: 19}}
	tests := []struct {
		name string
		st   ReminderStakes
		want string
	}{
		{"streak with a freeze held", ReminderStakes{Streak: streak(12, 1), MaxFreezes: 2},
			"⏰ No check-in yet today.\nYour 12-day streak is at stake: check in today, or a 🧊 freeze will cover the day (1 left)."},
		{"streak with no freeze left", ReminderStakes{Streak: streak(12, 0), MaxFreezes: 2},
			"⏰ No check-in yet today.\nYour 12-day streak ends at midnight unless you check in today; no 🧊 freeze left."},
		{"streak with freezes off", ReminderStakes{Streak: streak(5, 0), MaxFreezes: 0},
			"⏰ No check-in yet today.\nYour 5-day streak ends at midnight unless you check in today."},
		{"no streak, a running challenge", ReminderStakes{Challenges: []ChallengeStanding{on, {over, Progress{}}}},
			"⏰ No check-in yet today.\nDay 12 of 30 of November feet: 15 min today counts; 18 more needed to finish, days left: 19."},
		{"streak and challenge", ReminderStakes{Streak: streak(3, 0), MaxFreezes: 2, Challenges: []ChallengeStanding{on}},
			"⏰ No check-in yet today.\nYour 3-day streak ends at midnight unless you check in today; no 🧊 freeze left.\n" +
				"Day 12 of 30 of November feet: 15 min today counts; 18 more needed to finish, days left: 19."},
		{"break days lower what is needed", ReminderStakes{Challenges: []ChallengeStanding{{c, Progress{QualifyingDays: 10, DaysLeft: 12, BreakDays: 7}}}},
			"⏰ No check-in yet today.\nDay 12 of 30 of November feet: 15 min today counts; 11 more needed to finish, days left: 12."},
		{"out of reach", ReminderStakes{Challenges: []ChallengeStanding{{c, Progress{QualifyingDays: 2, DaysLeft: 19, OutOfReach: true}}}},
			"⏰ No check-in yet today.\nDay 12 of 30 of November feet: 15 min today counts for your consistency."},
		{"already enough to finish", ReminderStakes{Challenges: []ChallengeStanding{{c, Progress{QualifyingDays: 28, DaysLeft: 19}}}},
			"⏰ No check-in yet today.\nDay 12 of 30 of November feet: 15 min today counts; you have already done enough to finish."},
		{"checked in today: no streak line", ReminderStakes{Streak: StreakState{Streak: Streak{Current: 4, LastDay: today}}, MaxFreezes: 2},
			"⏰ No check-in yet today."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReminderText(tt.st, today); got != tt.want {
				t.Errorf("ReminderText =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestReminderDueWithBreaks: the scheduler's hook fills OnBreak from the
// member's breaks (a member on a break that day gets none) and Streak from
// MemberStreak (a streak a break kept alive is at stake the day after it).
func TestReminderDueWithBreaks(t *testing.T) {
	server := DefaultSettings("g")
	today := DayFromDate(2026, 11, 12)
	at := func(d Day) time.Time { return Clock(21*60).On(d, server.Location()) }
	days, breaks := history(today, "xxxxxbbb") // a break from today-2 to today
	member := func(withBreaks bool) ReminderMember {
		m := ReminderMember{Member: Member{Reminders: true}, HasCheckIns: true, LastDay: today - 3, RunStart: today - 7}
		if withBreaks {
			m.OnBreak = func(d Day) bool { return OnBreak(breaks, d) }
		}
		return m
	}
	tests := []struct {
		name       string
		m          ReminderMember
		day        Day
		withStreak bool
		want       bool
	}{
		{"last check-in yesterday, no breaks known", func() ReminderMember { m := member(false); m.LastDay = today - 1; return m }(), today, false, true},
		{"on a break: none", member(true), today, true, false},
		{"on a break, streak not passed: none", member(true), today, false, false},
		{"the day after the break, streak kept by it", member(true), today + 1, true, true},
		{"the day after the break, without the streak state the run looks over", member(true), today + 1, false, false},
		{"two days after the break: the streak is gone", member(true), today + 2, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.m
			if tt.withStreak {
				st := MemberStreak(days, breaks, 0, tt.day)
				m.Streak = &st
			}
			if _, due := ReminderDue(m, server, at(tt.day)); due != tt.want {
				t.Errorf("ReminderDue = %v, want %v", due, tt.want)
			}
		})
	}
}
