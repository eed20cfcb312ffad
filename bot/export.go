package bot

import (
	"bytes"
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// export is /export (Manage Server): the server's check-ins as a CSV file,
// sent only to the admin who asked. A big server's file takes a while, so
// the reply is deferred.
func (b *Bot) export(ctx context.Context, i *discordgo.Interaction) Reply {
	if r, ok := adminOnly(i); !ok {
		return r
	}
	guildID := i.GuildID
	return deferred(true, func(ctx context.Context) *discordgo.WebhookEdit {
		var buf bytes.Buffer
		if err := b.Store.ExportCSV(ctx, guildID, &buf); err != nil {
			return b.failLater(ctx, "export csv", err)
		}
		today, _, err := b.serverDay(ctx, guildID)
		name := "checkins.csv"
		if err == nil {
			name = fmt.Sprintf("checkins-%s.csv", today)
		}
		w := edit("The server's check-ins, one row per session.")
		w.Files = []*discordgo.File{{Name: name, ContentType: "text/csv", Reader: &buf}}
		return w
	})
}
