package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"

	"clubbot"
	"clubbot/store"
)

// addCheckIn adds check-in c to the member's aggregates (sign 1), or takes
// it out after its row was deleted (sign -1), in tx: the day row, the
// running totals, run (clubbot.Run) and week and month slots (store.Summary)
// in members, the progress of the
// challenges whose span holds c.Day (clubbot.Challenge.Qualifies) and the
// member's fix notices (an admin's check-in the member has not been shown).
// It returns the day's new total and the member's run.
func addCheckIn(ctx context.Context, tx *sql.Tx, c clubbot.CheckIn, sign int) (clubbot.DayTotal, clubbot.Run, error) {
	day := clubbot.DayTotal{Day: c.Day}
	var err error
	if sign > 0 {
		err = tx.QueryRowContext(ctx, `INSERT INTO member_days (guild_id, user_id, day, minutes, sessions)
			VALUES (?, ?, ?, ?, 1)
			ON CONFLICT (guild_id, user_id, day) DO UPDATE
				SET minutes = minutes + excluded.minutes, sessions = sessions + 1
			RETURNING minutes, sessions`, c.GuildID, c.UserID, int64(c.Day), c.Minutes).Scan(&day.Minutes, &day.Sessions)
	} else {
		err = tx.QueryRowContext(ctx, `UPDATE member_days SET minutes = minutes - ?, sessions = sessions - 1
			WHERE guild_id = ? AND user_id = ? AND day = ? RETURNING minutes, sessions`,
			c.Minutes, c.GuildID, c.UserID, int64(c.Day)).Scan(&day.Minutes, &day.Sessions)
		if err == nil && day.Sessions <= 0 {
			day = clubbot.DayTotal{Day: c.Day}
			_, err = tx.ExecContext(ctx, `DELETE FROM member_days WHERE guild_id = ? AND user_id = ? AND day = ?`,
				c.GuildID, c.UserID, int64(c.Day))
		}
	}
	if err != nil {
		return day, clubbot.Run{}, fmt.Errorf("day total: %w", err)
	}

	newDay := sign > 0 && day.Sessions == 1

	sum, _, err := readSummary(ctx, tx, c.GuildID, c.UserID)
	if err != nil {
		return day, clubbot.Run{}, err
	}
	switch {
	case sign > 0 && sum.InOrder(c.Day):
		// In day order, the common case: the run and the period slots
		// extend without reading the member's days.
		sum.Add(c.Day, newDay, c.Minutes)
		err = storeSummary(ctx, tx, sum, c.GuildID, c.UserID, c.CreatedAt.UnixNano())
	default:
		// A day before the latest, or a deletion: a run cannot be undone
		// by arithmetic, so it is recomputed from the member's days.
		sum, err = recomputeMember(ctx, tx, c.GuildID, c.UserID)
	}
	if err != nil {
		return day, clubbot.Run{}, fmt.Errorf("member totals: %w", err)
	}

	if err := addToChallenges(ctx, tx, c, sign, day.Minutes); err != nil {
		return day, sum.Run, fmt.Errorf("challenge progress: %w", err)
	}

	if c.EnteredBy != c.UserID {
		if sign > 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO fix_notices (checkin_id, guild_id, user_id) VALUES (?, ?, ?)`,
				c.ID, c.GuildID, c.UserID)
		} else {
			_, err = tx.ExecContext(ctx, `DELETE FROM fix_notices WHERE checkin_id = ?`, c.ID)
		}
		if err != nil {
			return day, sum.Run, fmt.Errorf("fix notice: %w", err)
		}
	}
	return day, sum.Run, nil
}

// addToChallenges updates the progress of the member's challenges whose
// span (from the start or their joining day to the end) holds c.Day: the
// minutes, and the day's qualified flag now that the day totals dayMinutes.
func addToChallenges(ctx context.Context, tx *sql.Tx, c clubbot.CheckIn, sign, dayMinutes int) error {
	type part struct {
		id      int64
		ch      clubbot.Challenge
		flags   string
		minutes int
	}
	var parts []part
	err := eachRow(ctx, tx, func(s scanner) error {
		var p part
		err := s.Scan(&p.id, &p.ch.Start, &p.ch.Days, &p.ch.DailyMinutes, &p.flags, &p.minutes)
		parts = append(parts, p)
		return err
	}, `SELECT challenge_id, start, days, daily_minutes, qualified, minutes FROM participants
		WHERE guild_id = ?1 AND user_id = ?2 AND ?3 BETWEEN max(start, joined_day) AND start + days - 1`,
		c.GuildID, c.UserID, int64(c.Day))
	if err != nil {
		return err
	}
	for _, p := range parts {
		np := store.Progress{Minutes: p.minutes, Qualified: p.flags}.AddDay(p.ch, c.Day, sign, c.Minutes, dayMinutes)
		if _, err := tx.ExecContext(ctx, `UPDATE participants SET minutes = ?, qualified = ?, qualifying_days = ?
			WHERE challenge_id = ? AND user_id = ?`,
			np.Minutes, np.Qualified, np.QualifyingDays(), p.id, c.UserID); err != nil {
			return err
		}
	}
	return nil
}

// summaryColumns are the members columns readSummary scans.
const summaryColumns = `total_days, total_minutes, last_day, run_start, longest,
	wk_start, wk_days, wk_minutes, pwk_start, pwk_days, pwk_minutes,
	mo_start, mo_days, mo_minutes, pmo_start, pmo_days, pmo_minutes`

// readSummary reads the member's running totals; found is false when the
// member has no row yet.
func readSummary(ctx context.Context, q querier, guildID, userID string) (store.Summary, bool, error) {
	var s store.Summary
	var last, runStart sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT `+summaryColumns+` FROM members WHERE guild_id = ? AND user_id = ?`, guildID, userID).
		Scan(&s.TotalDays, &s.TotalMinutes, &last, &runStart, &s.Run.Longest,
			&s.Week.Cur.Start, &s.Week.Cur.Days, &s.Week.Cur.Minutes, &s.Week.Prev.Start, &s.Week.Prev.Days, &s.Week.Prev.Minutes,
			&s.Month.Cur.Start, &s.Month.Cur.Days, &s.Month.Cur.Minutes, &s.Month.Prev.Start, &s.Month.Prev.Days, &s.Month.Prev.Minutes)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Summary{}, false, nil
	}
	if err != nil {
		return s, false, fmt.Errorf("member totals: %w", err)
	}
	s.Run = store.StoredRun(last, runStart, s.Run.Longest)
	return s, true, nil
}

