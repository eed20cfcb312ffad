package sqlite

import (
	"context"
	"fmt"

	"clubbot"
	"clubbot/store"
)

// MonthDays gives add every member's day totals in the server from from to
// to (member-local days, inclusive), one member at a time, with whether
// they chose to hide: what clubbot.RecapTally reads for the recap post on
// the 1st. Members without a day in the range are left out; the days slice
// is reused from one call to the next.
//
// It reads member_days, one row per member and day, so a month of a
// 10,000-member club is some 300,000 rows, once a month, streamed.
func (db *DB) MonthDays(ctx context.Context, guildID string, from, to clubbot.Day, add func(userID string, days []clubbot.DayTotal, hidden bool)) error {
	days := store.NewMonthDays(add)
	err := eachRow(ctx, db.reader, days.Add,
		`SELECT d.user_id, d.day, d.minutes, d.sessions, coalesce(m.hidden, 0)
		FROM member_days d
		LEFT JOIN members m ON m.guild_id = d.guild_id AND m.user_id = d.user_id
		WHERE d.guild_id = ? AND d.day BETWEEN ? AND ?
		ORDER BY d.user_id, d.day`, guildID, int64(from), int64(to))
	if err != nil {
		return fmt.Errorf("month days of %s: %w", guildID, err)
	}
	days.Flush()
	return nil
}

// Participations returns each participant's part in c (left ones
// included), as clubbot.GroupDay and clubbot.PeriodConsistency read them:
// the recap's month of group consistency, and GroupConsistency's one day.
func (db *DB) Participations(ctx context.Context, c clubbot.Challenge) ([]clubbot.Participation, error) {
	breaks, err := db.challengeBreaks(ctx, c, "")
	if err != nil {
		return nil, fmt.Errorf("participations in %d: %w", c.ID, err)
	}
	var ps []clubbot.Participation
	err = eachRow(ctx, db.reader, store.AppendTo(&ps, store.ParticipationRow(c, breaks)),
		`SELECT user_id, joined_day, left_day, qualified, away FROM participants WHERE challenge_id = ?`, c.ID)
	if err != nil {
		return nil, fmt.Errorf("participations in %d: %w", c.ID, err)
	}
	return ps, nil
}
