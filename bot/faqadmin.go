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
)

// faqCommand handles /faq add|remove|gaps (Manage Server, checked here).
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
	case "gaps":
		return b.faqGaps(ctx, i)
	}
	return userError("Use `/faq add`, `/faq remove` or `/faq gaps`.")
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

func (b *Bot) faqGaps(ctx context.Context, i *discordgo.Interaction) Reply {
	gaps, err := b.Store.Gaps(ctx, i.GuildID, gapsShown)
	if err != nil {
		return b.fail(ctx, "faq gaps", err, "guild", i.GuildID)
	}
	if len(gaps) == 0 {
		return ephemeral("No unanswered questions so far. 🎉")
	}
	var lines []string
	for n, g := range gaps {
		lines = append(lines, fmt.Sprintf("%d. %s (asked %d×, last %s)",
			n+1, escapeMarkdown(truncate(g.Question, 150)), g.Count, g.LastAt.UTC().Format("2006-01-02")))
	}
	return ephemeral("", &discordgo.MessageEmbed{
		Title:       "Questions the notes could not answer",
		Description: truncate(strings.Join(lines, "\n"), maxEmbedDesc),
		Footer:      &discordgo.MessageEmbedFooter{Text: "Answer the common ones with /faq add."},
		Color:       colourWarn,
	})
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
