package store

import (
	"time"

	"clubbot"
)

// MemberValues are the two members columns SaveMember derives from m:
// reminder_time, NULL (nil) unless the member set their own, so a change
// of the server's time reaches them; and joined_at, m.JoinedAt or now when
// zero (the upsert keeps an existing member's).
func MemberValues(m clubbot.Member, now time.Time) (reminderTime any, joinedAt int64) {
	if m.OwnReminderTime {
		reminderTime = int(m.ReminderTime)
	}
	joined := m.JoinedAt
	if joined.IsZero() {
		joined = now
	}
	return reminderTime, joined.UnixNano()
}
