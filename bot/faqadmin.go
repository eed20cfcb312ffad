package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/bot/faq"
	"clubbot/store"
)

// Limits on club-written entries (the command table enforces them too).
const (
	maxFAQQuestionRunes = 200
	maxFAQAnswerRunes   = 1500
	gapsShown           = 15
	gapsRead            = 4 * gapsShown
	// listShown entries fit one embed with their short answers.
	listShown       = 20
	listAnswerRunes = 60
)

// faqCommand handles /faq add|remove|list|gaps (Manage Server, checked here).
// After a change the server's entries are reloaded into the engine, so the
// next /ask sees them.
func (b *Bot) faqCommand(ctx context.Context, i *discordgo.Interaction) Reply {
	if r, ok := adminOnly(i); !ok {
		return r
	}
	sub, opts := commandOptions(i)
	switch sub {
	case "add":
		return b.faqAdd(ctx, i, opts)
	case "remove":
		return b.faqRemove(ctx, i, opts)
	case "list":
		return b.faqList(ctx, i)
	case "gaps":
		return b.faqGaps(ctx, i)
	}
	return userError("Use `/faq add`, `/faq list`, `/faq remove` or `/faq gaps`.")
}

func (b *Bot) faqAdd(ctx context.Context, i *discordgo.Interaction, opts options) Reply {
	q, _ := opts.String("question")
	a, _ := opts.String("answer")
	q, a = strings.TrimSpace(q), strings.TrimSpace(a)
	switch {
	case q == "" || a == "":
		return userError("Give both a `question` and its `answer`.")
	case utf8.RuneCountInString(q) > maxFAQQuestionRunes:
		return userError("The question can be up to %d characters; it has %d.", maxFAQQuestionRunes, utf8.RuneCountInString(q))
	case utf8.RuneCountInString(a) > maxFAQAnswerRunes:
		return userError("The answer can be up to %d characters; it has %d.", maxFAQAnswerRunes, utf8.RuneCountInString(a))
	case !utf8.ValidString(q) || !utf8.ValidString(a):
		return userError("That text has characters clubbot cannot read.")
	}
	e, err := b.Store.AddFAQ(ctx, store.FAQEntry{GuildID: i.GuildID, Question: q, Answer: a, CreatedBy: userID(i), CreatedAt: b.now()})
	if errors.Is(err, clubbot.ErrInvalid) {
		return userError("%s", ruleMessage(err))
	}
	if err != nil {
		return b.fail(ctx, "faq add", err, "guild", i.GuildID)
	}
	if err := b.reloadFAQ(ctx, i.GuildID); err != nil {
		return b.fail(ctx, "faq add", err, "guild", i.GuildID)
	}
	return ephemeral(fmt.Sprintf("✅ Added entry **#%d**: %s\n`/faq remove id:%d` takes it out again.",
		e.ID, escapeMarkdown(truncate(q, 200)), e.ID))
}

func (b *Bot) faqRemove(ctx context.Context, i *discordgo.Interaction, opts options) Reply {
	id, ok := opts.Int("id")
	if !ok || id < 1 {
		return userError("Give the entry's number, as `/faq add` showed it.")
	}
	err := b.Store.RemoveFAQ(ctx, i.GuildID, id)
	if errors.Is(err, clubbot.ErrNotFound) {
		return userError("This server has no entry #%d.", id)
	}
	if err != nil {
		return b.fail(ctx, "faq remove", err, "guild", i.GuildID)
	}
	if err := b.reloadFAQ(ctx, i.GuildID); err != nil {
		return b.fail(ctx, "faq remove", err, "guild", i.GuildID)
	}
	return ephemeral(fmt.Sprintf("🗑️ Removed entry #%d.", id))
}

// faqList shows the server's entries with the ids /faq remove takes: id,
// question and the start of the answer, oldest first.
func (b *Bot) faqList(ctx context.Context, i *discordgo.Interaction) Reply {
	es, err := b.Store.FAQEntries(ctx, i.GuildID)
	if err != nil {
		return b.fail(ctx, "faq list", err, "guild", i.GuildID)
	}
	if len(es) == 0 {
		return ephemeral("The club has no entries yet. `/faq add` adds one.")
	}
	var lines []string
	for _, e := range es[:min(len(es), listShown)] {
		lines = append(lines, fmt.Sprintf("**#%d** %s\n-# %s", e.ID,
			escapeMarkdown(truncate(e.Question, 100)), escapeMarkdown(truncate(strings.Join(strings.Fields(e.Answer), " "), listAnswerRunes))))
	}
	if len(es) > listShown {
		lines = append(lines, fmt.Sprintf("…and %d more.", len(es)-listShown))
	}
	return ephemeral("", &discordgo.MessageEmbed{
		Title:       fmt.Sprintf("The club's FAQ (%s)", plural(len(es), "entry")),
		Description: truncate(strings.Join(lines, "\n"), maxEmbedDesc),
		Footer:      &discordgo.MessageEmbedFooter{Text: "/faq remove id:N takes entry #N out."},
		Color:       colourInfo,
	})
}

