package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"clubbot"
	"clubbot/store"
)

// DeleteMember deletes everything a member wrote in the server, the rows
// MemberData exports, as store/sqlite's DeleteMember does (check-ins and
// what is built from them, settings, breaks, challenge places, questions
// and feedback, reminder claims); where their id marks an admin action on
// others' records it becomes FormerMember. The members row is locked
// first, as every writer of a member's aggregates locks it.
func (db *DB) DeleteMember(ctx context.Context, guildID, userID string) error {
	if guildID == "" || userID == "" {
		return fmt.Errorf("delete member: %w", clubbot.ErrInvalid)
	}
	member := []any{guildID, userID}
	former := []any{guildID, userID, store.FormerMember}
	stmts := []struct {
		sql  string
		args []any
	}{
		{`SELECT 1 FROM members WHERE guild_id = $1 AND user_id = $2 FOR UPDATE`, member},
		// Their fix notices go with the check-ins (ON DELETE CASCADE).
		{`DELETE FROM checkins WHERE guild_id = $1 AND user_id = $2
			AND day IN (SELECT day FROM member_days WHERE guild_id = $1 AND user_id = $2)`, member},
		{`DELETE FROM member_days WHERE guild_id = $1 AND user_id = $2`, member},
		{`DELETE FROM members WHERE guild_id = $1 AND user_id = $2`, member},
		{`DELETE FROM participants WHERE guild_id = $1 AND user_id = $2`, member},
		{`DELETE FROM breaks WHERE guild_id = $1 AND user_id = $2`, member},
		{`DELETE FROM feedback WHERE user_id = $2 AND question_id IN (SELECT id FROM questions WHERE guild_id = $1)`, member},
		// Feedback on these questions goes with them (ON DELETE CASCADE).
		{`DELETE FROM questions WHERE guild_id = $1 AND user_id = $2`, member},
		// Their reminder claims (store.ReminderPostKey); see store/sqlite.
		{`DELETE FROM posts WHERE guild_id = $1 AND kind = $3 AND substr(key, 12) = $2`,
			[]any{guildID, userID, store.ReminderPostKind}},
		{`UPDATE checkins SET entered_by = $3 WHERE guild_id = $1 AND entered_by = $2 AND user_id <> $2`, former},
		{`UPDATE challenges SET created_by = $3 WHERE guild_id = $1 AND created_by = $2`, former},
		{`UPDATE challenges SET ended_by = $3 WHERE guild_id = $1 AND ended_by = $2`, former},
		{`UPDATE faq_entries SET created_by = $3 WHERE guild_id = $1 AND created_by = $2`, former},
	}
	err := db.write(ctx, func(tx pgx.Tx) error {
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s.sql, s.args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete member: %w", err)
	}
	return nil
}
