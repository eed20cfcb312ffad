package bot

import (
	"context"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// defaultMaxInFlight is how many interactions are answered at once when
// Bot.MaxInFlight is 0. A handler takes a few milliseconds, so in normal
// load a handful run at a time; 64 only fill up when the machine is starved
// of CPU or the database stalls, which is when queueing more would make
// every member miss Discord's 3 s.
const defaultMaxInFlight = 64

// busyText is what a member reads when the bot is at its bound.
const busyText = "⏳ clubbot is busy, try again in a moment."

// gate bounds the interactions being answered at once, for both transports.
// It bounds the first response only: a deferred follow-up has already been
// acknowledged and runs outside it.
type gate struct {
	once  sync.Once
	slots chan struct{}
}

// enter takes a slot without waiting; ok is false when all are taken.
func (g *gate) enter(limit int) (leave func(), ok bool) {
	g.once.Do(func() {
		if limit <= 0 {
			limit = defaultMaxInFlight
		}
		g.slots = make(chan struct{}, limit)
	})
	select {
	case g.slots <- struct{}{}:
		return func() { <-g.slots }, true
	default:
		return nil, false
	}
}

// handleBounded is Handle behind the gate: past the bound the member gets an
// ephemeral "busy" at once instead of a reply that may come too late. A
// PING is always answered, since it is what Discord checks the endpoint with.
func (b *Bot) handleBounded(ctx context.Context, i *discordgo.Interaction) Reply {
	if i == nil || i.Type == discordgo.InteractionPing {
		return b.Handle(ctx, i)
	}
	leave, ok := b.busy.enter(b.MaxInFlight)
	if !ok {
		b.Metrics.Interaction(interactionLabel(i), string(OutcomeBusy), 0)
		return busyReply(i)
	}
	defer leave()
	return b.Handle(ctx, i)
}

// busyReply is the "try again" answer, in the form the interaction takes:
// an empty list of choices for autocomplete, an ephemeral message otherwise.
func busyReply(i *discordgo.Interaction) Reply {
	if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		return autocomplete().as(OutcomeBusy)
	}
	return ephemeral(busyText).as(OutcomeBusy)
}
