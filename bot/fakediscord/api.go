// Package fakediscord is a Discord-compatible server on loopback, REST and
// gateway, for clubbot's end-to-end tests, load tests and the sandbox. The
// real discordgo client talks to it through bot.NewSession(token, APIURL()).
//
// A test builds a small world (guilds, channels, members), injects
// interactions as those members, and reads back what the bot answered: the
// interaction callback, the edited original, follow-ups, channel posts and
// DMs, each with its attachments and allowed mentions. Faults (rate limits,
// 5xx, a dropped gateway, slow responses) make discordgo take its real
// recovery paths, and the validation Discord applies (acknowledge once,
// within 3 s; message, embed and component limits) is applied here too, so a
// bot that passes against the fake does not fail against Discord for those
// reasons.
package fakediscord

import (
	"time"

	"github.com/bwmarrin/discordgo"
)

// Opt is one option of a slash-command interaction; see Str, Int, Sub.
type Opt = discordgo.ApplicationCommandInteractionDataOption

// Option configures Start.
type Option func(*config)

type config struct {
	heartbeat   time.Duration
	ackDeadline time.Duration
	token       string
}

// WithHeartbeatInterval sets the heartbeat interval the gateway's HELLO
// announces (Discord: 41.25 s). Tests set it small so a lost connection is
// noticed quickly. It is rounded down to whole milliseconds, at least 1 ms.
func WithHeartbeatInterval(d time.Duration) Option {
	return func(c *config) { c.heartbeat = d }
}

// WithAckDeadline sets how long after delivery an interaction may still get
// its first callback (Discord: 3 s).
func WithAckDeadline(d time.Duration) Option {
	return func(c *config) { c.ackDeadline = d }
}

// WithToken makes the server accept only this bot token (without "Bot "),
// on REST ("Authorization: Bot TOKEN") and in the gateway IDENTIFY. By
// default any non-empty bot token is accepted.
func WithToken(token string) Option {
	return func(c *config) { c.token = token }
}

// File is an uploaded attachment.
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

// MessageData is the message part of what the bot sent: an interaction
// callback's data, a follow-up, an edit or a channel post. Fields the request
// left out are zero.
type MessageData struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	Flags      discordgo.MessageFlags
	// AllowedMentions is nil when the request did not set allowed_mentions.
	AllowedMentions *discordgo.MessageAllowedMentions
	Files           []File

	// Nonce and EnforceNonce as a message create gave them (an integer
	// nonce in its decimal form).
	Nonce        string
	EnforceNonce bool

	// Modal responses (callback type 9).
	CustomID string
	Title    string
	// Autocomplete responses (callback type 8).
	Choices []*discordgo.ApplicationCommandOptionChoice

	modalFields []modalField // a modal's inputs, in order
	modalErr    *apiError    // what the modal rules found wrong
}

// Ephemeral reports whether the data asks for a message only its member sees.
func (d *MessageData) Ephemeral() bool {
	return d != nil && d.Flags&discordgo.MessageFlagsEphemeral != 0
}

// Payload is one message body the bot sent, as received.
type Payload struct {
	// Route is "METHOD path" below the API base, e.g.
	// "POST channels/123/messages".
	Route string
	// Kind is "response" (an interaction callback), "followup", "edit"
	// (PATCH of a message or an interaction's original) or "message" (a
	// channel post or DM).
	Kind string
	At   time.Time
	Data MessageData
}

// SafeMentions reports whether the payload set allowed_mentions and they
// allow neither @everyone/@here nor role pings.
func (p *Payload) SafeMentions() bool {
	am := p.Data.AllowedMentions
	if am == nil || len(am.Roles) > 0 {
		return false
	}
	for _, t := range am.Parse {
		if t == discordgo.AllowedMentionTypeEveryone || t == discordgo.AllowedMentionTypeRoles {
			return false
		}
	}
	return true
}

// Message is a message as it stands now, edits applied. The embedded
// discordgo.Message is a snapshot; it does not change after it is returned.
type Message struct {
	*discordgo.Message
	Files []File
	// AllowedMentions as last set by the create or an edit; nil if never.
	AllowedMentions *discordgo.MessageAllowedMentions
	// InteractionID is the interaction this message answers, if any.
	InteractionID string
	// Deferred marks an interaction's "thinking…" placeholder (callback type
	// 5) that has not been edited yet.
	Deferred bool
	Edits    int
}

// Ephemeral reports whether only the interacting member sees the message.
func (m *Message) Ephemeral() bool {
	return m.Flags&discordgo.MessageFlagsEphemeral != 0
}

// Callback is one interaction callback the bot made (POST
// interactions/{id}/{token}/callback, or the HTTP-mode inline response).
type Callback struct {
	Type discordgo.InteractionResponseType
	// Data is nil when the callback carried none (types 5 and 6 may not).
	Data *MessageData
	At   time.Time
	// Latency is the time from the latest delivery of the interaction to
	// this callback.
	Latency time.Duration
	// Status is the HTTP status the fake answered; Code is Discord's error
	// code when it refused the callback (40060 already acknowledged, 10062
	// unknown interaction, 50035 invalid form body), else 0.
	Status int
	Code   int
}

// GatewayStats counts gateway events, so tests can tell a resume from a
// fresh identify.
type GatewayStats struct {
	Connections int
	Identifies  int
	Resumes     int
	Heartbeats  int
}