// faqGaps lists, for admins, the questions the bot could not answer (most
// asked first) and the answers members rated not helpful. A question that a
// later /faq add (or new documents) now answers drops out of the first list.
func (b *Bot) faqGaps(ctx context.Context, i *discordgo.Interaction) Reply {
	// Read more than are shown: some are answered by now.
	asked, err := b.Store.Gaps(ctx, i.GuildID, gapsRead)
	if err != nil {
		return b.fail(ctx, "faq gaps", err, "guild", i.GuildID)
	}
	unhelpful, err := b.Store.Unhelpful(ctx, i.GuildID, gapsShown)
	if err != nil {
		return b.fail(ctx, "faq gaps: unhelpful", err, "guild", i.GuildID)
	}
	var open []string
	for _, g := range asked {
		if len(open) == gapsShown {
			break
		}
		if b.FAQ != nil && b.FAQ.Covers(i.GuildID, g.Question) {
			continue
		}
		open = append(open, fmt.Sprintf("%d. %s (asked %s, last %s)",
			len(open)+1, escapeMarkdown(truncate(g.Question, 150)), plural(g.Count, "time"), g.LastAt.UTC().Format("2006-01-02")))
	}
	var missed []string
	for n, g := range unhelpful {
		missed = append(missed, fmt.Sprintf("%d. %s (not helpful %s, helpful %s)",
			n+1, escapeMarkdown(truncate(g.Question, 150)), plural(g.Count, "time"), plural(g.Helpful, "time")))
	}
	if len(open) == 0 && len(missed) == 0 {
		return ephemeral("No unanswered questions and no answers rated not helpful so far. 🎉")
	}
	var sb strings.Builder
	for _, part := range []struct {
		name  string
		lines []string
	}{{"Questions the notes could not answer", open}, {"Answers rated not helpful", missed}} {
		if len(part.lines) == 0 {
			part.lines = []string{"None so far."}
		}
		fmt.Fprintf(&sb, "**%s**\n%s\n\n", part.name, strings.Join(part.lines, "\n"))
	}
	e := &discordgo.MessageEmbed{
		Title:       "FAQ gaps",
		Description: truncate(strings.TrimSpace(sb.String()), maxEmbedDesc),
		Footer:      &discordgo.MessageEmbedFooter{Text: "Answer the common ones with /faq add."},
		Color:       colourWarn,
	}
	return ephemeral("", e)
}

// LoadFAQEntries loads every server's /faq entries into the engine; call it
// once at start-up, before answering.
func (b *Bot) LoadFAQEntries(ctx context.Context) error {
	guilds, err := b.Store.FAQGuilds(ctx)
	if err != nil {
		return fmt.Errorf("load faq entries: %w", err)
	}
	for _, g := range guilds {
		if err := b.reloadFAQ(ctx, g); err != nil {
			return err
		}
	}
	return nil
}

// reloadFAQ puts a server's stored entries into the engine.
func (b *Bot) reloadFAQ(ctx context.Context, guildID string) error {
	es, err := b.Store.FAQEntries(ctx, guildID)
	if err != nil {
		return fmt.Errorf("load faq entries of %s: %w", guildID, err)
	}
	out := make([]faq.Entry, 0, len(es))
	for _, e := range es {
		out = append(out, faq.Entry{ID: e.ID, Question: e.Question, Answer: e.Answer})
	}
	b.FAQ.SetEntries(guildID, out)
	return nil
}

// faqEntry is /faq (Manage Server).
func faqEntry() command {
	return command{
		def: adminCommand(serverCommand(&discordgo.ApplicationCommand{
			Name:        "faq",
			Description: "The club's own questions and answers (Manage Server).",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "add", Description: "Add a question and its answer.",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionString, Name: "question", Required: true,
							Description: "The question as members would ask it.", MinLength: intPtr(3), MaxLength: 200},
						{Type: discordgo.ApplicationCommandOptionString, Name: "answer", Required: true,
							Description: "The club's answer.", MinLength: intPtr(1), MaxLength: 1500},
					}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "remove", Description: "Remove an entry by its number.",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionInteger, Name: "id", Required: true,
							Description: "The entry's number, as /faq list shows it.", MinValue: floatPtr(1)},
					}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "The club's entries with their numbers."},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "gaps", Description: "Questions the notes could not answer and answers rated not helpful."},
			},
		})),
		run: (*Bot).faqCommand,
	}
}