// storeSummary writes s to the member's row, creating it (joined at
// joinedAt) when there is none.
func storeSummary(ctx context.Context, tx *sql.Tx, s store.Summary, guildID, userID string, joinedAt int64) error {
	last, runStart := s.RunColumns()
	_, err := tx.ExecContext(ctx, `INSERT INTO members (guild_id, user_id, joined_at, `+summaryColumns+`)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
		ON CONFLICT (guild_id, user_id) DO UPDATE SET total_days = ?4, total_minutes = ?5,
			last_day = ?6, run_start = ?7, longest = ?8,
			wk_start = ?9, wk_days = ?10, wk_minutes = ?11, pwk_start = ?12, pwk_days = ?13, pwk_minutes = ?14,
			mo_start = ?15, mo_days = ?16, mo_minutes = ?17, pmo_start = ?18, pmo_days = ?19, pmo_minutes = ?20`,
		guildID, userID, joinedAt, s.TotalDays, s.TotalMinutes, last, runStart, s.Run.Longest,
		s.Week.Cur.Start, s.Week.Cur.Days, s.Week.Cur.Minutes, s.Week.Prev.Start, s.Week.Prev.Days, s.Week.Prev.Minutes,
		s.Month.Cur.Start, s.Month.Cur.Days, s.Month.Cur.Minutes, s.Month.Prev.Start, s.Month.Prev.Days, s.Month.Prev.Minutes)
	return err
}

// dayAndStreak reads the day total of c's day and the member's streak as
// of today, for a duplicate check-in's result.
func dayAndStreak(ctx context.Context, q querier, c clubbot.CheckIn, today clubbot.Day) (clubbot.DayTotal, clubbot.Streak, error) {
	day := clubbot.DayTotal{Day: c.Day}
	err := q.QueryRowContext(ctx, `SELECT coalesce(sum(minutes), 0), coalesce(sum(sessions), 0) FROM member_days
		WHERE guild_id = ? AND user_id = ? AND day = ?`, c.GuildID, c.UserID, int64(c.Day)).Scan(&day.Minutes, &day.Sessions)
	if err != nil {
		return day, clubbot.Streak{}, fmt.Errorf("read day total: %w", err)
	}
	sum, _, err := readSummary(ctx, q, c.GuildID, c.UserID)
	return day, sum.Run.Streak(today), err
}

