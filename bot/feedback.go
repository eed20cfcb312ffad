package bot

import (
	"context"
	"errors"

	"github.com/bwmarrin/discordgo"

	"clubbot"
)

// clickFeedback records a member's Helpful / Not helpful on an answer. The
// button carries the question's log id, so it works after a restart; a
// second click changes the verdict (the last one wins). A question of another
// server is refused like an unknown one.
func (b *Bot) clickFeedback(ctx context.Context, i *discordgo.Interaction, id customID) Reply {
	helpful := id.flag(1)
	err := b.Store.Feedback(ctx, i.GuildID, id.int(0), userID(i), helpful)
	if errors.Is(err, clubbot.ErrNotFound) {
		return userError("That answer is too old to rate. Ask again with `/ask`.")
	}
	if err != nil {
		return b.fail(ctx, "answer feedback", err)
	}
	if helpful {
		return ephemeral("👍 Thanks! Glad it helped.")
	}
	return ephemeral("🙏 Thanks for telling us. The club's admins see which answers miss, and can add better ones with `/faq add`.")
}
