package clubbot

import (
	"cmp"
	"slices"
)

// MaxBreakDays is how many of a member's break days c excuses: a third of
// its days, rounded down (SPEC 4), none when c does not allow breaks.
func (c Challenge) MaxBreakDays() int {
	if c.NoBreaks {
		return 0
	}
	return c.Days / 3
}

// ChallengeBreakDays lists, ascending, the days c excuses a member who
// joined on joined: their break days from their first day in c (the start,
// or joined if later) to its end, past and planned, that did not qualify
// (a day that qualified on a break counts as an ordinary qualifying day),
// taken in order up to c.MaxBreakDays(); break days beyond that are
// ordinary days (a miss uses grace). qualifies is asked only about days up
// to today; later break days are planned, so they count as excused.
func ChallengeBreakDays(c Challenge, joined Day, qualifies func(Day) bool, breaks []Break, today Day) []Day {
	limit := c.MaxBreakDays()
	if limit == 0 || len(breaks) == 0 {
		return nil
	}
	breaks = slices.SortedFunc(slices.Values(breaks), func(a, b Break) int { return cmp.Compare(a.From, b.From) })
	first := max(c.Start, joined)
	var out []Day
	for _, b := range breaks {
		for d := max(b.From, first); d <= min(b.To, c.End()) && len(out) < limit; d++ {
			if d <= today && qualifies(d) {
				continue
			}
			out = append(out, d)
		}
	}
	return out
}

// ExcusedOn turns a sorted day list (ChallengeBreakDays) into the test
// Participation.OnBreak wants.
func ExcusedOn(days []Day) func(Day) bool {
	return func(d Day) bool {
		_, ok := slices.BinarySearch(days, d)
		return ok
	}
}

// ChallengeProgressOf is a member's progress in c with their breaks (SPEC 4),
// from a qualifies test rather than minutes (the store keeps one flag per
// challenge day); Minutes is left 0 for the caller. The days
// ChallengeBreakDays excuses leave the days elapsed, use no grace and pass
// over the streak; a finisher has qualifying days >= days - grace - excused
// break days (Progress.Needed), and the days still open to qualify
// (DaysLeft) leave out the excused days ahead, so out of reach stays exact.
// Freezes play no part: a frozen day did not qualify, so in a challenge it
// is a miss like any other. With no breaks (or c.NoBreaks) it is
// ChallengeProgress's rule exactly.
func ChallengeProgressOf(c Challenge, joined Day, qualifies func(Day) bool, breaks []Break, today Day) Progress {
	first := max(c.Start, joined)
	last := min(today, c.End())
	excusedDays := ChallengeBreakDays(c, joined, qualifies, breaks, today)
	excused := ExcusedOn(excusedDays)
	p := Progress{BreakDays: len(excusedDays)}
	qualifiedToday := false
	if last >= first {
		for d := first; d <= last; d++ {
			switch {
			case qualifies(d):
				p.QualifyingDays++
				p.Elapsed++
			case excused(d), d == today:
				// Excused, or today with its minutes still to come.
			default:
				p.Elapsed++
			}
		}
		if p.Elapsed > 0 {
			p.Consistency = float64(p.QualifyingDays) / float64(p.Elapsed)
		}
		p.Missed = p.Elapsed - p.QualifyingDays
		p.Streak = graceStreak(qualifies, excused, first, last, c.GraceDays, last == today)
		p.Finisher = p.QualifyingDays >= c.Days-c.GraceDays-p.BreakDays
		qualifiedToday = qualifies(today)
	}
	p.DaysLeft, _ = ChallengeReach(c, p.QualifyingDays, qualifiedToday, today)
	if p.DaysLeft > 0 {
		for _, d := range excusedDays {
			if d >= today {
				p.DaysLeft--
			}
		}
	}
	p.OutOfReach = p.Needed(c) > p.DaysLeft
	return p
}

// ChallengeProgressWithBreaks is ChallengeProgress with the member's breaks:
// ChallengeProgressOf over minutes (total minutes per day; days outside the
// member's span are ignored), with Minutes summed over the span.
func ChallengeProgressWithBreaks(c Challenge, joined Day, minutes map[Day]int, breaks []Break, today Day) Progress {
	p := ChallengeProgressOf(c, joined, func(d Day) bool { return minutes[d] >= c.DailyMinutes }, breaks, today)
	first, last := max(c.Start, joined), min(today, c.End())
	for d, m := range minutes {
		if d >= first && d <= last {
			p.Minutes += m
		}
	}
	return p
}

// ChallengeStreakOf is ChallengeProgressOf's Streak alone, for a board that
// ranks members by it and needs none of the rest: GraceStreak from the
// member's first day to today or the end, passing over the days
// ChallengeBreakDays excuses (with no breaks, ChallengeStreak).
func ChallengeStreakOf(c Challenge, joined Day, qualifies func(Day) bool, breaks []Break, today Day) int {
	first, last := max(c.Start, joined), min(today, c.End())
	if last < first {
		return 0
	}
	var excused func(Day) bool
	if days := ChallengeBreakDays(c, joined, qualifies, breaks, today); len(days) > 0 {
		excused = ExcusedOn(days)
	}
	return graceStreak(qualifies, excused, first, last, c.GraceDays, last == today)
}
