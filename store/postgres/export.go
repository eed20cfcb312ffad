package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"clubbot"
	"clubbot/store"
)

// ServerCheckIns calls fn for each of the server's check-ins in the order
// they were recorded (check-ins entered without an interaction first), for
// /export, stopping at fn's first error. names maps members to their
// display names as last recorded.
func (db *DB) ServerCheckIns(ctx context.Context, guildID string, fn func(c clubbot.CheckIn, names map[string]string) error) error {
	names, err := memberNames(ctx, db.pool, guildID)
	if err != nil {
		return fmt.Errorf("server check-ins: %w", err)
	}
	err = eachRow(ctx, db.pool, store.Each(store.ScanCheckIn, func(c clubbot.CheckIn) error { return fn(c, names) }),
		`SELECT `+checkInColumns+` FROM checkins WHERE guild_id = $1 ORDER BY id`, guildID)
	if err != nil {
		return fmt.Errorf("server check-ins: %w", err)
	}
	return nil
}

// MemberData reads everything stored about one member in one read-only
// REPEATABLE READ transaction (a consistent snapshot).
func (db *DB) MemberData(ctx context.Context, guildID, userID string) (store.MemberData, error) {
	var out store.MemberData
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return out, fmt.Errorf("member data: %w", err)
	}
	defer tx.Rollback(ctx)

	m, found, err := memberRow(ctx, tx, guildID, userID)
	if err != nil {
		return out, fmt.Errorf("member data: %w", err)
	}
	if found {
		out.Member = &m
	}
	err = eachRow(ctx, tx, store.AppendTo(&out.CheckIns, store.ScanCheckIn),
		`SELECT `+checkInColumns+` FROM checkins
		WHERE guild_id = $1 AND user_id = $2 AND day IN (SELECT day FROM member_days WHERE guild_id = $1 AND user_id = $2)
		ORDER BY day, id`, guildID, userID)
	if err != nil {
		return out, fmt.Errorf("member data: check-ins: %w", err)
	}
	err = eachRow(ctx, tx, store.AppendTo(&out.Challenges, store.ScanChallengePlace),
		`SELECT p.challenge_id, c.name, p.joined_day, p.joined_at FROM participants p
		JOIN challenges c ON c.id = p.challenge_id
		WHERE p.guild_id = $1 AND p.user_id = $2 ORDER BY p.challenge_id`, guildID, userID)
	if err != nil {
		return out, fmt.Errorf("member data: challenges: %w", err)
	}
	err = eachRow(ctx, tx, store.AppendTo(&out.Questions, store.ScanAskedQuestion),
		`SELECT id, question, answered, asked_at FROM questions WHERE guild_id = $1 AND user_id = $2 ORDER BY id`,
		guildID, userID)
	if err != nil {
		return out, fmt.Errorf("member data: questions: %w", err)
	}
	err = eachRow(ctx, tx, store.AppendTo(&out.Feedback, store.ScanAnswerFeedback),
		`SELECT f.question_id, f.helpful, f.at FROM feedback f JOIN questions q ON q.id = f.question_id
		WHERE q.guild_id = $1 AND f.user_id = $2 ORDER BY f.question_id`, guildID, userID)
	if err != nil {
		return out, fmt.Errorf("member data: feedback: %w", err)
	}
	return out, nil
}
