// Package store keeps clubbot's data in SQLite: server and member settings,
// check-ins, challenges, scheduled-post claims, club FAQ entries and asked
// questions. It opens the database with WAL and a single writer connection so
// concurrent check-ins queue instead of failing with "database is locked".
package store

import (
	"context"
	"errors"
	"io"
	"time"

	"clubbot"
)

var errTODO = errors.New("store: not implemented yet")

// DB is an open clubbot database. It is safe for concurrent use.
type DB struct {
	// Now is the clock; tests replace it.
	Now func() time.Time
}

// Open opens (creating if needed) the SQLite file at path and applies
// migrations.
func Open(ctx context.Context, path string) (*DB, error) { return nil, errTODO }

// Close closes the database.
func (db *DB) Close() error { return errTODO }

// Ping checks the database answers (for /healthz).
func (db *DB) Ping(ctx context.Context) error { return errTODO }

// Backup writes an online, consistent copy of the database to dest.
func (db *DB) Backup(ctx context.Context, dest string) error { return errTODO }

// ---- check-ins (checkins.go)

// CheckInResult is what recording a check-in returns.
type CheckInResult struct {
	CheckIn   clubbot.CheckIn // the stored row (the earlier one when Duplicate)
	Duplicate bool            // same interaction id or same source: nothing new stored
	Day       clubbot.DayTotal
	Streak    clubbot.Streak // as of today (the member's local day at db.Now())
}

// RecordCheckIn stores c in one transaction. It is idempotent on
// c.InteractionID and on (guild, user, c.Source) when Source is set. today is
// the member's local day, used for the returned streak.
func (db *DB) RecordCheckIn(ctx context.Context, c clubbot.CheckIn, today clubbot.Day) (CheckInResult, error) {
	return CheckInResult{}, errTODO
}

// UndoCheckIn deletes check-in id if it belongs to (guild, user); ErrNotFound otherwise.
func (db *DB) UndoCheckIn(ctx context.Context, guildID, userID string, id int64) (clubbot.CheckIn, error) {
	return clubbot.CheckIn{}, errTODO
}

// History returns the member's per-day totals from..to inclusive, ascending.
func (db *DB) History(ctx context.Context, guildID, userID string, from, to clubbot.Day) ([]clubbot.DayTotal, error) {
	return nil, errTODO
}

// MemberStats is what /streak shows.
type MemberStats struct {
	Streak       clubbot.Streak
	TotalDays    int
	TotalMinutes int
	WeekDays     int // days with a check-in this week (Monday-Sunday)
	MonthDays    int
	WeekMinutes  int
	MonthMinutes int
}

// Stats returns the member's streak and totals as of today.
func (db *DB) Stats(ctx context.Context, guildID, userID string, today clubbot.Day) (MemberStats, error) {
	return MemberStats{}, errTODO
}

// CheckedInCount returns how many distinct members checked in on day
// (server-local), for the daily post's "12 checked in".
func (db *DB) CheckedInCount(ctx context.Context, guildID string, day clubbot.Day) (int, error) {
	return 0, errTODO
}

// ExportCSV writes the server's check-ins as CSV with a header row.
func (db *DB) ExportCSV(ctx context.Context, guildID string, w io.Writer) error { return errTODO }

// ExportMember writes everything stored about one member as JSON.
func (db *DB) ExportMember(ctx context.Context, guildID, userID string, w io.Writer) error {
	return errTODO
}

// DeleteMember deletes all of a member's data in the server.
func (db *DB) DeleteMember(ctx context.Context, guildID, userID string) error { return errTODO }

// ---- settings (settings.go)

// Settings returns the server's settings, defaults when none are stored.
func (db *DB) Settings(ctx context.Context, guildID string) (clubbot.Settings, error) {
	return clubbot.Settings{}, errTODO
}

// SaveSettings stores the server's settings.
func (db *DB) SaveSettings(ctx context.Context, s clubbot.Settings) error { return errTODO }

// AllSettings returns every server with a channel set, for the scheduler.
func (db *DB) AllSettings(ctx context.Context) ([]clubbot.Settings, error) { return nil, errTODO }

// Member returns a member's settings; defaults when none are stored.
func (db *DB) Member(ctx context.Context, guildID, userID string) (clubbot.Member, error) {
	return clubbot.Member{}, errTODO
}

// SaveMember stores a member's settings.
func (db *DB) SaveMember(ctx context.Context, m clubbot.Member) error { return errTODO }

// ---- leaderboards (leaderboard.go)

// Leaderboard ranks the server's members over the period containing today
// (server-local day) and places asker.
func (db *DB) Leaderboard(ctx context.Context, guildID string, p clubbot.Period, today clubbot.Day, asker string) (clubbot.Board, error) {
	return clubbot.Board{}, errTODO
}

// ChallengeLeaderboard ranks a challenge's participants by qualifying days.
func (db *DB) ChallengeLeaderboard(ctx context.Context, challengeID int64, today clubbot.Day, asker string) (clubbot.Board, error) {
	return clubbot.Board{}, errTODO
}

// ---- challenges (challenges.go)

