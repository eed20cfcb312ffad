package store

import (
	"time"

	"clubbot"
)

// PrepareCheckIn checks c and fills what RecordCheckIn stores when the
// caller left it unset: now as CreatedAt, the member as EnteredBy.
func PrepareCheckIn(c clubbot.CheckIn, now time.Time) (clubbot.CheckIn, error) {
	if err := c.Validate(); err != nil {
		return clubbot.CheckIn{}, err
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	if c.EnteredBy == "" {
		c.EnteredBy = c.UserID
	}
	return c, nil
}

// CheckInKeys splits an interaction id into the two check-in columns that
// make a redelivery a duplicate: id, the interaction's snowflake (nil: the
// engine picks the next negative id), and interaction_id, an id that is no
// snowflake (nil when there is none), which has its own unique index.
func CheckInKeys(interactionID string) (id, interaction any) {
	if n, ok := Snowflake(interactionID); ok {
		return n, nil
	}
	return nil, Nullable(interactionID)
}

// CheckInValues are the values of both engines' check-in insert, in its
// column order: id, guild_id, user_id, day, minutes, timing, tool,
// sore_spot, note, interaction_id, source, entered_by, created_at.
func CheckInValues(c clubbot.CheckIn, id, interaction any) []any {
	return []any{id, c.GuildID, c.UserID, int64(c.Day), c.Minutes, c.Timing, c.Tool,
		c.SoreSpot, c.Note, interaction, Nullable(c.Source), c.EnteredBy, c.CreatedAt.UnixNano()}
}

// Nullable stores "" as NULL so the unique indexes ignore unset ids.
func Nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
