package bot

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/discordx"
)

// Embed colours. One palette so every feature looks like the same bot.
const (
	colourOK      = 0x2ECC71 // a stored check-in, a joined challenge
	colourInfo    = 0x3498DB // streaks, settings, answers
	colourWarn    = 0xF1C40F // duplicates, confirmations to make
	colourError   = 0xE74C3C // refusals
	colourRedFlag = 0xC0392B // see a doctor
)

// Discord's limits on what we send (checked here so a long name or note can
// never make a whole response fail).
const (
	maxContent      = 2000
	maxEmbedTitle   = 256
	maxEmbedDesc    = 4096
	maxFieldName    = 256
	maxFieldValue   = 1024
	maxChoices      = 25
	maxChoiceName   = 100
	maxChoiceString = 100
)

// Reply is what a handler returns: the response Discord gets at once, and for
// slow work (LLM answers, pictures) a follow-up the transport runs after the
// response was sent, to edit the deferred original.
type Reply struct {
	Response *discordgo.InteractionResponse
	Later    func(ctx context.Context) *discordgo.WebhookEdit
	// Followup, when set, is a second message the transport sends after the
	// response (and Later's edit): the asker's own part of a public answer,
	// ephemeral, so the public message stays the same for everyone.
	Followup *discordgo.WebhookParams
	// Outcome is how the interaction went, for metrics; the constructors
	// set it (userError, internalError, busyReply...), and the zero value
	// is OutcomeOK.
	Outcome Outcome
}

// Outcome classifies a reply for the interactions metric's outcome label.
type Outcome string

// The outcomes a reply can have; the strings are the metric's label values.
const (
	OutcomeOK        Outcome = "ok"
	OutcomeUserError Outcome = "user_error" // input refused, nothing stored
	OutcomeError     Outcome = "error"      // something on our side failed
	OutcomePanic     Outcome = "panic"      // the handler panicked
	OutcomeBusy      Outcome = "busy"       // turned away at the in-flight bound
	OutcomeReplay    Outcome = "replay"     // a repeat answered with the first reply
)

// outcome is r's Outcome, OutcomeOK when none was set.
func (r Reply) outcome() Outcome {
	if r.Outcome == "" {
		return OutcomeOK
	}
	return r.Outcome
}

// as returns r with outcome o.
func (r Reply) as(o Outcome) Reply {
	r.Outcome = o
	return r
}

// noMentions lets a message ping nobody: not @everyone, @here, roles or
// users, whatever the text contains. Member-written text (notes, questions,
// challenge names) is shown back, so this is the default for every response.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// mentionUser lets a message ping only the given user (reminders).
func mentionUser(userID string) *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: []string{userID}}
}

// ephemeral is a reply only the member who asked sees.
func ephemeral(content string, embeds ...*discordgo.MessageEmbed) Reply {
	r := public(content, embeds...)
	r.Response.Data.Flags = discordgo.MessageFlagsEphemeral
	return r
}

// public is a reply the whole channel sees.
func public(content string, embeds ...*discordgo.MessageEmbed) Reply {
	return Reply{Response: &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content:         truncate(content, maxContent),
			Embeds:          embeds,
			AllowedMentions: noMentions(),
		},
	}}
}

// userError is the reply to input the bot will not take: ephemeral, saying
// what was wrong and what to do instead. Nothing is stored.
func userError(format string, args ...any) Reply {
	return ephemeral("⚠️ " + fmt.Sprintf(format, args...)).as(OutcomeUserError)
}

// internalErrorText is what a member sees when something on our side failed;
// details go to the log, not to the member.
const internalErrorText = "❌ Something went wrong on our side. Please try again in a moment."

// internalError is the reply when something on our side failed.
func internalError() Reply {
	return ephemeral(internalErrorText).as(OutcomeError)
}

// fail logs an error of ours, with what was being done and any extra
// attributes (guild, challenge), and gives the member a short apology.
func (b *Bot) fail(ctx context.Context, what string, err error, attrs ...any) Reply {
	b.logger().ErrorContext(ctx, what, append(attrs, "err", err)...)
	return internalError()
}

// failLater is fail for a follow-up: the apology edits the deferred response.
func (b *Bot) failLater(ctx context.Context, what string, err error) *discordgo.WebhookEdit {
	b.logger().ErrorContext(ctx, what, "err", err)
	return edit(internalErrorText)
}

