package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"
)

// challenge handles /challenge create|join|leave|status|list|end.
func (b *Bot) challenge(ctx context.Context, i *discordgo.Interaction) Reply {
	return Reply{}
}

// challengeAutocomplete suggests the server's challenges for the name option.
func (b *Bot) challengeAutocomplete(ctx context.Context, i *discordgo.Interaction) Reply {
	return Reply{}
}
