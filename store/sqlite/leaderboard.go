package sqlite

import (
	"context"
	"fmt"

	"clubbot"
	"clubbot/store"
)

// Leaderboard ranks the server's members over the period containing today
// (server-local day) and places asker.
//
// A week or month reads the period slots of the members rows (store.PeriodSlots);
// all time reads the running totals in
// members. A member counts when they have a check-in in the period; hidden
// members are left out. CurrentStreak is the member's streak as of today
// (clubbot.Run.Streak over the run kept in members).
func (db *DB) Leaderboard(ctx context.Context, guildID string, p clubbot.Period, today clubbot.Day, asker string) (clubbot.Board, error) {
	from, _ := p.Range(today)
	var query string
	switch p {
	case clubbot.Week, clubbot.Month:
		slot := map[clubbot.Period]string{clubbot.Week: "wk", clubbot.Month: "mo"}[p]
		query = `SELECT user_id,
			CASE WHEN ` + slot + `_start = ?2 THEN ` + slot + `_days ELSE p` + slot + `_days END,
			CASE WHEN ` + slot + `_start = ?2 THEN ` + slot + `_minutes ELSE p` + slot + `_minutes END,
			last_day, run_start, joined_at
			FROM members WHERE guild_id = ?1 AND hidden = 0 AND (` + slot + `_start = ?2 OR p` + slot + `_start = ?2)`
	case clubbot.All:
		query = `SELECT user_id, total_days, total_minutes, last_day, run_start, joined_at
			FROM members WHERE guild_id = ?1 AND hidden = 0 AND total_days > 0`
	default:
		return clubbot.Board{}, fmt.Errorf("leaderboard: period %q: %w", p, clubbot.ErrInvalid)
	}
	var standings []clubbot.Standing
	err := eachRow(ctx, db.reader, store.BoardRows(&standings, today), query, guildID, int64(from))
	if err != nil {
		return clubbot.Board{}, fmt.Errorf("leaderboard %s: %w", p, err)
	}
	return clubbot.Rank(standings, asker), nil
}
