package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"clubbot"
	"clubbot/store"
)

// challengeByID reads a challenge through q; ErrNotFound when none.
func challengeByID(ctx context.Context, q querier, id int64) (clubbot.Challenge, error) {
	c, err := store.ScanChallenge(q.QueryRow(ctx, `SELECT `+store.ChallengeColumns+` FROM challenges WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return clubbot.Challenge{}, clubbot.ErrNotFound
	}
	return c, err
}

// serverToday is the server's local day at db.Now().
func (db *DB) serverToday(ctx context.Context, q querier, guildID string) (clubbot.Day, error) {
	var zone string
	err := q.QueryRow(ctx, `SELECT time_zone FROM guild_settings WHERE guild_id = $1`, guildID).Scan(&zone)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return 0, err
	}
	return clubbot.LocalDay(db.now(), "", zone), nil
}

// CreateChallenge stores a new challenge; ErrConflict when the server already
// has a challenge of that name that is not over (on the server's today).
// An advisory lock on the server makes the check and the insert one step
// for replicas creating at once.
func (db *DB) CreateChallenge(ctx context.Context, c clubbot.Challenge) (clubbot.Challenge, error) {
	c, err := store.PrepareChallenge(c, db.now())
	if err != nil {
		return clubbot.Challenge{}, fmt.Errorf("create challenge: %w", err)
	}
	err = db.write(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('challenges ' || $1, 0))`, c.GuildID); err != nil {
			return err
		}
		today, err := db.serverToday(ctx, tx, c.GuildID)
		if err != nil {
			return err
		}
		var clash bool
		err = tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM challenges
			WHERE guild_id = $1 AND lower(name) = lower($2) AND NOT ended AND start + days - 1 >= $3)`,
			c.GuildID, c.Name, int64(today)).Scan(&clash)
		if err != nil {
			return err
		}
		if clash {
			return fmt.Errorf("a challenge named %q is still on: %w", c.Name, clubbot.ErrConflict)
		}
		return tx.QueryRow(ctx, `INSERT INTO challenges
			(guild_id, name, description, start, days, daily_minutes, grace_days, created_by, created_at, no_breaks)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			c.GuildID, c.Name, c.Description, int64(c.Start), c.Days, c.DailyMinutes, c.GraceDays,
			c.CreatedBy, c.CreatedAt.UnixNano(), c.NoBreaks).Scan(&c.ID)
	})
	if err != nil {
		return clubbot.Challenge{}, fmt.Errorf("create challenge: %w", err)
	}
	c.CreatedAt = store.FromNanos(c.CreatedAt.UnixNano())
	return c, nil
}

// Challenge finds a server's challenge by name (case-insensitive), the newest
// one of that name.
func (db *DB) Challenge(ctx context.Context, guildID, name string) (clubbot.Challenge, error) {
	c, err := store.ScanChallenge(db.pool.QueryRow(ctx, `SELECT `+store.ChallengeColumns+` FROM challenges
		WHERE guild_id = $1 AND lower(name) = lower($2) ORDER BY id DESC LIMIT 1`, guildID, strings.TrimSpace(name)))
	if errors.Is(err, pgx.ErrNoRows) {
		return clubbot.Challenge{}, fmt.Errorf("challenge %q: %w", name, clubbot.ErrNotFound)
	}
	if err != nil {
		return clubbot.Challenge{}, fmt.Errorf("challenge %q: %w", name, err)
	}
	return c, nil
}

// ChallengeByID finds a challenge by id.
func (db *DB) ChallengeByID(ctx context.Context, id int64) (clubbot.Challenge, error) {
	c, err := challengeByID(ctx, db.pool, id)
	if err != nil {
		return clubbot.Challenge{}, fmt.Errorf("challenge %d: %w", id, err)
	}
	return c, nil
}

// Challenges lists a server's challenges that are not over on today (or all
// when includeOver), newest first.
func (db *DB) Challenges(ctx context.Context, guildID string, today clubbot.Day, includeOver bool) ([]clubbot.Challenge, error) {
	var out []clubbot.Challenge
	err := eachRow(ctx, db.pool, store.ListedChallenges(&out, today, includeOver),
		`SELECT `+store.ChallengeColumns+` FROM challenges WHERE guild_id = $1 ORDER BY id DESC`, guildID)
	if err != nil {
		return nil, fmt.Errorf("challenges: %w", err)
	}
	return out, nil
}

