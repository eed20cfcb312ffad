package store

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"clubbot"
)

// This file is what every engine computes in Go around its SQL: the
// members row's running totals and period slots, a participant row's
// progress flags, and the checks on what the store is given. The rules
// themselves are the root package's (clubbot.Run, clubbot.Period.Range,
// clubbot.Challenge.Qualifies); these functions apply them to the values
// an engine reads and writes, so each recompute lives here once and both
// engines store the same rows.

// PruneEvery claims, ClaimInteraction also deletes the interaction rows
// older than ReplayWindow: an index range, nearly always short.
const PruneEvery = 256

// Summary is a member's running totals as the members row keeps them:
// days and minutes over all time, the latest run of days, and the week and
// month slots the period boards read.
type Summary struct {
	TotalDays    int
	TotalMinutes int
	Run          clubbot.Run
	Week, Month  PeriodSlots
}

// PeriodSlots are a member's days and minutes in the week (or month) of
// their latest day and in the one before it, kept in the members row so a
// board reads one row per member. Two slots cover a member whose zone is a
// day ahead of the server's: the board's period is the server's.
type PeriodSlots struct{ Cur, Prev PeriodSlot }

// PeriodSlot is a member's days and minutes in the period starting at
// Start (NULL before the member's first check-in).
type PeriodSlot struct {
	Start         sql.NullInt64
	Days, Minutes int
}

// InOrder reports whether a check-in on day extends s by arithmetic (Add):
// the member has no run yet or day is not before their latest day. Any
// other change (an earlier day, a deletion) needs SummaryOf.
func (s Summary) InOrder(day clubbot.Day) bool {
	return s.Run.Length == 0 || day >= s.Run.Last
}

// Add counts a check-in of minutes on day, not before the member's latest
// day; newDay: the first session of the day.
func (s *Summary) Add(day clubbot.Day, newDay bool, minutes int) {
	if newDay {
		s.TotalDays++
	}
	s.TotalMinutes += minutes
	s.Run = s.Run.Add(day)
	s.Week.add(clubbot.Week, day, newDay, minutes)
	s.Month.add(clubbot.Month, day, newDay, minutes)
}

// add counts a check-in on d, not before the member's latest day, in the
// slots of period p; newDay: the first session of d.
func (s *PeriodSlots) add(p clubbot.Period, d clubbot.Day, newDay bool, minutes int) {
	from, _ := p.Range(d)
	if !s.Cur.Start.Valid || int64(from) > s.Cur.Start.Int64 {
		s.Prev = s.Cur
		s.Cur = PeriodSlot{Start: sql.NullInt64{Int64: int64(from), Valid: true}}
	}
	if newDay {
		s.Cur.Days++
	}
	s.Cur.Minutes += minutes
}

// SummaryOf computes a member's summary from all their day totals, in
// day order: what Add over every check-in in order leaves.
func SummaryOf(days []clubbot.DayTotal) Summary {
	s := Summary{TotalDays: len(days)}
	list := make([]clubbot.Day, len(days))
	for i, d := range days {
		list[i] = d.Day
		s.TotalMinutes += d.Minutes
	}
	s.Run = clubbot.RunOf(list)
	s.Week = periodSlotsOf(clubbot.Week, days)
	s.Month = periodSlotsOf(clubbot.Month, days)
	return s
}

// periodSlotsOf computes the slots of period p from a member's days: the
// period of the latest day and the one before it.
func periodSlotsOf(p clubbot.Period, days []clubbot.DayTotal) PeriodSlots {
	var s PeriodSlots
	if len(days) == 0 {
		return s
	}
	from, _ := p.Range(days[len(days)-1].Day)
	before, _ := p.Range(from - 1)
	s.Cur.Start = sql.NullInt64{Int64: int64(from), Valid: true}
	s.Prev.Start = sql.NullInt64{Int64: int64(before), Valid: true}
	for _, d := range days {
		start, _ := p.Range(d.Day)
		for _, sl := range []*PeriodSlot{&s.Cur, &s.Prev} {
			if sl.Start.Int64 == int64(start) {
				sl.Days++
				sl.Minutes += d.Minutes
			}
		}
	}
	return s
}

