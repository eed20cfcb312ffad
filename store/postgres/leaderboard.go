package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

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
			last_day, run_days, freezes, joined_at
			FROM members WHERE guild_id = $1 AND NOT hidden AND (` + slot + `_start = $2 OR p` + slot + `_start = $2)`
		args = append(args, int64(from))
	case clubbot.All:
		query = `SELECT user_id, total_days, total_minutes, last_day, run_days, freezes, joined_at
			FROM members WHERE guild_id = $1 AND NOT hidden AND total_days > 0`
	default:
		return clubbot.Board{}, fmt.Errorf("leaderboard: period %q: %w", p, clubbot.ErrInvalid)
	}
	settings, err := db.Settings(ctx, guildID)
	if err != nil {
		return clubbot.Board{}, fmt.Errorf("leaderboard: %w", err)
	}
	breaks, err := db.breaksSinceLastDay(ctx, guildID, today)
	if err != nil {
		return clubbot.Board{}, fmt.Errorf("leaderboard: %w", err)
	}
	// The asker's row first, then everyone's through a clubbot.Tally, in
	// one read-only REPEATABLE READ transaction: the board holds a dozen
	// standings, never the whole server.
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return clubbot.Board{}, fmt.Errorf("leaderboard: %w", err)
	}
	defer tx.Rollback(ctx)
	var me *clubbot.Standing
	askerRow := store.BoardRows(func(s clubbot.Standing) { me = &s }, breaks, settings.MaxFreezes, today)
	askerQuery := fmt.Sprintf("%s AND user_id = $%d", query, len(args)+1)
	if err := eachRow(ctx, tx, askerRow, askerQuery, append(args, asker)...); err != nil {
		return clubbot.Board{}, fmt.Errorf("leaderboard %s: %w", p, err)
	}
	tally := clubbot.NewTally(me)
	if err := eachRow(ctx, tx, store.BoardRows(tally.Add, breaks, settings.MaxFreezes, today), query, args...); err != nil {
		return clubbot.Board{}, fmt.Errorf("leaderboard %s: %w", p, err)
	}
	return tally.Board(), nil
}

// breaksSinceLastDay reads, per member of the server, the breaks that
// began by today and end after the member's last check-in: the only ones
// that can excuse the days since it (reasons are not read).
func (db *DB) breaksSinceLastDay(ctx context.Context, guildID string, today clubbot.Day) (map[string][]clubbot.Break, error) {
	out := map[string][]clubbot.Break{}
	err := eachRow(ctx, db.pool, store.BreaksByMember(out),
		`SELECT b.user_id, b.from_day, b.to_day FROM breaks b
		JOIN members m ON m.guild_id = b.guild_id AND m.user_id = b.user_id
		WHERE b.guild_id = $1 AND b.from_day <= $2 AND b.to_day > m.last_day`, guildID, int64(today))
	if err != nil {
		return nil, fmt.Errorf("breaks of %s: %w", guildID, err)
	}
	return out, nil
}