// JoinChallenge adds the member; joining twice is not an error (returns
// false). As store/sqlite's: check-ins already in the challenge's days
// count, a member back after leaving keeps the days earned, joining one
// that is over on day is ErrConflict, an unknown one ErrNotFound. The
// members row is locked first, as check-ins lock it, so a check-in
// committing meanwhile is counted once.
func (db *DB) JoinChallenge(ctx context.Context, challengeID int64, userID string, day clubbot.Day) (joined bool, err error) {
	if userID == "" {
		return false, fmt.Errorf("join challenge: no member: %w", clubbot.ErrInvalid)
	}
	err = db.write(ctx, func(tx pgx.Tx) error {
		joined = false
		c, err := challengeByID(ctx, tx, challengeID)
		if err != nil {
			return err
		}
		now := db.now().UnixNano()
		// The member row gives the participant a JoinedAt for /me and ranking ties.
		if _, err := lockMember(ctx, tx, c.GuildID, userID, now); err != nil {
			return err
		}
		var left sql.NullInt64
		var away string
		err = tx.QueryRow(ctx, `SELECT left_day, away FROM participants WHERE challenge_id = $1 AND user_id = $2`,
			challengeID, userID).Scan(&left, &away)
		found := err == nil
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if found && !left.Valid {
			return nil // already in
		}
		if c.Over(day) {
			return fmt.Errorf("challenge %q is over: %w", c.Name, clubbot.ErrConflict)
		}
		if found {
			_, err = tx.Exec(ctx, `UPDATE participants SET left_day = NULL, away = $1
				WHERE challenge_id = $2 AND user_id = $3`,
				store.MarkAway(away, c, clubbot.Day(left.Int64), day), challengeID, userID)
			joined = err == nil
			return err
		}
		if _, err = tx.Exec(ctx, `INSERT INTO participants
			(challenge_id, user_id, guild_id, joined_day, joined_at, start, days, daily_minutes, qualified)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '')`,
			c.ID, userID, c.GuildID, int64(day), now, int64(c.Start), c.Days, c.DailyMinutes); err != nil {
			return err
		}
		err = refreshParticipant(ctx, tx, c, userID, day)
		joined = err == nil
		return err
	})
	if err != nil {
		return false, fmt.Errorf("join challenge %d: %w", challengeID, err)
	}
	return joined, nil
}

// LeaveChallenge takes the member out of the challenge on day; ErrNotFound
// when they were not in it. The row stays, marked with the day they left.
func (db *DB) LeaveChallenge(ctx context.Context, challengeID int64, userID string, day clubbot.Day) error {
	err := execFound(ctx, db.pool, `UPDATE participants SET left_day = $1
		WHERE challenge_id = $2 AND user_id = $3 AND left_day IS NULL`, int64(day), challengeID, userID)
	if err != nil {
		return fmt.Errorf("leave challenge %d: %w", challengeID, err)
	}
	return nil
}

// EndChallenge ends a challenge early on day, recording who ended it; its
// days are cut so that day is its last (store.EndedDays) and the
// participants' progress recomputed over the days that remain. Ending an
// ended challenge is ErrConflict; an unknown one ErrNotFound.
func (db *DB) EndChallenge(ctx context.Context, challengeID int64, by string, day clubbot.Day) error {
	err := db.write(ctx, func(tx pgx.Tx) error {
		c, err := store.ScanChallenge(tx.QueryRow(ctx, `SELECT `+store.ChallengeColumns+` FROM challenges WHERE id = $1 FOR UPDATE`, challengeID))
		if errors.Is(err, pgx.ErrNoRows) {
			return clubbot.ErrNotFound
		}
		if err != nil {
			return err
		}
		if c.Ended {
			return fmt.Errorf("already ended: %w", clubbot.ErrConflict)
		}
		c.Days, c.GraceDays = store.EndedDays(c.Start, c.Days, c.GraceDays, day)
		if _, err = tx.Exec(ctx, `UPDATE challenges SET ended = true, ended_by = $1, ended_at = $2,
			days = $3, grace_days = $4 WHERE id = $5`,
			by, db.now().UnixNano(), c.Days, c.GraceDays, challengeID); err != nil {
			return err
		}
		return refreshParticipants(ctx, tx, `challenge_id = $1`, challengeID)
	})
	if err != nil {
		return fmt.Errorf("end challenge %d: %w", challengeID, err)
	}
	return nil
}

