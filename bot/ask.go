package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"
)

// ask handles /ask question.
func (b *Bot) ask(ctx context.Context, i *discordgo.Interaction) Reply {
	return Reply{}
}

// askAutocomplete suggests known questions.
func (b *Bot) askAutocomplete(ctx context.Context, i *discordgo.Interaction) Reply {
	return Reply{}
}
