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

// clickJoin joins the challenge of an announcement's Join button.
func (b *Bot) clickJoin(ctx context.Context, i *discordgo.Interaction, id customID) Reply {
	return Reply{}
}
