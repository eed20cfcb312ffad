package clubbot

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits for a planned break (SPEC 3 /break plan, SPEC 4 "Breaks").
const (
	MinBreakDays        = 1
	MaxBreakDays        = 21
	MaxBreakReasonRunes = 100
)

// Break is a member's planned break (holiday, race taper, illness): the days
// From to To, both included, in the member's own local days. Days carry no
// zone, so a member who changes zone during a break keeps the same calendar
// days off. Reason is private: the daily post and public messages never show it.
type Break struct {
	From, To Day
	Reason   string
}

// Days is how many days the break lasts.
func (b Break) Days() int { return int(b.To-b.From) + 1 }

// Contains reports whether d is one of the break's days.
func (b Break) Contains(d Day) bool { return b.From <= d && d <= b.To }

// OnBreak reports whether day d falls in one of breaks. The reminder hook
// calls it (a member on a break gets no reminders, SPEC 4); ReminderMember's
// OnBreak field can be func(d Day) bool { return OnBreak(breaks, d) }.
func OnBreak(breaks []Break, d Day) bool {
	return slices.ContainsFunc(breaks, func(b Break) bool { return b.Contains(d) })
}

// PlanBreak checks a new break b against the member's existing breaks on
// their day today (SPEC 4): it starts at least one day ahead (From > today,
// so nobody can excuse a day already missed), lasts 1-21 days, does not
// overlap another break, and its reason is one line of at most 100
// characters. The errors wrap ErrInvalid (ErrConflict for an overlap) and
// read as messages for the member.
func PlanBreak(existing []Break, b Break, today Day) error {
	switch {
	case b.To < b.From:
		return fmt.Errorf("the break ends (%s) before it starts (%s): %w", b.To, b.From, ErrInvalid)
	case b.From <= today:
		return fmt.Errorf("a break must be planned at least one day ahead: the earliest start is %s: %w", today+1, ErrInvalid)
	case b.Days() < MinBreakDays || b.Days() > MaxBreakDays:
		return fmt.Errorf("a break lasts %d-%d days, this one %d: %w", MinBreakDays, MaxBreakDays, b.Days(), ErrInvalid)
	case !utf8.ValidString(b.Reason) || strings.ContainsFunc(b.Reason, unicode.IsControl):
		return fmt.Errorf("the reason must be one line of text: %w", ErrInvalid)
	case utf8.RuneCountInString(b.Reason) > MaxBreakReasonRunes:
		return fmt.Errorf("the reason is longer than %d characters: %w", MaxBreakReasonRunes, ErrInvalid)
	}
	for _, o := range existing {
		if b.From <= o.To && o.From <= b.To {
			return fmt.Errorf("the break overlaps the one from %s to %s: %w", o.From, o.To, ErrConflict)
		}
	}
	return nil
}

// CancelBreak ends break b from tomorrow on, as /break cancel does on the
// member's day today: a break not yet started disappears (kept is false), a
// running one ends today (today stays a break day: it may be half over, and
// the member planned it), and one already over is left as it was.
func CancelBreak(b Break, today Day) (_ Break, kept bool) {
	switch {
	case b.From > today:
		return Break{}, false
	case b.To > today:
		b.To = today
	}
	return b, true
}

// CurrentBreak is the break /break cancel acts on: the one running past
// today, else the next one planned; ok is false when there is none. A break
// whose last day is today is left out, since cancelling cannot change it
// (today stays a break day, CancelBreak): that is also a running break a
// first cancel today already ended, so a second /break cancel on the same
// day reaches the next planned break instead of the one it just ended.
func CurrentBreak(breaks []Break, today Day) (_ Break, ok bool) {
	var next Break
	for _, b := range breaks {
		if b.To <= today {
			continue
		}
		if !ok || b.From < next.From {
			next, ok = b, true
		}
	}
	return next, ok
}
