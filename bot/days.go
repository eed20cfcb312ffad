package bot

// Day lookups: the bot's clock and the local day of a server or member, read
// from their stored time zones.

import (
	"context"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
)

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
