package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"clubbot"
	"clubbot/store"
)

// ClaimPost claims the post (guild, kind, key) before it is sent. It
// returns true for exactly one caller across restarts and replicas: the
// claim is a row under a primary key (INSERT … ON CONFLICT DO NOTHING).
func (db *DB) ClaimPost(ctx context.Context, guildID, kind, key string) (bool, error) {
	if guildID == "" || kind == "" || key == "" {
		return false, fmt.Errorf("claim post: empty guild, kind or key: %w", clubbot.ErrInvalid)
	}
	claimed, err := execChanged(ctx, db.pool, `INSERT INTO posts (guild_id, kind, key, claimed_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT DO NOTHING`, guildID, kind, key, db.now().UnixNano())
	if err != nil {
		return false, fmt.Errorf("claim post %s/%s/%s: %w", guildID, kind, key, err)
	}
	return claimed, nil
}

// ReclaimPost takes over a claim that never recorded a message once it is
// older than olderThan (the caller's lease cutoff), renewing its time, so
// exactly one caller in any replica gets true until the lease runs out
// again: a second UPDATE waits for the first and then finds the renewed
// time. False for a post never claimed, sent, or claimed since olderThan.
func (db *DB) ReclaimPost(ctx context.Context, guildID, kind, key string, olderThan time.Time) (bool, error) {
	if guildID == "" || kind == "" || key == "" {
		return false, fmt.Errorf("reclaim post: empty guild, kind or key: %w", clubbot.ErrInvalid)
	}
	reclaimed, err := execChanged(ctx, db.pool, `UPDATE posts SET claimed_at = $1
		WHERE guild_id = $2 AND kind = $3 AND key = $4 AND message_id = '' AND claimed_at < $5`,
		db.now().UnixNano(), guildID, kind, key, olderThan.UnixNano())
	if err != nil {
		return false, fmt.Errorf("reclaim post %s/%s/%s: %w", guildID, kind, key, err)
	}
	return reclaimed, nil
}

// SetPostMessage records the message a claimed post became (for later
// edits); ErrNotFound when the post was never claimed.
func (db *DB) SetPostMessage(ctx context.Context, guildID, kind, key, channelID, messageID string) error {
	err := execFound(ctx, db.pool, `UPDATE posts SET channel_id = $1, message_id = $2
		WHERE guild_id = $3 AND kind = $4 AND key = $5`, channelID, messageID, guildID, kind, key)
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
	p, err := store.ScanPost(db.pool.QueryRow(ctx, `SELECT `+store.PostColumns+` FROM posts WHERE message_id = $1`, messageID))
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Post{}, fmt.Errorf("post by message %s: %w", messageID, clubbot.ErrNotFound)
	}
	if err != nil {
		return store.Post{}, fmt.Errorf("post by message %s: %w", messageID, err)
	}
	return p, nil
}

// GetPost finds a claimed post by its key; ErrNotFound when not claimed.
func (db *DB) GetPost(ctx context.Context, guildID, kind, key string) (store.Post, error) {
	p, err := store.ScanPost(db.pool.QueryRow(ctx, `SELECT `+store.PostColumns+` FROM posts
		WHERE guild_id = $1 AND kind = $2 AND key = $3`, guildID, kind, key))
	if errors.Is(err, pgx.ErrNoRows) {
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
	err := eachRow(ctx, db.pool, store.AppendTo(&out, store.ReminderRow(guildID)),
		`SELECT user_id, time_zone, reminder_time, last_day, run_start, run_days, longest, freezes FROM members
		WHERE guild_id = $1 AND reminders ORDER BY user_id`, guildID)
	return out, err
}
