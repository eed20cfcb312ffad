package postgres

import (
	"context"
	"fmt"

	"clubbot"
	"clubbot/store"
)

// Leaderboard ranks the server's members over the period containing today
// (server-local day) and places asker, from the members rows alone: a
// week or month reads their period slots (store.PeriodSlots), all time the
// running totals. Hidden members are left out.
func (db *DB) Leaderboard(ctx context.Context, guildID string, p clubbot.Period, today clubbot.Day, asker string) (clubbot.Board, error) {
	from, _ := p.Range(today)
	var query string
	args := []any{guildID}
	switch p {
	case clubbot.Week, clubbot.Month:
		slot := map[clubbot.Period]string{clubbot.Week: "wk", clubbot.Month: "mo"}[p]
		query = `SELECT user_id,
			CASE WHEN ` + slot + `_start = $2 THEN ` + slot + `_days ELSE p` + slot + `_days END,
			CASE WHEN ` + slot + `_start = $2 THEN ` + slot + `_minutes ELSE p` + slot + `_minutes END,
			last_day, run_start, joined_at
			FROM members WHERE guild_id = $1 AND NOT hidden AND (` + slot + `_start = $2 OR p` + slot + `_start = $2)`
		args = append(args, int64(from))
	case clubbot.All:
		query = `SELECT user_id, total_days, total_minutes, last_day, run_start, joined_at
			FROM members WHERE guild_id = $1 AND NOT hidden AND total_days > 0`
	default:
		return clubbot.Board{}, fmt.Errorf("leaderboard: period %q: %w", p, clubbot.ErrInvalid)
	}
	var standings []clubbot.Standing
	err := eachRow(ctx, db.pool, store.BoardRows(&standings, today), query, args...)
	if err != nil {
		return clubbot.Board{}, fmt.Errorf("leaderboard %s: %w", p, err)
	}
	return clubbot.Rank(standings, asker), nil
}
