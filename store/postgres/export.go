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

// MemberData reads everything stored about one member (store.MemberData
// says what that is) in one read-only REPEATABLE READ transaction (a
// consistent snapshot).
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
		sum, _, err := readSummary(ctx, tx, guildID, userID)
		if err != nil {
			return out, fmt.Errorf("member data: %w", err)
		}
		out.Totals = &sum
		if err := tx.QueryRow(ctx, `SELECT display_name FROM members WHERE guild_id = $1 AND user_id = $2`,
			guildID, userID).Scan(&out.DisplayName); err != nil {
			return out, fmt.Errorf("member data: display name: %w", err)
		}
	}
	if out.Breaks, err = memberBreaks(ctx, tx, guildID, userID, 0, 0); err != nil {
		return out, fmt.Errorf("member data: %w", err)
	}
	err = tx.QueryRow(ctx, `SELECT count(*) FROM checkins WHERE guild_id = $1 AND entered_by = $2 AND user_id <> $2`,
		guildID, userID).Scan(&out.Admin.FixesForOthers)
	if err != nil {
		return out, fmt.Errorf("member data: fixes for others: %w", err)
	}
	member := []any{guildID, userID}
	reads := []struct {
		what  string
		fn    func(scanner) error
		query string
		args  []any
	}{
		{"check-ins", store.AppendTo(&out.CheckIns, store.ScanCheckIn), `SELECT ` + checkInColumns + ` FROM checkins
			WHERE guild_id = $1 AND user_id = $2 AND day IN (SELECT day FROM member_days WHERE guild_id = $1 AND user_id = $2)
			ORDER BY day, id`, member},
		{"fix notices", store.AppendTo(&out.UnseenFixes, store.ScanValue[int64]),
			`SELECT checkin_id FROM fix_notices WHERE guild_id = $1 AND user_id = $2 ORDER BY checkin_id`, member},
		{"challenges", store.AppendTo(&out.Challenges, store.ScanChallengePlace),
			`SELECT p.challenge_id, c.name, p.joined_day, p.joined_at, p.left_day, p.minutes, p.qualifying_days
			FROM participants p JOIN challenges c ON c.id = p.challenge_id
			WHERE p.guild_id = $1 AND p.user_id = $2 ORDER BY p.challenge_id`, member},
		{"questions", store.AppendTo(&out.Questions, store.ScanAskedQuestion),
			`SELECT id, question, answered, asked_at FROM questions WHERE guild_id = $1 AND user_id = $2 ORDER BY id`, member},
		{"feedback", store.AppendTo(&out.Feedback, store.ScanAnswerFeedback),
			`SELECT f.question_id, f.helpful, f.at FROM feedback f JOIN questions q ON q.id = f.question_id
			WHERE q.guild_id = $1 AND f.user_id = $2 ORDER BY f.question_id`, member},
		// The server's reminder claims, by key: the member's end in ":" and their id.
		{"reminders", store.AppendTo(&out.Reminders, store.ScanSentReminder),
			`SELECT key, channel_id, claimed_at FROM posts
			WHERE guild_id = $1 AND kind = $3 AND substr(key, 12) = $2 ORDER BY key`,
			[]any{guildID, userID, store.ReminderPostKind}},
		{"challenges created", store.AppendTo(&out.Admin.ChallengesCreated, store.ScanAdminChallenge),
			`SELECT id, name, created_at FROM challenges WHERE guild_id = $1 AND created_by = $2 ORDER BY id`, member},
		{"challenges ended", store.AppendTo(&out.Admin.ChallengesEnded, store.ScanAdminChallenge),
			`SELECT id, name, coalesce(ended_at, 0) FROM challenges WHERE guild_id = $1 AND ended_by = $2 ORDER BY id`, member},
		{"faq entries", store.AppendTo(&out.Admin.FAQEntries, store.ScanFAQEntry),
			`SELECT ` + store.FAQColumns + ` FROM faq_entries WHERE guild_id = $1 AND created_by = $2 ORDER BY id`, member},
	}
	for _, r := range reads {
		if err := eachRow(ctx, tx, r.fn, r.query, r.args...); err != nil {
			return out, fmt.Errorf("member data: %s: %w", r.what, err)
		}
	}
	return out, nil
}
