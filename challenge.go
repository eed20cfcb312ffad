package clubbot

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits for challenges (SPEC 3 /challenge create).
const (
	MaxChallengeNameRunes = 50
	MaxDescriptionRunes   = 300
	MaxChallengeDays      = 366
	MaxGraceDays          = 30
)

// Challenge is a group consistency challenge: for Days days from Start, do at
// least DailyMinutes a day.
type Challenge struct {
	ID           int64
	GuildID      string
	Name         string
	Description  string
	Start        Day
	Days         int
	DailyMinutes int
	GraceDays    int
	CreatedBy    string
	CreatedAt    time.Time
	// Ended is set when an admin ends the challenge early.
	Ended   bool
	EndedBy string
	// NoBreaks: members' break days are ordinary days in this challenge
	// (created with allow-breaks false). Negative so the zero value is the
	// default, allowing breaks (SPEC 3): challenges stored before the option
	// existed, and code that builds a Challenge without it, allow them.
	NoBreaks bool
}

// End is the challenge's last day.
func (c Challenge) End() Day { return c.Start + Day(c.Days) - 1 }

// DayNumber is day's 1-based number in the challenge ("day X of Y"); 0 before
// the start, above Days after the end.
func (c Challenge) DayNumber(d Day) int { return int(d-c.Start) + 1 }

// Running reports whether the challenge is on during day d.
func (c Challenge) Running(d Day) bool { return !c.Ended && d >= c.Start && d <= c.End() }

// Over reports whether the challenge is finished as of day d.
func (c Challenge) Over(d Day) bool { return c.Ended || d > c.End() }

// Validate checks a new challenge.
func (c Challenge) Validate() error {
	switch {
	case strings.TrimSpace(c.Name) == "" || utf8.RuneCountInString(c.Name) > MaxChallengeNameRunes:
		return fmt.Errorf("challenge name must be 1-%d characters: %w", MaxChallengeNameRunes, ErrInvalid)
	case !utf8.ValidString(c.Name) || strings.ContainsFunc(c.Name, unicode.IsControl):
		// The name goes into titles and lists on one line.
		return fmt.Errorf("challenge name must be one line of text: %w", ErrInvalid)
	case !utf8.ValidString(c.Description):
		return fmt.Errorf("description is not valid text: %w", ErrInvalid)
	case utf8.RuneCountInString(c.Description) > MaxDescriptionRunes:
		return fmt.Errorf("description longer than %d characters: %w", MaxDescriptionRunes, ErrInvalid)
	case c.Days < 1 || c.Days > MaxChallengeDays:
		return fmt.Errorf("days must be 1-%d: %w", MaxChallengeDays, ErrInvalid)
	case c.DailyMinutes < MinMinutes || c.DailyMinutes > MaxMinutes:
		return fmt.Errorf("daily minutes must be %d-%d: %w", MinMinutes, MaxMinutes, ErrInvalid)
	case c.GraceDays < 0 || c.GraceDays > MaxGraceDays || c.GraceDays >= c.Days:
		return fmt.Errorf("grace days must be 0-%d and fewer than the days: %w", MaxGraceDays, ErrInvalid)
	}
	return nil
}

// Progress is one member's standing in a challenge.
type Progress struct {
	// QualifyingDays counts the days from the member's first day (the start,
	// or the day they joined if later) to today or the end whose minutes
	// reach the daily target.
	QualifyingDays int
	// Elapsed is the days counted so far over the same span. Today counts only
	// once it qualifies, so consistency does not dip each morning.
	Elapsed     int
	Consistency float64 // QualifyingDays / Elapsed, 0 when nothing elapsed
	Streak      int     // GraceStreak over qualifying days
	Minutes     int     // total minutes over the same span
	Finisher    bool    // QualifyingDays >= Days - GraceDays
	Missed      int     // elapsed days that did not qualify
	// DaysLeft is the days still open to qualify (see ChallengeReach).
	DaysLeft int
	// OutOfReach: the member can no longer finish (SPEC 4), so they are
	// told so rather than "on track".
	OutOfReach bool
	// BreakDays is the break days c excuses the member (ChallengeBreakDays),
	// past and planned: they are off the days needed to finish.
	BreakDays int
}

// Needed is the qualifying days the member still needs to finish c: days -
// grace - excused break days - qualifying days.
func (p Progress) Needed(c Challenge) int {
	return max(0, c.Days-c.GraceDays-p.BreakDays-p.QualifyingDays)
}

// ChallengeReach says how many days are still open to qualify in c as of
// today, and whether the qualifying days still needed (days - grace -
// qualifying) are more than that: the member can no longer finish. Today
// is open until it qualifies (qualifiedToday: it is already counted), the
// days after it up to the end are open, and days before today are over, so
// a member who joins late has only the days from their joining day on.
// Before the start every day is open; after the end (or once an admin ended
// it) none is.
func ChallengeReach(c Challenge, qualifying int, qualifiedToday bool, today Day) (daysLeft int, outOfReach bool) {
	if !c.Over(today) {
		from := max(today, c.Start)
		daysLeft = int(c.End()-from) + 1
		if from == today && qualifiedToday {
			daysLeft--
		}
	}
	needed := max(0, c.Days-c.GraceDays-qualifying)
	return daysLeft, needed > daysLeft
}

