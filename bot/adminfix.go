package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// withFixNotices adds to r, the member's own ephemeral reply, the admin
// fixes recorded for them that they have not been told about ("🛠️ An
// admin added 30 min on Tue 3 Nov"), each shown once (SPEC 4 "Days"). A
// failure to read them leaves r as it is: the notices wait for next time.
func (b *Bot) withFixNotices(ctx context.Context, i *discordgo.Interaction, r Reply) Reply {
	fixes, err := b.Store.TakeFixNotices(ctx, i.GuildID, userID(i))
	if err != nil {
		b.logger().WarnContext(ctx, "admin fix notices", "guild", i.GuildID, "err", err)
		return r
	}
	if len(fixes) == 0 || r.Response == nil || r.Response.Data == nil {
		return r
	}
	lines := make([]string, 0, len(fixes))
	for _, c := range fixes {
		lines = append(lines, fmt.Sprintf("🛠️ An admin added %d min on %s.", c.Minutes, c.Day.Start(time.UTC).Format("Mon 2 Jan")))
	}
	r.Response.Data.Embeds = append(r.Response.Data.Embeds, &discordgo.MessageEmbed{
		Title:       "Fixed for you",
		Description: truncate(strings.Join(lines, "\n"), maxEmbedDesc),
		Color:       colourInfo,
	})
	return r
}
