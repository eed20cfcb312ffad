package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"clubbot"
	"clubbot/store"
)

// SeedHistory fills the server with a busy club's history, for benchmarks
// and load tests, as store/sqlite's SeedHistory does: each of userIDs
// (member n, counting from 0) checks in on the days days ending at today
// as store.SeedSession says (about 9 days in 10, one of those in ten
// twice), post-run with a roller, recorded at store.SeedCreatedAt, and
// some members have the breaks store.SeedBreak plans.
//
// It is one transaction. The check-ins go in through COPY, day by day in
// member order, with a block of the negative ids check-ins without an
// interaction get (reserved from the sequence, so the store's own writes
// meanwhile take ids below it); then the day rows are summed from them, the
// breaks copied in, and the members' totals and streaks (with their breaks
// and the server's max-freezes) and the progress of the challenges they
// joined are computed in Go with store.SummaryOf and store.ProgressOf from
// all their day rows, exactly what recording the check-ins one by one would leave,
// and written back through COPY too. Ten thousand members over a year take
// about a minute.
func (db *DB) SeedHistory(ctx context.Context, guildID string, userIDs []string, days int, today clubbot.Day) error {
	if guildID == "" || days < 1 {
		return fmt.Errorf("seed history: no server or no days: %w", clubbot.ErrInvalid)
	}
	for n, u := range userIDs {
		if u == "" {
			return fmt.Errorf("seed history: member %d has no id: %w", n, clubbot.ErrInvalid)
		}
	}
	first := today - clubbot.Day(days) + 1
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		src := &seedRows{guildID: guildID, users: userIDs, day: first, last: today}
		count := src.count()
		if count == 0 {
			return nil
		}
		// nextval is the first id of the block; setval moves the sequence
		// past its last, so the block is this transaction's alone.
		if err := tx.QueryRow(ctx, `SELECT setval('checkins_negative_id', nextval('checkins_negative_id') - $1 + 1) + $1 - 1`,
			count).Scan(&src.nextID); err != nil {
			return fmt.Errorf("reserve ids: %w", err)
		}
		top := src.nextID
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"checkins"}, []string{"id", "guild_id", "user_id", "day",
			"minutes", "timing", "tool", "entered_by", "created_at"}, src); err != nil {
			return fmt.Errorf("copy check-ins: %w", err)
		}
		seeded := `guild_id = $1 AND id BETWEEN $2 AND $3`
		lo, hi := top-int64(count)+1, top
		if _, err := tx.Exec(ctx, `INSERT INTO member_days (guild_id, user_id, day, minutes, sessions)
			SELECT guild_id, user_id, day, sum(minutes), count(*) FROM checkins WHERE `+seeded+`
			GROUP BY guild_id, user_id, day
			ON CONFLICT (guild_id, user_id, day) DO UPDATE
				SET minutes = member_days.minutes + excluded.minutes, sessions = member_days.sessions + excluded.sessions`,
			guildID, lo, hi); err != nil {
			return fmt.Errorf("day totals: %w", err)
		}
		// The fixture's planned breaks (store.SeedBreak), before the
		// aggregates, which carry streaks across them.
		var breaks [][]any
		for n, u := range userIDs {
			if b, ok := store.SeedBreak(n, today); ok {
				breaks = append(breaks, []any{guildID, u, int64(b.From), int64(b.To), b.Reason})
			}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"breaks"}, []string{"guild_id", "user_id", "from_day", "to_day", "reason"},
			pgx.CopyFromRows(breaks)); err != nil {
			return fmt.Errorf("copy breaks: %w", err)
		}
		// A member's row is made by their first check-in (lockMember).
		if _, err := tx.Exec(ctx, `INSERT INTO members (guild_id, user_id, joined_at)
			SELECT guild_id, user_id, min(created_at) FROM checkins WHERE `+seeded+` GROUP BY guild_id, user_id
			ON CONFLICT DO NOTHING`, guildID, lo, hi); err != nil {
			return fmt.Errorf("members: %w", err)
		}
		return seedAggregates(ctx, tx, guildID, userIDs)
	})
	if err != nil {
		return fmt.Errorf("seed history: %w", err)
	}
	return nil
}

