package clubbot

import (
	"fmt"
	"slices"
	"strings"
)

// Streak is a run of consecutive local days with at least one check-in.
type Streak struct {
	Current int // the run ending today or yesterday; 0 when broken
	Longest int
	LastDay Day // the latest day with a check-in; 0 when none
}

// Streaks computes the current and longest streak from the days a member
// checked in (any order, repeats fine: several sessions a day count once),
// with freezes off and no breaks: MemberStreak's rule with maxFreezes 0. A
// streak is alive while its last day is today or yesterday (SPEC 4), so a
// member who has not checked in yet today keeps it.
func Streaks(days []Day, today Day) Streak {
	return MemberStreak(days, nil, 0, today).Streak
}

// GraceStreak is the streak of a challenge: the qualifying days of the run
// that reaches today, where the first grace missed days of the whole
// challenge (counted from from, in order) do not break it and any later miss
// does. Today not yet qualifying is not a miss: the day is not over. Days
// before from are not looked at.
func GraceStreak(qualifies func(Day) bool, from, today Day, grace int) int {
	return graceStreak(qualifies, nil, from, today, grace, true)
}

// graceStreak is GraceStreak over from..last; todayOpen says whether last is
// a day still in progress (not a miss yet) or a finished one. Days excused
// reports (nil: none) are passed over: excused break days neither extend
// nor break the streak and use no grace.
func graceStreak(qualifies, excused func(Day) bool, from, last Day, grace int, todayOpen bool) int {
	streak, missed := 0, 0
	for d := from; d <= last; d++ {
		switch {
		case qualifies(d):
			streak++
		case excused != nil && excused(d):
			// A break day: neutral.
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

// StreakState is a member's streak with freezes and breaks (SPEC 4), as
// MemberStreak computes it from their history.
type StreakState struct {
	// Streak: Current and Longest count checked-in days only (frozen and
	// break days add nothing); LastDay is the latest day with a check-in.
	Streak
	// RunStart is the first checked-in day of the current streak; 0 when
	// there is none.
	RunStart Day
	// Freezes is how many freezes the member holds now.
	Freezes int
	// Frozen lists every day a freeze covered, ascending.
	Frozen []Day
	// BreakDays lists the days a break excused (break days with no
	// check-in) from the first check-in to today (or to the day the last
	// streak ended, when none runs now), ascending.
	BreakDays []Day
}

// FrozenSince returns the frozen days on or after day from, so the bot can
// tell a member once about the freezes used since it last spoke to them
// (FreezeNotice words it).
func (s StreakState) FrozenSince(from Day) []Day {
	i, _ := slices.BinarySearch(s.Frozen, from)
	return s.Frozen[i:]
}

// MemberStreak computes a member's streak with freezes and breaks (SPEC 4)
// from the days they checked in (any order, repeats fine), their breaks, the
// server's max-freezes and their day today. It walks day by day from the
// first check-in to today:
//
//   - A day with a check-in counts: the run grows by one. A check-in on a
//     break day counts too (the member did it anyway).
//   - Earning: each time the current run's counted days reach a multiple of 7
//     (7, 14, 21...), one freeze is earned, unless maxFreezes are already held
//     (the earned one is then lost, not banked). maxFreezes <= 0 turns freezes
//     off. Frozen and break days are not counted, so they do not bring a
//     freeze nearer; freezes held before a break carry through it.
//   - A break day without a check-in is neutral: it neither extends nor
//     breaks the streak, and uses no freeze even when one is held (the break
//     wins over the freeze). A break before a streak starts, or at its end up
//     to today, changes nothing.
//   - A missed day (no check-in, no break, over) inside a streak uses one
//     freeze when one is held: the streak lives on and the day adds nothing.
//     With none held the streak ends there (current run 0). Two missed days
//     with one freeze: the first is frozen, the second ends the streak. A
//     missed day outside a streak uses no freeze. Because a streak only ends
//     when no freeze is held, nothing is lost when it ends.
//   - Today with no check-in is not a miss: the day is not over. So the
//     streak is alive while its last counted day, skipping break and frozen
//     days, is today or yesterday. Yesterday missed is frozen at once (the
//     day is over); a late check-in for yesterday gives the freeze back,
//     since the state is recomputed from the history.
//   - Days from the first check-in to the last are walked whole; a last
//     check-in after today (a member who moved west) keeps the streak alive,
//     as in Streaks. With maxFreezes 0 and no breaks, the Streak part equals
//     Streaks(days, today).
//
// Days carry no zone: a member who changes zone (during a break or not) keeps
// the calendar days they have, so the rules above hold across DST and odd
// offsets as long as each check-in's day came from LocalDay.
func MemberStreak(days []Day, breaks []Break, maxFreezes int, today Day) StreakState {
	if !slices.IsSorted(days) {
		days = slices.Sorted(slices.Values(days))
	}
	return StreakState{}.Extend(days, breaks, maxFreezes, today)
}

// Extend is MemberStreak carried on from s, the state through its LastDay
// (what MemberStreak returns with today = LastDay, as the store keeps it
// after a check-in), with days, ascending and all after s.LastDay, as the
// check-ins since: MemberStreak(old, ...) extended by new days equals
// MemberStreak(old+new, ...) for Streak, RunStart and Freezes, so the store
// keeps a member's state without reading their days again. Frozen and
// BreakDays list only the days walked here. With days empty it is the
// state as of today with no check-in since s.LastDay.
func (s StreakState) Extend(days []Day, breaks []Break, maxFreezes int, today Day) StreakState {
	s.Frozen, s.BreakDays = nil, nil
	if len(days) == 0 && s.LastDay == 0 {
		return s
	}
	from := s.LastDay + 1
	if s.LastDay == 0 {
		from = days[0]
	}
	if len(days) > 0 {
		s.LastDay = days[len(days)-1]
	}
	run := s.Current
	next := 0 // index in days of the first day not yet passed
	for d := from; d <= max(today, s.LastDay); d++ {
		if run == 0 && next == len(days) {
			// No check-in ahead and no streak: nothing can change now.
			break
		}
		checked := false
		for next < len(days) && days[next] <= d {
			checked = checked || days[next] == d
			next++
		}
		switch {
		case checked:
			if run == 0 {
				s.RunStart = d
			}
			run++
			s.Longest = max(s.Longest, run)
			if run%7 == 0 && s.Freezes < maxFreezes {
				s.Freezes++
			}
		case OnBreak(breaks, d):
			s.BreakDays = append(s.BreakDays, d)
		case d >= today && d > s.LastDay:
			// Today (or later) with no check-in yet: not over, not a miss.
		case run > 0 && s.Freezes > 0:
			s.Freezes--
			s.Frozen = append(s.Frozen, d)
		default:
			run = 0
			s.RunStart = 0
		}
	}
	s.Current = run
	return s
}

// FreezeNotice is the line that tells a member about the freezes used on or
// after day since ("🧊 a freeze covered Tue 3 Nov, 1 left"), "" when none
// was. The bot keeps the day it last told them and passes it as since, so
// each freeze is told once.
func FreezeNotice(s StreakState, since Day) string {
	frozen := s.FrozenSince(since)
	if len(frozen) == 0 {
		return ""
	}
	names := make([]string, len(frozen))
	for i, d := range frozen {
		names[i] = d.Short()
	}
	what := "a freeze covered " + names[0]
	if n := len(names); n > 1 {
		what = "freezes covered " + strings.Join(names[:n-1], ", ") + " and " + names[n-1]
	}
	return fmt.Sprintf("🧊 %s, %d left", what, s.Freezes)
}
