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
	t := NewRecapTally(month, top)
	for user, dts := range totals {
		t.Add(user, dts, hidden[user])
	}
	return t.Recap()
}

// A RecapTally is MonthlyRecap given one member at a time, in any order: a
// store streams a month of a 10,000-member club through it (some 300,000
// member-days) holding one member's days and the top runs, not the month.
type RecapTally struct {
	r       MonthRecap
	checked []int // members who checked in, per day of the month
	top     int
	runners []runner // the top runs so far, in recap order
	days    []Day    // scratch for Add
}

// runner is a member's longest run in the month and their minutes, for
// ordering the recap's runs.
type runner struct {
	RecapStreak
	minutes int
}

// before is the recap's order of runs: longer, then more minutes, then user id.
func (a runner) before(b runner) int {
	return cmp.Or(cmp.Compare(b.Days, a.Days), cmp.Compare(b.minutes, a.minutes), cmp.Compare(a.UserID, b.UserID))
}

// NewRecapTally starts the recap of the month containing month, naming at
// most top runs.
func NewRecapTally(month Day, top int) *RecapTally {
	from, to := Month.Range(month)
	n := int(to - from + 1)
	return &RecapTally{r: MonthRecap{From: from, To: to, DayShare: make([]float64, n)}, checked: make([]int, n), top: top}
}

// Add counts one member's day totals (days outside the month are ignored);
// each member is added once. dts is not kept.
func (t *RecapTally) Add(user string, dts []DayTotal, hidden bool) {
	from, to := t.r.From, t.r.To
	t.days = t.days[:0]
	minutes := 0
	for _, dt := range dts {
		if dt.Day < from || dt.Day > to {
			continue
		}
		t.r.Sessions += dt.Sessions
		minutes += dt.Minutes
		if !slices.Contains(t.days, dt.Day) {
			t.days = append(t.days, dt.Day)
			t.checked[dt.Day-from]++
		}
	}
	if len(t.days) == 0 {
		return
	}
	t.r.Minutes += minutes
	t.r.ActiveMembers++
	longest := Streaks(t.days, to).Longest
	if longest < 2 || hidden || t.top <= 0 {
		return
	}
	run := runner{RecapStreak{user, longest}, minutes}
	at, _ := slices.BinarySearchFunc(t.runners, run, runner.before)
	if at >= t.top {
		return
	}
	if len(t.runners) == t.top {
		t.runners = t.runners[:t.top-1]
	}
	t.runners = slices.Insert(t.runners, at, run)
}

// Recap is the recap of the members added so far.
func (t *RecapTally) Recap() MonthRecap {
	r := t.r
	r.DayShare = slices.Clone(r.DayShare)
	if r.ActiveMembers > 0 {
		for i, n := range t.checked {
			r.DayShare[i] = float64(n) / float64(r.ActiveMembers)
		}
	}
	for _, run := range t.runners {
		r.Longest = append(r.Longest, run.RecapStreak)
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
