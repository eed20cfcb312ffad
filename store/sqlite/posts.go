package sqlite

import (
	"clubbot/store"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"clubbot"
)

// ClaimPost claims the post (guild, kind, key) before it is sent. It returns
// true for exactly one caller across restarts and processes: the claim is a
// row under a primary key, inserted in an immediate transaction.
func (db *DB) ClaimPost(ctx context.Context, guildID, kind, key string) (bool, error) {
	if guildID == "" || kind == "" || key == "" {
		return false, fmt.Errorf("claim post: empty guild, kind or key: %w", clubbot.ErrInvalid)
	}
	var claimed bool
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		claimed, err = execChanged(ctx, tx, `INSERT INTO posts (guild_id, kind, key, claimed_at) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, guildID, kind, key, db.now().UnixNano())
		return err
	})
	if err != nil {
		return false, fmt.Errorf("claim post %s/%s/%s: %w", guildID, kind, key, err)
	}
	return claimed, nil
}

// ReclaimPost takes over a claim whose process never recorded a message
// for it (it died, or its send failed, between ClaimPost and
// SetPostMessage) once the claim is older than olderThan, the caller's lease
// cutoff. Taking over renews the claim's time, so of any number of callers,
// in any processes, exactly one gets true until the lease runs out again.
// It returns false for a post that was never claimed, was sent, or whose
// claim is younger than olderThan.
func (db *DB) ReclaimPost(ctx context.Context, guildID, kind, key string, olderThan time.Time) (bool, error) {
	if guildID == "" || kind == "" || key == "" {
		return false, fmt.Errorf("reclaim post: empty guild, kind or key: %w", clubbot.ErrInvalid)
	}
	var reclaimed bool
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		reclaimed, err = execChanged(ctx, tx, `UPDATE posts SET claimed_at = ?
			WHERE guild_id = ? AND kind = ? AND key = ? AND message_id = '' AND claimed_at < ?`,
			db.now().UnixNano(), guildID, kind, key, olderThan.UnixNano())
		return err
	})
	if err != nil {
		return false, fmt.Errorf("reclaim post %s/%s/%s: %w", guildID, kind, key, err)
	}
	return reclaimed, nil
}

// SetPostMessage records the message a claimed post became (for later
// edits); ErrNotFound when the post was never claimed.
func (db *DB) SetPostMessage(ctx context.Context, guildID, kind, key, channelID, messageID string) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return execFound(ctx, tx, `UPDATE posts SET channel_id = ?, message_id = ?
			WHERE guild_id = ? AND kind = ? AND key = ?`, channelID, messageID, guildID, kind, key)
	})
	if err != nil {
		return fmt.Errorf("set post message %s/%s/%s: %w", guildID, kind, key, err)
	}
	return nil
}

// PostByMessage finds the post a message belongs to; ErrNotFound otherwise.
func (db *DB) PostByMessage(ctx context.Context, messageID string) (store.Post, error) {
	if messageID == "" {
		return store.Post{}, fmt.Errorf("post by message: %w", clubbot.ErrNotFound)
	}
	p, err := store.ScanPost(db.reader.QueryRowContext(ctx, `SELECT `+store.PostColumns+` FROM posts WHERE message_id = ?`, messageID))
	if errors.Is(err, sql.ErrNoRows) {
		return store.Post{}, fmt.Errorf("post by message %s: %w", messageID, clubbot.ErrNotFound)
	}
	if err != nil {
		return store.Post{}, fmt.Errorf("post by message %s: %w", messageID, err)
	}
	return p, nil
}

// GetPost finds a claimed post by its key; ErrNotFound when not claimed.
func (db *DB) GetPost(ctx context.Context, guildID, kind, key string) (store.Post, error) {
	p, err := store.ScanPost(db.reader.QueryRowContext(ctx, `SELECT `+store.PostColumns+` FROM posts
		WHERE guild_id = ? AND kind = ? AND key = ?`, guildID, kind, key))
	if errors.Is(err, sql.ErrNoRows) {
		return store.Post{}, fmt.Errorf("post %s/%s/%s: %w", guildID, kind, key, clubbot.ErrNotFound)
	}
	if err != nil {
		return store.Post{}, fmt.Errorf("post %s/%s/%s: %w", guildID, kind, key, err)
	}
	return p, nil
}

// ReminderRows (store.ChallengeRows) reads the members who opted in to
// reminders, by user id.
func (db *DB) ReminderRows(ctx context.Context, guildID string) ([]clubbot.ReminderMember, error) {
	var out []clubbot.ReminderMember
	err := eachRow(ctx, db.reader, store.AppendTo(&out, store.ReminderRow(guildID)),
		`SELECT user_id, time_zone, reminder_time, last_day, run_start, run_days, longest, freezes FROM members
		WHERE guild_id = ? AND reminders = 1 ORDER BY user_id`, guildID)
	return out, err
}
