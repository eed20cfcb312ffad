package store

import (
	"context"
	"fmt"

	"clubbot"
)

// Leaderboard ranks the server's members over the period containing today
// (server-local day) and places asker.
//
// It reads one row per member from the totals the check-in triggers keep in
// members, so its cost grows with members, not check-ins. A member counts when they have a
// check-in in the period; hidden members are left out. CurrentStreak is the
// member's day streak as of today (alive when their last day is today or
// yesterday, or later for a member whose zone is ahead of the server's).
func (db *DB) Leaderboard(ctx context.Context, guildID string, p clubbot.Period, today clubbot.Day, asker string) (clubbot.Board, error) {
	from, _ := p.Range(today)
	var query string
	var args []any
	switch p {
	case clubbot.Week, clubbot.Month:
		slot := "wk"
		if p == clubbot.Month {
			slot = "mo"
		}
		query = `SELECT user_id, ` + periodColumns(slot, "?2") + `, coalesce(last_day, 0), coalesce(run_start, 0), joined_at
			FROM members WHERE guild_id = ?1 AND hidden = 0 AND (` + slot + `_start = ?2 OR p` + slot + `_start = ?2)`
		args = []any{guildID, int64(from)}
	case clubbot.All:
		query = `SELECT user_id, total_days, total_minutes, coalesce(last_day, 0), coalesce(run_start, 0), joined_at
			FROM members WHERE guild_id = ? AND total_days > 0 AND hidden = 0`
		args = []any{guildID}
	default:
		return clubbot.Board{}, fmt.Errorf("leaderboard: period %q: %w", p, clubbot.ErrInvalid)
	}
	rows, err := db.reader.QueryContext(ctx, query, args...)
	if err != nil {
		return clubbot.Board{}, fmt.Errorf("leaderboard %s: %w", p, err)
	}
	defer rows.Close()
	standings := make([]clubbot.Standing, 0, 256)
	for rows.Next() {
		var s clubbot.Standing
		var last, runStart clubbot.Day
		var joined int64
		if err := rows.Scan(&s.UserID, &s.QualifyingDays, &s.TotalMinutes, &last, &runStart, &joined); err != nil {
			return clubbot.Board{}, fmt.Errorf("leaderboard %s: %w", p, err)
		}
		if s.QualifyingDays == 0 {
			continue // every check-in of the period was undone
		}
		if last >= today-1 {
			s.CurrentStreak = int(last-runStart) + 1
		}
		s.Joined = fromNanos(joined)
		standings = append(standings, s)
	}
	if err := rows.Err(); err != nil {
		return clubbot.Board{}, fmt.Errorf("leaderboard %s: %w", p, err)
	}
	return clubbot.Rank(standings, asker), nil
}

// ChallengeLeaderboard ranks a challenge's participants by qualifying days,
// then their challenge streak (clubbot.GraceStreak, exact), minutes within
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
