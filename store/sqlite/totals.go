package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"clubbot"
	"clubbot/store"
)

// addCheckIn adds check-in c to the member's aggregates (sign 1), or takes
// it out after its row was deleted (sign -1), in tx: the day row, the
// running totals, streak (clubbot.StreakState through the latest day, with
// the member's breaks and the server's max-freezes) and week and month slots
// (store.Summary) in members, the progress of the challenges whose span
// holds c.Day (clubbot.Challenge.Qualifies) and the member's fix notices (an
// admin's check-in the member has not been shown). It returns the day's new
// total and the member's stored state.
func addCheckIn(ctx context.Context, tx *sql.Tx, c clubbot.CheckIn, sign int) (clubbot.DayTotal, store.Summary, error) {
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
		return day, store.Summary{}, fmt.Errorf("day total: %w", err)
	}

	newDay := sign > 0 && day.Sessions == 1

	sum, _, err := readSummary(ctx, tx, c.GuildID, c.UserID)
	if err != nil {
		return day, store.Summary{}, err
	}
	switch {
	case sign > 0 && sum.InOrder(c.Day):
		// In day order, the common case: the streak and the period slots
		// carry on without reading the member's days.
		var breaks []clubbot.Break
		if breaks, err = missedBreaks(ctx, tx, c.GuildID, c.UserID, sum, c.Day); err == nil {
			sum.Add(c.Day, newDay, c.Minutes, breaks)
			err = storeSummary(ctx, tx, sum, c.GuildID, c.UserID, c.CreatedAt.UnixNano())
		}
	default:
		// A day before the latest, or a deletion: a streak cannot be
		// undone by arithmetic, so it is recomputed from the member's days.
		sum, err = recomputeMember(ctx, tx, c.GuildID, c.UserID)
	}
	if err != nil {
		return day, store.Summary{}, fmt.Errorf("member totals: %w", err)
	}

	if err := addToChallenges(ctx, tx, c, sign, day.Minutes); err != nil {
		return day, sum, fmt.Errorf("challenge progress: %w", err)
	}

	if c.EnteredBy != c.UserID {
		if sign > 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO fix_notices (checkin_id, guild_id, user_id) VALUES (?, ?, ?)`,
				c.ID, c.GuildID, c.UserID)
		} else {
			_, err = tx.ExecContext(ctx, `DELETE FROM fix_notices WHERE checkin_id = ?`, c.ID)
		}
		if err != nil {
			return day, sum, fmt.Errorf("fix notice: %w", err)
		}
	}
	return day, sum, nil
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

// summaryColumns are the members columns readSummary scans and
// storeSummary writes.
const summaryColumns = `total_days, total_minutes, last_day, run_start, longest, run_days, freezes,
	wk_start, wk_days, wk_minutes, pwk_start, pwk_days, pwk_minutes,
	mo_start, mo_days, mo_minutes, pmo_start, pmo_days, pmo_minutes`

// maxFreezesOf is the server's max-freezes as a scalar subquery on ?1 (the
// guild), the default when the server has no settings row.
func maxFreezesOf() string {
	return fmt.Sprintf(`coalesce((SELECT max_freezes FROM guild_settings WHERE guild_id = ?1), %d)`, clubbot.DefaultMaxFreezes)
}

// readSummary reads the member's running totals and the server's
// max-freezes; found is false when the member has no row yet.
func readSummary(ctx context.Context, q querier, guildID, userID string) (store.Summary, bool, error) {
	var s store.Summary
	var last, runStart sql.NullInt64
	var longest, runDays, freezes int
	err := q.QueryRowContext(ctx, `SELECT `+maxFreezesOf()+`, freeze_told, `+summaryColumns+`
		FROM members WHERE guild_id = ?1 AND user_id = ?2`, guildID, userID).
		Scan(&s.MaxFreezes, &s.FreezeTold, &s.TotalDays, &s.TotalMinutes, &last, &runStart, &longest, &runDays, &freezes,
			&s.Week.Cur.Start, &s.Week.Cur.Days, &s.Week.Cur.Minutes, &s.Week.Prev.Start, &s.Week.Prev.Days, &s.Week.Prev.Minutes,
			&s.Month.Cur.Start, &s.Month.Cur.Days, &s.Month.Cur.Minutes, &s.Month.Prev.Start, &s.Month.Prev.Days, &s.Month.Prev.Minutes)
	if errors.Is(err, sql.ErrNoRows) {
		s = store.Summary{}
		if err := q.QueryRowContext(ctx, `SELECT `+maxFreezesOf(), guildID).Scan(&s.MaxFreezes); err != nil {
			return s, false, fmt.Errorf("max-freezes: %w", err)
		}
		return s, false, nil
	}
	if err != nil {
		return s, false, fmt.Errorf("member totals: %w", err)
	}
	s.Run = store.StoredRun(last, runStart, longest, runDays, freezes)
	return s, true, nil
}

// storeSummary writes s to the member's row, creating it (joined at
// joinedAt) when there is none.
func storeSummary(ctx context.Context, tx *sql.Tx, s store.Summary, guildID, userID string, joinedAt int64) error {
	last, runStart := s.RunColumns()
	_, err := tx.ExecContext(ctx, `INSERT INTO members (guild_id, user_id, joined_at, `+summaryColumns+`)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)
		ON CONFLICT (guild_id, user_id) DO UPDATE SET total_days = ?4, total_minutes = ?5,
			last_day = ?6, run_start = ?7, longest = ?8, run_days = ?9, freezes = ?10,
			wk_start = ?11, wk_days = ?12, wk_minutes = ?13, pwk_start = ?14, pwk_days = ?15, pwk_minutes = ?16,
			mo_start = ?17, mo_days = ?18, mo_minutes = ?19, pmo_start = ?20, pmo_days = ?21, pmo_minutes = ?22`,
		guildID, userID, joinedAt, s.TotalDays, s.TotalMinutes, last, runStart, s.Run.Longest, s.Run.Current, s.Run.Freezes,
		s.Week.Cur.Start, s.Week.Cur.Days, s.Week.Cur.Minutes, s.Week.Prev.Start, s.Week.Prev.Days, s.Week.Prev.Minutes,
		s.Month.Cur.Start, s.Month.Cur.Days, s.Month.Cur.Minutes, s.Month.Prev.Start, s.Month.Prev.Days, s.Month.Prev.Minutes)
	return err
}

// dayAndStreak reads the day total of c's day and the member's streak as
// of today, for a duplicate check-in's result.
func dayAndStreak(ctx context.Context, q anyQuerier, c clubbot.CheckIn, today clubbot.Day) (clubbot.DayTotal, clubbot.Streak, error) {
	day := clubbot.DayTotal{Day: c.Day}
	err := q.QueryRowContext(ctx, `SELECT coalesce(sum(minutes), 0), coalesce(sum(sessions), 0) FROM member_days
		WHERE guild_id = ? AND user_id = ? AND day = ?`, c.GuildID, c.UserID, int64(c.Day)).Scan(&day.Minutes, &day.Sessions)
	if err != nil {
		return day, clubbot.Streak{}, fmt.Errorf("read day total: %w", err)
	}
	sum, _, err := readSummary(ctx, q, c.GuildID, c.UserID)
	if err != nil {
		return day, clubbot.Streak{}, err
	}
	breaks, err := missedBreaks(ctx, q, c.GuildID, c.UserID, sum, today)
	return day, sum.AsOf(breaks, today).Streak, err
}

// missedBreaks reads the member's breaks over sum.MissedSpan(day): what
// carrying their stored streak on to day needs (none when no streak runs).
func missedBreaks(ctx context.Context, q anyQuerier, guildID, userID string, sum store.Summary, day clubbot.Day) ([]clubbot.Break, error) {
	from, to, ok := sum.MissedSpan(day)
	if !ok {
		return nil, nil
	}
	return memberBreaks(ctx, q, guildID, userID, from, to)
}

// memberBreaks reads the member's breaks that overlap from..to (all of
// them when to is 0), by start.
func memberBreaks(ctx context.Context, q anyQuerier, guildID, userID string, from, to clubbot.Day) ([]clubbot.Break, error) {
	if to == 0 {
		to = math.MaxInt32
	}
	var out []clubbot.Break
	err := eachRow(ctx, q, func(s scanner) error {
		var b clubbot.Break
		err := s.Scan(&b.From, &b.To, &b.Reason)
		out = append(out, b)
		return err
	}, `SELECT from_day, to_day, reason FROM breaks WHERE guild_id = ? AND user_id = ? AND to_day >= ? AND from_day <= ?
		ORDER BY from_day`, guildID, userID, int64(from), int64(to))
	if err != nil {
		return nil, fmt.Errorf("breaks of %s: %w", userID, err)
	}
	return out, nil
}

// recomputeMember rebuilds a member row's totals, streak (store.SummaryOf:
// clubbot.MemberStreak through the latest day, with their breaks and the
// server's max-freezes) and period slots from their day rows, and stores
// them.
func recomputeMember(ctx context.Context, tx *sql.Tx, guildID, userID string) (store.Summary, error) {
	old, _, err := readSummary(ctx, tx, guildID, userID)
	if err != nil {
		return store.Summary{}, err
	}
	days, err := memberDays(ctx, tx, guildID, userID, clubbot.Day(math.MinInt32), clubbot.Day(math.MaxInt32))
	if err != nil {
		return store.Summary{}, err
	}
	breaks, err := memberBreaks(ctx, tx, guildID, userID, 0, 0)
	if err != nil {
		return store.Summary{}, err
	}
	s := store.SummaryOf(days, breaks, old.MaxFreezes)
	s.FreezeTold = old.FreezeTold
	return s, storeSummary(ctx, tx, s, guildID, userID, 0)
}

// recomputeGuild recomputes every member of the server with check-ins
// (recomputeMember), after its max-freezes changed.
func recomputeGuild(ctx context.Context, tx *sql.Tx, guildID string) error {
	var users []string
	err := eachRow(ctx, tx, func(s scanner) error {
		var u string
		err := s.Scan(&u)
		users = append(users, u)
		return err
	}, `SELECT user_id FROM members WHERE guild_id = ? AND last_day IS NOT NULL`, guildID)
	if err != nil {
		return fmt.Errorf("members of %s: %w", guildID, err)
	}
	for _, u := range users {
		if _, err := recomputeMember(ctx, tx, guildID, u); err != nil {
			return fmt.Errorf("recompute %s: %w", u, err)
		}
	}
	return nil
}

// memberDays reads the member's day totals from..to, ascending. The days
// come packed in one row ("day:minutes,..."): a row per day through
// database/sql cost most of /streak's time (SPEC 8: one member's streak and
// calendar < 1 ms).
func memberDays(ctx context.Context, q querier, guildID, userID string, from, to clubbot.Day) ([]clubbot.DayTotal, error) {
	var packed string
	err := q.QueryRowContext(ctx, `SELECT coalesce(group_concat(day || ':' || minutes, ',' ORDER BY day), '')
		FROM member_days WHERE guild_id = ? AND user_id = ? AND day BETWEEN ? AND ?`,
		guildID, userID, int64(from), int64(to)).Scan(&packed)
	if err != nil || packed == "" {
		return nil, err
	}
	days := make([]clubbot.DayTotal, 0, strings.Count(packed, ",")+1)
	for item := range strings.SplitSeq(packed, ",") {
		day, minutes, _ := strings.Cut(item, ":")
		d, err1 := strconv.Atoi(day)
		m, err2 := strconv.Atoi(minutes)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("member days of %s: %w", userID, err)
		}
		days = append(days, clubbot.DayTotal{Day: clubbot.Day(d), Minutes: m})
	}
	return days, nil
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

// Stats returns the member's streak and totals as of today: the streak
// with freezes and breaks from clubbot.MemberStreak over all their days
// (State, with every frozen and break day for the calendar).
func (db *DB) Stats(ctx context.Context, guildID, userID string, today clubbot.Day) (clubbot.MemberStats, error) {
	sum, found, err := readSummary(ctx, db.reader, guildID, userID)
	if err != nil || !found {
		return clubbot.MemberStats{}, err
	}
	days, err := memberDays(ctx, db.reader, guildID, userID, clubbot.Day(math.MinInt32), clubbot.Day(math.MaxInt32))
	if err != nil {
		return clubbot.MemberStats{}, fmt.Errorf("member stats: %w", err)
	}
	breaks, err := memberBreaks(ctx, db.reader, guildID, userID, 0, 0)
	if err != nil {
		return clubbot.MemberStats{}, fmt.Errorf("member stats: %w", err)
	}
	return store.StatsOf(sum, days, breaks, today), nil
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
