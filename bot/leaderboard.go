package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"clubbot"
)

// leaderboard is /leaderboard [period] [challenge]: public, the top 10 and
// the asking member's place with neighbours. Names are <@id> mentions, which
// Discord shows as names in embeds and which cannot ping (embeds never do,
// and allowed mentions are empty).
func (b *Bot) leaderboard(ctx context.Context, i *discordgo.Interaction) Reply {
	_, opts := commandOptions(i)
	period := clubbot.Week
	if opts.Has("period") {
		s, ok := opts.String("period")
		p, err := clubbot.ParsePeriod(s)
		if !ok || err != nil || s == "" {
			return userError("**period** must be one of: week, month, all.")
		}
		period = p
	}
	today, _, err := b.serverDay(ctx, i.GuildID)
	if err != nil {
		return b.fail(ctx, "leaderboard: server day", err)
	}
	asker := userID(i)
	if opts.Has("challenge") {
		name, ok := opts.String("challenge")
		if !ok || name == "" || utf8.RuneCountInString(name) > clubbot.MaxChallengeNameRunes {
			return userError("**challenge** must be the name of one of this server's challenges (1-%d characters).", clubbot.MaxChallengeNameRunes)
		}
		if opts.Has("period") {
			return userError("Choose a **period** or a **challenge**, not both.")
		}
		c, err := b.Store.Challenge(ctx, i.GuildID, name)
		switch {
		case errors.Is(err, clubbot.ErrNotFound):
			return userError("There is no challenge called “%s” here. `/challenge list` shows them.", escapeMarkdown(name))
		case err != nil:
			return b.fail(ctx, "leaderboard: challenge", err)
		}
		board, err := b.Store.ChallengeLeaderboard(ctx, c.ID, today, asker)
		if err != nil {
			return b.fail(ctx, "challenge leaderboard", err)
		}
		title := truncate("🏆 "+c.Name, maxEmbedTitle)
		day := c.DayNumber(today)
		sub := fmt.Sprintf("Day %d of %d · %d min a day counts", min(max(day, 0), c.Days), c.Days, c.DailyMinutes)
		if c.Over(today) {
			sub = fmt.Sprintf("Finished · %d days · %d min a day", c.Days, c.DailyMinutes)
		} else if day < 1 {
			sub = fmt.Sprintf("Starts %s · %d days · %d min a day", c.Start, c.Days, c.DailyMinutes)
		}
		return b.withBoardPicture(i, public("", leaderboardEmbed(title, sub, "qualifying", board, asker, b.askerHidden(ctx, i))), c.Name+": qualifying days", board)
	}
	board, err := b.Store.Leaderboard(ctx, i.GuildID, period, today, asker)
	if err != nil {
		return b.fail(ctx, "leaderboard", err)
	}
	title, sub := periodHeading(period, today)
	return b.withBoardPicture(i, public("", leaderboardEmbed(title, sub, "days", board, asker, b.askerHidden(ctx, i))), "Days with a check-in", board)
}

// periodHeading is a period board's title and the line under it, shared by
// /leaderboard and the weekly post.
func periodHeading(period clubbot.Period, today clubbot.Day) (title, sub string) {
	from, to := period.Range(today)
	switch period {
	case clubbot.Month:
		return "🏆 This month", fmt.Sprintf("%s to %s", from, to)
	case clubbot.All:
		return "🏆 All time", "Every check-in so far"
	}
	return "🏆 This week", fmt.Sprintf("%s to %s (Monday to Sunday)", from, to)
}

// withBoardPicture answers at once with the board's text, then edits the
// message to add its bar chart: names and drawing are slow work that must not
// hold up the first response.
func (b *Bot) withBoardPicture(i *discordgo.Interaction, r Reply, chartTitle string, board clubbot.Board) Reply {
	if len(board.Top) == 0 {
		return r
	}
	embed := r.Response.Data.Embeds[0]
	r.Later = func(ctx context.Context) *discordgo.WebhookEdit {
		f := b.boardPicture(ctx, i.GuildID, chartTitle, board)
		if f == nil {
			return edit("", embed)
		}
		withImage := *embed
		withImage.Image = &discordgo.MessageEmbedImage{URL: "attachment://" + f.Name}
		e := edit("", &withImage)
		e.Files = []*discordgo.File{f}
		return e
	}
	return r
}

// askerHidden reports whether the asking member chose to hide, to explain
// why they are not on the board.
func (b *Bot) askerHidden(ctx context.Context, i *discordgo.Interaction) bool {
	m, err := b.Store.Member(ctx, i.GuildID, userID(i))
	return err == nil && m.Hidden
}

// leaderboardEmbed renders a board: the top places, then the asker's place
// with neighbours when they are further down.
func leaderboardEmbed(title, sub, daysWord string, board clubbot.Board, asker string, askerHidden bool) *discordgo.MessageEmbed {
	var sb strings.Builder
	sb.WriteString("-# " + sub + "\n")
	if len(board.Top) == 0 {
		sb.WriteString("\nNobody on the board yet. Use `/checkin` to be the first!")
	}
	line := func(r clubbot.Ranked) {
		medal := ""
		switch r.Rank {
		case 1:
			medal = "🥇 "
		case 2:
			medal = "🥈 "
		case 3:
			medal = "🥉 "
		}
		you := ""
		if r.UserID == asker {
			you = " ← you"
		}
		fmt.Fprintf(&sb, "\n%s**%d.** <@%s> · %s · 🔥 %d · %d min%s",
			medal, r.Rank, r.UserID, daysText(r.QualifyingDays, daysWord), r.CurrentStreak, r.TotalMinutes, you)
	}
	for _, r := range board.Top {
		line(r)
	}
	if len(board.Around) > 0 {
		sb.WriteString("\n…")
		for _, r := range board.Around {
			line(r)
		}
	}
	footer := fmt.Sprintf("%d ranked", board.Total)
	switch {
	case askerHidden:
		footer += " · You are hidden from leaderboards (/me leaderboard:show to appear)"
	case board.Asker.Rank == 0:
		footer += " · You are not on this board yet"
	case board.Asker.Rank > 0:
		footer += fmt.Sprintf(" · You are #%d", board.Asker.Rank)
	}
	return &discordgo.MessageEmbed{
		Title:       title,
		Description: truncate(sb.String(), maxEmbedDesc),
		Color:       colourInfo,
		Footer:      &discordgo.MessageEmbedFooter{Text: footer},
	}
}

// daysText is "3 days" or "3 qualifying days".
func daysText(n int, word string) string {
	if word == "qualifying" {
		return plural(n, "qualifying day")
	}
	return plural(n, "day")
}
