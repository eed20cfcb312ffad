package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"

	"clubbot"
	"clubbot/store"
)

// addCheckIn adds check-in c to the member's aggregates (sign 1), or takes
// it out after its row was deleted (sign -1), in tx, as store/sqlite's
// addCheckIn does, with package store's functions: the members row first,
// locked (lockMember), so two replicas' check-ins of one member queue
// instead of both reading the old totals; then the day row, the totals,
// the challenges whose span holds c.Day and the fix notice.
func addCheckIn(ctx context.Context, tx pgx.Tx, c clubbot.CheckIn, sign int) (clubbot.DayTotal, store.Summary, error) {
	var joinedAt int64
	if sign > 0 {
		joinedAt = c.CreatedAt.UnixNano()
	}
	sum, err := lockMember(ctx, tx, c.GuildID, c.UserID, joinedAt)
	if err != nil {
		return clubbot.DayTotal{}, store.Summary{}, fmt.Errorf("member totals: %w", err)
	}
	day := clubbot.DayTotal{Day: c.Day}
	if sign > 0 {
		err = tx.QueryRow(ctx, `INSERT INTO member_days (guild_id, user_id, day, minutes, sessions)
			VALUES ($1, $2, $3, $4, 1)
			ON CONFLICT (guild_id, user_id, day) DO UPDATE
				SET minutes = member_days.minutes + excluded.minutes, sessions = member_days.sessions + 1
			RETURNING minutes, sessions`, c.GuildID, c.UserID, int64(c.Day), c.Minutes).Scan(&day.Minutes, &day.Sessions)
	} else {
		err = tx.QueryRow(ctx, `UPDATE member_days SET minutes = minutes - $1, sessions = sessions - 1
			WHERE guild_id = $2 AND user_id = $3 AND day = $4 RETURNING minutes, sessions`,
			c.Minutes, c.GuildID, c.UserID, int64(c.Day)).Scan(&day.Minutes, &day.Sessions)
		if err == nil && day.Sessions <= 0 {
			day = clubbot.DayTotal{Day: c.Day}
			_, err = tx.Exec(ctx, `DELETE FROM member_days WHERE guild_id = $1 AND user_id = $2 AND day = $3`,
				c.GuildID, c.UserID, int64(c.Day))
		}
	}
	if err != nil {
		return day, store.Summary{}, fmt.Errorf("day total: %w", err)
	}

	if sign > 0 && sum.InOrder(c.Day) {
		var breaks []clubbot.Break
		if breaks, err = missedBreaks(ctx, tx, c.GuildID, c.UserID, sum, c.Day); err == nil {
			sum.Add(c.Day, day.Sessions == 1, c.Minutes, breaks)
			err = storeSummary(ctx, tx, sum, c.GuildID, c.UserID)
		}
	} else {
		sum, err = recomputeMember(ctx, tx, c.GuildID, c.UserID)
	}
	if err != nil {
		return day, store.Summary{}, fmt.Errorf("member totals: %w", err)
	}

	if err := addToChallenges(ctx, tx, c, sign, day.Minutes); err != nil {
		return day, sum, fmt.Errorf("challenge progress: %w", err)
	}
	if c.EnteredBy != c.UserID && sign > 0 {
		// Deleting the check-in deletes its notice (ON DELETE CASCADE).
		if _, err := tx.Exec(ctx, `INSERT INTO fix_notices (checkin_id, guild_id, user_id) VALUES ($1, $2, $3)`,
			c.ID, c.GuildID, c.UserID); err != nil {
			return day, sum, fmt.Errorf("fix notice: %w", err)
		}
	}
	return day, sum, nil
}

// summaryColumns are the members columns a store.Summary is made of, with
// the server's max-freezes (the default when it has no settings row).
var summaryColumns = `coalesce((SELECT max_freezes FROM guild_settings g WHERE g.guild_id = members.guild_id), ` +
	maxFreezesDefault + `), freeze_told, total_days, total_minutes, last_day, run_start, longest, run_days, freezes,
	wk_start, wk_days, wk_minutes, pwk_start, pwk_days, pwk_minutes,
	mo_start, mo_days, mo_minutes, pmo_start, pmo_days, pmo_minutes`

// scanSummary reads summaryColumns.
func scanSummary(row scanner) (store.Summary, error) {
	var s store.Summary
	var last, runStart sql.NullInt64
	var longest, runDays, freezes int
	err := row.Scan(&s.MaxFreezes, &s.FreezeTold, &s.TotalDays, &s.TotalMinutes, &last, &runStart, &longest, &runDays, &freezes,
		&s.Week.Cur.Start, &s.Week.Cur.Days, &s.Week.Cur.Minutes, &s.Week.Prev.Start, &s.Week.Prev.Days, &s.Week.Prev.Minutes,
		&s.Month.Cur.Start, &s.Month.Cur.Days, &s.Month.Cur.Minutes, &s.Month.Prev.Start, &s.Month.Prev.Days, &s.Month.Prev.Minutes)
	s.Run = store.StoredRun(last, runStart, longest, runDays, freezes)
	return s, err
}

