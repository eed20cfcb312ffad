package sqlite

import (
	"clubbot/store"
	"context"
	"database/sql"
	"fmt"

	"clubbot"
)

// DeleteMember deletes everything a member wrote in the server, the rows
// MemberData exports: check-ins (their notes with them), the fix notices
// and totals built from them, settings (time zone, reminders and their
// time, visibility, display name), breaks, challenge places, the questions
// they asked (so /faq gaps no longer shows them; others' feedback on those
// answers goes too), their answer feedback and the claims of reminders
// sent to them. Where their id marks an admin action on others' records it
// becomes FormerMember. The interactions table keeps no member id (its rows
// go after store.ReplayWindow), so nothing there is theirs to delete.
func (db *DB) DeleteMember(ctx context.Context, guildID, userID string) error {
	if guildID == "" || userID == "" {
		return fmt.Errorf("delete member: %w", clubbot.ErrInvalid)
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		// Fix notices and the day rows, totals and progress built from the
		// check-ins go with them.
		stmts := []string{
			// By the member's days, through the index on (guild_id, day, user_id).
			`DELETE FROM checkins WHERE guild_id = ?1 AND user_id = ?2 AND day IN (SELECT day FROM member_days WHERE guild_id = ?1 AND user_id = ?2)`,
			`DELETE FROM fix_notices WHERE guild_id = ?1 AND user_id = ?2`,
			`DELETE FROM member_days WHERE guild_id = ?1 AND user_id = ?2`,
			`DELETE FROM members WHERE guild_id = ?1 AND user_id = ?2`,
			`DELETE FROM participants WHERE guild_id = ?1 AND user_id = ?2`,
			`DELETE FROM breaks WHERE guild_id = ?1 AND user_id = ?2`,
			`DELETE FROM feedback WHERE user_id = ?2
				AND question_id IN (SELECT id FROM questions WHERE guild_id = ?1)`,
			// Feedback on these questions goes with them (ON DELETE CASCADE).
			`DELETE FROM questions WHERE guild_id = ?1 AND user_id = ?2`,
			// Their reminder claims (store.ReminderPostKey). With the
			// members row gone they get no reminders; one who opts in again
			// the same day may get that day's a second time.
			`DELETE FROM posts WHERE guild_id = ?1 AND kind = ?4 AND substr(key, 12) = ?2`,
			// A scan of the server's check-ins: rare, and it keeps no
			// admin's id on others' admin-fixed days.
			`UPDATE checkins SET entered_by = ?3 WHERE guild_id = ?1 AND entered_by = ?2 AND user_id <> ?2`,
			`UPDATE challenges SET created_by = ?3 WHERE guild_id = ?1 AND created_by = ?2`,
			`UPDATE challenges SET ended_by = ?3 WHERE guild_id = ?1 AND ended_by = ?2`,
			`UPDATE faq_entries SET created_by = ?3 WHERE guild_id = ?1 AND created_by = ?2`,
		}
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s, guildID, userID, store.FormerMember, store.ReminderPostKind); err != nil {
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