// Qualifies reports whether a day with these minutes (all of the day's
// sessions together) counts for c: they reach the daily target (SPEC 4).
func (c Challenge) Qualifies(minutes int) bool { return minutes >= c.DailyMinutes }

// ChallengeProgress computes a member's progress. minutes holds their total
// minutes per day (days outside the member's span are ignored: before the
// start or before they joined, after the end or after today); joined is the
// day they joined.
func ChallengeProgress(c Challenge, joined Day, minutes map[Day]int, today Day) Progress {
	first := max(c.Start, joined)
	last := min(today, c.End())
	total := 0
	for d, m := range minutes {
		if d >= first && d <= last {
			total += m
		}
	}
	return ProgressOf(c, joined, func(d Day) bool { return c.Qualifies(minutes[d]) }, total, today)
}

// ProgressOf is ChallengeProgress for a caller that keeps, per member,
// which days qualified and the minutes over their span (the store keeps one
// flag per challenge day and a running total) rather than every day's
// minutes.
func ProgressOf(c Challenge, joined Day, qualifies func(Day) bool, minutes int, today Day) Progress {
	first := max(c.Start, joined)
	last := min(today, c.End())
	var p Progress
	if last >= first {
		for d := first; d <= last; d++ {
			if qualifies(d) {
				p.QualifyingDays++
			}
		}
		p.Minutes = minutes
		open := last == today // today's minutes may still come
		p.Elapsed = int(last - first)
		if !open || qualifies(last) {
			p.Elapsed++
		}
		if p.Elapsed > 0 {
			p.Consistency = float64(p.QualifyingDays) / float64(p.Elapsed)
		}
		p.Missed = p.Elapsed - p.QualifyingDays
		p.Streak = ChallengeStreak(c, joined, qualifies, today)
		p.Finisher = p.QualifyingDays >= c.Days-c.GraceDays
	}
	p.DaysLeft, p.OutOfReach = ChallengeReach(c, p.QualifyingDays, last >= first && qualifies(today), today)
	return p
}

// ChallengeStreak is a member's challenge streak as ChallengeProgress counts
// it: GraceStreak over qualifying days from the member's first day to today
// or the end, where after the end the last day is over (missing it is a
// miss) rather than still in progress. For callers that keep qualifying days
// their own way (the store keeps one flag per challenge day).
func ChallengeStreak(c Challenge, joined Day, qualifies func(Day) bool, today Day) int {
	first := max(c.Start, joined)
	last := min(today, c.End())
	if last < first {
		return 0
	}
	return graceStreak(qualifies, nil, first, last, c.GraceDays, last == today)
}

// GroupConsistency is the share of participants who qualified on a day
// (SPEC 4), 0 when nobody takes part.
func GroupConsistency(qualified, participants int) float64 {
	if participants <= 0 {
		return 0
	}
	return float64(qualified) / float64(participants)
}

// Participation is one member's part in a challenge as group consistency
// sees it.
type Participation struct {
	Joined Day // the member's day when they joined
	// Left is the day they left; 0 while they take part. A member who
	// left and joined again takes part from their first Joined on.
	Left Day
	// Away reports the days between leaving and joining again; nil: none.
	Away func(Day) bool
	// Qualified reports whether a day's minutes reached the target.
	Qualified func(Day) bool
	// OnBreak reports the days a break excuses the member in this challenge
	// (ChallengeBreakDays, through ExcusedOn); nil: none.
	OnBreak func(Day) bool
}

// TakesPart reports whether the member takes part on day d of c: the
// challenge runs then, they joined on or before d, had not left by it and
// were not away or on an excused break then (SPEC 4).
func (p Participation) TakesPart(c Challenge, d Day) bool {
	return d >= c.Start && d <= c.End() && p.Joined <= d && (p.Left == 0 || d < p.Left) &&
		(p.Away == nil || !p.Away(d)) && (p.OnBreak == nil || !p.OnBreak(d))
}

// GroupDay is a day's group consistency in c as counts: of the members
// taking part that day (TakesPart), how many qualified. Members who joined
// later or had left are in neither count, so a member joining today does
// not lower yesterday's figure. GroupConsistency turns the counts into a share.
func GroupDay(c Challenge, ps []Participation, d Day) (qualified, taking int) {
	for _, p := range ps {
		if !p.TakesPart(c, d) {
			continue
		}
		taking++
		if p.Qualified != nil && p.Qualified(d) {
			qualified++
		}
	}
	return qualified, taking
}