// challengeBreaks reads the breaks of c's participants (one's, when userID
// is set) that overlap c's days, by member; none when c allows no breaks.
func (db *DB) challengeBreaks(ctx context.Context, c clubbot.Challenge, userID string) (map[string][]clubbot.Break, error) {
	out := map[string][]clubbot.Break{}
	if c.NoBreaks {
		return out, nil
	}
	err := eachRow(ctx, db.pool, store.BreaksByMember(out),
		`SELECT user_id, from_day, to_day FROM breaks
		WHERE guild_id = $1 AND ($2 = '' OR user_id = $2) AND to_day >= $3 AND from_day <= $4`,
		c.GuildID, userID, int64(c.Start), int64(c.End()))
	if err != nil {
		return nil, fmt.Errorf("breaks in challenge %d: %w", c.ID, err)
	}
	return out, nil
}

// ParticipantRows (store.ChallengeRows) appends to out a challenge's
// participants (those who have not left) with their breaks (store.ParticipantRecords:
// what their progress is computed from), in no particular order.
func (db *DB) ParticipantRows(ctx context.Context, c clubbot.Challenge, userID string, out []store.ParticipantRecord) ([]store.ParticipantRecord, error) {
	breaks, err := db.challengeBreaks(ctx, c, userID)
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, db.pool, store.ParticipantRecords(&out, breaks),
		`SELECT p.user_id, p.joined_day, p.joined_at, p.minutes, coalesce(m.hidden, false), p.qualified
		FROM participants p LEFT JOIN members m ON m.guild_id = p.guild_id AND m.user_id = p.user_id
		WHERE p.challenge_id = $1 AND ($2 = '' OR p.user_id = $2) AND p.left_day IS NULL`, c.ID, userID)
	return out, err
}

// ChallengeParts reads the parts members have in the server's challenges
// whose last day is lastFrom or later, by member: one member's (userID), or
// those of every member who opted in to reminders (userID "").
func (db *DB) ChallengeParts(ctx context.Context, guildID, userID string, lastFrom clubbot.Day) (map[string][]clubbot.ChallengePart, error) {
	out := map[string][]clubbot.ChallengePart{}
	err := eachRow(ctx, db.pool, func(s scanner) error {
		var user string
		var joined clubbot.Day
		var left sql.NullInt64
		var flags, away string
		c, err := store.ScanChallenge(store.PrefixScanner{S: s, Extra: []any{&user, &joined, &left, &flags, &away}})
		if err != nil {
			return err
		}
		out[user] = append(out[user], clubbot.ChallengePart{Challenge: c, Participation: store.Participation(c, joined, left, flags, away)})
		return nil
	}, `SELECT p.user_id, p.joined_day, p.left_day, p.qualified, p.away, c.`+strings.Join(strings.Fields(store.ChallengeColumns), " c.")+`
		FROM participants p JOIN challenges c ON c.id = p.challenge_id
		WHERE p.guild_id = $1 AND c.start + c.days - 1 >= $3
		  AND (p.user_id = $2 OR ($2 = '' AND EXISTS (SELECT 1 FROM members m
		       WHERE m.guild_id = p.guild_id AND m.user_id = p.user_id AND m.reminders)))
		ORDER BY c.id`, guildID, userID, int64(lastFrom))
	return out, err
}

// refreshParticipants rebuilds the progress of the participant rows where
// says (refreshParticipant for each), locking them first.
func refreshParticipants(ctx context.Context, tx pgx.Tx, where string, args ...any) error {
	type part struct {
		challenge int64
		user      string
		joined    clubbot.Day
	}
	var parts []part
	err := eachRow(ctx, tx, func(s scanner) error {
		var p part
		err := s.Scan(&p.challenge, &p.user, &p.joined)
		parts = append(parts, p)
		return err
	}, `SELECT challenge_id, user_id, joined_day FROM participants WHERE `+where+` ORDER BY challenge_id, user_id FOR UPDATE`, args...)
	if err != nil {
		return err
	}
	var c clubbot.Challenge
	for _, p := range parts {
		if c.ID != p.challenge {
			if c, err = challengeByID(ctx, tx, p.challenge); err != nil {
				return err
			}
		}
		if err := refreshParticipant(ctx, tx, c, p.user, p.joined); err != nil {
			return err
		}
	}
	return nil
}