// withComponents adds rows of components (buttons) to a message reply.
func (r Reply) withComponents(rows ...discordgo.MessageComponent) Reply {
	if r.Response != nil && r.Response.Data != nil {
		r.Response.Data.Components = append(r.Response.Data.Components, rows...)
	}
	return r
}

// withFiles attaches files to a message reply.
func (r Reply) withFiles(files ...*discordgo.File) Reply {
	if r.Response != nil && r.Response.Data != nil {
		r.Response.Data.Files = append(r.Response.Data.Files, files...)
	}
	return r
}

// update is the reply to a button click that rewrites the message the button
// is on (the confirmation, after Undo). Rows replace the old components; none
// removes them.
func update(content string, embeds []*discordgo.MessageEmbed, rows ...discordgo.MessageComponent) Reply {
	if rows == nil {
		rows = []discordgo.MessageComponent{}
	}
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	return Reply{Response: &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{
			Content:         truncate(content, maxContent),
			Embeds:          embeds,
			Components:      rows,
			AllowedMentions: noMentions(),
		},
	}}
}

// deferred acknowledges now ("thinking…") and runs later after the
// acknowledgement, editing the original response with its result. Used for
// slow work: pictures, LLM answers.
func deferred(isEphemeral bool, later func(ctx context.Context) *discordgo.WebhookEdit) Reply {
	data := &discordgo.InteractionResponseData{AllowedMentions: noMentions()}
	if isEphemeral {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	return Reply{
		Response: &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: data},
		Later:    later,
	}
}

// edit builds the WebhookEdit a Later returns.
func edit(content string, embeds ...*discordgo.MessageEmbed) *discordgo.WebhookEdit {
	content = truncate(content, maxContent)
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	return &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, AllowedMentions: noMentions()}
}

// modal opens a form of labelled fields. Each field is a Label component
// around its input (Discord's current form; action rows of text inputs in
// modals are deprecated), its label cut to Discord's 45 characters.
func modal(customID, title string, fields ...discordx.Label) Reply {
	comps := make([]discordgo.MessageComponent, 0, len(fields))
	for _, f := range fields {
		f.Label = truncate(f.Label, 45)
		f.Description = truncate(f.Description, 100)
		comps = append(comps, f)
	}
	return Reply{Response: &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseModal,
		Data: &discordgo.InteractionResponseData{CustomID: customID, Title: truncate(title, 45), Components: comps},
	}}
}

// choiceSelect is an optional select offering a command option's choices,
// with the same labels the command shows.
func choiceSelect(customID string, o *discordgo.ApplicationCommandOption) discordx.StringSelect {
	sel := discordx.StringSelect{CustomID: customID, Placeholder: "Choose (optional)"}
	for _, ch := range o.Choices {
		v, _ := ch.Value.(string)
		sel.Options = append(sel.Options, discordgo.SelectMenuOption{Label: ch.Name, Value: v})
	}
	return sel
}

// autocomplete answers an autocomplete interaction with at most 25 choices,
// each trimmed to Discord's limits.
func autocomplete(choices ...*discordgo.ApplicationCommandOptionChoice) Reply {
	if len(choices) > maxChoices {
		choices = choices[:maxChoices]
	}
	out := make([]*discordgo.ApplicationCommandOptionChoice, 0, len(choices))
	for _, c := range choices {
		if c == nil {
			continue
		}
		c2 := *c
		c2.Name = truncate(c2.Name, maxChoiceName)
		if s, ok := c2.Value.(string); ok {
			if len(s) > maxChoiceString {
				continue // a value we could not send back whole is useless
			}
		}
		if c2.Name == "" {
			continue
		}
		out = append(out, &c2)
	}
	return Reply{Response: &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: out},
	}}
}

// stringChoices makes autocomplete choices whose name is their value.
func stringChoices(values ...string) []*discordgo.ApplicationCommandOptionChoice {
	out := make([]*discordgo.ApplicationCommandOptionChoice, 0, len(values))
	for _, v := range values {
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: v, Value: v})
	}
	return out
}

// truncate cuts s to at most n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	if n <= 1 {
		return string(r[:n])
	}
	return string(r[:n-1]) + "…"
}

// escapeMarkdown keeps member-written text from changing how a message looks
// (bold, links, code blocks). Mentions inside it still cannot ping anyone
// because every response sets noMentions.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '*', '_', '~', '`', '|', '>', '[', ']', '(', ')', '#', '-':
			b.WriteRune('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
