package store

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"clubbot"
)

// This file turns rows into values, for every engine: both store the same
// columns (the engines' migrations keep them alike), so each value is
// scanned in one place and the engines keep only their SQL. A scan
// function reads the columns in the order its doc comment lists.

// Scanner is one row to scan: *sql.Row or *sql.Rows for store/sqlite,
// pgx.Row or pgx.Rows for store/postgres.
type Scanner interface{ Scan(dest ...any) error }

// Rows is a query's result rows as both drivers give them (*sql.Rows,
// pgx.Rows); closing them differs and stays with the engine.
type Rows interface {
	Scanner
	Next() bool
	Err() error
}

// EachRow calls fn for every row of rows, stopping at fn's first error,
// and returns that error or the rows' own.
func EachRow(rows Rows, fn func(Scanner) error) error {
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AppendTo returns a row callback (for an engine's eachRow) that scans each
// row with scan and appends the value to out.
func AppendTo[T any](out *[]T, scan func(Scanner) (T, error)) func(Scanner) error {
	return func(s Scanner) error {
		v, err := scan(s)
		*out = append(*out, v)
		return err
	}
}

// Each returns a row callback (for an engine's eachRow) that scans each row
// with scan and hands the value to fn, for reads that stream their rows.
func Each[T any](scan func(Scanner) (T, error), fn func(T) error) func(Scanner) error {
	return func(s Scanner) error {
		v, err := scan(s)
		if err != nil {
			return err
		}
		return fn(v)
	}
}

// ScanValue scans a row of one column.
func ScanValue[T any](s Scanner) (T, error) {
	var v T
	err := s.Scan(&v)
	return v, err
}

// Nanos is a scan destination for a column of Unix nanoseconds, the way
// both engines store times: Scan(&id, Nanos(&t)) sets t as FromNanos reads
// it, so a row's scan needs no int64 beside each time.
func Nanos(t *time.Time) sql.Scanner { return nanos{t} }

type nanos struct{ t *time.Time }

func (n nanos) Scan(src any) error {
	v, ok := src.(int64)
	if !ok {
		return fmt.Errorf("scan %T as Unix nanoseconds", src)
	}
	*n.t = FromNanos(v)
	return nil
}

// PrefixScanner scans the columns before a known row shape (a challenge)
// into Extra, and the rest as the shape's scan function asks.
type PrefixScanner struct {
	S     Scanner
	Extra []any
}

// Scan scans Extra, then dest.
func (p PrefixScanner) Scan(dest ...any) error { return p.S.Scan(slices.Concat(p.Extra, dest)...) }

// ChallengeColumns are the challenges columns ScanChallenge reads.
const ChallengeColumns = `id, guild_id, name, description, start, days, daily_minutes, grace_days,
	created_by, created_at, ended, ended_by, no_breaks`

// ScanChallenge scans ChallengeColumns.
func ScanChallenge(s Scanner) (clubbot.Challenge, error) {
	var c clubbot.Challenge
	err := s.Scan(&c.ID, &c.GuildID, &c.Name, &c.Description, &c.Start, &c.Days, &c.DailyMinutes,
		&c.GraceDays, &c.CreatedBy, Nanos(&c.CreatedAt), &c.Ended, &c.EndedBy, &c.NoBreaks)
	return c, err
}

// ScanCheckIn scans a check-in: id, guild_id, user_id, day, minutes,
// timing, tool, sore_spot, note, the interaction id (as text), source,
// entered_by, created_at. The engines' column lists differ only in how
// they spell the interaction id's text.
func ScanCheckIn(s Scanner) (clubbot.CheckIn, error) {
	var c clubbot.CheckIn
	err := s.Scan(&c.ID, &c.GuildID, &c.UserID, &c.Day, &c.Minutes, &c.Timing, &c.Tool, &c.SoreSpot,
		&c.Note, &c.InteractionID, &c.Source, &c.EnteredBy, Nanos(&c.CreatedAt))
	return c, err
}

// PostColumns are the posts columns ScanPost reads.
const PostColumns = `guild_id, kind, key, channel_id, message_id, claimed_at`

// ScanPost scans PostColumns.
func ScanPost(s Scanner) (Post, error) {
	var p Post
	err := s.Scan(&p.GuildID, &p.Kind, &p.Key, &p.ChannelID, &p.MessageID, Nanos(&p.ClaimedAt))
	return p, err
}

// FAQColumns are the faq_entries columns ScanFAQEntry reads.
const FAQColumns = `id, guild_id, question, answer, created_by, created_at`

// ScanFAQEntry scans FAQColumns.
func ScanFAQEntry(s Scanner) (FAQEntry, error) {
	var e FAQEntry
	err := s.Scan(&e.ID, &e.GuildID, &e.Question, &e.Answer, &e.CreatedBy, Nanos(&e.CreatedAt))
	return e, err
}

// ScanGap scans an unanswered question's group: question, times asked,
// last asked.
func ScanGap(s Scanner) (Gap, error) {
	var g Gap
	err := s.Scan(&g.Question, &g.Count, Nanos(&g.LastAt))
	return g, err
}

// ScanRatedGap scans an answered question's group (Unhelpful): question,
// "not helpful" ratings, "helpful" ratings, last rated.
func ScanRatedGap(s Scanner) (Gap, error) {
	var g Gap
	err := s.Scan(&g.Question, &g.Count, &g.Helpful, Nanos(&g.LastAt))
	return g, err
}

// GapLimit is the number of groups Gaps and Unhelpful return: limit, or 10
// when the caller gave none.
func GapLimit(limit int) int {
	if limit <= 0 {
		return 10
	}
	return limit
}

// ScanChallengePlace scans challenge_id, name, joined_day, joined_at,
// left_day (NULL while taking part), minutes, qualifying_days.
func ScanChallengePlace(s Scanner) (ChallengePlace, error) {
	var p ChallengePlace
	var left sql.NullInt64
	err := s.Scan(&p.ChallengeID, &p.Name, &p.Joined, Nanos(&p.JoinedAt), &left, &p.Minutes, &p.QualifyingDays)
	p.Left = clubbot.Day(left.Int64)
	return p, err
}

// ScanSentReminder scans a reminder post's key (ReminderPostKey),
// channel_id, claimed_at.
func ScanSentReminder(s Scanner) (SentReminder, error) {
	var r SentReminder
	var key string
	if err := s.Scan(&key, &r.ChannelID, Nanos(&r.ClaimedAt)); err != nil {
		return r, err
	}
	day, _, _ := strings.Cut(key, ":")
	d, err := clubbot.ParseDay(day)
	if err != nil {
		return r, fmt.Errorf("reminder post key %q: %w", key, err)
	}
	r.Day = d
	return r, nil
}

// ScanAdminChallenge scans id, name and a time (created_at or ended_at).
func ScanAdminChallenge(s Scanner) (AdminChallenge, error) {
	var c AdminChallenge
	err := s.Scan(&c.ID, &c.Name, Nanos(&c.At))
	return c, err
}

// ScanAskedQuestion scans id, question, answered, asked_at.
func ScanAskedQuestion(s Scanner) (AskedQuestion, error) {
	var q AskedQuestion
	err := s.Scan(&q.ID, &q.Question, &q.Answered, Nanos(&q.AskedAt))
	return q, err
}

// ScanAnswerFeedback scans question_id, helpful, at.
func ScanAnswerFeedback(s Scanner) (AnswerFeedback, error) {
	var f AnswerFeedback
	err := s.Scan(&f.QuestionID, &f.Helpful, Nanos(&f.At))
	return f, err
}

// MonthDays groups MonthDays rows (user_id, day, minutes, sessions,
// hidden; ordered by user_id) into one call of add per member with their
// days, so a month of a large club streams through clubbot.RecapTally
// instead of being held. The slice add is given is reused: add must not
// keep it. Call Flush after the last row.
type MonthDays struct {
	add    func(userID string, days []clubbot.DayTotal, hidden bool)
	user   string
	hidden bool
	days   []clubbot.DayTotal
}

// NewMonthDays groups rows for add.
func NewMonthDays(add func(userID string, days []clubbot.DayTotal, hidden bool)) *MonthDays {
	return &MonthDays{add: add}
}

// Add scans one row; a new user id hands the previous member's days on.
func (m *MonthDays) Add(s Scanner) error {
	var user string
	var dt clubbot.DayTotal
	var hide bool
	if err := s.Scan(&user, &dt.Day, &dt.Minutes, &dt.Sessions, &hide); err != nil {
		return err
	}
	if user != m.user {
		m.Flush()
		m.user = user
	}
	m.days = append(m.days, dt)
	m.hidden = m.hidden || hide
	return nil
}

// Flush hands on the last member's days.
func (m *MonthDays) Flush() {
	if len(m.days) > 0 {
		m.add(m.user, m.days, m.hidden)
	}
	m.days, m.hidden = m.days[:0], false
}

// MemberNames collects user_id, display_name rows into a map.
func MemberNames(names map[string]string) func(Scanner) error {
	return func(s Scanner) error {
		var id, name string
		err := s.Scan(&id, &name)
		names[id] = name
		return err
	}
}

// BoardRows gives Leaderboard rows to add: user_id, qualifying days,
// minutes, last_day, run_days, freezes, joined_at, each standing with its
// current streak as of today (Summary.AsOf: the state the members row
// keeps, carried on with the member's breaks since their last day and the
// server's maxFreezes). A member with no day in the period is left out.
// As in ParticipantRecords, the scan destinations are made once and the
// integers read as int64.
func BoardRows(add func(clubbot.Standing), breaks map[string][]clubbot.Break, maxFreezes int, today clubbot.Day) func(Scanner) error {
	var st clubbot.Standing
	var days, minutes, current, freezes int64
	var last sql.NullInt64
	dest := []any{&st.UserID, &days, &minutes, &last, &current, &freezes, Nanos(&st.Joined)}
	return func(s Scanner) error {
		if err := s.Scan(dest...); err != nil {
			return err
		}
		if days <= 0 {
			return nil
		}
		st.QualifyingDays, st.TotalMinutes = int(days), int(minutes)
		var streak clubbot.StreakState
		streak.LastDay, streak.Current, streak.Freezes = clubbot.Day(last.Int64), int(current), int(freezes)
		sum := Summary{Run: streak, MaxFreezes: maxFreezes}
		st.CurrentStreak = sum.AsOf(breaks[st.UserID], today).Current
		add(st)
		return nil
	}
}

// ReminderRow returns the scan of a member of guildID who opted in to
// reminders: user_id, time_zone, reminder_time (NULL: the server's),
// last_day and run_start (NULL before their first check-in), run_days,
// longest, freezes. Streak is the stored state through the member's last
// check-in (nil before it), for the caller to carry on to the member's day
// with clubbot.StreakState.Extend and their breaks.
func ReminderRow(guildID string) func(Scanner) (clubbot.ReminderMember, error) {
	return func(s Scanner) (clubbot.ReminderMember, error) {
		m := clubbot.ReminderMember{Member: clubbot.Member{GuildID: guildID, Reminders: true}}
		var at, last, run sql.NullInt64
		var runDays, longest, freezes int
		if err := s.Scan(&m.UserID, &m.TimeZone, &at, &last, &run, &runDays, &longest, &freezes); err != nil {
			return m, err
		}
		m.ReminderTime, m.OwnReminderTime = clubbot.Clock(at.Int64), at.Valid
		m.LastDay, m.RunStart, m.HasCheckIns = clubbot.Day(last.Int64), clubbot.Day(run.Int64), last.Valid
		if m.HasCheckIns {
			streak := StoredRun(last, run, longest, runDays, freezes)
			m.Streak = &streak
		}
		return m, nil
	}
}

// BreaksByMember collects user_id, from_day, to_day rows into out, each
// member's breaks in row order (reasons are not read).
func BreaksByMember(out map[string][]clubbot.Break) func(Scanner) error {
	return func(s Scanner) error {
		var u string
		var b clubbot.Break
		err := s.Scan(&u, &b.From, &b.To)
		out[u] = append(out[u], b)
		return err
	}
}

// ParticipantRecord is a participant row of a challenge as stored, with
// the member's breaks over its days: what their progress is computed from
// (Participant), so a board can read the qualifying days of everyone
// (QualifyingDays, a count of flags) and compute the rest only for the
// members it shows (clubbot.RankBy).
type ParticipantRecord struct {
	UserID    string
	Joined    clubbot.Day
	JoinedAt  time.Time
	Minutes   int
	Hidden    bool
	Qualified string          // one '0'/'1' flag per challenge day from the start
	Breaks    []clubbot.Break // the member's breaks over the challenge's days
}

// Participant is the participant with their progress in c as of today
// (ChallengeProgress).
func (r ParticipantRecord) Participant(c clubbot.Challenge, today clubbot.Day) clubbot.Participant {
	return clubbot.Participant{UserID: r.UserID, Joined: r.Joined, JoinedAt: r.JoinedAt, Hidden: r.Hidden,
		Progress: ChallengeProgress(c, r.Joined, r.Qualified, r.Breaks, r.Minutes, today)}
}

// QualifyingDays is Participant(c, today).Progress.QualifyingDays, counted
// from the flags alone: the days set from the member's first day in c (the
// start, or the day they joined) to today or the end. Breaks do not change
// it (they excuse days that did not qualify).
func (r ParticipantRecord) QualifyingDays(c clubbot.Challenge, today clubbot.Day) int {
	lo := int(max(c.Start, r.Joined) - c.Start)
	hi := min(int(min(today, c.End())-c.Start)+1, len(r.Qualified))
	if lo >= hi {
		return 0
	}
	return strings.Count(r.Qualified[lo:hi], "1")
}

// Standing is ParticipantStanding(r.Participant(c, today)) without the
// rest of the progress: the qualifying days, the challenge streak
// (clubbot.ChallengeStreakOf) and the minutes, which ChallengeProgress
// leaves out before the member's first day when they have no breaks (as
// clubbot.ProgressOf does).
func (r ParticipantRecord) Standing(c clubbot.Challenge, today clubbot.Day) clubbot.Standing {
	st := clubbot.Standing{UserID: r.UserID, QualifyingDays: r.QualifyingDays(c, today), TotalMinutes: r.Minutes,
		Joined: r.JoinedAt, Hidden: r.Hidden}
	if min(today, c.End()) >= max(c.Start, r.Joined) {
		st.CurrentStreak = clubbot.ChallengeStreakOf(c, r.Joined, FlagOn(c.Start, r.Qualified), r.Breaks, today)
	} else if len(r.Breaks) == 0 {
		st.TotalMinutes = 0
	}
	return st
}

// ParticipantRecords returns a row callback (for an engine's eachRow) that
// appends to out the participants of c who have not left, with their
// breaks (from breaks, by member): user_id, joined_day, joined_at,
// minutes, hidden, qualified. The scan destinations are made once for all
// rows, and the integers are read as int64, which database/sql assigns
// without formatting and parsing them again as it does for other integer
// types.
func ParticipantRecords(out *[]ParticipantRecord, breaks map[string][]clubbot.Break) func(Scanner) error {
	var r ParticipantRecord
	var joined, minutes int64
	dest := []any{&r.UserID, &joined, Nanos(&r.JoinedAt), &minutes, &r.Hidden, &r.Qualified}
	return func(s Scanner) error {
		if err := s.Scan(dest...); err != nil {
			return err
		}
		r.Joined, r.Minutes, r.Breaks = clubbot.Day(joined), int(minutes), breaks[r.UserID]
		*out = append(*out, r)
		return nil
	}
}

// ParticipationRow returns the scan of a participant's part in c, left
// ones included: user_id, joined_day, left_day, qualified, away; the days
// the member's breaks (from breaks, by member) excused are set (BreaksOn).
func ParticipationRow(c clubbot.Challenge, breaks map[string][]clubbot.Break) func(Scanner) (clubbot.Participation, error) {
	return func(s Scanner) (clubbot.Participation, error) {
		var user string
		var joined clubbot.Day
		var left sql.NullInt64
		var flags, away string
		if err := s.Scan(&user, &joined, &left, &flags, &away); err != nil {
			return clubbot.Participation{}, err
		}
		return BreaksOn(c, Participation(c, joined, left, flags, away), breaks[user]), nil
	}
}
