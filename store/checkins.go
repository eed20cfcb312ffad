package store

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"clubbot"
)

// CheckInResult is what recording a check-in returns.
type CheckInResult struct {
	CheckIn   clubbot.CheckIn // the stored row (the earlier one when Duplicate)
	Duplicate bool            // same interaction id or same source: nothing new stored
	Day       clubbot.DayTotal
	Streak    clubbot.Streak // as of today (the member's local day at db.Now())
}

const checkInColumns = `id, guild_id, user_id, day, minutes, timing, tool, sore_spot, note,
	CASE WHEN id > 0 THEN CAST(id AS TEXT) ELSE coalesce(interaction_id, '') END,
	coalesce(source, ''), entered_by, created_at`

// snowflake returns the interaction id as a check-in id when it is a
// Discord snowflake: a positive integer written canonically, so that the
// id turns back into the same string.
func snowflake(interactionID string) (int64, bool) {
	if interactionID == "" || interactionID[0] < '1' || interactionID[0] > '9' || len(interactionID) > 19 {
		return 0, false
	}
	n, err := strconv.ParseInt(interactionID, 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanCheckIn(s scanner) (clubbot.CheckIn, error) {
	var c clubbot.CheckIn
	var created int64
	err := s.Scan(&c.ID, &c.GuildID, &c.UserID, &c.Day, &c.Minutes, &c.Timing, &c.Tool, &c.SoreSpot,
		&c.Note, &c.InteractionID, &c.Source, &c.EnteredBy, &created)
	c.CreatedAt = fromNanos(created)
	return c, err
}

// nullable stores "" as NULL so the unique indexes ignore unset ids.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// RecordCheckIn stores c in one transaction. It is idempotent on
// c.InteractionID and on (guild, user, c.Source) when Source is set. today is
// the member's local day, used for the returned streak.
//
// The triggers of migration 1 update the member's day, week, month, summary
// and challenge rows in the same transaction; only a day added before the
// member's latest day needs the streak recomputed here.
func (db *DB) RecordCheckIn(ctx context.Context, c clubbot.CheckIn, today clubbot.Day) (CheckInResult, error) {
	if err := c.Validate(); err != nil {
		return CheckInResult{}, fmt.Errorf("record check-in: %w", err)
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = db.now()
	}
	if c.EnteredBy == "" {
		c.EnteredBy = c.UserID
	}
	// The id is the interaction's snowflake, else the next negative id; a
	// non-snowflake interaction id goes to the indexed interaction_id column.
	var id, interaction any
	if n, ok := snowflake(c.InteractionID); ok {
		id = n
	} else {
		interaction = nullable(c.InteractionID)
	}
	week, _ := clubbot.Week.Range(c.Day)
	month, _ := clubbot.Month.Range(c.Day)
	args := []any{id, c.GuildID, c.UserID, int64(c.Day), int64(week), int64(month), c.Minutes, c.Timing, c.Tool,
		c.SoreSpot, c.Note, interaction, nullable(c.Source), c.EnteredBy, c.CreatedAt.UnixNano()}
	dup := func(q querier) error {
		earlier, err := scanCheckIn(q.QueryRowContext(ctx, `SELECT `+checkInColumns+` FROM checkins
			WHERE id = ?1 OR interaction_id = ?2 OR (guild_id = ?3 AND user_id = ?4 AND source = ?5)
			ORDER BY id LIMIT 1`, id, interaction, c.GuildID, c.UserID, nullable(c.Source)))
		if err != nil {
			return fmt.Errorf("find earlier check-in: %w", err)
		}
		c = earlier
		return nil
	}
	res := CheckInResult{}

	if c.Day < today {
		// A day before today can land before the member's latest day: the
		// insert and the recomputation it may need share one transaction.
		err := db.write(ctx, func(tx *sql.Tx) error {
			err := tx.QueryRowContext(ctx, insertCheckIn, args...).Scan(&c.ID)
			if errors.Is(err, sql.ErrNoRows) {
				res.Duplicate = true
				err = dup(tx)
			}
			if err != nil {
				return err
			}
			sum, stale, err := readCheckInResult(ctx, tx, c, &res)
			if err == nil && stale {
				sum, err = recomputeMember(ctx, tx, c.GuildID, c.UserID)
			}
			res.Streak = sum.streak(today)
			return err
		})
		if err != nil {
			return CheckInResult{}, fmt.Errorf("record check-in: %w", err)
		}
		res.CheckIn = c
		return res, nil
	}

	// Today's check-in, the common case: one statement in autocommit mode
	// is its own transaction (the triggers run inside it), with no BEGIN
	// and COMMIT round trips, which cost half as much again as the insert
	// (measured). autocommit steps it to the end, so a failed commit is
	// an error here. It comes after the member's latest day unless
	// their zone moved back a day; then the row is stale for a moment and
	// is recomputed just below (and by Open after a crash in between).
	err := db.autocommit(ctx, insertCheckIn, args, &c.ID)
	if errors.Is(err, sql.ErrNoRows) {
		res.Duplicate = true
		err = dup(db.writer)
	}
	if err != nil {
		return CheckInResult{}, fmt.Errorf("record check-in: %w", err)
	}
	// Read back on the writer: its page cache holds the pages just written,
	// where a reader connection would drop its cache after the write and
	// read them again.
	sum, stale, err := readCheckInResult(ctx, db.writer, c, &res)
	if err == nil && stale {
		err = db.write(ctx, func(tx *sql.Tx) error {
			sum, err = recomputeMember(ctx, tx, c.GuildID, c.UserID)
			return err
		})
	}
	if err != nil {
		return CheckInResult{}, fmt.Errorf("record check-in: %w", err)
	}
	res.CheckIn = c
	res.Streak = sum.streak(today)
	return res, nil
}

// insertCheckIn stores a check-in unless its id or a unique index says it
// is stored already (then no row comes back). The id is the interaction
// snowflake, else one below the lowest id so far.
const insertCheckIn = `INSERT INTO checkins
	(id, guild_id, user_id, day, week_start, month_start, minutes, timing, tool, sore_spot, note,
	 interaction_id, source, entered_by, created_at)
	VALUES (coalesce(?1, (SELECT min(0, coalesce(min(id), 0)) - 1 FROM checkins)),
		?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
	ON CONFLICT DO NOTHING RETURNING id`

// querier is a transaction or a pool.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// readCheckInResult reads the day's total and the member's run after c was
// stored, in one statement.
func readCheckInResult(ctx context.Context, q querier, c clubbot.CheckIn, res *CheckInResult) (summary, bool, error) {
	var sum summary
	var stale bool
	// Subqueries, not a join: SQLite re-prepares a statement on every bind
	// when it propagated a bound value through a join's equality.
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT minutes FROM member_days WHERE guild_id = ?1 AND user_id = ?2 AND day = ?3),
		(SELECT sessions FROM member_days WHERE guild_id = ?1 AND user_id = ?2 AND day = ?3),
		last_day, run_start, longest, stale
		FROM members WHERE guild_id = ?1 AND user_id = ?2`, c.GuildID, c.UserID, int64(c.Day)).
		Scan(&res.Day.Minutes, &res.Day.Sessions, &sum.lastDay, &sum.runStart, &sum.longest, &stale)
	if err != nil {
		return sum, false, fmt.Errorf("read day total: %w", err)
	}
	res.Day.Day = c.Day
	return sum, stale, nil
}

// UndoCheckIn deletes check-in id if it belongs to (guild, user); ErrNotFound otherwise.
func (db *DB) UndoCheckIn(ctx context.Context, guildID, userID string, id int64) (clubbot.CheckIn, error) {
	var c clubbot.CheckIn
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = scanCheckIn(tx.QueryRowContext(ctx, `DELETE FROM checkins
			WHERE id = ? AND guild_id = ? AND user_id = ? RETURNING `+checkInColumns, id, guildID, userID))
		if errors.Is(err, sql.ErrNoRows) {
			return clubbot.ErrNotFound
		}
		if err != nil {
			return err
		}
		// The delete trigger marked the member row stale; recompute it in
		// this transaction so no committed row is stale.
		if _, err := recomputeMember(ctx, tx, guildID, userID); err != nil {
			return fmt.Errorf("recompute member totals: %w", err)
		}
		return nil
	})
	if err != nil {
		return clubbot.CheckIn{}, fmt.Errorf("undo check-in %d: %w", id, err)
	}
	return c, nil
}

// summary is a member's running totals from the members row.
type summary struct {
	totalDays    int
	totalMinutes int
	lastDay      sql.NullInt64
	prevDay      sql.NullInt64
	runStart     sql.NullInt64
	longest      int
}

// streak is clubbot.Streaks over the member's days, from the summary.
func (s summary) streak(today clubbot.Day) clubbot.Streak {
	if !s.lastDay.Valid {
		return clubbot.Streak{}
	}
	return streakOf(clubbot.Day(s.lastDay.Int64), clubbot.Day(s.runStart.Int64), s.longest, today)
}

// streakOf mirrors clubbot.Streaks: the run ending at last is current while
// last is today or yesterday.
func streakOf(last, runStart clubbot.Day, longest int, today clubbot.Day) clubbot.Streak {
	s := clubbot.Streak{Longest: longest, LastDay: last}
	if last == today || last == today-1 {
		s.Current = int(last-runStart) + 1
	}
	return s
}

// periodSlot is a member's days and minutes in one week or month.
type periodSlot struct {
	start         sql.NullInt64
	days, minutes int
}

// recomputeMember rebuilds a member row's totals, runs and period slots
// from their day rows and stores them. The slots become the period of the
// latest day and the one before it.
func recomputeMember(ctx context.Context, tx *sql.Tx, guildID, userID string) (summary, error) {
	var s summary
	var days []clubbot.DayTotal
	err := eachRow(ctx, tx, func(sc scanner) error {
		var d clubbot.DayTotal
		err := sc.Scan(&d.Day, &d.Minutes)
		days = append(days, d)
		return err
	}, `SELECT day, minutes FROM member_days WHERE guild_id = ? AND user_id = ? ORDER BY day`, guildID, userID)
	if err != nil {
		return s, err
	}
	var wk, pwk, mo, pmo periodSlot
	if n := len(days); n > 0 {
		list := make([]clubbot.Day, n)
		for i, d := range days {
			list[i] = d.Day
			s.totalMinutes += d.Minutes
		}
		s.totalDays = n
		last := list[n-1]
		// Streaks with today = the last day gives the run ending there.
		st := clubbot.Streaks(list, last)
		s.longest = st.Longest
		s.lastDay = sql.NullInt64{Int64: int64(last), Valid: true}
		s.runStart = sql.NullInt64{Int64: int64(last) - int64(st.Current) + 1, Valid: true}
		if n > 1 {
			s.prevDay = sql.NullInt64{Int64: int64(list[n-2]), Valid: true}
		}
		wkFrom, _ := clubbot.Week.Range(last)
		moFrom, _ := clubbot.Month.Range(last)
		pmoFrom, _ := clubbot.Month.Range(moFrom - 1)
		wk.start = sql.NullInt64{Int64: int64(wkFrom), Valid: true}
		pwk.start = sql.NullInt64{Int64: int64(wkFrom - 7), Valid: true}
		mo.start = sql.NullInt64{Int64: int64(moFrom), Valid: true}
		pmo.start = sql.NullInt64{Int64: int64(pmoFrom), Valid: true}
		for _, d := range days {
			for _, slot := range []*periodSlot{&wk, &pwk, &mo, &pmo} {
				from := clubbot.Day(slot.start.Int64)
				to := from + 6
				if slot == &mo || slot == &pmo {
					_, to = clubbot.Month.Range(from)
				}
				if d.Day >= from && d.Day <= to {
					slot.days++
					slot.minutes += d.Minutes
				}
			}
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE members SET stale = 0,
		total_days = ?, total_minutes = ?, last_day = ?, prev_day = ?, run_start = ?, longest = ?,
		wk_start = ?, wk_days = ?, wk_minutes = ?, pwk_start = ?, pwk_days = ?, pwk_minutes = ?,
		mo_start = ?, mo_days = ?, mo_minutes = ?, pmo_start = ?, pmo_days = ?, pmo_minutes = ?
		WHERE guild_id = ? AND user_id = ?`,
		s.totalDays, s.totalMinutes, s.lastDay, s.prevDay, s.runStart, s.longest,
		wk.start, wk.days, wk.minutes, pwk.start, pwk.days, pwk.minutes,
		mo.start, mo.days, mo.minutes, pmo.start, pmo.days, pmo.minutes,
		guildID, userID)
	return s, err
}