// seedAggregates recomputes the members' totals and streaks
// (store.SummaryOf, with their breaks and the server's max-freezes) and
// their challenge progress (store.ProgressOf) from all their day rows, as
// recomputeMember and refreshParticipant do one member at a time, in three
// statements: the day rows read in one pass, the results copied into
// temporary tables and applied with one UPDATE each.
func seedAggregates(ctx context.Context, tx pgx.Tx, guildID string, userIDs []string) error {
	type part struct {
		ch     clubbot.Challenge
		joined clubbot.Day
	}
	parts := map[string][]part{}
	challenges := map[int64]clubbot.Challenge{}
	err := eachRow(ctx, tx, func(s scanner) error {
		var id int64
		var p part
		var user string
		if err := s.Scan(&id, &user, &p.joined); err != nil {
			return err
		}
		p.ch.ID = id
		parts[user] = append(parts[user], p)
		challenges[id] = clubbot.Challenge{}
		return nil
	}, `SELECT challenge_id, user_id, joined_day FROM participants WHERE guild_id = $1 AND user_id = ANY($2)
		ORDER BY challenge_id, user_id FOR UPDATE`, guildID, userIDs)
	if err != nil {
		return fmt.Errorf("participants: %w", err)
	}
	for id := range challenges {
		if challenges[id], err = challengeByID(ctx, tx, id); err != nil {
			return fmt.Errorf("challenge %d: %w", id, err)
		}
	}

	var maxFreezes int
	if err := tx.QueryRow(ctx, `SELECT coalesce((SELECT max_freezes FROM guild_settings WHERE guild_id = $1), `+
		maxFreezesDefault+`)`, guildID).Scan(&maxFreezes); err != nil {
		return fmt.Errorf("max-freezes: %w", err)
	}
	breaks := map[string][]clubbot.Break{}
	err = eachRow(ctx, tx, func(s scanner) error {
		var u string
		var b clubbot.Break
		err := s.Scan(&u, &b.From, &b.To, &b.Reason)
		breaks[u] = append(breaks[u], b)
		return err
	}, `SELECT user_id, from_day, to_day, reason FROM breaks WHERE guild_id = $1 AND user_id = ANY($2)
		ORDER BY user_id, from_day`, guildID, userIDs)
	if err != nil {
		return fmt.Errorf("breaks: %w", err)
	}

	var summaries, progress [][]any
	flush := func(user string, days []clubbot.DayTotal) {
		s := store.SummaryOf(days, breaks[user], maxFreezes)
		last, runStart := s.RunColumns()
		summaries = append(summaries, []any{user, s.TotalDays, s.TotalMinutes, last, runStart, s.Run.Longest, s.Run.Current, s.Run.Freezes,
			s.Week.Cur.Start, s.Week.Cur.Days, s.Week.Cur.Minutes, s.Week.Prev.Start, s.Week.Prev.Days, s.Week.Prev.Minutes,
			s.Month.Cur.Start, s.Month.Cur.Days, s.Month.Cur.Minutes, s.Month.Prev.Start, s.Month.Prev.Days, s.Month.Prev.Minutes})
		for _, p := range parts[user] {
			c := challenges[p.ch.ID]
			pr := store.ProgressOf(c, p.joined, days)
			progress = append(progress, []any{c.ID, user, c.Days, pr.Minutes, pr.Qualified, pr.QualifyingDays()})
		}
	}
	var user string
	var days []clubbot.DayTotal
	err = eachRow(ctx, tx, func(s scanner) error {
		var u string
		var d clubbot.DayTotal
		if err := s.Scan(&u, &d.Day, &d.Minutes, &d.Sessions); err != nil {
			return err
		}
		if u != user && days != nil {
			flush(user, days)
			days = days[:0]
		}
		user = u
		days = append(days, d)
		return nil
	}, `SELECT user_id, day, minutes, sessions FROM member_days WHERE guild_id = $1 AND user_id = ANY($2)
		ORDER BY user_id, day`, guildID, userIDs)
	if err != nil {
		return fmt.Errorf("day totals: %w", err)
	}
	if days != nil {
		flush(user, days)
	}

	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE seed_summaries (user_id TEXT PRIMARY KEY,
		total_days BIGINT, total_minutes BIGINT, last_day BIGINT, run_start BIGINT, longest BIGINT,
		run_days BIGINT, freezes BIGINT, wk_start BIGINT, wk_days BIGINT, wk_minutes BIGINT, pwk_start BIGINT, pwk_days BIGINT, pwk_minutes BIGINT,
		mo_start BIGINT, mo_days BIGINT, mo_minutes BIGINT, pmo_start BIGINT, pmo_days BIGINT, pmo_minutes BIGINT
		) ON COMMIT DROP;
		CREATE TEMP TABLE seed_progress (challenge_id BIGINT, user_id TEXT, days BIGINT, minutes BIGINT,
		qualified TEXT, qualifying_days BIGINT) ON COMMIT DROP`); err != nil {
		return fmt.Errorf("temporary tables: %w", err)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"seed_summaries"}, []string{"user_id", "total_days", "total_minutes",
		"last_day", "run_start", "longest", "run_days", "freezes", "wk_start", "wk_days", "wk_minutes", "pwk_start", "pwk_days", "pwk_minutes",
		"mo_start", "mo_days", "mo_minutes", "pmo_start", "pmo_days", "pmo_minutes"}, pgx.CopyFromRows(summaries)); err != nil {
		return fmt.Errorf("copy totals: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE members m SET total_days = s.total_days, total_minutes = s.total_minutes,
			last_day = s.last_day, run_start = s.run_start, longest = s.longest,
			run_days = s.run_days, freezes = s.freezes,
			wk_start = s.wk_start, wk_days = s.wk_days, wk_minutes = s.wk_minutes,
			pwk_start = s.pwk_start, pwk_days = s.pwk_days, pwk_minutes = s.pwk_minutes,
			mo_start = s.mo_start, mo_days = s.mo_days, mo_minutes = s.mo_minutes,
			pmo_start = s.pmo_start, pmo_days = s.pmo_days, pmo_minutes = s.pmo_minutes
		FROM seed_summaries s WHERE m.guild_id = $1 AND m.user_id = s.user_id`, guildID); err != nil {
		return fmt.Errorf("member totals: %w", err)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"seed_progress"}, []string{"challenge_id", "user_id", "days",
		"minutes", "qualified", "qualifying_days"}, pgx.CopyFromRows(progress)); err != nil {
		return fmt.Errorf("copy challenge progress: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE participants p SET days = s.days, minutes = s.minutes,
			qualified = s.qualified, qualifying_days = s.qualifying_days
		FROM seed_progress s WHERE p.challenge_id = s.challenge_id AND p.user_id = s.user_id`); err != nil {
		return fmt.Errorf("challenge progress: %w", err)
	}
	return nil
}

// seedRows is the seeded check-ins as a pgx.CopyFromSource: day by day,
// in member order, session by session, with ids counting down from nextID.
type seedRows struct {
	guildID string
	users   []string
	day     clubbot.Day // the current day, from the first to last
	last    clubbot.Day
	n, k    int // the next member and session to try on day
	nextID  int64
	row     []any
}

// count is how many check-ins the source yields.
func (r *seedRows) count() int {
	total := 0
	for d := r.day; d <= r.last; d++ {
		for n := range r.users {
			for k := range 2 {
				if _, ok := store.SeedSession(n, d, k); ok {
					total++
				}
			}
		}
	}
	return total
}

// Next moves to the next seeded session.
func (r *seedRows) Next() bool {
	for r.day <= r.last {
		n, k, d := r.n, r.k, r.day
		if r.k++; r.k == 2 {
			r.k, r.n = 0, r.n+1
			if r.n == len(r.users) {
				r.n, r.day = 0, r.day+1
			}
		}
		minutes, ok := store.SeedSession(n, d, k)
		if !ok {
			continue
		}
		u := r.users[n]
		r.row = []any{r.nextID, r.guildID, u, int64(d), minutes, "post-run", "roller", u, store.SeedCreatedAt(n, d)}
		r.nextID--
		return true
	}
	return false
}

// Values is the current row.
func (r *seedRows) Values() ([]any, error) { return r.row, nil }

// Err is always nil: the rows are computed.
func (r *seedRows) Err() error { return nil }
