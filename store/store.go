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
// /me-data export.
type MemberData struct {
	Member     *clubbot.Member   // nil when the member has no settings row
	CheckIns   []clubbot.CheckIn // by day, then as recorded
	Challenges []ChallengePlace
	Questions  []AskedQuestion
	Feedback   []AnswerFeedback
}

// ChallengePlace is a member's place in a challenge.
type ChallengePlace struct {
	ChallengeID int64
	Name        string
	Joined      clubbot.Day
	JoinedAt    time.Time
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
