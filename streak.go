package clubbot

import "slices"

// Streak is a run of consecutive local days with at least one check-in.
type Streak struct {
	Current int // the run ending today or yesterday; 0 when broken
	Longest int
	LastDay Day // the latest day with a check-in; 0 when none
}

// Streaks computes the current and longest streak from the days a member
// checked in, ascending (repeats are fine: several sessions a day count once).
// A streak is alive while its last day is today or yesterday (SPEC 4), so a
// member who has not checked in yet today keeps it. A last day after today
// (a member who moved to a zone further west) keeps it alive too.
func Streaks(days []Day, today Day) Streak {
	if !slices.IsSorted(days) {
		days = slices.Sorted(slices.Values(days))
	}
	var s Streak
	run := 0
	for i, d := range days {
		switch {
		case i > 0 && d == days[i-1]:
			continue
		case i > 0 && d == days[i-1]+1:
			run++
		default:
			run = 1
		}
		s.Longest = max(s.Longest, run)
	}
	if len(days) > 0 {
		s.LastDay = days[len(days)-1]
		if s.LastDay >= today-1 {
			s.Current = run
		}
	}
	return s
}

// GraceStreak is the streak of a challenge: the qualifying days of the run
// that reaches today, where the first grace missed days of the whole
// challenge (counted from from, in order) do not break it and any later miss
// does. Today not yet qualifying is not a miss: the day is not over. Days
// before from are not looked at.
func GraceStreak(qualifies func(Day) bool, from, today Day, grace int) int {
	return graceStreak(qualifies, from, today, grace, true)
}

// graceStreak is GraceStreak over from..last; todayOpen says whether last is
// a day still in progress (not a miss yet) or a finished one.
func graceStreak(qualifies func(Day) bool, from, last Day, grace int, todayOpen bool) int {
	streak, missed := 0, 0
	for d := from; d <= last; d++ {
		switch {
		case qualifies(d):
			streak++
		case d == last && todayOpen:
			// The day is not over.
		case missed < grace:
			missed++
		default:
			streak = 0
		}
	}
	return streak
}
