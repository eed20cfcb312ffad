package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/discordx"

	"clubbot"
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
	return ephemeral("⚠️ " + fmt.Sprintf(format, args...))
}

// internalErrorText is what a member sees when something on our side failed;
// details go to the log, not to the member.
const internalErrorText = "❌ Something went wrong on our side. Please try again in a moment."

// internalError is the reply when something on our side failed.
func internalError() Reply {
	return ephemeral(internalErrorText)
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

// choiceSelect is an optional select offering the choices of a command's
// option, with the same labels the command shows.
func choiceSelect(customID, command, option string) discordx.StringSelect {
	sel := discordx.StringSelect{CustomID: customID, Placeholder: "Choose (optional)"}
	for _, c := range Commands() {
		if c.Name != command {
			continue
		}
		for _, o := range c.Options {
			if o.Name != option {
				continue
			}
			for _, ch := range o.Choices {
				v, _ := ch.Value.(string)
				sel.Options = append(sel.Options, discordgo.SelectMenuOption{Label: ch.Name, Value: v})
			}
		}
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

// ---- who is asking

// userOf is the member who made the interaction: member.user in a server,
// user in a DM. Nil only for malformed interactions.
func userOf(i *discordgo.Interaction) *discordgo.User {
	if i == nil {
		return nil
	}
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User
	}
	return i.User
}

// userID is userOf's id, "" when there is none.
func userID(i *discordgo.Interaction) string {
	if u := userOf(i); u != nil {
		return u.ID
	}
	return ""
}

// displayName is how a member is shown in text: server nickname, else
// global name, else username.
func displayName(m *discordgo.Member, u *discordgo.User) string {
	if m != nil && m.Nick != "" {
		return m.Nick
	}
	if u == nil && m != nil {
		u = m.User
	}
	if u == nil {
		return "someone"
	}
	if u.GlobalName != "" {
		return u.GlobalName
	}
	return u.Username
}

// guildOnly refuses interactions from outside a server (DMs), where clubbot
// has no club to record into. Use: if r, ok := guildOnly(i); !ok { return r }.
func guildOnly(i *discordgo.Interaction) (Reply, bool) {
	if i == nil || i.GuildID == "" || i.Member == nil || i.Member.User == nil {
		return userError("Please use this in a server: clubbot keeps each club's check-ins in its own server."), false
	}
	return Reply{}, true
}

// isAdmin reports whether the member may use admin commands: Manage Server or
// Administrator in the permissions Discord computed for this interaction.
// Discord's default_member_permissions can be overridden by server admins,
// so handlers check this themselves.
func isAdmin(i *discordgo.Interaction) bool {
	if i == nil || i.Member == nil || i.GuildID == "" {
		return false
	}
	p := i.Member.Permissions
	return p&discordgo.PermissionAdministrator != 0 || p&discordgo.PermissionManageGuild != 0
}

// adminOnly refuses members without Manage Server.
// Use: if r, ok := adminOnly(i); !ok { return r }.
func adminOnly(i *discordgo.Interaction) (Reply, bool) {
	if r, ok := guildOnly(i); !ok {
		return r, false
	}
	if !isAdmin(i) {
		return userError("This needs the **Manage Server** permission."), false
	}
	return Reply{}, true
}

// ---- days

// now is the bot's clock.
func (b *Bot) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

// serverDay is the server's local day now, with its settings.
func (b *Bot) serverDay(ctx context.Context, guildID string) (clubbot.Day, clubbot.Settings, error) {
	s, err := b.Store.Settings(ctx, guildID)
	if err != nil {
		return 0, clubbot.Settings{}, fmt.Errorf("server settings: %w", err)
	}
	return clubbot.LocalDay(b.now(), "", s.TimeZone), s, nil
}

// memberDay is a member's local day now (SPEC 4 "Days": their zone, else the
// server's, else UTC).
func (b *Bot) memberDay(ctx context.Context, guildID, userID string) (clubbot.Day, error) {
	s, err := b.Store.Settings(ctx, guildID)
	if err != nil {
		return 0, fmt.Errorf("server settings: %w", err)
	}
	m, err := b.Store.Member(ctx, guildID, userID)
	if err != nil {
		return 0, fmt.Errorf("member settings: %w", err)
	}
	return clubbot.LocalDay(b.now(), m.TimeZone, s.TimeZone), nil
}

// localDay is the asking member's local day now.
func (b *Bot) localDay(ctx context.Context, i *discordgo.Interaction) (clubbot.Day, error) {
	return b.memberDay(ctx, i.GuildID, userID(i))
}

// ---- options

// options are a command's options by name (of the subcommand, when there is one).
type options map[string]*discordgo.ApplicationCommandInteractionDataOption

// commandData returns the application-command data of i, false when i is
// some other kind of interaction.
func commandData(i *discordgo.Interaction) (discordgo.ApplicationCommandInteractionData, bool) {
	if i == nil {
		return discordgo.ApplicationCommandInteractionData{}, false
	}
	switch d := i.Data.(type) {
	case discordgo.ApplicationCommandInteractionData:
		return d, true
	case *discordgo.ApplicationCommandInteractionData:
		if d != nil {
			return *d, true
		}
	}
	return discordgo.ApplicationCommandInteractionData{}, false
}

// commandOptions returns the subcommand's name ("" when the command has no
// subcommands) and its options, or the command's own options.
func commandOptions(i *discordgo.Interaction) (sub string, opts options) {
	opts = options{}
	d, ok := commandData(i)
	if !ok {
		return "", opts
	}
	list := d.Options
	for depth := 0; depth < 2 && len(list) == 1 && list[0] != nil &&
		(list[0].Type == discordgo.ApplicationCommandOptionSubCommand || list[0].Type == discordgo.ApplicationCommandOptionSubCommandGroup); depth++ {
		if sub == "" {
			sub = list[0].Name
		} else {
			sub += " " + list[0].Name
		}
		list = list[0].Options
	}
	for _, o := range list {
		if o != nil && o.Name != "" {
			opts[o.Name] = o
		}
	}
	return sub, opts
}

// focused returns the option being typed in an autocomplete interaction.
func (o options) focused() (name, value string, ok bool) {
	for n, opt := range o {
		if opt.Focused {
			v, _ := opt.Value.(string)
			return n, v, true
		}
	}
	return "", "", false
}

// Has reports whether the option was given.
func (o options) Has(name string) bool { _, ok := o[name]; return ok }

// String returns a string option. False when absent or not a string.
func (o options) String(name string) (string, bool) {
	opt, ok := o[name]
	if !ok || opt == nil {
		return "", false
	}
	s, ok := opt.Value.(string)
	return s, ok
}

// Int returns an integer option. JSON brings numbers as float64; anything
// that is not a whole number within ±2^53 is refused rather than rounded.
func (o options) Int(name string) (int64, bool) {
	opt, ok := o[name]
	if !ok || opt == nil {
		return 0, false
	}
	switch v := opt.Value.(type) {
	case float64:
		if v != math.Trunc(v) || math.IsInf(v, 0) || math.IsNaN(v) || math.Abs(v) > 1<<53 {
			return 0, false
		}
		return int64(v), true
	case int:
		return int64(v), true
	case int64:
		return v, true
	case json.Number:
		n, err := v.Int64()
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil
	}
	return 0, false
}

// Bool returns a boolean option.
func (o options) Bool(name string) (bool, bool) {
	opt, ok := o[name]
	if !ok || opt == nil {
		return false, false
	}
	v, ok := opt.Value.(bool)
	return v, ok
}

// User returns a user option's id (a snowflake).
func (o options) User(name string) (string, bool) {
	return o.snowflake(name)
}

// Channel returns a channel option's id.
func (o options) Channel(name string) (string, bool) {
	return o.snowflake(name)
}

func (o options) snowflake(name string) (string, bool) {
	s, ok := o.String(name)
	if !ok || !isSnowflake(s) {
		return "", false
	}
	return s, true
}

// isSnowflake reports whether s looks like a Discord id: 1-20 digits.
func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// resolvedUser finds a user given in an option (or the target of a user
// command) in the interaction's resolved data, with their member record.
func resolvedUser(i *discordgo.Interaction, id string) (*discordgo.User, *discordgo.Member) {
	d, ok := commandData(i)
	if !ok || d.Resolved == nil {
		return nil, nil
	}
	u := d.Resolved.Users[id]
	m := d.Resolved.Members[id]
	if u == nil && m != nil {
		u = m.User
	}
	return u, m
}

// resolvedChannel finds a channel given in an option.
func resolvedChannel(i *discordgo.Interaction, id string) *discordgo.Channel {
	d, ok := commandData(i)
	if !ok || d.Resolved == nil {
		return nil
	}
	return d.Resolved.Channels[id]
}

// ---- modals

// modalValues returns a submitted modal's inputs by custom id, from Labels
// or from the deprecated action rows; a select gives its chosen value.
func modalValues(i *discordgo.Interaction) map[string]string {
	switch d := i.Data.(type) {
	case discordgo.ModalSubmitInteractionData:
		return discordx.Values(d.Components)
	case *discordgo.ModalSubmitInteractionData:
		if d != nil {
			return discordx.Values(d.Components)
		}
	}
	return map[string]string{}
}

// parseMinutes reads minutes typed into a modal: a whole number 1-240,
// allowing surrounding spaces and a trailing "min".
func parseMinutes(s string) (int, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	for _, suffix := range []string{"minutes", "minute", "mins", "min", "m"} {
		if strings.HasSuffix(t, suffix) {
			t = strings.TrimSpace(strings.TrimSuffix(t, suffix))
			break
		}
	}
	// Plain digits only: Atoi alone would take a sign ("+20").
	notDigit := func(r rune) bool { return r < '0' || r > '9' }
	n, err := strconv.Atoi(t)
	if len(t) > 4 || strings.ContainsFunc(t, notDigit) || err != nil || n < clubbot.MinMinutes || n > clubbot.MaxMinutes {
		return 0, fmt.Errorf("minutes %q: want a whole number %d-%d: %w", truncate(s, 20), clubbot.MinMinutes, clubbot.MaxMinutes, clubbot.ErrInvalid)
	}
	return n, nil
}

// parseChoice matches typed text against a fixed set of choices, ignoring
// case and surrounding space; "" stays "".
func parseChoice(s string, set []string) (string, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" || slices.Contains(set, t) {
		return t, true
	}
	return "", false
}