// RunColumns are the members row's last_day and run_start for s's run
// (NULL when the member has no check-ins).
func (s Summary) RunColumns() (last, runStart sql.NullInt64) {
	if s.Run.Length > 0 {
		last = sql.NullInt64{Int64: int64(s.Run.Last), Valid: true}
		runStart = sql.NullInt64{Int64: int64(s.Run.Last) - int64(s.Run.Length) + 1, Valid: true}
	}
	return last, runStart
}

// StoredRun is the clubbot.Run a members row keeps as last_day, run_start
// and longest.
func StoredRun(last, runStart sql.NullInt64, longest int) clubbot.Run {
	if !last.Valid {
		return clubbot.Run{Longest: longest}
	}
	return clubbot.Run{Last: clubbot.Day(last.Int64), Length: int(last.Int64-runStart.Int64) + 1, Longest: longest}
}

// Progress is a participant row's progress columns: minutes within the
// member's part of the challenge, and one '0'/'1' qualified flag per
// challenge day from the start.
type Progress struct {
	Minutes   int
	Qualified string
}

// QualifyingDays counts the flags set.
func (p Progress) QualifyingDays() int { return strings.Count(p.Qualified, "1") }

// ProgressOf computes a participant row's progress in c from the member's
// day totals; days outside the member's part (from the start or joined,
// to the end) are left out.
func ProgressOf(c clubbot.Challenge, joined clubbot.Day, days []clubbot.DayTotal) Progress {
	flags := []byte(strings.Repeat("0", c.Days))
	p := Progress{}
	for _, d := range days {
		if d.Day < max(c.Start, joined) || d.Day > c.End() {
			continue
		}
		p.Minutes += d.Minutes
		if c.Qualifies(d.Minutes) {
			flags[d.Day-c.Start] = '1'
		}
	}
	p.Qualified = string(flags)
	return p
}

// AddDay is the progress after a check-in of minutes (sign 1) on day, or its
// undoing (sign -1), in a challenge starting at start; the day now totals
// dayMinutes.
func (p Progress) AddDay(c clubbot.Challenge, day clubbot.Day, sign, minutes, dayMinutes int) Progress {
	return Progress{Minutes: p.Minutes + sign*minutes,
		Qualified: SetFlag(p.Qualified, int(day-c.Start), c.Qualifies(dayMinutes))}
}

// SetFlag sets flag i of a participant row's qualified (or away) flags,
// one '0'/'1' per challenge day from the start.
func SetFlag(flags string, i int, on bool) string {
	b := []byte(flags)
	for len(b) <= i {
		b = append(b, '0')
	}
	b[i] = '0'
	if on {
		b[i] = '1'
	}
	return string(b)
}

// MarkAway adds to a participant row's away flags the challenge days from
// left to the day before back.
func MarkAway(away string, c clubbot.Challenge, left, back clubbot.Day) string {
	flags := []byte(away)
	for d := max(left, c.Start); d < back && d <= c.End(); d++ {
		i := int(d - c.Start)
		for len(flags) <= i {
			flags = append(flags, '0')
		}
		flags[i] = '1'
	}
	return string(flags)
}

// FlagOn reads a participant row's qualified (or away) flags, one '0'/'1'
// per challenge day from start.
func FlagOn(start clubbot.Day, flags string) func(clubbot.Day) bool {
	return func(d clubbot.Day) bool {
		i := int(d - start)
		return i >= 0 && i < len(flags) && flags[i] == '1'
	}
}

// Participation is a participant row's part in c, as clubbot.GroupDay and
// clubbot.Participation.TakesPart read it.
func Participation(c clubbot.Challenge, joined clubbot.Day, left sql.NullInt64, qualified, away string) clubbot.Participation {
	return clubbot.Participation{Joined: joined, Left: clubbot.Day(left.Int64),
		Away: FlagOn(c.Start, away), Qualified: FlagOn(c.Start, qualified)}
}

// ParticipantStanding is a participant's place on a challenge board.
func ParticipantStanding(p clubbot.Participant) clubbot.Standing {
	return clubbot.Standing{
		UserID:         p.UserID,
		QualifyingDays: p.Progress.QualifyingDays,
		CurrentStreak:  p.Progress.Streak,
		TotalMinutes:   p.Progress.Minutes,
		Joined:         p.JoinedAt,
		Hidden:         p.Hidden,
	}
}