// History returns the member's per-day totals from..to inclusive, ascending.
func (db *DB) History(ctx context.Context, guildID, userID string, from, to clubbot.Day) ([]clubbot.DayTotal, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT day, minutes, sessions FROM member_days
		WHERE guild_id = ? AND user_id = ? AND day BETWEEN ? AND ? ORDER BY day`,
		guildID, userID, int64(from), int64(to))
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	defer rows.Close()
	var out []clubbot.DayTotal
	for rows.Next() {
		var t clubbot.DayTotal
		if err := rows.Scan(&t.Day, &t.Minutes, &t.Sessions); err != nil {
			return nil, fmt.Errorf("history: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return out, nil
}

// MemberStats is what /streak shows.
type MemberStats struct {
	Streak       clubbot.Streak
	TotalDays    int
	TotalMinutes int
	WeekDays     int // days with a check-in this week (Monday-Sunday)
	MonthDays    int
	WeekMinutes  int
	MonthMinutes int
}

// Stats returns the member's streak and totals as of today.
func (db *DB) Stats(ctx context.Context, guildID, userID string, today clubbot.Day) (MemberStats, error) {
	week, _ := clubbot.Week.Range(today)
	month, _ := clubbot.Month.Range(today)
	var st MemberStats
	var last, runStart sql.NullInt64
	var longest int
	err := db.reader.QueryRowContext(ctx, `SELECT total_days, total_minutes, last_day, run_start, longest,
		`+periodColumns("wk", "?3")+`, `+periodColumns("mo", "?4")+`
		FROM members WHERE guild_id = ?1 AND user_id = ?2`,
		guildID, userID, int64(week), int64(month)).
		Scan(&st.TotalDays, &st.TotalMinutes, &last, &runStart, &longest,
			&st.WeekDays, &st.WeekMinutes, &st.MonthDays, &st.MonthMinutes)
	if errors.Is(err, sql.ErrNoRows) {
		return MemberStats{}, nil
	}
	if err != nil {
		return MemberStats{}, fmt.Errorf("member stats: %w", err)
	}
	if last.Valid {
		st.Streak = streakOf(clubbot.Day(last.Int64), clubbot.Day(runStart.Int64), longest, today)
	}
	return st, nil
}

// CheckedInCount returns how many distinct members checked in on day
// (server-local), for the daily post's "12 checked in".
//
// It counts members whose latest or second-latest day is day, from the
// member rows, so a check-in keeps no per-server counter. That is exact for
// the server's today (a member's own day is at most one ahead of it); for an
// older day it misses members who have checked in on two later days.
func (db *DB) CheckedInCount(ctx context.Context, guildID string, day clubbot.Day) (int, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM members
		WHERE guild_id = ?1 AND (last_day = ?2 OR prev_day = ?2)`, guildID, int64(day)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("checked-in count: %w", err)
	}
	return n, nil
}

