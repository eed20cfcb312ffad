package clubbot

// Streak is a run of consecutive local days with at least one check-in.
type Streak struct {
	Current int // the run ending today or yesterday; 0 when broken
	Longest int
	LastDay Day // the latest day with a check-in; 0 when none
}

// Streaks computes the current and longest streak from days sorted ascending
// with no repeats. A streak is alive while its last day is today or yesterday
// (SPEC 4), so a member who has not checked in yet today keeps it.
func Streaks(days []Day, today Day) Streak {
	var s Streak
	run := 0
	for i, d := range days {
		if i > 0 && d == days[i-1]+1 {
			run++
		} else {
			run = 1
		}
		if run > s.Longest {
			s.Longest = run
		}
	}
	if len(days) > 0 {
		s.LastDay = days[len(days)-1]
		if s.LastDay == today || s.LastDay == today-1 {
			s.Current = run
		}
	}
	return s
}

// GraceStreak is the streak of a challenge: qualifying days counted back from
// today, where up to grace missed days (over the whole challenge) do not break
// it. Today not yet qualifying is not a miss. Days before from are not looked at.
func GraceStreak(qualifies func(Day) bool, from, today Day, grace int) int {
	streak, missed := 0, 0
	for d := today; d >= from; d-- {
		switch {
		case qualifies(d):
			streak++
		case d == today:
			// The day is not over.
		case missed < grace:
			missed++
		default:
			return streak
		}
	}
	return streak
}
