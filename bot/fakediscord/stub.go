package fakediscord

import (
	"context"
	"crypto/ed25519"
	"errors"
	"time"

	"github.com/bwmarrin/discordgo"
)

var errTODO = errors.New("fakediscord: not implemented yet")

// Server is a running fake Discord. Safe for concurrent use.
type Server struct{}

// Start starts a fake Discord on 127.0.0.1 on a free port.
func Start(opts ...Option) (*Server, error) { return nil, errTODO }

// Close stops the server, closes gateway connections and waits for its goroutines.
func (s *Server) Close() {}

// APIURL is the REST base, "http://127.0.0.1:PORT/api/v10/", for bot.NewSession.
func (s *Server) APIURL() string { return "" }

// AppID is the application id; it is also the bot user's id.
func (s *Server) AppID() string { return "" }

// BotUser is the bot's user.
func (s *Server) BotUser() *discordgo.User { return nil }

// AddGuild adds a guild (with a "general" text channel) and returns its id.
func (s *Server) AddGuild(name string) string { return "" }

// AddChannel adds a text channel to a guild and returns its id.
func (s *Server) AddChannel(guildID, name string) string { return "" }

// AddMember adds the user called name (created on first use) to a guild with
// the given permission bits and returns the member.
func (s *Server) AddMember(guildID, name string, perms int64) *discordgo.Member { return nil }

// Member returns the guild member called name, or nil.
func (s *Server) Member(guildID, name string) *discordgo.Member { return nil }

// WaitReady waits until a gateway session is identified (or resumed) and connected.
func (s *Server) WaitReady(ctx context.Context) error { return errTODO }

// GatewayStats counts connections, identifies, resumes and heartbeats.
func (s *Server) GatewayStats() GatewayStats { return GatewayStats{} }

// Command builds a slash-command interaction.
func (s *Server) Command(guildID string, m *discordgo.Member, name string, opts ...*Opt) *discordgo.Interaction {
	return nil
}

// UserCommand builds a user context-menu interaction on target.
func (s *Server) UserCommand(guildID string, m *discordgo.Member, name string, target *discordgo.Member) *discordgo.Interaction {
	return nil
}

// Autocomplete builds an autocomplete interaction; mark the focused option with Focused.
func (s *Server) Autocomplete(guildID string, m *discordgo.Member, name string, opts ...*Opt) *discordgo.Interaction {
	return nil
}

// Click builds a button click on msg.
func (s *Server) Click(guildID string, m *discordgo.Member, msg *discordgo.Message, customID string) *discordgo.Interaction {
	return nil
}

// Submit builds a modal submit with the text inputs' values by custom id.
func (s *Server) Submit(guildID string, m *discordgo.Member, customID string, fields map[string]string) *discordgo.Interaction {
	return nil
}

// Ping builds the PING an HTTP-mode bot must answer with PONG.
func (s *Server) Ping() *discordgo.Interaction { return nil }

// Str, Int, Num, Bool, User, Sub and Group build command options.
func Str(name, v string) *Opt              { return nil }
func Int(name string, v int64) *Opt        { return nil }
func Num(name string, v float64) *Opt      { return nil }
func Bool(name string, v bool) *Opt        { return nil }
func User(name, userID string) *Opt        { return nil }
func Sub(name string, opts ...*Opt) *Opt   { return nil }
func Group(name string, subs ...*Opt) *Opt { return nil }
func Focused(o *Opt) *Opt                  { return nil }

// Exchange follows one interaction: its callbacks, original and follow-ups.
type Exchange struct{}

// Deliver sends INTERACTION_CREATE over the gateway.
func (s *Server) Deliver(ctx context.Context, i *discordgo.Interaction) (*Exchange, error) {
	return nil, errTODO
}

// DeliverHTTP posts the interaction, signed with key, to an HTTP-mode bot at url.
func (s *Server) DeliverHTTP(ctx context.Context, url string, key ed25519.PrivateKey, i *discordgo.Interaction) (*Exchange, error) {
	return nil, errTODO
}

// Sign returns the hex X-Signature-Ed25519 of timestamp+body.
func Sign(key ed25519.PrivateKey, timestamp string, body []byte) string { return "" }

func (e *Exchange) Interaction() *discordgo.Interaction                          { return nil }
func (e *Exchange) Wait(ctx context.Context) (*Callback, error)                  { return nil, errTODO }
func (e *Exchange) Callbacks() []*Callback                                       { return nil }
func (e *Exchange) Original() *Message                                           { return nil }
func (e *Exchange) WaitOriginal(ctx context.Context) (*Message, error)           { return nil, errTODO }
func (e *Exchange) Followups() []*Message                                        { return nil }
func (e *Exchange) WaitFollowups(ctx context.Context, n int) ([]*Message, error) { return nil, errTODO }

// Messages returns a channel's messages, oldest first, edits applied, without ephemeral ones.
func (s *Server) Messages(channelID string) []*Message { return nil }

// DMs returns the messages the bot sent to a user in DM.
func (s *Server) DMs(userID string) []*Message { return nil }

// Commands returns the registered commands of a guild ("" for global).
func (s *Server) Commands(guildID string) []*discordgo.ApplicationCommand { return nil }

// Payloads returns every message body the bot sent, in order.
func (s *Server) Payloads() []*Payload { return nil }

// WaitFor waits until cond (called without locks held) is true; it is re-checked on every change.
func (s *Server) WaitFor(ctx context.Context, cond func() bool) error { return errTODO }

// RateLimitNext answers the next n requests whose route starts with routePrefix with 429.
func (s *Server) RateLimitNext(routePrefix string, n int, retryAfter time.Duration) {}

// FailNext answers the next n requests whose route starts with routePrefix with status.
func (s *Server) FailNext(routePrefix string, n int, status int) {}

// DropGateway closes the gateway socket abruptly; the session stays resumable.
func (s *Server) DropGateway() {}

// SetLatency delays every REST response by d.
func (s *Server) SetLatency(d time.Duration) {}
