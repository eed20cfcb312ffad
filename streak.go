package clubbot

import "slices"

// Streak is a run of consecutive local days with at least one check-in.
type Streak struct {
	Current int // the run ending today or yesterday; 0 when broken
	Longest int
	LastDay Day // the latest day with a check-in; 0 when none
}

// Run is a member's streak state after their days so far, in order: what
// the store keeps per member so that a new day extends it without reading
// the days again. Streaks is the fold of Add over the days, so the rule
// lives here once.
type Run struct {
	Last    Day // the latest day; meaningless while Length is 0
	Length  int // the run of consecutive days ending at Last; 0: no days yet
	Longest int
}

// Add extends r by day d, which must not be before r.Last (a day before it
// needs the run recomputed with Streaks). The same day again changes nothing.
func (r Run) Add(d Day) Run {
	switch {
	case r.Length > 0 && d == r.Last:
		return r
	case r.Length > 0 && d == r.Last+1:
		r.Length++
	default:
		r.Length = 1
	}
	r.Last = d
	r.Longest = max(r.Longest, r.Length)
	return r
}

// Streak is the run as of today: alive while its last day is today or
// yesterday (SPEC 4), or later (a member who moved to a zone further west).
func (r Run) Streak(today Day) Streak {
	s := Streak{Longest: r.Longest}
	if r.Length > 0 {
		s.LastDay = r.Last
		if r.Last >= today-1 {
			s.Current = r.Length
		}
	}
	return s
}

// Streaks computes the current and longest streak from the days a member
// checked in, ascending (repeats are fine: several sessions a day count once).
// A streak is alive while its last day is today or yesterday (SPEC 4), so a
// member who has not checked in yet today keeps it.
func Streaks(days []Day, today Day) Streak {
	return RunOf(days).Streak(today)
}

// RunOf is the Run after days (any order, repeats allowed).
func RunOf(days []Day) Run {
	if !slices.IsSorted(days) {
		days = slices.Sorted(slices.Values(days))
	}
	var r Run
	for _, d := range days {
		r = r.Add(d)
	}
	return r
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
