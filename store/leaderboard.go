package store

import (
	"context"
	"database/sql"
	"fmt"

	"clubbot"
)

// Leaderboard ranks the server's members over the period containing today
// (server-local day) and places asker.
//
// A week or month sums each member's day rows in the period; all time reads the running totals in
// members. A member counts when they have a check-in in the period; hidden
// members are left out. CurrentStreak is the member's streak as of today
// (clubbot.Run.Streak over the run kept in members).
func (db *DB) Leaderboard(ctx context.Context, guildID string, p clubbot.Period, today clubbot.Day, asker string) (clubbot.Board, error) {
	from, to := p.Range(today)
	var query string
	switch p {
	case clubbot.Week, clubbot.Month:
		// Members in key order, each one's day rows in the period read
		// through the day rows' primary key: no sort, no temporary table
		// (CROSS JOIN keeps SQLite to that order).
		query = `SELECT m.user_id, count(*), sum(d.minutes), m.last_day, m.run_start, m.longest, m.joined_at
			FROM members m CROSS JOIN member_days d
				ON d.guild_id = m.guild_id AND d.user_id = m.user_id AND d.day BETWEEN ?2 AND ?3
			WHERE m.guild_id = ?1 AND m.hidden = 0
			GROUP BY m.user_id`
	case clubbot.All:
		query = `SELECT user_id, total_days, total_minutes, last_day, run_start, longest, joined_at
			FROM members WHERE guild_id = ?1 AND hidden = 0 AND total_days > 0`
	default:
		return clubbot.Board{}, fmt.Errorf("leaderboard: period %q: %w", p, clubbot.ErrInvalid)
	}
	var standings []clubbot.Standing
	err := eachRow(ctx, db.reader, func(s scanner) error {
		var st clubbot.Standing
		var last, runStart sql.NullInt64
		var longest int
		var joined int64
		if err := s.Scan(&st.UserID, &st.QualifyingDays, &st.TotalMinutes, &last, &runStart, &longest, &joined); err != nil {
			return err
		}
		st.CurrentStreak = storedRun(last, runStart, longest).Streak(today).Current
		st.Joined = fromNanos(joined)
		standings = append(standings, st)
		return nil
	}, query, guildID, int64(from), int64(to))
	if err != nil {
		return clubbot.Board{}, fmt.Errorf("leaderboard %s: %w", p, err)
	}
	return clubbot.Rank(standings, asker), nil
}

// ChallengeLeaderboard ranks a challenge's participants by qualifying days,
// then their challenge streak (clubbot.ChallengeStreak), minutes within
// the challenge and when they joined it. Hidden members are left out.
func (db *DB) ChallengeLeaderboard(ctx context.Context, challengeID int64, today clubbot.Day, asker string) (clubbot.Board, error) {
	c, err := db.ChallengeByID(ctx, challengeID)
	if err != nil {
		return clubbot.Board{}, fmt.Errorf("challenge leaderboard: %w", err)
	}
	ps, err := db.participants(ctx, c, "", today)
	if err != nil {
		return clubbot.Board{}, fmt.Errorf("challenge leaderboard %d: %w", challengeID, err)
	}
	standings := make([]clubbot.Standing, len(ps))
	for i, p := range ps {
		standings[i] = participantStanding(p)
	}
	return clubbot.Rank(standings, asker), nil
}
