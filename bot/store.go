package bot

import (
	"context"
	"time"

	"clubbot"
	"clubbot/store"
)

// Store is what the bot needs from a storage engine: exactly the methods
// bot/ calls, so a second engine (PostgreSQL) implements this and nothing
// SQLite-specific. *sqlite.DB (store/sqlite) is one (store_test.go).
type Store interface {
	// Settings and members.
	Settings(ctx context.Context, guildID string) (clubbot.Settings, error)
	SaveSettings(ctx context.Context, s clubbot.Settings) error
	AllSettings(ctx context.Context) ([]clubbot.Settings, error)
	Member(ctx context.Context, guildID, userID string) (clubbot.Member, error)
	SaveMember(ctx context.Context, m clubbot.Member) error
	SetMemberName(ctx context.Context, guildID, userID, name string) error
	ReminderMembers(ctx context.Context, guildID string, lastFrom clubbot.Day) ([]clubbot.ReminderMember, error)

	// Check-ins and what is computed from them.
	RecordCheckIn(ctx context.Context, c clubbot.CheckIn, today clubbot.Day) (clubbot.CheckInResult, error)
	UndoEntered(ctx context.Context, guildID, enteredBy string, id int64) (clubbot.CheckIn, error)
	TakeFixNotices(ctx context.Context, guildID, userID string) ([]clubbot.CheckIn, error)
	History(ctx context.Context, guildID, userID string, from, to clubbot.Day) ([]clubbot.DayTotal, error)
	Stats(ctx context.Context, guildID, userID string, today clubbot.Day) (clubbot.MemberStats, error)
	CheckedInCount(ctx context.Context, guildID string, day clubbot.Day) (int, error)
	Leaderboard(ctx context.Context, guildID string, p clubbot.Period, today clubbot.Day, asker string) (clubbot.Board, error)
	// MarkFreezesTold: the member was told of the freezes used up to through.
	MarkFreezesTold(ctx context.Context, guildID, userID string, through clubbot.Day) error

	// Breaks (clubbot.PlanBreak, clubbot.CancelBreak rule them).
	PlanBreak(ctx context.Context, guildID, userID string, b clubbot.Break, today clubbot.Day) error
	CancelBreak(ctx context.Context, guildID, userID string, today clubbot.Day) (clubbot.Break, error)
	Breaks(ctx context.Context, guildID, userID string) ([]clubbot.Break, error)

	// Export and deletion of a member's data.
	ServerCheckIns(ctx context.Context, guildID string, fn func(c clubbot.CheckIn, names map[string]string) error) error
	MemberData(ctx context.Context, guildID, userID string) (store.MemberData, error)
	DeleteMember(ctx context.Context, guildID, userID string) error

	// Challenges.
	CreateChallenge(ctx context.Context, c clubbot.Challenge) (clubbot.Challenge, error)
	Challenge(ctx context.Context, guildID, name string) (clubbot.Challenge, error)
	ChallengeByID(ctx context.Context, id int64) (clubbot.Challenge, error)
	Challenges(ctx context.Context, guildID string, today clubbot.Day, includeOver bool) ([]clubbot.Challenge, error)
	JoinChallenge(ctx context.Context, challengeID int64, userID string, day clubbot.Day) (bool, error)
	LeaveChallenge(ctx context.Context, challengeID int64, userID string, day clubbot.Day) error
	EndChallenge(ctx context.Context, challengeID int64, by string, day clubbot.Day) error
	Participants(ctx context.Context, challengeID int64, today clubbot.Day) ([]clubbot.Participant, error)
	Progress(ctx context.Context, challengeID int64, userID string, today clubbot.Day) (clubbot.Participant, error)
	ChallengeLeaderboard(ctx context.Context, challengeID int64, today clubbot.Day, asker string) (clubbot.Board, error)
	GroupConsistency(ctx context.Context, challengeID int64, day clubbot.Day) (qualified, participants int, err error)
	// Participations is who took part in a challenge and on which days (the monthly recap's consistency).
	Participations(ctx context.Context, c clubbot.Challenge) ([]clubbot.Participation, error)
	// MonthDays gives add each member's day totals in from..to and whether they hide, one member at a time (the monthly recap).
	MonthDays(ctx context.Context, guildID string, from, to clubbot.Day, add func(userID string, days []clubbot.DayTotal, hidden bool)) error
	MemberChallenges(ctx context.Context, guildID, userID string, lastFrom clubbot.Day) ([]clubbot.ChallengePart, error)

	// The FAQ and asked questions.
	AddFAQ(ctx context.Context, e store.FAQEntry) (store.FAQEntry, error)
	RemoveFAQ(ctx context.Context, guildID string, id int64) error
	FAQEntries(ctx context.Context, guildID string) ([]store.FAQEntry, error)
	FAQGuilds(ctx context.Context) ([]string, error)
	LogQuestion(ctx context.Context, guildID, userID, question string, answered bool) (int64, error)
	Feedback(ctx context.Context, guildID string, questionID int64, userID string, helpful bool) error
	Gaps(ctx context.Context, guildID string, limit int) ([]store.Gap, error)
	Unhelpful(ctx context.Context, guildID string, limit int) ([]store.Gap, error)

	// Scheduled posts, claimed before they are sent.
	ClaimPost(ctx context.Context, guildID, kind, key string) (bool, error)
	ReclaimPost(ctx context.Context, guildID, kind, key string, olderThan time.Time) (bool, error)
	GetPost(ctx context.Context, guildID, kind, key string) (store.Post, error)
	PostByMessage(ctx context.Context, messageID string) (store.Post, error)
	SetPostMessage(ctx context.Context, guildID, kind, key, channelID, messageID string) error

	// Interaction ids being or already handled (replays run once).
	ClaimInteraction(ctx context.Context, id string, lease time.Duration) (store.Claim, error)
	HoldInteraction(ctx context.Context, id string, lease time.Duration) error
	FinishInteraction(ctx context.Context, id string, reply []byte) error
}
