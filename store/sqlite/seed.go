package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"clubbot"
	"clubbot/store"
)

// SeedHistory fills the server with a busy club's history, for benchmarks
// and load tests: each of userIDs (member n, counting from 0) checks in on
// about 9 of every 10 of the days days ending at today, and on about one of
// those days in ten twice. On day d, member n checks in when
// (31n + 17d) mod 10 != 0, a second time when (n + d) mod 10 = 0, session k
// lasting 5 + (7n + 13d + 5k) mod 26 minutes, post-run with a roller.
//
// Some members have planned breaks (store.SeedBreak): member n with
// n mod 10 = 3 a week's break ending 10 + n mod 30 days before today,
// member n with n mod 50 = 7 one running from 3 days before today to 3
// days after.
//
// The check-ins go in day by day in one transaction, and the day rows,
// member totals and the progress of challenges the members joined are then
// computed from them, exactly what recording them one by one would leave. They get the negative ids of check-ins
// without an interaction, below any already stored. Ten thousand members
// over a year take about a minute.
func (db *DB) SeedHistory(ctx context.Context, guildID string, userIDs []string, days int, today clubbot.Day) error {
	if guildID == "" || days < 1 {
		return fmt.Errorf("seed history: no server or no days: %w", clubbot.ErrInvalid)
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE seed_users (n INTEGER PRIMARY KEY, id TEXT NOT NULL)`); err != nil {
			return err
		}
		defer tx.ExecContext(ctx, `DROP TABLE temp.seed_users`)
		ins, err := tx.PrepareContext(ctx, `INSERT INTO seed_users (n, id) VALUES (?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for n, u := range userIDs {
			if u == "" {
				return fmt.Errorf("member %d has no id: %w", n, clubbot.ErrInvalid)
			}
			if _, err := ins.ExecContext(ctx, n, u); err != nil {
				return err
			}
		}
		var below int64
		if err := tx.QueryRowContext(ctx, `SELECT min(0, coalesce(min(id), 0)) FROM checkins`).Scan(&below); err != nil {
			return err
		}
		// Rows go in day by day, in member order, as live traffic does.
		_, err = tx.ExecContext(ctx, `WITH RECURSIVE
			d(day) AS (SELECT ?1 UNION ALL SELECT day + 1 FROM d WHERE day < ?2),
			s(k) AS (VALUES (0), (1))
			INSERT INTO checkins (id, guild_id, user_id, day, minutes, timing, tool, entered_by, created_at)
			SELECT ?4 - row_number() OVER (ORDER BY day, n, k), ?3, u.id, day,
				5 + (n * 7 + day * 13 + k * 5) % 26, 'post-run', 'roller', u.id, (day * 86400 + n) * 1000000000
			FROM d CROSS JOIN seed_users u CROSS JOIN s
			WHERE (n * 31 + day * 17) % 10 <> 0 AND (k = 0 OR (n + day) % 10 = 0)
			ORDER BY day, n, k`,
			int64(today)-int64(days)+1, int64(today), guildID, below)
		if err != nil {
			return err
		}
		// The aggregates, as recording the check-ins one by one leaves
		// them: day rows are sums; totals, runs and challenge progress come
		// from the root rules, as addCheckIn computes them.
		if _, err := tx.ExecContext(ctx, `INSERT INTO member_days (guild_id, user_id, day, minutes, sessions)
			SELECT guild_id, user_id, day, sum(minutes), count(*) FROM checkins
			WHERE guild_id = ? AND id < ? GROUP BY guild_id, user_id, day
			ON CONFLICT (guild_id, user_id, day) DO UPDATE
				SET minutes = minutes + excluded.minutes, sessions = sessions + excluded.sessions`, guildID, below); err != nil {
			return err
		}
		for n, u := range userIDs {
			if b, ok := store.SeedBreak(n, today); ok {
				if _, err := tx.ExecContext(ctx, `INSERT INTO breaks (guild_id, user_id, from_day, to_day, reason) VALUES (?, ?, ?, ?, ?)`,
					guildID, u, int64(b.From), int64(b.To), b.Reason); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO members (guild_id, user_id, joined_at)
				VALUES (?1, ?2, (SELECT min(created_at) FROM checkins WHERE guild_id = ?1 AND user_id = ?2
					AND day IN (SELECT day FROM member_days WHERE guild_id = ?1 AND user_id = ?2)))
				ON CONFLICT DO NOTHING`, guildID, u); err != nil {
				return err
			}
			if _, err := recomputeMember(ctx, tx, guildID, u); err != nil {
				return err
			}
		}
		return refreshParticipants(ctx, tx, `guild_id = ?`, guildID)
	})
	if err != nil {
		return fmt.Errorf("seed history: %w", err)
	}
	return nil
}
