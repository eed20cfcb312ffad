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
}

// ChallengeProgress computes a member's progress. minutes holds their total
// minutes per day (days outside the member's span are ignored: before the
// start or before they joined, after the end or after today); joined is the
// day they joined.
func ChallengeProgress(c Challenge, joined Day, minutes map[Day]int, today Day) Progress {
	first := max(c.Start, joined)
	last := min(today, c.End())
	var p Progress
	if last < first {
		return p
	}
	qualifies := func(d Day) bool { return minutes[d] >= c.DailyMinutes }
	for d, m := range minutes {
		if d < first || d > last {
			continue
		}
		p.Minutes += m
		if m >= c.DailyMinutes {
			p.QualifyingDays++
		}
	}
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
	return graceStreak(qualifies, first, last, c.GraceDays, last == today)
}

// GroupConsistency is the share of participants who qualified on a day
// (SPEC 4), 0 when nobody takes part.
func GroupConsistency(qualified, participants int) float64 {
	if participants <= 0 {
		return 0
	}
	return float64(qualified) / float64(participants)
}
