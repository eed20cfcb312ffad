package store

import (
	"database/sql"
	"fmt"
	"slices"
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
// days and minutes over all time, the streak through their latest day, and
// the week and month slots the period boards read.
type Summary struct {
	TotalDays    int
	TotalMinutes int
	// Run is the member's streak through Run.LastDay with freezes and
	// breaks, as clubbot.MemberStreak leaves it with today = LastDay (the
	// members row keeps last_day, run_start, longest, run_days, freezes).
	// Frozen lists only the days the latest Add walked; BreakDays none.
	Run clubbot.StreakState
	// FreezeTold is the latest frozen day the member was told about.
	FreezeTold clubbot.Day
	// MaxFreezes is the server's max-freezes (read with the row, not kept
	// in it).
	MaxFreezes  int
	Week, Month PeriodSlots
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
	return s.Run.LastDay == 0 || day >= s.Run.LastDay
}

// MissedSpan is the days from the member's latest day to day that a break
// may excuse (from..to, both included); ok is false when there are none to
// read breaks for: no streak runs, or day is the next day or earlier.
// Add (to day) and carrying the streak on to day (AsOf) need the member's
// breaks over this span only.
func (s Summary) MissedSpan(day clubbot.Day) (from, to clubbot.Day, ok bool) {
	return s.Run.LastDay + 1, day, s.Run.Current > 0 && day > s.Run.LastDay+1
}

// Add counts a check-in of minutes on day, not before the member's latest
// day; newDay: the first session of the day; breaks: the member's breaks
// over MissedSpan(day), which may excuse the days missed since their latest
// day (clubbot.StreakState.Extend).
func (s *Summary) Add(day clubbot.Day, newDay bool, minutes int, breaks []clubbot.Break) {
	if newDay {
		s.TotalDays++
	}
	s.TotalMinutes += minutes
	if day > s.Run.LastDay {
		s.Run = s.Run.Extend([]clubbot.Day{day}, breaks, s.MaxFreezes, day)
	}
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

// AsOf is the member's streak on today, carried on from the stored state
// with their breaks over MissedSpan(today) (clubbot.StreakState.Extend).
func (s Summary) AsOf(breaks []clubbot.Break, today clubbot.Day) clubbot.StreakState {
	return s.Run.Extend(nil, breaks, s.MaxFreezes, today)
}

// CheckInState is a check-in's streak as of today, from s as Add (or
// SummaryOf) left it and the member's breaks over MissedSpan(today), with
// only the frozen days the member has not been told about (after
// s.FreezeTold): the engine marks the last of them told.
func (s Summary) CheckInState(breaks []clubbot.Break, today clubbot.Day) clubbot.StreakState {
	st := s.AsOf(breaks, today)
	// Extend lists the days it walked: Add's (from the previous check-in to
	// the check-in's day) and AsOf's (from that day to today).
	st.Frozen = slices.Concat(s.Run.Frozen, st.Frozen)
	st.Frozen = st.FrozenSince(s.FreezeTold + 1)
	return st
}

// StatsOf is a member's stats as of today from their summary, all their
// day totals (ascending) and breaks: the streak with freezes and breaks
// from clubbot.MemberStreak over all their days (State, with every frozen
// and break day for the calendar), and the week and month from the days.
func StatsOf(sum Summary, days []clubbot.DayTotal, breaks []clubbot.Break, today clubbot.Day) clubbot.MemberStats {
	list := make([]clubbot.Day, len(days))
	for i, d := range days {
		list[i] = d.Day
	}
	state := clubbot.MemberStreak(list, breaks, sum.MaxFreezes, today)
	st := clubbot.MemberStats{Streak: state.Streak, State: state, FreezeTold: sum.FreezeTold,
		MaxFreezes: sum.MaxFreezes, TotalDays: sum.TotalDays, TotalMinutes: sum.TotalMinutes}
	week, weekEnd := clubbot.Week.Range(today)
	month, monthEnd := clubbot.Month.Range(today)
	for _, d := range days {
		if d.Day >= week && d.Day <= weekEnd {
			st.WeekDays, st.WeekMinutes = st.WeekDays+1, st.WeekMinutes+d.Minutes
		}
		if d.Day >= month && d.Day <= monthEnd {
			st.MonthDays, st.MonthMinutes = st.MonthDays+1, st.MonthMinutes+d.Minutes
		}
	}
	return st
}

// SummaryOf computes a member's summary from all their day totals, in day
// order, their breaks and the server's max-freezes: what Add over every
// check-in in order leaves (the streak through the latest day, by
// clubbot.MemberStreak, without the Frozen and BreakDays lists).
func SummaryOf(days []clubbot.DayTotal, breaks []clubbot.Break, maxFreezes int) Summary {
	s := Summary{TotalDays: len(days), MaxFreezes: maxFreezes}
	list := make([]clubbot.Day, len(days))
	for i, d := range days {
		list[i] = d.Day
		s.TotalMinutes += d.Minutes
	}
	if len(list) > 0 {
		s.Run = clubbot.MemberStreak(list, breaks, maxFreezes, list[len(list)-1])
		s.Run.Frozen, s.Run.BreakDays = nil, nil
	}
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

// RunColumns are the members row's last_day and run_start for s's streak
// (NULL when the member has no check-ins, or run_start when no streak
// runs); longest, run_days and freezes are s.Run's Longest, Current and
// Freezes.
func (s Summary) RunColumns() (last, runStart sql.NullInt64) {
	if s.Run.LastDay != 0 {
		last = sql.NullInt64{Int64: int64(s.Run.LastDay), Valid: true}
	}
	if s.Run.RunStart != 0 {
		runStart = sql.NullInt64{Int64: int64(s.Run.RunStart), Valid: true}
	}
	return last, runStart
}

// StoredRun is the clubbot.StreakState a members row keeps as last_day,
// run_start, longest, run_days and freezes.
func StoredRun(last, runStart sql.NullInt64, longest, runDays, freezes int) clubbot.StreakState {
	var s clubbot.StreakState
	s.LastDay, s.RunStart = clubbot.Day(last.Int64), clubbot.Day(runStart.Int64)
	s.Longest, s.Current, s.Freezes = longest, runDays, freezes
	return s
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

// ChallengeProgress is a participant's progress in c as of today from the
// row's qualified flags and minutes and the member's breaks over c's days:
// clubbot.ChallengeProgressOf with their breaks, or for a member with none
// clubbot.ProgressOf, the same rule then
// (TestChallengeProgressWithoutBreaksMatches) without the break
// bookkeeping, which most members of a large challenge do not need.
func ChallengeProgress(c clubbot.Challenge, joined clubbot.Day, qualified string, breaks []clubbot.Break, minutes int, today clubbot.Day) clubbot.Progress {
	qualifies := FlagOn(c.Start, qualified)
	if len(breaks) == 0 {
		return clubbot.ProgressOf(c, joined, qualifies, minutes, today)
	}
	p := clubbot.ChallengeProgressOf(c, joined, qualifies, breaks, today)
	p.Minutes = minutes
	return p
}

// BreaksOn sets p.OnBreak from the member's excused break days in c
// (clubbot.ChallengeBreakDays as of c's last day: later days do not qualify
// yet, so the end is a safe "today" for any day GroupDay asks about).
func BreaksOn(c clubbot.Challenge, p clubbot.Participation, breaks []clubbot.Break) clubbot.Participation {
	if len(breaks) > 0 {
		p.OnBreak = clubbot.ExcusedOn(clubbot.ChallengeBreakDays(c, p.Joined, p.Qualified, breaks, c.End()))
	}
	return p
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
	case s.MaxFreezes < 0 || s.MaxFreezes > clubbot.MaxMaxFreezes:
		return fmt.Errorf("max-freezes %d, not 0-%d: %w", s.MaxFreezes, clubbot.MaxMaxFreezes, clubbot.ErrInvalid)
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
