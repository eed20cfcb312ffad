package sqlite

import (
	"clubbot/store"
	"context"
	"database/sql"
	"fmt"

	"clubbot"
)

// ServerCheckIns calls fn for each of the server's check-ins in the order
// they were recorded (check-ins entered without an interaction first), for
// /export, stopping at fn's first error. names maps members to their
// display names as last recorded.
func (db *DB) ServerCheckIns(ctx context.Context, guildID string, fn func(c clubbot.CheckIn, names map[string]string) error) error {
	names, err := memberNames(ctx, db.reader, guildID)
	if err != nil {
		return fmt.Errorf("server check-ins: %w", err)
	}
	err = eachRow(ctx, db.reader, store.Each(store.ScanCheckIn, func(c clubbot.CheckIn) error { return fn(c, names) }),
		`SELECT `+checkInColumns+` FROM checkins WHERE guild_id = ? ORDER BY id`, guildID)
	if err != nil {
		return fmt.Errorf("server check-ins: %w", err)
	}
	return nil
}

// MemberData reads everything stored about one member (store.MemberData
// says what that is), in one read transaction (a consistent snapshot).
func (db *DB) MemberData(ctx context.Context, guildID, userID string) (store.MemberData, error) {
	var out store.MemberData
	tx, err := db.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return out, fmt.Errorf("member data: %w", err)
	}
	defer tx.Rollback()

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
		if err := tx.QueryRowContext(ctx, `SELECT display_name FROM members WHERE guild_id = ? AND user_id = ?`,
			guildID, userID).Scan(&out.DisplayName); err != nil {
			return out, fmt.Errorf("member data: display name: %w", err)
		}
	}
	if out.Breaks, err = memberBreaks(ctx, tx, guildID, userID, 0, 0); err != nil {
		return out, fmt.Errorf("member data: %w", err)
	}
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM checkins WHERE guild_id = ? AND entered_by = ? AND user_id <> ?`,
		guildID, userID, userID).Scan(&out.Admin.FixesForOthers)
	if err != nil {
		return out, fmt.Errorf("member data: fixes for others: %w", err)
	}
	// Every read takes ?1 = the server, ?2 = the member.
	reads := []struct {
		what  string
		fn    func(scanner) error
		query string
	}{
		{"check-ins", store.AppendTo(&out.CheckIns, store.ScanCheckIn), `SELECT ` + checkInColumns + ` FROM checkins
			WHERE guild_id = ?1 AND user_id = ?2 AND day IN (SELECT day FROM member_days WHERE guild_id = ?1 AND user_id = ?2)
			ORDER BY day, id`},
		{"fix notices", store.AppendTo(&out.UnseenFixes, store.ScanValue[int64]),
			`SELECT checkin_id FROM fix_notices WHERE guild_id = ?1 AND user_id = ?2 ORDER BY checkin_id`},
		{"challenges", store.AppendTo(&out.Challenges, store.ScanChallengePlace),
			`SELECT p.challenge_id, c.name, p.joined_day, p.joined_at, p.left_day, p.minutes, p.qualifying_days
			FROM participants p JOIN challenges c ON c.id = p.challenge_id
			WHERE p.guild_id = ?1 AND p.user_id = ?2 ORDER BY p.challenge_id`},
		{"questions", store.AppendTo(&out.Questions, store.ScanAskedQuestion),
			`SELECT id, question, answered, asked_at FROM questions WHERE guild_id = ?1 AND user_id = ?2 ORDER BY id`},
		{"feedback", store.AppendTo(&out.Feedback, store.ScanAnswerFeedback),
			`SELECT f.question_id, f.helpful, f.at FROM feedback f JOIN questions q ON q.id = f.question_id
			WHERE q.guild_id = ?1 AND f.user_id = ?2 ORDER BY f.question_id`},
		// The server's reminder claims, by key: the member's end in ":" and their id.
		{"reminders", store.AppendTo(&out.Reminders, store.ScanSentReminder),
			`SELECT key, channel_id, claimed_at FROM posts
			WHERE guild_id = ?1 AND kind = ?3 AND substr(key, 12) = ?2 ORDER BY key`},
		{"challenges created", store.AppendTo(&out.Admin.ChallengesCreated, store.ScanAdminChallenge),
			`SELECT id, name, created_at FROM challenges WHERE guild_id = ?1 AND created_by = ?2 ORDER BY id`},
		{"challenges ended", store.AppendTo(&out.Admin.ChallengesEnded, store.ScanAdminChallenge),
			`SELECT id, name, coalesce(ended_at, 0) FROM challenges WHERE guild_id = ?1 AND ended_by = ?2 ORDER BY id`},
		{"faq entries", store.AppendTo(&out.Admin.FAQEntries, store.ScanFAQEntry),
			`SELECT ` + store.FAQColumns + ` FROM faq_entries WHERE guild_id = ?1 AND created_by = ?2 ORDER BY id`},
	}
	for _, r := range reads {
		if err := eachRow(ctx, tx, r.fn, r.query, guildID, userID, store.ReminderPostKind); err != nil {
			return out, fmt.Errorf("member data: %s: %w", r.what, err)
		}
	}
	return out, nil
}
