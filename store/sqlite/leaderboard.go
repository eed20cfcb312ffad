package sqlite

import (
	"context"
	"database/sql"
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
// (clubbot.StreakState.Extend from the state kept in members, with the
// breaks that may excuse the days since the member's last check-in).
func (db *DB) Leaderboard(ctx context.Context, guildID string, p clubbot.Period, today clubbot.Day, asker string) (clubbot.Board, error) {
	from, _ := p.Range(today)
	var query string
	switch p {
	case clubbot.Week, clubbot.Month:
		slot := map[clubbot.Period]string{clubbot.Week: "wk", clubbot.Month: "mo"}[p]
		query = `SELECT user_id,
			CASE WHEN ` + slot + `_start = ?2 THEN ` + slot + `_days ELSE p` + slot + `_days END,
			CASE WHEN ` + slot + `_start = ?2 THEN ` + slot + `_minutes ELSE p` + slot + `_minutes END,
			last_day, run_days, freezes, joined_at
			FROM members WHERE guild_id = ?1 AND hidden = 0 AND (` + slot + `_start = ?2 OR p` + slot + `_start = ?2)`
	case clubbot.All:
		query = `SELECT user_id, total_days, total_minutes, last_day, run_days, freezes, joined_at
			FROM members WHERE guild_id = ?1 AND hidden = 0 AND total_days > 0`
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
	// one read transaction: the board holds a dozen standings, never the
	// whole server.
	tx, err := db.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return clubbot.Board{}, fmt.Errorf("leaderboard: %w", err)
	}
	defer tx.Rollback()
	var me *clubbot.Standing
	askerRow := store.BoardRows(func(s clubbot.Standing) { me = &s }, breaks, settings.MaxFreezes, today)
	if err := eachRow(ctx, tx, askerRow, query+" AND user_id = ?3", guildID, int64(from), asker); err != nil {
		return clubbot.Board{}, fmt.Errorf("leaderboard %s: %w", p, err)
	}
	tally := clubbot.NewTally(me)
	if err := eachRow(ctx, tx, store.BoardRows(tally.Add, breaks, settings.MaxFreezes, today), query, guildID, int64(from)); err != nil {
		return clubbot.Board{}, fmt.Errorf("leaderboard %s: %w", p, err)
	}
	return tally.Board(), nil
}

// breaksSinceLastDay reads, per member of the server, the breaks that
// began by today and end after the member's last check-in: the only ones
// that can excuse the days since it (reasons are not read).
func (db *DB) breaksSinceLastDay(ctx context.Context, guildID string, today clubbot.Day) (map[string][]clubbot.Break, error) {
	out := map[string][]clubbot.Break{}
	err := eachRow(ctx, db.reader, store.BreaksByMember(out),
		`SELECT b.user_id, b.from_day, b.to_day FROM breaks b
		JOIN members m ON m.guild_id = b.guild_id AND m.user_id = b.user_id
		WHERE b.guild_id = ? AND b.from_day <= ? AND b.to_day > m.last_day`, guildID, int64(today))
	if err != nil {
		return nil, fmt.Errorf("breaks of %s: %w", guildID, err)
	}
	return out, nil
}
