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
)

// addCheckIn adds check-in c to the member's aggregates (sign 1), or takes
// it out after its row was deleted (sign -1), in tx: the day row, the
// running totals, streak (clubbot.StreakState through the latest day, as
// clubbot.MemberStreak computes it with the member's breaks and the
// server's max-freezes) and week and month slots (periodSlots) in members,
// the progress of the challenges whose span holds c.Day
// (clubbot.Challenge.Qualifies) and the member's fix notices (an admin's
// check-in the member has not been shown). It returns the day's new total
// and the member's stored state.
func addCheckIn(ctx context.Context, tx *sql.Tx, c clubbot.CheckIn, sign int) (clubbot.DayTotal, summary, error) {
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
		return day, summary{}, fmt.Errorf("day total: %w", err)
	}

	newDay := sign > 0 && day.Sessions == 1

	sum, found, err := readSummary(ctx, tx, c.GuildID, c.UserID)
	if err != nil {
		return day, summary{}, err
	}
	switch {
	case sign > 0 && (!found || sum.streak.LastDay == 0 || c.Day >= sum.streak.LastDay):
		// In day order, the common case: the streak and the period slots
		// carry on without reading the member's days.
		if newDay {
			sum.totalDays++
		}
		sum.totalMinutes += c.Minutes
		if c.Day > sum.streak.LastDay {
			var breaks []clubbot.Break
			if sum.streak.Current > 0 && c.Day > sum.streak.LastDay+1 {
				// Days missed since: a break may excuse them.
				if breaks, err = memberBreaks(ctx, tx, c.GuildID, c.UserID, sum.streak.LastDay+1, c.Day-1); err != nil {
					return day, sum, err
				}
			}
			sum.streak = sum.streak.Extend([]clubbot.Day{c.Day}, breaks, sum.maxFreezes, c.Day)
		}
		sum.week.add(clubbot.Week, c.Day, newDay, c.Minutes)
		sum.month.add(clubbot.Month, c.Day, newDay, c.Minutes)
		err = sum.store(ctx, tx, c.GuildID, c.UserID, c.CreatedAt.UnixNano())
	default:
		// A day before the latest, or a deletion: a streak cannot be undone
		// by arithmetic, so it is recomputed from the member's days.
		sum, err = recomputeMember(ctx, tx, c.GuildID, c.UserID)
	}
	if err != nil {
		return day, sum, fmt.Errorf("member totals: %w", err)
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
		flags := setFlag(p.flags, int(c.Day-p.ch.Start), p.ch.Qualifies(dayMinutes))
		if _, err := tx.ExecContext(ctx, `UPDATE participants SET minutes = ?, qualified = ?, qualifying_days = ?
			WHERE challenge_id = ? AND user_id = ?`,
			p.minutes+sign*c.Minutes, flags, strings.Count(flags, "1"), p.id, c.UserID); err != nil {
			return err
		}
	}
	return nil
}