// CreateChallenge stores a new challenge; ErrConflict when the server already
// has a challenge of that name that is not over.
func (db *DB) CreateChallenge(ctx context.Context, c clubbot.Challenge) (clubbot.Challenge, error) {
	return clubbot.Challenge{}, errTODO
}

// Challenge finds a server's challenge by name (case-insensitive), the newest
// one of that name.
func (db *DB) Challenge(ctx context.Context, guildID, name string) (clubbot.Challenge, error) {
	return clubbot.Challenge{}, errTODO
}

// ChallengeByID finds a challenge by id.
func (db *DB) ChallengeByID(ctx context.Context, id int64) (clubbot.Challenge, error) {
	return clubbot.Challenge{}, errTODO
}

// Challenges lists a server's challenges that are not over on today (or all
// when includeOver), newest first.
func (db *DB) Challenges(ctx context.Context, guildID string, today clubbot.Day, includeOver bool) ([]clubbot.Challenge, error) {
	return nil, errTODO
}

// JoinChallenge adds the member; joining twice is not an error (returns false).
func (db *DB) JoinChallenge(ctx context.Context, challengeID int64, userID string, day clubbot.Day) (joined bool, err error) {
	return false, errTODO
}

// LeaveChallenge removes the member; ErrNotFound when they were not in it.
func (db *DB) LeaveChallenge(ctx context.Context, challengeID int64, userID string) error {
	return errTODO
}

// EndChallenge ends a challenge early, recording who ended it.
func (db *DB) EndChallenge(ctx context.Context, challengeID int64, by string) error { return errTODO }

// Participant is a member in a challenge with their progress.
type Participant struct {
	UserID   string
	Joined   clubbot.Day
	JoinedAt time.Time
	Progress clubbot.Progress
}

// Participants returns everyone in the challenge with their progress as of
// today, in ranking order.
func (db *DB) Participants(ctx context.Context, challengeID int64, today clubbot.Day) ([]Participant, error) {
	return nil, errTODO
}

// Progress returns one participant's progress; ErrNotFound when not in it.
func (db *DB) Progress(ctx context.Context, challengeID int64, userID string, today clubbot.Day) (Participant, error) {
	return Participant{}, errTODO
}

// GroupConsistency returns how many participants qualified on day, and how many take part.
func (db *DB) GroupConsistency(ctx context.Context, challengeID int64, day clubbot.Day) (qualified, participants int, err error) {
	return 0, 0, errTODO
}

// ---- scheduled posts (posts.go)

// ClaimPost claims the post (guild, kind, key) before it is sent. It returns
// true for exactly one caller across restarts and processes.
func (db *DB) ClaimPost(ctx context.Context, guildID, kind, key string) (bool, error) {
	return false, errTODO
}

// SetPostMessage records the message a claimed post became (for later edits).
func (db *DB) SetPostMessage(ctx context.Context, guildID, kind, key, channelID, messageID string) error {
	return errTODO
}

// Post is a claimed scheduled post.
type Post struct {
	GuildID, Kind, Key, ChannelID, MessageID string
	ClaimedAt                                time.Time
}

// PostByMessage finds the post a message belongs to; ErrNotFound otherwise.
func (db *DB) PostByMessage(ctx context.Context, messageID string) (Post, error) {
	return Post{}, errTODO
}

// ReminderTargets returns members of the server who opted in to reminders,
// take part in a challenge running on their day, and have no check-in on day.
func (db *DB) ReminderTargets(ctx context.Context, guildID string, day clubbot.Day) ([]string, error) {
	return nil, errTODO
}

// ---- FAQ (faq.go)

// FAQEntry is a club-written question and answer.
type FAQEntry struct {
	ID        int64
	GuildID   string
	Question  string
	Answer    string
	CreatedBy string
	CreatedAt time.Time
}

// AddFAQ stores an entry.
func (db *DB) AddFAQ(ctx context.Context, e FAQEntry) (FAQEntry, error) { return FAQEntry{}, errTODO }

// RemoveFAQ deletes an entry of the server; ErrNotFound otherwise.
func (db *DB) RemoveFAQ(ctx context.Context, guildID string, id int64) error { return errTODO }

// FAQEntries lists a server's entries, oldest first.
func (db *DB) FAQEntries(ctx context.Context, guildID string) ([]FAQEntry, error) {
	return nil, errTODO
}

// LogQuestion records an asked question and whether it was answered; the id
// is what the Helpful / Not helpful buttons carry.
func (db *DB) LogQuestion(ctx context.Context, guildID, userID, question string, answered bool) (int64, error) {
	return 0, errTODO
}

// Feedback records a member's verdict on an answer (one per member and answer; the last wins).
func (db *DB) Feedback(ctx context.Context, questionID int64, userID string, helpful bool) error {
	return errTODO
}

// Gap is an unanswered question and how often it was asked.
type Gap struct {
	Question string
	Count    int
	LastAt   time.Time
}

// Gaps returns the most-asked unanswered questions of the server.
func (db *DB) Gaps(ctx context.Context, guildID string, limit int) ([]Gap, error) {
	return nil, errTODO
}
