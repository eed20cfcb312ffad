package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"
)

// clickFeedback records Helpful / Not helpful on an answer.
func (b *Bot) clickFeedback(ctx context.Context, i *discordgo.Interaction, id customID) Reply {
	return Reply{}
}
