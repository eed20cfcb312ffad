package clubbot

import "time"

// Settings are a server's clubbot settings (SPEC 3 /settings).
type Settings struct {
	GuildID         string
	ChannelID       string // where scheduled posts go; "" turns them off
	TimeZone        string // IANA zone; "" is UTC
	CheckinTime     Clock
	LeaderboardDay  time.Weekday
	LeaderboardTime Clock
	ReminderTime    Clock
	// MaxFreezes is how many streak freezes a member can hold (SPEC 4,
	// /settings max-freezes); 0 turns freezes off.
	MaxFreezes int
}

// Limits and default of max-freezes (SPEC 3 /settings).
const (
	DefaultMaxFreezes = 2
	MaxMaxFreezes     = 10
)

// DefaultSettings are a new server's settings: daily post at 07:00, weekly
// leaderboard on Sunday at 18:00, reminders at 20:00, UTC, no channel, two
// freezes.
func DefaultSettings(guildID string) Settings {
	return Settings{
		GuildID:         guildID,
		CheckinTime:     7 * 60,
		LeaderboardDay:  time.Sunday,
		LeaderboardTime: 18 * 60,
		ReminderTime:    20 * 60,
		MaxFreezes:      DefaultMaxFreezes,
	}
}

// Location is the server's zone, UTC when unset or unknown.
func (s Settings) Location() *time.Location { return Zone("", s.TimeZone) }

// Member is a member's personal settings (SPEC 3 /me).
type Member struct {
	GuildID   string
	UserID    string
	TimeZone  string // "" means the server's zone
	Reminders bool   // opted in to reminders
	// ReminderTime is when reminders come, in the member's zone, when
	// OwnReminderTime is set; otherwise the server's reminder time applies.
	ReminderTime    Clock
	OwnReminderTime bool
	Hidden          bool // left off leaderboards
	JoinedAt        time.Time
}
