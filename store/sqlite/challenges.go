package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"clubbot"
	"clubbot/store"
)

// serverToday is the server's local day at db.Now().
func (db *DB) serverToday(ctx context.Context, q querier, guildID string) (clubbot.Day, error) {
	var zone string
	err := q.QueryRowContext(ctx, `SELECT time_zone FROM guild_settings WHERE guild_id = ?`, guildID).Scan(&zone)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	return clubbot.LocalDay(db.now(), "", zone), nil
}

// CreateChallenge stores a new challenge; ErrConflict when the server already
// has a challenge of that name that is not over (on the server's today).
func (db *DB) CreateChallenge(ctx context.Context, c clubbot.Challenge) (clubbot.Challenge, error) {
	c, err := store.PrepareChallenge(c, db.now())
	if err != nil {
		return clubbot.Challenge{}, fmt.Errorf("create challenge: %w", err)
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		today, err := db.serverToday(ctx, tx, c.GuildID)
		if err != nil {
			return err
		}
		var clash int
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM challenges
			WHERE guild_id = ? AND name = ? COLLATE NOCASE AND ended = 0 AND start + days - 1 >= ?`,
			c.GuildID, c.Name, int64(today)).Scan(&clash)
		if err != nil {
			return err
		}
		if clash > 0 {
			return fmt.Errorf("a challenge named %q is still on: %w", c.Name, clubbot.ErrConflict)
		}
		return tx.QueryRowContext(ctx, `INSERT INTO challenges
			(guild_id, name, description, start, days, daily_minutes, grace_days, created_by, created_at, no_breaks)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
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
	c, err := store.ScanChallenge(db.reader.QueryRowContext(ctx, `SELECT `+store.ChallengeColumns+` FROM challenges
		WHERE guild_id = ? AND name = ? COLLATE NOCASE ORDER BY id DESC LIMIT 1`, guildID, strings.TrimSpace(name)))
	if errors.Is(err, sql.ErrNoRows) {
		return clubbot.Challenge{}, fmt.Errorf("challenge %q: %w", name, clubbot.ErrNotFound)
	}
	if err != nil {
		return clubbot.Challenge{}, fmt.Errorf("challenge %q: %w", name, err)
	}
	return c, nil
}

// ChallengeByID finds a challenge by id.
func (db *DB) ChallengeByID(ctx context.Context, id int64) (clubbot.Challenge, error) {
	c, err := store.ScanChallenge(db.reader.QueryRowContext(ctx, `SELECT `+store.ChallengeColumns+` FROM challenges
		WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return clubbot.Challenge{}, fmt.Errorf("challenge %d: %w", id, clubbot.ErrNotFound)
	}
	if err != nil {
		return clubbot.Challenge{}, fmt.Errorf("challenge %d: %w", id, err)
	}
	return c, nil
}

// Challenges lists a server's challenges that are not over on today (or all
// when includeOver), newest first.
func (db *DB) Challenges(ctx context.Context, guildID string, today clubbot.Day, includeOver bool) ([]clubbot.Challenge, error) {
	var out []clubbot.Challenge
	err := eachRow(ctx, db.reader, store.ListedChallenges(&out, today, includeOver),
		`SELECT `+store.ChallengeColumns+` FROM challenges WHERE guild_id = ? ORDER BY id DESC`, guildID)
	if err != nil {
		return nil, fmt.Errorf("challenges: %w", err)
	}
	return out, nil
}

// JoinChallenge adds the member; joining twice is not an error (returns false).
// The member's check-ins already inside the challenge's days count. A member
// who left and joins again keeps the qualifying days already earned: they
// take part from their first joining day, as if they had never left. Joining
// a challenge that is over on day is ErrConflict; an unknown one ErrNotFound.
func (db *DB) JoinChallenge(ctx context.Context, challengeID int64, userID string, day clubbot.Day) (joined bool, err error) {
	if userID == "" {
		return false, fmt.Errorf("join challenge: no member: %w", clubbot.ErrInvalid)
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		c, err := store.ScanChallenge(tx.QueryRowContext(ctx, `SELECT `+store.ChallengeColumns+` FROM challenges WHERE id = ?`, challengeID))
		if errors.Is(err, sql.ErrNoRows) {
			return clubbot.ErrNotFound
		}
		if err != nil {
			return err
		}
		var left sql.NullInt64
		var away string
		err = tx.QueryRowContext(ctx, `SELECT left_day, away FROM participants WHERE challenge_id = ? AND user_id = ?`,
			challengeID, userID).Scan(&left, &away)
		found := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if found && !left.Valid {
			return nil // already in
		}
		if c.Over(day) {
			return fmt.Errorf("challenge %q is over: %w", c.Name, clubbot.ErrConflict)
		}
		if found {
			// Back after leaving: the row kept the days earned (the
			// check-in triggers kept it up to date); the days away are
			// marked, so group consistency leaves them out.
			_, err = tx.ExecContext(ctx, `UPDATE participants SET left_day = NULL, away = ?
				WHERE challenge_id = ? AND user_id = ?`,
				store.MarkAway(away, c, clubbot.Day(left.Int64), day), challengeID, userID)
			joined = err == nil
			return err
		}
		// The member row gives the participant a JoinedAt for /me and ranking ties.
		now := db.now().UnixNano()
		if _, err := tx.ExecContext(ctx, `INSERT INTO members (guild_id, user_id, joined_at) VALUES (?, ?, ?)
			ON CONFLICT DO NOTHING`, c.GuildID, userID, now); err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `INSERT INTO participants
			(challenge_id, user_id, guild_id, joined_day, joined_at, start, days, daily_minutes, qualified)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, '')`,
			c.ID, userID, c.GuildID, int64(day), now, int64(c.Start), c.Days, c.DailyMinutes); err != nil {
			return err
		}
		// Progress so far from the member's day rows; each check-in keeps
		// it from here on.
		err = refreshParticipant(ctx, tx, c, userID, day)
		joined = err == nil
		return err
	})
	if err != nil {
		return false, fmt.Errorf("join challenge %d: %w", challengeID, err)
	}
	return joined, nil
}

// LeaveChallenge takes the member out of the challenge on day (their local
// day); ErrNotFound when they were not in it. The row stays, marked with
// the day they left: group consistency still counts them on the days before
// it, and joining again keeps their qualifying days.
func (db *DB) LeaveChallenge(ctx context.Context, challengeID int64, userID string, day clubbot.Day) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return execFound(ctx, tx, `UPDATE participants SET left_day = ?
			WHERE challenge_id = ? AND user_id = ? AND left_day IS NULL`, int64(day), challengeID, userID)
	})
	if err != nil {
		return fmt.Errorf("leave challenge %d: %w", challengeID, err)
	}
	return nil
}

// EndChallenge ends a challenge early on day (the ending admin's
// server-local day), recording who ended it. The challenge's days are cut so
// that day is its last: progress, finishers, Running and Over all stop
// there, and check-ins after it no longer count. A challenge ended before
// its start is left with no days (nobody finishes it). Grace days are cut to
// fewer than the days that remain, as clubbot.Challenge.Validate requires.
// Ending an ended challenge is ErrConflict; an unknown one ErrNotFound.
func (db *DB) EndChallenge(ctx context.Context, challengeID int64, by string, day clubbot.Day) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		var ended bool
		var start clubbot.Day
		var days, grace int
		err := tx.QueryRowContext(ctx, `SELECT ended, start, days, grace_days FROM challenges WHERE id = ?`, challengeID).
			Scan(&ended, &start, &days, &grace)
		if errors.Is(err, sql.ErrNoRows) {
			return clubbot.ErrNotFound
		}
		if err != nil {
			return err
		}
		if ended {
			return fmt.Errorf("already ended: %w", clubbot.ErrConflict)
		}
		days, grace = store.EndedDays(start, days, grace, day)
		if _, err = tx.ExecContext(ctx, `UPDATE challenges SET ended = 1, ended_by = ?, ended_at = ?,
			days = ?, grace_days = ? WHERE id = ?`,
			by, db.now().UnixNano(), days, grace, challengeID); err != nil {
			return err
		}
		// The participants' progress over the days that remain (a member
		// in a zone ahead may have checked in on a day after the new end).
		return refreshParticipants(ctx, tx, `challenge_id = ?`, challengeID)
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
	err := eachRow(ctx, db.reader, store.BreaksByMember(out),
		`SELECT user_id, from_day, to_day FROM breaks
		WHERE guild_id = ?1 AND (?2 = '' OR user_id = ?2) AND to_day >= ?3 AND from_day <= ?4`,
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
	err = eachRow(ctx, db.reader, store.ParticipantRecords(&out, breaks),
		`SELECT p.user_id, p.joined_day, p.joined_at, p.minutes, coalesce(m.hidden, 0), p.qualified
		FROM participants p LEFT JOIN members m ON m.guild_id = p.guild_id AND m.user_id = p.user_id
		WHERE p.challenge_id = ?1 AND (?2 = '' OR p.user_id = ?2) AND p.left_day IS NULL`, c.ID, userID)
	return out, err
}

// ChallengeParts reads the parts members have in the server's challenges
// whose last day is lastFrom or later, by member: one member's (userID), or
// those of every member who opted in to reminders (userID "").
func (db *DB) ChallengeParts(ctx context.Context, guildID, userID string, lastFrom clubbot.Day) (map[string][]clubbot.ChallengePart, error) {
	out := map[string][]clubbot.ChallengePart{}
	err := eachRow(ctx, db.reader, func(s scanner) error {
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
		WHERE p.guild_id = ?1 AND c.start + c.days - 1 >= ?3
		  AND (p.user_id = ?2 OR (?2 = '' AND EXISTS (SELECT 1 FROM members m
		       WHERE m.guild_id = p.guild_id AND m.user_id = p.user_id AND m.reminders = 1)))
		ORDER BY c.id`, guildID, userID, int64(lastFrom))
	return out, err
}

// refreshParticipants rebuilds the progress of the participant rows where
// says (refreshParticipant for each).
func refreshParticipants(ctx context.Context, tx *sql.Tx, where string, args ...any) error {
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
	}, `SELECT challenge_id, user_id, joined_day FROM participants WHERE `+where+` ORDER BY challenge_id`, args...)
	if err != nil {
		return err
	}
	var c clubbot.Challenge
	for _, p := range parts {
		if c.ID != p.challenge {
			if c, err = store.ScanChallenge(tx.QueryRowContext(ctx, `SELECT `+store.ChallengeColumns+` FROM challenges WHERE id = ?`, p.challenge)); err != nil {
				return err
			}
		}
		if err := refreshParticipant(ctx, tx, c, p.user, p.joined); err != nil {
			return err
		}
	}
	return nil
}