// setFlag sets flag i of a participant row's qualified (or away) flags,
// one '0'/'1' per challenge day from the start.
func setFlag(flags string, i int, on bool) string {
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

// summary is a member's running totals from the members row.
type summary struct {
	totalDays    int
	totalMinutes int
	// streak is the member's streak through streak.LastDay (no Frozen or
	// BreakDays lists: those come from clubbot.MemberStreak at read time).
	streak      clubbot.StreakState
	freezeTold  clubbot.Day // the latest frozen day the member was told about
	maxFreezes  int         // the server's max-freezes (read, not stored)
	week, month periodSlots
}

// summaryColumns are the members columns readSummary scans and store writes.
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
func readSummary(ctx context.Context, q querier, guildID, userID string) (summary, bool, error) {
	var s summary
	var last, runStart sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT `+maxFreezesOf()+`, freeze_told, `+summaryColumns+` FROM members WHERE guild_id = ?1 AND user_id = ?2`, guildID, userID).
		Scan(&s.maxFreezes, &s.freezeTold, &s.totalDays, &s.totalMinutes, &last, &runStart, &s.streak.Longest, &s.streak.Current, &s.streak.Freezes,
			&s.week.cur.start, &s.week.cur.days, &s.week.cur.minutes, &s.week.prev.start, &s.week.prev.days, &s.week.prev.minutes,
			&s.month.cur.start, &s.month.cur.days, &s.month.cur.minutes, &s.month.prev.start, &s.month.prev.days, &s.month.prev.minutes)
	if errors.Is(err, sql.ErrNoRows) {
		err = q.QueryRowContext(ctx, `SELECT `+maxFreezesOf(), guildID).Scan(&s.maxFreezes)
		return s, false, err
	}
	if err != nil {
		return s, false, fmt.Errorf("member totals: %w", err)
	}
	s.streak.LastDay, s.streak.RunStart = clubbot.Day(last.Int64), clubbot.Day(runStart.Int64)
	return s, true, nil
}

// store writes s to the member's row, creating it (joined at joinedAt)
// when there is none.
func (s summary) store(ctx context.Context, tx *sql.Tx, guildID, userID string, joinedAt int64) error {
	var last, runStart sql.NullInt64
	if s.streak.LastDay != 0 {
		last = sql.NullInt64{Int64: int64(s.streak.LastDay), Valid: true}
	}
	if s.streak.RunStart != 0 {
		runStart = sql.NullInt64{Int64: int64(s.streak.RunStart), Valid: true}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO members (guild_id, user_id, joined_at, `+summaryColumns+`)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)
		ON CONFLICT (guild_id, user_id) DO UPDATE SET total_days = ?4, total_minutes = ?5,
			last_day = ?6, run_start = ?7, longest = ?8, run_days = ?9, freezes = ?10,
			wk_start = ?11, wk_days = ?12, wk_minutes = ?13, pwk_start = ?14, pwk_days = ?15, pwk_minutes = ?16,
			mo_start = ?17, mo_days = ?18, mo_minutes = ?19, pmo_start = ?20, pmo_days = ?21, pmo_minutes = ?22`,
		guildID, userID, joinedAt, s.totalDays, s.totalMinutes, last, runStart, s.streak.Longest, s.streak.Current, s.streak.Freezes,
		s.week.cur.start, s.week.cur.days, s.week.cur.minutes, s.week.prev.start, s.week.prev.days, s.week.prev.minutes,
		s.month.cur.start, s.month.cur.days, s.month.cur.minutes, s.month.prev.start, s.month.prev.days, s.month.prev.minutes)
	return err
}

// periodSlots are a member's days and minutes in the week (or month) of
// their latest day and in the one before it, kept in the members row so a
// board reads one row per member. Two slots cover a member whose zone is a
// day ahead of the server's: the board's period is the server's.
type periodSlots struct{ cur, prev periodSlot }

// periodSlot is a member's days and minutes in the period starting at start.
type periodSlot struct {
	start         sql.NullInt64
	days, minutes int
}

// add counts a check-in on d, not before the member's latest day, in the
// slots of period p; newDay: the first session of d.
func (s *periodSlots) add(p clubbot.Period, d clubbot.Day, newDay bool, minutes int) {
	from, _ := p.Range(d)
	if !s.cur.start.Valid || int64(from) > s.cur.start.Int64 {
		s.prev = s.cur
		s.cur = periodSlot{start: sql.NullInt64{Int64: int64(from), Valid: true}}
	}
	if newDay {
		s.cur.days++
	}
	s.cur.minutes += minutes
}

