package store

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"clubbot"
)

// PrepareChallenge checks a challenge CreateChallenge is to store and sets
// what the store decides: CreatedAt (now when unset), and not ended.
func PrepareChallenge(c clubbot.Challenge, now time.Time) (clubbot.Challenge, error) {
	if err := c.Validate(); err != nil {
		return clubbot.Challenge{}, err
	}
	if c.GuildID == "" {
		return clubbot.Challenge{}, fmt.Errorf("no server: %w", clubbot.ErrInvalid)
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	c.Ended, c.EndedBy = false, ""
	return c, nil
}

// ListedChallenges collects Challenges rows (ChallengeColumns) into out:
// those not over on today, or all when includeOver.
func ListedChallenges(out *[]clubbot.Challenge, today clubbot.Day, includeOver bool) func(Scanner) error {
	return Each(ScanChallenge, func(c clubbot.Challenge) error {
		if includeOver || !c.Over(today) {
			*out = append(*out, c)
		}
		return nil
	})
}

// ChallengeRows is what an engine reads from its challenge tables for
// ChallengeReads to compose. Each engine keeps its own SQL; what is built
// from the rows (ranking order, one member's row, the day's group counts,
// the boards) is the same for every engine and lives in ChallengeReads.
type ChallengeRows interface {
	ChallengeByID(ctx context.Context, id int64) (clubbot.Challenge, error)
	// ParticipantRows appends to out the challenge's participants who
	// have not left (only userID's when it is not ""), with their breaks
	// over its days (ParticipantRecords), in no particular order.
	ParticipantRows(ctx context.Context, c clubbot.Challenge, userID string, out []ParticipantRecord) ([]ParticipantRecord, error)
	// Participations reads every participant's qualified and away days,
	// left ones included, with their break days (BreaksOn).
	Participations(ctx context.Context, c clubbot.Challenge) ([]clubbot.Participation, error)
	// ChallengeParts reads the parts members have in the server's
	// challenges whose last day is lastFrom or later, by member: one
	// member's (userID), or those of every member who opted in to
	// reminders (userID "").
	ChallengeParts(ctx context.Context, guildID, userID string, lastFrom clubbot.Day) (map[string][]clubbot.ChallengePart, error)
	// ReminderRows reads the server's members who opted in to reminders
	// (ReminderRow), by user id, without their challenges.
	ReminderRows(ctx context.Context, guildID string) ([]clubbot.ReminderMember, error)
}

// ChallengeReads holds the challenge reads of bot.Store that are
// compositions of an engine's ChallengeRows. An engine embeds it in its DB
// (NewChallengeReads(db)), so these methods are written once for all
// engines and read the same rows the same way.
type ChallengeReads struct {
	rows ChallengeRows
	// boards holds *boardBuffers for ChallengeLeaderboard to reuse: a
	// board of a large challenge reads thousands of rows.
	boards *sync.Pool
}

// boardBuffers are a challenge board's rows and ranking entries.
type boardBuffers struct {
	records []ParticipantRecord
	entries []clubbot.Standing
}

// NewChallengeReads composes the reads over rows (the engine's DB).
func NewChallengeReads(rows ChallengeRows) ChallengeReads {
	return ChallengeReads{rows: rows, boards: &sync.Pool{New: func() any { return new(boardBuffers) }}}
}

// Participants returns everyone in the challenge with their progress as of
// today, in ranking order (hidden members included; the leaderboard leaves
// them out).
func (r ChallengeReads) Participants(ctx context.Context, challengeID int64, today clubbot.Day) ([]clubbot.Participant, error) {
	c, err := r.rows.ChallengeByID(ctx, challengeID)
	if err != nil {
		return nil, fmt.Errorf("participants: %w", err)
	}
	rs, err := r.rows.ParticipantRows(ctx, c, "", nil)
	if err != nil {
		return nil, fmt.Errorf("participants of %d: %w", challengeID, err)
	}
	ps := make([]clubbot.Participant, len(rs))
	for i, p := range rs {
		ps[i] = p.Participant(c, today)
	}
	sort.Slice(ps, func(i, j int) bool {
		return clubbot.Less(ParticipantStanding(ps[i]), ParticipantStanding(ps[j]))
	})
	return ps, nil
}

// Progress returns one participant's progress; ErrNotFound when not in it.
func (r ChallengeReads) Progress(ctx context.Context, challengeID int64, userID string, today clubbot.Day) (clubbot.Participant, error) {
	c, err := r.rows.ChallengeByID(ctx, challengeID)
	if err != nil {
		return clubbot.Participant{}, fmt.Errorf("progress: %w", err)
	}
	rs, err := r.rows.ParticipantRows(ctx, c, userID, nil)
	if err != nil {
		return clubbot.Participant{}, fmt.Errorf("progress in %d: %w", challengeID, err)
	}
	if len(rs) == 0 {
		return clubbot.Participant{}, fmt.Errorf("progress in %d: %w", challengeID, clubbot.ErrNotFound)
	}
	return rs[0].Participant(c, today), nil
}

// GroupConsistency returns how many participants qualified on day, and how
// many took part that day, as clubbot.GroupDay counts them: members who
// joined later or had left by then are in neither count.
func (r ChallengeReads) GroupConsistency(ctx context.Context, challengeID int64, day clubbot.Day) (qualified, participants int, err error) {
	c, err := r.rows.ChallengeByID(ctx, challengeID)
	if err != nil {
		return 0, 0, fmt.Errorf("group consistency: %w", err)
	}
	ps, err := r.rows.Participations(ctx, c)
	if err != nil {
		return 0, 0, fmt.Errorf("group consistency: %w", err)
	}
	qualified, participants = clubbot.GroupDay(c, ps, day)
	return qualified, participants, nil
}

// MemberChallenges returns the member's part in each of the server's
// challenges whose last day is lastFrom or later (left ones included, with
// Left set), for the check-in confirmation to say whether a day counted.
func (r ChallengeReads) MemberChallenges(ctx context.Context, guildID, userID string, lastFrom clubbot.Day) ([]clubbot.ChallengePart, error) {
	parts, err := r.rows.ChallengeParts(ctx, guildID, userID, lastFrom)
	if err != nil {
		return nil, fmt.Errorf("challenges of %s: %w", userID, err)
	}
	return parts[userID], nil
}

// ReminderMembers returns the server's members who opted in to reminders,
// with what clubbot.ReminderDue needs to decide whether each is due: their
// zone and reminder time, their streak through their last check-in
// (ReminderRow's Streak), and their parts in the
// challenges whose last day is lastFrom or later (the earliest day any
// member can be on). The rule itself is clubbot.ReminderDue's.
func (r ChallengeReads) ReminderMembers(ctx context.Context, guildID string, lastFrom clubbot.Day) ([]clubbot.ReminderMember, error) {
	out, err := r.rows.ReminderRows(ctx, guildID)
	if err != nil {
		return nil, fmt.Errorf("reminder members: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	parts, err := r.rows.ChallengeParts(ctx, guildID, "", lastFrom)
	if err != nil {
		return nil, fmt.Errorf("reminder members' challenges: %w", err)
	}
	for i := range out {
		out[i].Challenges = parts[out[i].UserID]
	}
	return out, nil
}

// ChallengeLeaderboard ranks a challenge's participants (clubbot.Rank over
// ParticipantStanding): qualifying days, then the challenge streak,
// minutes within the challenge and when they joined it. Hidden members
// are left out. Everyone's qualifying days are counted from the flags; the
// streak (with breaks) only for the members clubbot.RankBy asks about,
// those who can be on the board (ParticipantRecord.Standing).
func (r ChallengeReads) ChallengeLeaderboard(ctx context.Context, challengeID int64, today clubbot.Day, asker string) (clubbot.Board, error) {
	c, err := r.rows.ChallengeByID(ctx, challengeID)
	if err != nil {
		return clubbot.Board{}, fmt.Errorf("challenge leaderboard: %w", err)
	}
	buf := r.boards.Get().(*boardBuffers)
	defer func() {
		// The board holds copies; the buffers keep no member's rows.
		clear(buf.records)
		clear(buf.entries)
		buf.records, buf.entries = buf.records[:0], buf.entries[:0]
		r.boards.Put(buf)
	}()
	rs, err := r.rows.ParticipantRows(ctx, c, "", buf.records[:0])
	buf.records = rs
	if err != nil {
		return clubbot.Board{}, fmt.Errorf("challenge leaderboard %d: %w", challengeID, err)
	}
	for _, p := range rs {
		buf.entries = append(buf.entries, clubbot.Standing{UserID: p.UserID, QualifyingDays: p.QualifyingDays(c, today), Hidden: p.Hidden})
	}
	return clubbot.RankBy(buf.entries, asker, func(i int) clubbot.Standing { return rs[i].Standing(c, today) }), nil
}
