// Package bot is clubbot's Discord front end: the command table, the
// interaction router, one file per feature, the gateway and HTTP transports,
// and the scheduled posts. Handlers turn an interaction into a response and
// call the domain rules, the store and the FAQ engine; they hold no state of
// their own, so the gateway and the HTTP endpoint share them.
package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/faq"
)

// Bot holds what the handlers need.
type Bot struct {
	Store Store
	FAQ   *faq.Engine
	// REST sends follow-ups, channel posts and DMs. In gateway mode it is the
	// gateway session; in HTTP mode a token-only session.
	REST  *discordgo.Session
	AppID string
	// Now is the clock; tests and the sandbox move it.
	Now func() time.Time
	Log *slog.Logger
	// Metrics may be nil.
	Metrics *Metrics
	// DailyPost, when set, hears of every stored or undone check-in (and of
	// a member's data deleted) so the day's check-in post can show its
	// running count ("12 checked in").
	DailyPost interface{ Touch(guildID string) }
	// MaxInFlight bounds the interactions answered at once (0: 64); past it
	// a member reads "busy, try again" at once (gate.go).
	MaxInFlight int
	busy        gate

	// inflight counts interactions and follow-ups still running, so a
	// SIGTERM lets them finish before the database closes.
	inflight sync.WaitGroup
}

// track marks the start of work that shutdown should wait for; call the
// returned func when it ends.
func (b *Bot) track() func() {
	b.inflight.Add(1)
	return b.inflight.Done
}

// Wait waits up to d for in-flight interactions and follow-ups to finish.
func (b *Bot) Wait(d time.Duration) bool {
	done := make(chan struct{})
	go func() { b.inflight.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// handler answers one kind of interaction. Handlers are methods of Bot, held
// in the routing tables as method expressions such as (*Bot).checkin.
type handler func(b *Bot, ctx context.Context, i *discordgo.Interaction) Reply