// EndedDays is how many days a challenge of days days from start keeps
// when it is ended on day (none when ended before its start), and the
// grace days cut to fewer than those, as clubbot.Challenge.Validate wants.
func EndedDays(start clubbot.Day, days, grace int, day clubbot.Day) (int, int) {
	days = min(days, max(0, int(day-start)+1))
	return days, min(grace, max(days-1, 0))
}

// Snowflake returns the interaction id as a check-in id when it is a
// Discord snowflake: a positive integer written canonically, so that the
// id turns back into the same string.
func Snowflake(interactionID string) (int64, bool) {
	if interactionID == "" || interactionID[0] < '1' || interactionID[0] > '9' || len(interactionID) > 19 {
		return 0, false
	}
	n, err := strconv.ParseInt(interactionID, 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

// FromNanos reads a stored time; 0 is the zero time.
func FromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// ValidSettings checks what SaveSettings stores; the bot checks the same
// before asking.
func ValidSettings(s clubbot.Settings) error {
	okClock := func(c clubbot.Clock) bool { return c >= 0 && c < 24*60 }
	switch {
	case s.GuildID == "":
		return fmt.Errorf("settings without a server: %w", clubbot.ErrInvalid)
	case s.TimeZone != "" && clubbot.ValidZone(s.TimeZone) != nil:
		return fmt.Errorf("time zone %q: %w", s.TimeZone, clubbot.ErrInvalid)
	case !okClock(s.CheckinTime) || !okClock(s.LeaderboardTime) || !okClock(s.ReminderTime):
		return fmt.Errorf("time of day out of range: %w", clubbot.ErrInvalid)
	case s.LeaderboardDay < time.Sunday || s.LeaderboardDay > time.Saturday:
		return fmt.Errorf("leaderboard day %d: %w", s.LeaderboardDay, clubbot.ErrInvalid)
	}
	return nil
}

// ValidMember checks what SaveMember stores.
func ValidMember(m clubbot.Member) error {
	switch {
	case m.GuildID == "" || m.UserID == "":
		return fmt.Errorf("without server or member: %w", clubbot.ErrInvalid)
	case m.TimeZone != "" && clubbot.ValidZone(m.TimeZone) != nil:
		return fmt.Errorf("time zone %q: %w", m.TimeZone, clubbot.ErrInvalid)
	case m.OwnReminderTime && (m.ReminderTime < 0 || m.ReminderTime >= 24*60):
		return fmt.Errorf("reminder time %d: %w", m.ReminderTime, clubbot.ErrInvalid)
	}
	return nil
}

// CleanDisplayName trims a display name for SetMemberName; ok is false
// when it is empty, not UTF-8 or longer than MaxDisplayNameRunes.
func CleanDisplayName(name string) (string, bool) {
	name = strings.TrimSpace(name)
	return name, name != "" && utf8.ValidString(name) && utf8.RuneCountInString(name) <= MaxDisplayNameRunes
}

// ValidText reports whether s is non-blank UTF-8 of at most max runes.
func ValidText(s string, max int) bool {
	return strings.TrimSpace(s) != "" && utf8.ValidString(s) && utf8.RuneCountInString(s) <= max
}

// ValidFAQ checks an FAQ entry before AddFAQ stores it.
func ValidFAQ(e FAQEntry) error {
	switch {
	case e.GuildID == "":
		return fmt.Errorf("no server: %w", clubbot.ErrInvalid)
	case !ValidText(e.Question, MaxFAQQuestionRunes):
		return fmt.Errorf("question must be 1-%d characters: %w", MaxFAQQuestionRunes, clubbot.ErrInvalid)
	case !ValidText(e.Answer, MaxFAQAnswerRunes):
		return fmt.Errorf("answer must be 1-%d characters: %w", MaxFAQAnswerRunes, clubbot.ErrInvalid)
	}
	return nil
}

// PrepareFAQ checks e (ValidFAQ) and sets its CreatedAt, now when unset, to
// the nanosecond the engines store, so AddFAQ returns what a read returns.
func PrepareFAQ(e FAQEntry, now time.Time) (FAQEntry, error) {
	if err := ValidFAQ(e); err != nil {
		return FAQEntry{}, err
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = now
	}
	e.CreatedAt = FromNanos(e.CreatedAt.UnixNano())
	return e, nil
}

// NormalizeQuestion folds rephrasings that differ only in case, spacing
// and punctuation together for /faq gaps.
func NormalizeQuestion(q string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(q) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}