// recomputeMember rebuilds a member row's totals, run (clubbot.RunOf) and
// period slots from their day rows, and stores them.
func recomputeMember(ctx context.Context, tx *sql.Tx, guildID, userID string) (store.Summary, error) {
	days, err := memberDays(ctx, tx, guildID, userID, clubbot.Day(math.MinInt32), clubbot.Day(math.MaxInt32))
	if err != nil {
		return store.Summary{}, err
	}
	s := store.SummaryOf(days)
	return s, storeSummary(ctx, tx, s, guildID, userID, 0)
}

// memberDays reads the member's day totals from..to, in day order.
func memberDays(ctx context.Context, q rowsQuerier, guildID, userID string, from, to clubbot.Day) ([]clubbot.DayTotal, error) {
	var days []clubbot.DayTotal
	err := eachRow(ctx, q, func(sc scanner) error {
		var d clubbot.DayTotal
		err := sc.Scan(&d.Day, &d.Minutes)
		days = append(days, d)
		return err
	}, `SELECT day, minutes FROM member_days WHERE guild_id = ? AND user_id = ? AND day BETWEEN ? AND ? ORDER BY day`,
		guildID, userID, int64(from), int64(to))
	return days, err
}

// refreshParticipant rebuilds a participant row's progress in c from the
// member's day rows over their span (the start or the day they joined, to
// the end): joining with check-ins already made, or an end moved earlier.
func refreshParticipant(ctx context.Context, tx *sql.Tx, c clubbot.Challenge, userID string, joined clubbot.Day) error {
	days, err := memberDays(ctx, tx, c.GuildID, userID, max(c.Start, joined), c.End())
	if err != nil {
		return err
	}
	p := store.ProgressOf(c, joined, days)
	_, err = tx.ExecContext(ctx, `UPDATE participants SET days = ?, minutes = ?, qualified = ?, qualifying_days = ?
		WHERE challenge_id = ? AND user_id = ?`,
		c.Days, p.Minutes, p.Qualified, p.QualifyingDays(), c.ID, userID)
	return err
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

// Stats returns the member's streak and totals as of today.
func (db *DB) Stats(ctx context.Context, guildID, userID string, today clubbot.Day) (clubbot.MemberStats, error) {
	sum, found, err := readSummary(ctx, db.reader, guildID, userID)
	if err != nil || !found {
		return clubbot.MemberStats{}, err
	}
	st := clubbot.MemberStats{Streak: sum.Run.Streak(today), TotalDays: sum.TotalDays, TotalMinutes: sum.TotalMinutes}
	week, weekEnd := clubbot.Week.Range(today)
	month, monthEnd := clubbot.Month.Range(today)
	err = db.reader.QueryRowContext(ctx, `SELECT
		count(CASE WHEN day BETWEEN ?3 AND ?4 THEN 1 END), coalesce(sum(CASE WHEN day BETWEEN ?3 AND ?4 THEN minutes END), 0),
		count(CASE WHEN day BETWEEN ?5 AND ?6 THEN 1 END), coalesce(sum(CASE WHEN day BETWEEN ?5 AND ?6 THEN minutes END), 0)
		FROM member_days WHERE guild_id = ?1 AND user_id = ?2 AND day BETWEEN min(?3, ?5) AND max(?4, ?6)`,
		guildID, userID, int64(week), int64(weekEnd), int64(month), int64(monthEnd)).
		Scan(&st.WeekDays, &st.WeekMinutes, &st.MonthDays, &st.MonthMinutes)
	if err != nil {
		return clubbot.MemberStats{}, fmt.Errorf("member stats: %w", err)
	}
	return st, nil
}

// CheckedInCount returns how many distinct members checked in on day
// (server-local), for the daily post's "12 checked in".
func (db *DB) CheckedInCount(ctx context.Context, guildID string, day clubbot.Day) (int, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, `SELECT count(DISTINCT user_id) FROM checkins WHERE guild_id = ? AND day = ?`,
		guildID, int64(day)).Scan(&n)
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
		c, err := store.ScanCheckIn(s)
		out = append(out, c)
		return err
	}, `SELECT `+checkInColumns+` FROM checkins WHERE guild_id = ? AND user_id = ? AND day = ? ORDER BY id`,
		guildID, userID, int64(day))
	if err != nil {
		return nil, fmt.Errorf("check-ins: %w", err)
	}
	return out, nil
}
