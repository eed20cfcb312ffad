// Package store holds what every storage engine shares: the values the
// engines return besides the root package's domain types, and the shared
// limits. The engines are sub-packages: store/sqlite, the embedded
// default, and store/postgres. The interface the bot needs from an engine
// is bot.Store, defined where it is used. The Go around the engines' SQL
// is here once: the rules each write applies (rules.go), the scanning of
// rows into values (scan.go), and the reads composed from an engine's
// lower-level ones (ChallengeReads, which each engine's DB embeds).
package store

import (
	"time"

	"clubbot"
)

// Store-side limits on FAQ text; the bot's option limits are tighter.
const (
	MaxFAQQuestionRunes = 300
	MaxFAQAnswerRunes   = 2000
	MaxAskedRunes       = 500
)

// FAQEntry is a club-written question and answer.
type FAQEntry struct {
	ID        int64
	GuildID   string
	Question  string
	Answer    string
	CreatedBy string
	CreatedAt time.Time
}

// Gap is an unanswered question and how often it was asked, or (from
// Unhelpful) an answered one and how often members rated it not helpful.
type Gap struct {
	Question string
	Count    int // times asked; for Unhelpful, "not helpful" ratings
	Helpful  int // for Unhelpful: "helpful" ratings of the same question
	LastAt   time.Time
}

// ReplayWindow is how long an interaction id is remembered: as long as
// Discord's interaction token lives, and longer than the HTTP signature
// window, so neither a redelivery nor a replayed request can run twice.
const ReplayWindow = 15 * time.Minute

// Claim is what ClaimInteraction found.
type Claim struct {
	// Won: this attempt handles the interaction (the first one, or a retry
	// after an earlier attempt's lease ran out unfinished).
	Won bool
	// Done: an earlier attempt finished; Reply is its reply's JSON when it
	// kept one.
	Done  bool
	Reply []byte
}

// Post is a claimed scheduled post.
type Post struct {
	GuildID, Kind, Key, ChannelID, MessageID string
	ClaimedAt                                time.Time
}

// MaxDisplayNameRunes bounds a stored display name (Discord's are at most 32).
const MaxDisplayNameRunes = 100

// FormerMember stands for a member who deleted their data, where their id
// marked an admin action on others' records (entered_by, created_by,
// ended_by): the audit says a fix was made, by whom no longer.
const FormerMember = "a former member"

// MemberData is everything stored about one member in a server, for
// /me-data export: every row keyed by the member, and nothing about other
// members (an admin's fixes of others' days are only counted).
//
// Left out, as the member's own rows hold the same: member_days and the
// members row's week and month slots (sums of CheckIns) and participants'
// per-day flags (CheckIns against the challenge's target). The
// interactions table holds no member id; its rows go after ReplayWindow.
type MemberData struct {
	Member *clubbot.Member // nil when the member has no settings row
	// DisplayName is the member's display name as the bot last saw it
	// (for /export); "" when never recorded.
	DisplayName string
	// Totals is the running totals and streak the members row keeps
	// (TotalDays, TotalMinutes, Run, FreezeTold); nil without a row.
	Totals      *Summary
	CheckIns    []clubbot.CheckIn // by day, then as recorded
	UnseenFixes []int64           // check-ins an admin entered for the member, not yet shown to them
	Breaks      []clubbot.Break   // past and planned, by start
	Challenges  []ChallengePlace
	Questions   []AskedQuestion
	Feedback    []AnswerFeedback
	Reminders   []SentReminder // reminders claimed for the member, by day
	Admin       AdminRecords   // what the member did as an admin
}

// ReminderPostKind is the scheduled post kind (ClaimPost) of a member's
// reminder; its key is ReminderPostKey, so a member's reminder claims can
// be exported and deleted with their data.
const ReminderPostKind = "reminder"

// ReminderPostKey is the post key of member userID's reminder on their
// day: "2025-01-06:" and the user id. The engines find a member's
// reminders by the key from its 12th character on.
func ReminderPostKey(day clubbot.Day, userID string) string { return day.String() + ":" + userID }

// SentReminder is a reminder claimed for a member (SPEC 6): their day, when
// it was claimed, and the channel it went to ("" until sent; a DM channel,
// or the club's channel when DMs were closed).
type SentReminder struct {
	Day       clubbot.Day
	ClaimedAt time.Time
	ChannelID string
}

// AdminRecords are the server's records that carry the member's id as the
// admin who made them: /me-data delete keeps them as FormerMember's.
type AdminRecords struct {
	ChallengesCreated []AdminChallenge
	ChallengesEnded   []AdminChallenge
	FAQEntries        []FAQEntry
	// FixesForOthers counts the check-ins the member entered for other
	// members: only counted, as the rows are about those members.
	FixesForOthers int
}

// AdminChallenge is a challenge an admin created or ended, and when.
type AdminChallenge struct {
	ID   int64
	Name string
	At   time.Time
}

// ChallengePlace is a member's place in a challenge.
type ChallengePlace struct {
	ChallengeID int64
	Name        string
	Joined      clubbot.Day
	JoinedAt    time.Time
	Left        clubbot.Day // the day the member left; 0 while taking part
	// Minutes and QualifyingDays are the member's progress as stored.
	Minutes, QualifyingDays int
}

// AskedQuestion is a question a member asked /ask.
type AskedQuestion struct {
	ID       int64
	Question string
	Answered bool
	AskedAt  time.Time
}

// AnswerFeedback is a member's helpful/not helpful on an answer.
type AnswerFeedback struct {
	QuestionID int64
	Helpful    bool
	At         time.Time
}
