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

// Settings returns the server's settings, defaults when none are stored.
func (db *DB) Settings(ctx context.Context, guildID string) (clubbot.Settings, error) {
	s, err := scanSettings(db.reader.QueryRowContext(ctx, `SELECT `+settingsColumns+`
		FROM guild_settings WHERE guild_id = ?`, guildID))
	if errors.Is(err, sql.ErrNoRows) {
		return clubbot.DefaultSettings(guildID), nil
	}
	if err != nil {
		return clubbot.Settings{}, fmt.Errorf("settings of %s: %w", guildID, err)
	}
	return s, nil
}

const settingsColumns = `guild_id, channel_id, time_zone, checkin_time, leaderboard_day, leaderboard_time, reminder_time, max_freezes`

func scanSettings(s scanner) (clubbot.Settings, error) {
	var st clubbot.Settings
	var day int
	err := s.Scan(&st.GuildID, &st.ChannelID, &st.TimeZone, &st.CheckinTime, &day, &st.LeaderboardTime, &st.ReminderTime, &st.MaxFreezes)
	st.LeaderboardDay = time.Weekday(day)
	return st, err
}

// SaveSettings stores the server's settings. A new max-freezes recomputes
// every member's stored streak with it (clubbot.MemberStreak), so the
// freezes held follow the setting: rare, and one pass over the server.
func (db *DB) SaveSettings(ctx context.Context, s clubbot.Settings) error {
	if err := store.ValidSettings(s); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		old := clubbot.DefaultMaxFreezes
		err := tx.QueryRowContext(ctx, `SELECT max_freezes FROM guild_settings WHERE guild_id = ?`, s.GuildID).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO guild_settings
			(guild_id, channel_id, time_zone, checkin_time, leaderboard_day, leaderboard_time, reminder_time, max_freezes, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id,
				time_zone = excluded.time_zone, checkin_time = excluded.checkin_time,
				leaderboard_day = excluded.leaderboard_day, leaderboard_time = excluded.leaderboard_time,
				reminder_time = excluded.reminder_time, max_freezes = excluded.max_freezes,
				updated_at = excluded.updated_at`,
			s.GuildID, s.ChannelID, s.TimeZone, int(s.CheckinTime), int(s.LeaderboardDay),
			int(s.LeaderboardTime), int(s.ReminderTime), s.MaxFreezes, db.now().UnixNano())
		if err != nil || old == s.MaxFreezes {
			return err
		}
		return recomputeGuild(ctx, tx, s.GuildID)
	})
	if err != nil {
		return fmt.Errorf("save settings of %s: %w", s.GuildID, err)
	}
	return nil
}

// AllSettings returns every server with a channel set, for the scheduler.
func (db *DB) AllSettings(ctx context.Context) ([]clubbot.Settings, error) {
	var out []clubbot.Settings
	err := eachRow(ctx, db.reader, store.AppendTo(&out, scanSettings),
		`SELECT `+settingsColumns+` FROM guild_settings WHERE channel_id <> '' ORDER BY guild_id`)
	if err != nil {
		return nil, fmt.Errorf("all settings: %w", err)
	}
	return out, nil
}

// Member returns a member's settings; defaults when none are stored (then
// JoinedAt is zero: the row is made by the first check-in or SaveMember).
func (db *DB) Member(ctx context.Context, guildID, userID string) (clubbot.Member, error) {
	m, _, err := memberRow(ctx, db.reader, guildID, userID)
	if err != nil {
		return clubbot.Member{}, fmt.Errorf("member %s: %w", userID, err)
	}
	return m, nil
}

// memberRow reads a member's settings through q (the read pool, or the
// export's snapshot transaction). found is false when the member has no row;
// m then holds just the ids.
func memberRow(ctx context.Context, q querier, guildID, userID string) (m clubbot.Member, found bool, err error) {
	m = clubbot.Member{GuildID: guildID, UserID: userID}
	var joined int64
	var at sql.NullInt64
	err = q.QueryRowContext(ctx, `SELECT time_zone, reminders, hidden, joined_at, reminder_time FROM members
		WHERE guild_id = ? AND user_id = ?`, guildID, userID).Scan(&m.TimeZone, &m.Reminders, &m.Hidden, &joined, &at)
	m.ReminderTime, m.OwnReminderTime = clubbot.Clock(at.Int64), at.Valid
	if errors.Is(err, sql.ErrNoRows) {
		return m, false, nil
	}
	if err != nil {
		return m, false, err
	}
	m.JoinedAt = store.FromNanos(joined)
	return m, true, nil
}

// SaveMember stores a member's settings. A new member's JoinedAt is
// m.JoinedAt, or now when zero; an existing member's is kept.
func (db *DB) SaveMember(ctx context.Context, m clubbot.Member) error {
	if err := store.ValidMember(m); err != nil {
		return fmt.Errorf("save member: %w", err)
	}
	at, joined := store.MemberValues(m, db.now())
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO members (guild_id, user_id, time_zone, reminders, hidden, joined_at, reminder_time)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (guild_id, user_id) DO UPDATE SET time_zone = excluded.time_zone,
				reminders = excluded.reminders, hidden = excluded.hidden, reminder_time = excluded.reminder_time`,
			m.GuildID, m.UserID, m.TimeZone, boolInt(m.Reminders), boolInt(m.Hidden), joined, at)
		return err
	})
	if err != nil {
		return fmt.Errorf("save member %s: %w", m.UserID, err)
	}
	return nil
}

// SetMemberName records the member's display name as the bot last saw it,
// for /export. It writes only when the name changed (a read first, so the
// common case costs no write), and makes the member's row if there is none,
// as SaveMember would.
func (db *DB) SetMemberName(ctx context.Context, guildID, userID, name string) error {
	name, ok := store.CleanDisplayName(name)
	if guildID == "" || userID == "" || !ok {
		return fmt.Errorf("set member name: %w", clubbot.ErrInvalid)
	}
	var old string
	err := db.reader.QueryRowContext(ctx, `SELECT display_name FROM members WHERE guild_id = ? AND user_id = ?`, guildID, userID).Scan(&old)
	if err == nil && old == name {
		return nil
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("set member name: %w", err)
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO members (guild_id, user_id, joined_at, display_name) VALUES (?, ?, ?, ?)
			ON CONFLICT (guild_id, user_id) DO UPDATE SET display_name = excluded.display_name`,
			guildID, userID, db.now().UnixNano(), name)
		return err
	})
	if err != nil {
		return fmt.Errorf("set member name %s: %w", userID, err)
	}
	return nil
}

// memberNames maps the server's members to their recorded display names
// (members with none are left out).
func memberNames(ctx context.Context, q rowsQuerier, guildID string) (map[string]string, error) {
	names := map[string]string{}
	err := eachRow(ctx, q, store.MemberNames(names),
		`SELECT user_id, display_name FROM members WHERE guild_id = ? AND display_name != ''`, guildID)
	if err != nil {
		return nil, fmt.Errorf("member names: %w", err)
	}
	return names, nil
}