// periodSlotsOf computes the slots of period p from a member's days: the
// period of the latest day and the one before it.
func periodSlotsOf(p clubbot.Period, days []clubbot.DayTotal) periodSlots {
	var s periodSlots
	if len(days) == 0 {
		return s
	}
	from, _ := p.Range(days[len(days)-1].Day)
	before, _ := p.Range(from - 1)
	s.cur.start = sql.NullInt64{Int64: int64(from), Valid: true}
	s.prev.start = sql.NullInt64{Int64: int64(before), Valid: true}
	for _, d := range days {
		start, _ := p.Range(d.Day)
		for _, sl := range []*periodSlot{&s.cur, &s.prev} {
			if sl.start.Int64 == int64(start) {
				sl.days++
				sl.minutes += d.Minutes
			}
		}
	}
	return s
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

// streakAsOf is the member's streak on today, carried on from the stored
// state s with their breaks since (clubbot.StreakState.Extend).
func streakAsOf(ctx context.Context, q anyQuerier, guildID, userID string, s summary, today clubbot.Day) (clubbot.StreakState, error) {
	var breaks []clubbot.Break
	if s.streak.Current > 0 && today > s.streak.LastDay+1 {
		var err error
		if breaks, err = memberBreaks(ctx, q, guildID, userID, s.streak.LastDay+1, today); err != nil {
			return clubbot.StreakState{}, err
		}
	}
	return s.streak.Extend(nil, breaks, s.maxFreezes, today), nil
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
	st, err := streakAsOf(ctx, q, c.GuildID, c.UserID, sum, today)
	return day, st.Streak, err
}

// memberDays reads the member's day totals, ascending. The days come packed
// in one row ("day:minutes,..."): a row per day through database/sql cost
// most of /streak's time (SPEC 8: one member's streak and calendar < 1 ms).
func memberDays(ctx context.Context, q anyQuerier, guildID, userID string) ([]clubbot.DayTotal, error) {
	var packed string
	err := q.QueryRowContext(ctx, `SELECT coalesce(group_concat(day || ':' || minutes, ',' ORDER BY day), '')
		FROM member_days WHERE guild_id = ? AND user_id = ?`, guildID, userID).Scan(&packed)
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

// dayList is the days of totals.
func dayList(totals []clubbot.DayTotal) []clubbot.Day {
	list := make([]clubbot.Day, len(totals))
	for i, d := range totals {
		list[i] = d.Day
	}
	return list
}

// recomputeMember rebuilds a member row's totals, streak
// (clubbot.MemberStreak through the latest day, with their breaks and the
// server's max-freezes) and period slots from their day rows, and stores
// them.
func recomputeMember(ctx context.Context, tx *sql.Tx, guildID, userID string) (summary, error) {
	old, _, err := readSummary(ctx, tx, guildID, userID)
	if err != nil {
		return summary{}, err
	}
	days, err := memberDays(ctx, tx, guildID, userID)
	if err != nil {
		return summary{}, err
	}
	breaks, err := memberBreaks(ctx, tx, guildID, userID, 0, 0)
	if err != nil {
		return summary{}, err
	}
	s := summary{totalDays: len(days), maxFreezes: old.maxFreezes, freezeTold: old.freezeTold}
	for _, d := range days {
		s.totalMinutes += d.Minutes
	}
	list := dayList(days)
	if len(list) > 0 {
		s.streak = clubbot.MemberStreak(list, breaks, s.maxFreezes, list[len(list)-1])
		s.streak.Frozen, s.streak.BreakDays = nil, nil
	}
	s.week = periodSlotsOf(clubbot.Week, days)
	s.month = periodSlotsOf(clubbot.Month, days)
	return s, s.store(ctx, tx, guildID, userID, 0)
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

// refreshParticipant rebuilds a participant row's progress in c from the
// member's day rows over their span (the start or the day they joined, to
// the end): joining with check-ins already made, or an end moved earlier.
func refreshParticipant(ctx context.Context, tx *sql.Tx, c clubbot.Challenge, userID string, joined clubbot.Day) error {
	flags := []byte(strings.Repeat("0", c.Days))
	minutes := 0
	err := eachRow(ctx, tx, func(s scanner) error {
		var d clubbot.Day
		var m int
		if err := s.Scan(&d, &m); err != nil {
			return err
		}
		minutes += m
		if c.Qualifies(m) {
			flags[d-c.Start] = '1'
		}
		return nil
	}, `SELECT day, minutes FROM member_days WHERE guild_id = ? AND user_id = ? AND day BETWEEN ? AND ?`,
		c.GuildID, userID, int64(max(c.Start, joined)), int64(c.End()))
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE participants SET days = ?, minutes = ?, qualified = ?, qualifying_days = ?
		WHERE challenge_id = ? AND user_id = ?`,
		c.Days, minutes, string(flags), strings.Count(string(flags), "1"), c.ID, userID)
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
	days, err := memberDays(ctx, db.reader, guildID, userID)
	if err != nil {
		return clubbot.MemberStats{}, fmt.Errorf("member stats: %w", err)
	}
	breaks, err := memberBreaks(ctx, db.reader, guildID, userID, 0, 0)
	if err != nil {
		return clubbot.MemberStats{}, fmt.Errorf("member stats: %w", err)
	}
	state := clubbot.MemberStreak(dayList(days), breaks, sum.maxFreezes, today)
	st := clubbot.MemberStats{Streak: state.Streak, State: state, FreezeTold: sum.freezeTold,
		MaxFreezes: sum.maxFreezes, TotalDays: sum.totalDays, TotalMinutes: sum.totalMinutes}
	// The week and month from the days just read, not another query.
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
		c, err := scanCheckIn(s)
		out = append(out, c)
		return err
	}, `SELECT `+checkInColumns+` FROM checkins WHERE guild_id = ? AND user_id = ? AND day = ? ORDER BY id`,
		guildID, userID, int64(day))
	if err != nil {
		return nil, fmt.Errorf("check-ins: %w", err)
	}
	return out, nil
}
