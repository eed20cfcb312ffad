package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"clubbot"
)

// Boards over thousands of members read one row: SQLite joins the
// standings into one string with these separators (ASCII unit and record
// separators, which Discord ids never contain) and Go splits it. That is
// several times faster than a database/sql row per member, and is what
// keeps a 10,000-member board under SPEC 8's 50 ms.
const (
	unitSep   = "\x1f"
	recordSep = "\x1e"
)

// packed reads the single packed string query returns.
func (db *DB) packed(ctx context.Context, query string, args ...any) (string, error) {
	var s sql.NullString
	if err := db.reader.QueryRowContext(ctx, query, args...).Scan(&s); err != nil {
		return "", err
	}
	return s.String, nil
}

// fields splits one packed record into exactly n fields.
func fields(rec string, n int) ([]string, error) {
	f := strings.SplitN(rec, unitSep, n)
	if len(f) != n {
		return nil, fmt.Errorf("packed record with %d fields, want %d", len(f), n)
	}
	return f, nil
}

// atoi64 reads a packed integer field.
func atoi64(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }

// Leaderboard ranks the server's members over the period containing today
// (server-local day) and places asker.
//
// It reads one row per member from the totals the check-in triggers keep in
// members, so its cost grows with members, not check-ins. A member counts
// when they have a check-in in the period; hidden members are left out.
// CurrentStreak is the member's day streak as of today (alive when their
// last day is today or yesterday, or later for a member whose zone is ahead
// of the server's).
func (db *DB) Leaderboard(ctx context.Context, guildID string, p clubbot.Period, today clubbot.Day, asker string) (clubbot.Board, error) {
	from, _ := p.Range(today)
	var days, minutes, where string
	switch p {
	case clubbot.Week, clubbot.Month:
		slot := "wk"
		if p == clubbot.Month {
			slot = "mo"
		}
		cols := strings.SplitN(periodColumns(slot, "?2"), ",\n", 2)
		days, minutes = cols[0], cols[1]
		where = `(` + slot + `_start = ?2 OR p` + slot + `_start = ?2)`
	case clubbot.All:
		days, minutes, where = "total_days", "total_minutes", "total_days > 0"
	default:
		return clubbot.Board{}, fmt.Errorf("leaderboard: period %q: %w", p, clubbot.ErrInvalid)
	}
	// Sorted in SQL by clubbot.Less's keys, so clubbot.Rank's sort finds
	// the order already made.
	packed, err := db.packed(ctx, `SELECT group_concat(user_id || ?4 || days || ?4 || minutes || ?4 || streak || ?4 || joined_at, ?5)
		FROM (SELECT user_id, `+days+` AS days, `+minutes+` AS minutes,
				CASE WHEN last_day >= ?3 - 1 THEN last_day - run_start + 1 ELSE 0 END AS streak, joined_at
			FROM members WHERE guild_id = ?1 AND hidden = 0 AND `+where+`
			ORDER BY days DESC, streak DESC, minutes DESC, joined_at, user_id)
		WHERE days > 0`,
		guildID, int64(from), int64(today), unitSep, recordSep)
	if err != nil {
		return clubbot.Board{}, fmt.Errorf("leaderboard %s: %w", p, err)
	}
	standings, err := parseStandings(packed)
	if err != nil {
		return clubbot.Board{}, fmt.Errorf("leaderboard %s: %w", p, err)
	}
	return clubbot.Rank(standings, asker), nil
}

// parseStandings reads records of user, days, minutes, streak, joined_at.
func parseStandings(packed string) ([]clubbot.Standing, error) {
	if packed == "" {
		return nil, nil
	}
	out := make([]clubbot.Standing, 0, strings.Count(packed, recordSep)+1)
	for rec := range strings.SplitSeq(packed, recordSep) {
		f, err := fields(rec, 5)
		if err != nil {
			return nil, err
		}
		var n [4]int64
		for i := range n {
			if n[i], err = atoi64(f[i+1]); err != nil {
				return nil, fmt.Errorf("packed standing: %w", err)
			}
		}
		out = append(out, clubbot.Standing{UserID: f[0], QualifyingDays: int(n[0]), TotalMinutes: int(n[1]),
			CurrentStreak: int(n[2]), Joined: fromNanos(n[3])})
	}
	return out, nil
}

// ChallengeLeaderboard ranks a challenge's participants by qualifying days,
// then their challenge streak (clubbot.GraceStreak, exact), minutes within
// the challenge and when they joined it. Hidden members are left out.
func (db *DB) ChallengeLeaderboard(ctx context.Context, challengeID int64, today clubbot.Day, asker string) (clubbot.Board, error) {
	c, err := db.ChallengeByID(ctx, challengeID)
	if err != nil {
		return clubbot.Board{}, fmt.Errorf("challenge leaderboard: %w", err)
	}
	ps, err := db.participants(ctx, c, "", today)
	if err != nil {
		return clubbot.Board{}, fmt.Errorf("challenge leaderboard %d: %w", challengeID, err)
	}
	standings := make([]clubbot.Standing, len(ps))
	for i, p := range ps {
		standings[i] = participantStanding(p)
	}
	return clubbot.Rank(standings, asker), nil
}
