package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"
)

// faqCommand handles /faq add|remove|gaps.
func (b *Bot) faqCommand(ctx context.Context, i *discordgo.Interaction) Reply {
	return Reply{}
}