// lockMember makes the member's row if there is none (joined at joinedAt)
// and locks it for the rest of tx (SELECT … FOR UPDATE), returning its
// totals. Every writer of a member's aggregates takes this lock first, so
// they run one at a time per member and always lock in the same order.
func lockMember(ctx context.Context, tx pgx.Tx, guildID, userID string, joinedAt int64) (store.Summary, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO members (guild_id, user_id, joined_at) VALUES ($1, $2, $3)
		ON CONFLICT DO NOTHING`, guildID, userID, joinedAt); err != nil {
		return store.Summary{}, err
	}
	return scanSummary(tx.QueryRow(ctx, `SELECT `+summaryColumns+` FROM members
		WHERE guild_id = $1 AND user_id = $2 FOR UPDATE OF members`, guildID, userID))
}

// readSummary reads the member's running totals; found is false when the
// member has no row yet.
func readSummary(ctx context.Context, q querier, guildID, userID string) (store.Summary, bool, error) {
	s, err := scanSummary(q.QueryRow(ctx, `SELECT `+summaryColumns+` FROM members WHERE guild_id = $1 AND user_id = $2`,
		guildID, userID))
	if errors.Is(err, pgx.ErrNoRows) {
		s = store.Summary{}
		err = q.QueryRow(ctx, `SELECT coalesce((SELECT max_freezes FROM guild_settings WHERE guild_id = $1), `+
			maxFreezesDefault+`)`, guildID).Scan(&s.MaxFreezes)
		if err != nil {
			return s, false, fmt.Errorf("max-freezes: %w", err)
		}
		return s, false, nil
	}
	if err != nil {
		return s, false, fmt.Errorf("member totals: %w", err)
	}
	return s, true, nil
}

// storeSummary writes s to the member's (locked) row.
func storeSummary(ctx context.Context, tx pgx.Tx, s store.Summary, guildID, userID string) error {
	last, runStart := s.RunColumns()
	_, err := tx.Exec(ctx, `UPDATE members SET total_days = $3, total_minutes = $4,
			last_day = $5, run_start = $6, longest = $7, run_days = $20, freezes = $21,
			wk_start = $8, wk_days = $9, wk_minutes = $10, pwk_start = $11, pwk_days = $12, pwk_minutes = $13,
			mo_start = $14, mo_days = $15, mo_minutes = $16, pmo_start = $17, pmo_days = $18, pmo_minutes = $19
		WHERE guild_id = $1 AND user_id = $2`,
		guildID, userID, s.TotalDays, s.TotalMinutes, last, runStart, s.Run.Longest,
		s.Week.Cur.Start, s.Week.Cur.Days, s.Week.Cur.Minutes, s.Week.Prev.Start, s.Week.Prev.Days, s.Week.Prev.Minutes,
		s.Month.Cur.Start, s.Month.Cur.Days, s.Month.Cur.Minutes, s.Month.Prev.Start, s.Month.Prev.Days, s.Month.Prev.Minutes,
		s.Run.Current, s.Run.Freezes)
	return err
}

// maxFreezesDefault is clubbot.DefaultMaxFreezes in SQL, for a server with
// no settings row.
var maxFreezesDefault = fmt.Sprint(clubbot.DefaultMaxFreezes)

// recomputeMember rebuilds a member row's totals and streak from their day
// rows and breaks (store.SummaryOf, with the server's max-freezes) and
// stores them. The caller holds the member's row lock.
func recomputeMember(ctx context.Context, tx pgx.Tx, guildID, userID string) (store.Summary, error) {
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
	return s, storeSummary(ctx, tx, s, guildID, userID)
}

// recomputeGuild recomputes every member of the server with check-ins,
// each row locked (in user order, as every other writer locks one member),
// after its max-freezes changed.
func recomputeGuild(ctx context.Context, tx pgx.Tx, guildID string) error {
	var users []string
	err := eachRow(ctx, tx, func(s scanner) error {
		var u string
		err := s.Scan(&u)
		users = append(users, u)
		return err
	}, `SELECT user_id FROM members WHERE guild_id = $1 AND last_day IS NOT NULL ORDER BY user_id FOR UPDATE`, guildID)
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

// missedBreaks reads the member's breaks over sum.MissedSpan(day): what
// carrying their stored streak on to day needs (none when no streak runs).
func missedBreaks(ctx context.Context, q querier, guildID, userID string, sum store.Summary, day clubbot.Day) ([]clubbot.Break, error) {
	from, to, ok := sum.MissedSpan(day)
	if !ok {
		return nil, nil
	}
	return memberBreaks(ctx, q, guildID, userID, from, to)
}

// memberBreaks reads the member's breaks that overlap from..to (all of
// them when to is 0), by start.
func memberBreaks(ctx context.Context, q querier, guildID, userID string, from, to clubbot.Day) ([]clubbot.Break, error) {
	if to == 0 {
		to = math.MaxInt32
	}
	var out []clubbot.Break
	err := eachRow(ctx, q, func(s scanner) error {
		var b clubbot.Break
		err := s.Scan(&b.From, &b.To, &b.Reason)
		out = append(out, b)
		return err
	}, `SELECT from_day, to_day, reason FROM breaks WHERE guild_id = $1 AND user_id = $2 AND to_day >= $3 AND from_day <= $4
		ORDER BY from_day`, guildID, userID, int64(from), int64(to))
	if err != nil {
		return nil, fmt.Errorf("breaks of %s: %w", userID, err)
	}
	return out, nil
}

// memberDays reads the member's day totals from..to, in day order.
func memberDays(ctx context.Context, q querier, guildID, userID string, from, to clubbot.Day) ([]clubbot.DayTotal, error) {
	var days []clubbot.DayTotal
	err := eachRow(ctx, q, func(s scanner) error {
		var d clubbot.DayTotal
		err := s.Scan(&d.Day, &d.Minutes, &d.Sessions)
		days = append(days, d)
		return err
	}, `SELECT day, minutes, sessions FROM member_days
		WHERE guild_id = $1 AND user_id = $2 AND day BETWEEN $3 AND $4 ORDER BY day`,
		guildID, userID, int64(from), int64(to))
	return days, err
}

// dayAndStreak reads the day total of c's day and the member's streak as
// of today, for a duplicate check-in's result.
func dayAndStreak(ctx context.Context, q querier, c clubbot.CheckIn, today clubbot.Day) (clubbot.DayTotal, clubbot.Streak, error) {
	day := clubbot.DayTotal{Day: c.Day}
	err := q.QueryRow(ctx, `SELECT coalesce(sum(minutes), 0), coalesce(sum(sessions), 0) FROM member_days
		WHERE guild_id = $1 AND user_id = $2 AND day = $3`, c.GuildID, c.UserID, int64(c.Day)).Scan(&day.Minutes, &day.Sessions)
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

// addToChallenges updates the progress of the member's challenges whose
// span holds c.Day (store.Progress.AddDay).
func addToChallenges(ctx context.Context, tx pgx.Tx, c clubbot.CheckIn, sign, dayMinutes int) error {
	type part struct {
		id int64
		ch clubbot.Challenge
		p  store.Progress
	}
	var parts []part
	err := eachRow(ctx, tx, func(s scanner) error {
		var p part
		err := s.Scan(&p.id, &p.ch.Start, &p.ch.Days, &p.ch.DailyMinutes, &p.p.Qualified, &p.p.Minutes)
		parts = append(parts, p)
		return err
	}, `SELECT challenge_id, start, days, daily_minutes, qualified, minutes FROM participants
		WHERE guild_id = $1 AND user_id = $2 AND $3 BETWEEN GREATEST(start, joined_day) AND start + days - 1
		FOR UPDATE`, c.GuildID, c.UserID, int64(c.Day))
	if err != nil {
		return err
	}
	for _, p := range parts {
		np := p.p.AddDay(p.ch, c.Day, sign, c.Minutes, dayMinutes)
		if _, err := tx.Exec(ctx, `UPDATE participants SET minutes = $1, qualified = $2, qualifying_days = $3
			WHERE challenge_id = $4 AND user_id = $5`,
			np.Minutes, np.Qualified, np.QualifyingDays(), p.id, c.UserID); err != nil {
			return err
		}
	}
	return nil
}

// refreshParticipant rebuilds a participant row's progress in c from the
// member's day rows (store.ProgressOf).
func refreshParticipant(ctx context.Context, tx pgx.Tx, c clubbot.Challenge, userID string, joined clubbot.Day) error {
	days, err := memberDays(ctx, tx, c.GuildID, userID, max(c.Start, joined), c.End())
	if err != nil {
		return err
	}
	p := store.ProgressOf(c, joined, days)
	_, err = tx.Exec(ctx, `UPDATE participants SET days = $1, minutes = $2, qualified = $3, qualifying_days = $4
		WHERE challenge_id = $5 AND user_id = $6`,
		c.Days, p.Minutes, p.Qualified, p.QualifyingDays(), c.ID, userID)
	return err
}

// History returns the member's per-day totals from..to inclusive, ascending.
func (db *DB) History(ctx context.Context, guildID, userID string, from, to clubbot.Day) ([]clubbot.DayTotal, error) {
	out, err := memberDays(ctx, db.pool, guildID, userID, from, to)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return out, nil
}

// Stats returns the member's streak and totals as of today (store.StatsOf:
// the streak with freezes and breaks over all their days).
func (db *DB) Stats(ctx context.Context, guildID, userID string, today clubbot.Day) (clubbot.MemberStats, error) {
	sum, found, err := readSummary(ctx, db.pool, guildID, userID)
	if err != nil || !found {
		return clubbot.MemberStats{}, err
	}
	days, err := memberDays(ctx, db.pool, guildID, userID, clubbot.Day(math.MinInt32), clubbot.Day(math.MaxInt32))
	if err != nil {
		return clubbot.MemberStats{}, fmt.Errorf("member stats: %w", err)
	}
	breaks, err := memberBreaks(ctx, db.pool, guildID, userID, 0, 0)
	if err != nil {
		return clubbot.MemberStats{}, fmt.Errorf("member stats: %w", err)
	}
	return store.StatsOf(sum, days, breaks, today), nil
}
