package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Handle answers one interaction. It is the single entry point both
// transports call: it routes by kind and name, refuses what does not belong
// (DMs, unknown or stale buttons), recovers a panicking handler into an error
// reply, makes sure nothing the reply says can ping anyone, and records metrics.
// A repeat of an interaction already claimed (replay.go) runs no handler.
func (b *Bot) Handle(ctx context.Context, i *discordgo.Interaction) (r Reply) {
	start := time.Now()
	label := interactionLabel(i)
	defer func() {
		if p := recover(); p != nil {
			b.logger().Error("handler panicked", "interaction", label, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			r = internalError().as(OutcomePanic)
		}
		r = safeReply(r)
		b.Metrics.Interaction(label, string(r.outcome()), time.Since(start))
	}()
	if i == nil {
		return internalError()
	}
	if guarded(i) && b.Store != nil {
		prior, run, claimed := b.claim(ctx, i)
		if !run {
			return prior.as(OutcomeReplay)
		}
		if claimed {
			defer func() { r = b.finish(ctx, i, r) }()
		}
	}
	b.rememberName(ctx, i)
	switch i.Type {
	case discordgo.InteractionPing:
		return Reply{Response: &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}}
	case discordgo.InteractionApplicationCommand:
		return b.routeCommand(ctx, i)
	case discordgo.InteractionApplicationCommandAutocomplete:
		return b.routeAutocomplete(ctx, i)
	case discordgo.InteractionMessageComponent, discordgo.InteractionModalSubmit:
		return b.routeComponent(ctx, i)
	}
	return userError("This kind of interaction is not something clubbot handles.")
}

func (b *Bot) routeCommand(ctx context.Context, i *discordgo.Interaction) Reply {
	d, ok := commandData(i)
	if !ok {
		return userError("That command arrived without its data; please try again.")
	}
	c, ok := routes.command(d)
	if !ok {
		return userError("clubbot does not know the command `%s`. Commands may be updating; try again in a minute.", truncate(d.Name, 40))
	}
	// Every clubbot command is about a club, so all of them need a server.
	if r, ok := guildOnly(i); !ok {
		return r
	}
	return c.run(b, ctx, i)
}

func (b *Bot) routeAutocomplete(ctx context.Context, i *discordgo.Interaction) Reply {
	d, ok := commandData(i)
	if !ok || i.GuildID == "" {
		return autocomplete()
	}
	c, ok := routes.command(d)
	if !ok || c.autocomplete == nil {
		return autocomplete()
	}
	r := c.autocomplete(b, ctx, i)
	if r.Response == nil || r.Response.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		return autocomplete()
	}
	return r
}

func (b *Bot) routeComponent(ctx context.Context, i *discordgo.Interaction) Reply {
	raw := componentCustomID(i)
	id, err := parseCustomID(raw)
	if err != nil {
		return userError("This button or form is from an older version of clubbot or no longer works. Use the slash commands instead, e.g. `/checkin`.")
	}
	wantModal := id.Kind == kindModal
	if wantModal != (i.Type == discordgo.InteractionModalSubmit) {
		return userError("This button or form no longer works. Use the slash commands instead, e.g. `/checkin`.")
	}
	h, ok := routes.components[id.Kind]
	if !ok {
		return userError("This button no longer works.")
	}
	if r, ok := guildOnly(i); !ok {
		return r
	}
	return h(b, ctx, i, id)
}

// componentCustomID is the custom_id of a click or modal submit.
func componentCustomID(i *discordgo.Interaction) string {
	switch d := i.Data.(type) {
	case discordgo.MessageComponentInteractionData:
		return d.CustomID
	case *discordgo.MessageComponentInteractionData:
		if d != nil {
			return d.CustomID
		}
	case discordgo.ModalSubmitInteractionData:
		return d.CustomID
	case *discordgo.ModalSubmitInteractionData:
		if d != nil {
			return d.CustomID
		}
	}
	return ""
}

// interactionLabel names an interaction for metrics and logs with a bounded
// set of values: the command name when it is ours, the custom_id kind for
// components.
func interactionLabel(i *discordgo.Interaction) string {
	if i == nil {
		return "invalid"
	}
	switch i.Type {
	case discordgo.InteractionPing:
		return "ping"
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		d, ok := commandData(i)
		name := "unknown"
		if _, known := routes.command(d); ok && known {
			name = d.Name
		}
		if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			return "autocomplete:" + name
		}
		return name
	case discordgo.InteractionMessageComponent, discordgo.InteractionModalSubmit:
		if id, err := parseCustomID(componentCustomID(i)); err == nil {
			return "component:" + id.Kind
		}
		return "component:unknown"
	}
	return "unknown"
}

// safeReply is the last guard before a reply leaves: a handler that returned
// nothing becomes an error reply, and every message gets allowed mentions so
// no text can ping @everyone, @here or a role.
func safeReply(r Reply) Reply {
	if r.Response == nil {
		r = internalError()
	}
	switch r.Response.Type {
	case discordgo.InteractionResponseChannelMessageWithSource,
		discordgo.InteractionResponseDeferredChannelMessageWithSource,
		discordgo.InteractionResponseUpdateMessage:
		if r.Response.Data == nil {
			r.Response.Data = &discordgo.InteractionResponseData{}
		}
		r.Response.Data.AllowedMentions = restrictMentions(r.Response.Data.AllowedMentions)
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		if r.Response.Data == nil {
			r.Response.Data = &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}}
		}
		if len(r.Response.Data.Choices) > maxChoices {
			r.Response.Data.Choices = r.Response.Data.Choices[:maxChoices]
		}
	}
	if r.Followup != nil {
		r.Followup.AllowedMentions = restrictMentions(r.Followup.AllowedMentions)
	}
	return r
}

// restrictMentions keeps explicit user mentions a handler allowed and drops
// everything broader: no @everyone/@here, no roles, no "parse all users".
func restrictMentions(m *discordgo.MessageAllowedMentions) *discordgo.MessageAllowedMentions {
	if m == nil {
		return noMentions()
	}
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: m.Users, RepliedUser: false}
}

// laterTimeout bounds a follow-up; Discord's interaction token lasts 15 minutes.
const laterTimeout = 2 * time.Minute

// runLater runs a reply's follow-up for a transport: with a deadline, a
// panic turned into an error message, and allowed mentions set.
func (b *Bot) runLater(ctx context.Context, i *discordgo.Interaction, later func(context.Context) *discordgo.WebhookEdit) (e *discordgo.WebhookEdit) {
	ctx, cancel := context.WithTimeout(ctx, laterTimeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			b.logger().Error("follow-up panicked", "interaction", interactionLabel(i), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		}
		if e == nil { // it panicked (e was never set) or returned nothing
			e = edit(internalErrorText)
		}
		e.AllowedMentions = restrictMentions(e.AllowedMentions)
	}()
	return later(ctx)
}

func (b *Bot) logger() *slog.Logger {
	if b.Log != nil {
		return b.Log
	}
	return slog.Default()
}