// CheckIns returns a member's check-ins on day, oldest first (for a
// confirmation that lists the day's sessions, or an admin fix).
func (db *DB) CheckIns(ctx context.Context, guildID, userID string, day clubbot.Day) ([]clubbot.CheckIn, error) {
	var out []clubbot.CheckIn
	err := eachRow(ctx, db.reader, func(s scanner) error {
		c, err := scanCheckIn(s)
		out = append(out, c)
		return err
	}, `SELECT `+checkInColumns+` FROM checkins
		WHERE id IN (SELECT value FROM member_days, json_each('[' || ids || ']')
		             WHERE guild_id = ? AND user_id = ? AND day = ?) ORDER BY id`, guildID, userID, int64(day))
	if err != nil {
		return nil, fmt.Errorf("check-ins: %w", err)
	}
	return out, nil
}

// csvHeader is ExportCSV's first row.
var csvHeader = []string{"id", "date", "user_id", "user_name", "minutes", "timing", "tool", "sore_spot", "note",
	"source", "entered_by", "entered_by_name", "created_at"}

// csvSafe defuses a cell a spreadsheet would run as a formula.
func csvSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// ExportCSV writes the server's check-ins as CSV with a header row, in the
// order they were recorded (check-ins entered without an interaction
// first), with the members' display names as last recorded beside their
// ids. Cells that a spreadsheet would read as a formula get a leading quote.
func (db *DB) ExportCSV(ctx context.Context, guildID string, w io.Writer) error {
	names, err := memberNames(ctx, db.reader, guildID)
	if err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT `+checkInColumns+` FROM checkins
		WHERE guild_id = ? ORDER BY id`, guildID)
	if err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	for rows.Next() {
		c, err := scanCheckIn(rows)
		if err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
		rec := []string{
			fmt.Sprint(c.ID), c.Day.String(), c.UserID, names[c.UserID], fmt.Sprint(c.Minutes), c.Timing, c.Tool,
			c.SoreSpot, c.Note, c.Source, c.EnteredBy, names[c.EnteredBy], c.CreatedAt.Format(time.RFC3339),
		}
		for i := range rec {
			rec[i] = csvSafe(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	return nil
}

// MemberExport is the JSON ExportMember writes.
type MemberExport struct {
	GuildID      string            `json:"guild_id"`
	UserID       string            `json:"user_id"`
	Settings     *memberJSON       `json:"settings"`
	CheckIns     []checkInJSON     `json:"check_ins"`
	Challenges   []participantJSON `json:"challenges"`
	Questions    []questionJSON    `json:"questions"`
	Feedback     []feedbackJSON    `json:"feedback"`
	ExportedAt   time.Time         `json:"exported_at"`
	Explanations map[string]string `json:"about"`
}

type memberJSON struct {
	TimeZone  string    `json:"time_zone"`
	Reminders bool      `json:"reminders"`
	Hidden    bool      `json:"hidden_from_leaderboards"`
	JoinedAt  time.Time `json:"joined_at"`
}

type checkInJSON struct {
	ID            int64     `json:"id"`
	Date          string    `json:"date"`
	Minutes       int       `json:"minutes"`
	Timing        string    `json:"timing,omitempty"`
	Tool          string    `json:"tool,omitempty"`
	SoreSpot      string    `json:"sore_spot,omitempty"`
	Note          string    `json:"note,omitempty"`
	InteractionID string    `json:"interaction_id,omitempty"`
	Source        string    `json:"source,omitempty"`
	EnteredBy     string    `json:"entered_by"`
	CreatedAt     time.Time `json:"created_at"`
}

type participantJSON struct {
	ChallengeID int64     `json:"challenge_id"`
	Name        string    `json:"name"`
	JoinedDate  string    `json:"joined_date"`
	JoinedAt    time.Time `json:"joined_at"`
}

type questionJSON struct {
	ID       int64     `json:"id"`
	Question string    `json:"question"`
	Answered bool      `json:"answered"`
	AskedAt  time.Time `json:"asked_at"`
}

type feedbackJSON struct {
	QuestionID int64     `json:"question_id"`
	Helpful    bool      `json:"helpful"`
	At         time.Time `json:"at"`
}

// ExportMember writes everything stored about one member as JSON.
func (db *DB) ExportMember(ctx context.Context, guildID, userID string, w io.Writer) error {
	out, err := db.memberExport(ctx, guildID, userID)
	if err != nil {
		return fmt.Errorf("export member: %w", err)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("export member: %w", err)
	}
	return nil
}

func (db *DB) memberExport(ctx context.Context, guildID, userID string) (MemberExport, error) {
	out := MemberExport{
		GuildID: guildID, UserID: userID, ExportedAt: db.now().UTC(),
		CheckIns: []checkInJSON{}, Challenges: []participantJSON{}, Questions: []questionJSON{}, Feedback: []feedbackJSON{},
		Explanations: map[string]string{
			"date":   "the local calendar day a session counts for",
			"source": "where a check-in came from (post:ID is a daily post's button)",
		},
	}
	// One read transaction: a consistent snapshot of everything.
	tx, err := db.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return out, err
	}
	defer tx.Rollback()

	m, found, err := memberRow(ctx, tx, guildID, userID)
	if err != nil {
		return out, err
	}
	if found {
		out.Settings = &memberJSON{TimeZone: m.TimeZone, Reminders: m.Reminders, Hidden: m.Hidden, JoinedAt: m.JoinedAt}
	}

	err = eachRow(ctx, tx, func(s scanner) error {
		c, err := scanCheckIn(s)
		if err != nil {
			return err
		}
		out.CheckIns = append(out.CheckIns, checkInJSON{
			ID: c.ID, Date: c.Day.String(), Minutes: c.Minutes, Timing: c.Timing, Tool: c.Tool,
			SoreSpot: c.SoreSpot, Note: c.Note, InteractionID: c.InteractionID, Source: c.Source,
			EnteredBy: c.EnteredBy, CreatedAt: c.CreatedAt,
		})
		return nil
	}, `SELECT `+checkInColumns+` FROM checkins WHERE id IN (SELECT value FROM member_days, json_each('[' || ids || ']')
		WHERE guild_id = ? AND user_id = ?) ORDER BY day, id`, guildID, userID)
	if err != nil {
		return out, err
	}

	err = eachRow(ctx, tx, func(s scanner) error {
		var p participantJSON
		var day clubbot.Day
		var at int64
		if err := s.Scan(&p.ChallengeID, &p.Name, &day, &at); err != nil {
			return err
		}
		p.JoinedDate, p.JoinedAt = day.String(), fromNanos(at)
		out.Challenges = append(out.Challenges, p)
		return nil
	}, `SELECT p.challenge_id, c.name, p.joined_day, p.joined_at FROM participants p
		JOIN challenges c ON c.id = p.challenge_id
		WHERE p.guild_id = ? AND p.user_id = ? ORDER BY p.challenge_id`, guildID, userID)
	if err != nil {
		return out, err
	}

	err = eachRow(ctx, tx, func(s scanner) error {
		var q questionJSON
		var at int64
		if err := s.Scan(&q.ID, &q.Question, &q.Answered, &at); err != nil {
			return err
		}
		q.AskedAt = fromNanos(at)
		out.Questions = append(out.Questions, q)
		return nil
	}, `SELECT id, question, answered, asked_at FROM questions WHERE guild_id = ? AND user_id = ? ORDER BY id`,
		guildID, userID)
	if err != nil {
		return out, err
	}

	err = eachRow(ctx, tx, func(s scanner) error {
		var f feedbackJSON
		var at int64
		if err := s.Scan(&f.QuestionID, &f.Helpful, &at); err != nil {
			return err
		}
		f.At = fromNanos(at)
		out.Feedback = append(out.Feedback, f)
		return nil
	}, `SELECT f.question_id, f.helpful, f.at FROM feedback f JOIN questions q ON q.id = f.question_id
		WHERE q.guild_id = ? AND f.user_id = ? ORDER BY f.question_id`, guildID, userID)
	return out, err
}

// rowsQuerier is a transaction or a pool, for queries of many rows.
type rowsQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// eachRow runs query and calls fn for every row, stopping at fn's first
// error.
func eachRow(ctx context.Context, q rowsQuerier, fn func(scanner) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// column runs a query of one column and returns its values.
func column[T any](ctx context.Context, q rowsQuerier, query string, args ...any) ([]T, error) {
	var out []T
	err := eachRow(ctx, q, func(s scanner) error {
		var v T
		err := s.Scan(&v)
		out = append(out, v)
		return err
	}, query, args...)
	return out, err
}

// FormerMember stands for a member who deleted their data, where their id
// marked an admin action on others' records (entered_by, created_by,
// ended_by): the audit says a fix was made, by whom no longer.
const FormerMember = "a former member"

// DeleteMember deletes everything a member wrote in the server: check-ins
// (their notes with them) and the totals built from them, settings,
// challenge places, the questions they asked (so /faq gaps no longer shows
// them; others' feedback on those answers goes too) and their answer
// feedback. Where their id marks an admin action on others' records it
// becomes FormerMember.
func (db *DB) DeleteMember(ctx context.Context, guildID, userID string) error {
	if guildID == "" || userID == "" {
		return fmt.Errorf("delete member: %w", clubbot.ErrInvalid)
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		// The member's check-ins, found through their day rows.
		ids, err := column[int64](ctx, tx,
			`SELECT value FROM member_days, json_each('[' || ids || ']') WHERE guild_id = ? AND user_id = ?`,
			guildID, userID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `DELETE FROM checkins WHERE id = ?`, id); err != nil {
				return err
			}
		}
		stmts := []string{
			`DELETE FROM member_days WHERE guild_id = ?1 AND user_id = ?2`,
			`DELETE FROM members WHERE guild_id = ?1 AND user_id = ?2`,
			`DELETE FROM participants WHERE guild_id = ?1 AND user_id = ?2`,
			`DELETE FROM feedback WHERE user_id = ?2
				AND question_id IN (SELECT id FROM questions WHERE guild_id = ?1)`,
			// Feedback on these questions goes with them (ON DELETE CASCADE).
			`DELETE FROM questions WHERE guild_id = ?1 AND user_id = ?2`,
			// A scan of the server's check-ins: rare, and it keeps no
			// admin's id on others' admin-fixed days.
			`UPDATE checkins SET entered_by = ?3 WHERE guild_id = ?1 AND entered_by = ?2 AND user_id <> ?2`,
			`UPDATE challenges SET created_by = ?3 WHERE guild_id = ?1 AND created_by = ?2`,
			`UPDATE challenges SET ended_by = ?3 WHERE guild_id = ?1 AND ended_by = ?2`,
			`UPDATE faq_entries SET created_by = ?3 WHERE guild_id = ?1 AND created_by = ?2`,
		}
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s, guildID, userID, FormerMember); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete member: %w", err)
	}
	return nil
}

// periodColumns selects a member's days and minutes in the period starting
// at the placeholder start from the current (cur) or previous slot.
func periodColumns(cur, start string) string {
	return `CASE WHEN ` + cur + `_start = ` + start + ` THEN ` + cur + `_days
		WHEN p` + cur + `_start = ` + start + ` THEN p` + cur + `_days ELSE 0 END,
		CASE WHEN ` + cur + `_start = ` + start + ` THEN ` + cur + `_minutes
		WHEN p` + cur + `_start = ` + start + ` THEN p` + cur + `_minutes ELSE 0 END`
}
