package bot

import (
	"bytes"
	"context"
	"sync"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/bot/picture"
)

// boardPicture draws a board's top places as bars labelled with member names
// (looked up over rest, the user id when that fails). No bar is highlighted:
// the picture is public, the same for everyone who sees it. It returns nil when there
// is nothing to draw or drawing failed: the board goes out without it.
//
// rest is the session the lookups go through: b.REST for /leaderboard, the
// scheduler's paced session (Sender) for the weekly post, so a scheduled
// post's up to 10 lookups keep to the send rate like the post itself.
func (b *Bot) boardPicture(ctx context.Context, rest *discordgo.Session, guildID, title string, board clubbot.Board) *discordgo.File {
	if len(board.Top) == 0 {
		return nil
	}
	names := memberNames(ctx, rest, guildID, board.Top)
	bars := make([]picture.Bar, 0, len(board.Top))
	for n, r := range board.Top {
		bars = append(bars, picture.Bar{Label: names[n], Value: r.QualifyingDays, Rank: r.Rank})
	}
	png, err := picture.Bars(title, bars)
	if err != nil {
		b.logger().Warn("leaderboard picture", "guild", guildID, "err", err)
		return nil
	}
	return &discordgo.File{Name: "leaderboard.png", ContentType: "image/png", Reader: bytes.NewReader(png)}
}

// memberNames looks the ranked members' display names up at once over rest
// (nil: none is looked up); a name that cannot be read is the user id.
func memberNames(ctx context.Context, rest *discordgo.Session, guildID string, ranked []clubbot.Ranked) []string {
	names := make([]string, len(ranked))
	var wg sync.WaitGroup
	for n, r := range ranked {
		wg.Add(1)
		go func() {
			defer wg.Done()
			names[n] = r.UserID
			if rest == nil {
				return
			}
			m, err := rest.GuildMember(guildID, r.UserID, discordgo.WithContext(ctx))
			if err == nil && m != nil {
				names[n] = displayName(m, m.User)
			}
		}()
	}
	wg.Wait()
	return names
}
