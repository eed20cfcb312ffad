package bot

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/faq"
)

// faqCommand handles /faq add|remove|gaps.
func (b *Bot) faqCommand(ctx context.Context, i *discordgo.Interaction) Reply {
	return Reply{}
}

// faqGuildLister is the store method listing every server with /faq
// entries. Without it, LoadFAQEntries falls back to the servers with
// settings (AllSettings), which misses servers that never set a channel.
type faqGuildLister interface {
	FAQGuilds(ctx context.Context) ([]string, error)
}

// LoadFAQEntries loads every server's /faq entries into the engine; call it
// once at start-up, before answering.
func (b *Bot) LoadFAQEntries(ctx context.Context) error {
	var guilds []string
	if l, ok := any(b.Store).(faqGuildLister); ok {
		g, err := l.FAQGuilds(ctx)
		if err != nil {
			return fmt.Errorf("load faq entries: %w", err)
		}
		guilds = g
	} else {
		all, err := b.Store.AllSettings(ctx)
		if err != nil {
			return fmt.Errorf("load faq entries: %w", err)
		}
		for _, s := range all {
			guilds = append(guilds, s.GuildID)
		}
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
