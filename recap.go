package clubbot

import (
	"cmp"
	"slices"
)

// RecapStreak is one member's longest run of days in a month's recap.
type RecapStreak struct {
	UserID string
	Days   int
}

// MonthRecap is the club's month for the recap post on the 1st (SPEC 6).
type MonthRecap struct {
	From, To Day // the month's first and last day
	Sessions int
	Minutes  int
	// ActiveMembers checked in on at least one day of the month (hidden
	// members included: they are counted, never named).
	ActiveMembers int
	// DayShare[i] is the share of the active members who checked in on day
	// From+i, for the month-grid picture; one entry per day of the month.
	DayShare []float64
	// Longest are the longest runs of consecutive check-in days within the
	// month, longest first (ties: more minutes in the month, then user id),
	// at most top, runs of 2 days or more, hidden members left out.
	Longest []RecapStreak
}

// MonthlyRecap computes the recap of the calendar month containing month
// (the post on the 1st passes yesterday) from each member's day totals,
// keyed by user id; days outside the month are ignored. hidden holds the
// members who chose to hide.
//
// A run here is consecutive days with a check-in inside the month: the
// recap shows what the club did that month, so freezes and breaks (which
// keep a member's own streak alive) do not join runs, and a run is cut at
// the month's edges.
func MonthlyRecap(month Day, totals map[string][]DayTotal, hidden map[string]bool, top int) MonthRecap {
	from, to := Month.Range(month)
	r := MonthRecap{From: from, To: to, DayShare: make([]float64, to-from+1)}
	checked := make([]int, len(r.DayShare))
	type runner struct {
		RecapStreak
		minutes int
	}
	var runners []runner
	for user, dts := range totals {
		var days []Day
		minutes := 0
		for _, dt := range dts {
			if dt.Day < from || dt.Day > to {
				continue
			}
			r.Sessions += dt.Sessions
			minutes += dt.Minutes
			if !slices.Contains(days, dt.Day) {
				days = append(days, dt.Day)
				checked[dt.Day-from]++
			}
		}
		if len(days) == 0 {
			continue
		}
		r.Minutes += minutes
		r.ActiveMembers++
		if longest := Streaks(days, to).Longest; longest >= 2 && !hidden[user] {
			runners = append(runners, runner{RecapStreak{user, longest}, minutes})
		}
	}
	if r.ActiveMembers > 0 {
		for i, n := range checked {
			r.DayShare[i] = float64(n) / float64(r.ActiveMembers)
		}
	}
	slices.SortFunc(runners, func(a, b runner) int {
		return cmp.Or(cmp.Compare(b.Days, a.Days), cmp.Compare(b.minutes, a.minutes), cmp.Compare(a.UserID, b.UserID))
	})
	for i := 0; i < len(runners) && i < top; i++ {
		r.Longest = append(r.Longest, runners[i].RecapStreak)
	}
	return r
}

// PeriodConsistency is c's group consistency over the days from..to (a
// month for the recap): the qualified member-days over the member-days
// taking part (GroupDay summed), 0 when nobody took part.
func PeriodConsistency(c Challenge, ps []Participation, from, to Day) float64 {
	qualified, taking := 0, 0
	for d := max(from, c.Start); d <= min(to, c.End()); d++ {
		q, n := GroupDay(c, ps, d)
		qualified += q
		taking += n
	}
	return GroupConsistency(qualified, taking)
}
