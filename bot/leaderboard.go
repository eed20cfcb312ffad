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
	today, st, err := b.serverDay(ctx, i.GuildID)
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
			sub = fmt.Sprintf("Finished · %s · %d min a day", plural(c.Days, "day"), c.DailyMinutes)
		} else if day < 1 {
			sub = fmt.Sprintf("Starts %s · %s · %d min a day", dateStamp(c.Start, st.Location()), plural(c.Days, "day"), c.DailyMinutes)
		}
		return b.boardReply(ctx, i, leaderboardEmbed(title, sub, "qualifying", board), c.Name+": qualifying days", board, "qualifying")
	}
	board, err := b.Store.Leaderboard(ctx, i.GuildID, period, today, asker)
	if err != nil {
		return b.fail(ctx, "leaderboard", err)
	}
	title, sub := periodHeading(period, today)
	return b.boardReply(ctx, i, leaderboardEmbed(title, sub, "days", board), "Days with a check-in", board, "days")
}

// boardReply is a leaderboard answer: the public board, the same for every
// reader (SPEC 4 "Public and private"), with its picture edited in, and the
// asker's own place in an ephemeral follow-up.
func (b *Bot) boardReply(ctx context.Context, i *discordgo.Interaction, embed *discordgo.MessageEmbed, chartTitle string, board clubbot.Board, daysWord string) Reply {
	r := b.withBoardPicture(i, public("", embed), chartTitle, board)
	r.Followup = privateFollowup(askerPlace(board, daysWord, b.askerHidden(ctx, i)))
	return r
}

// privateFollowup is a follow-up message only the asker sees.
func privateFollowup(content string) *discordgo.WebhookParams {
	return &discordgo.WebhookParams{
		Content:         truncate(content, maxContent),
		Flags:           discordgo.MessageFlagsEphemeral,
		AllowedMentions: noMentions(),
	}
}

// askerPlace is the asker's part of a board, for them alone: their rank with
// a neighbour either side, or why they are not on it.
func askerPlace(board clubbot.Board, daysWord string, hidden bool) string {
	switch {
	case hidden:
		return "🙈 You are hidden from leaderboards. `/me leaderboard:show` puts you back on them."
	case board.Asker.Rank == 0 && daysWord == "qualifying":
		return "You are not on this board yet: it ranks the challenge's members (`/challenge join`)."
	case board.Asker.Rank == 0:
		return "You are not on this board yet. A `/checkin` puts you on it."
	}
	near := board.Around
	if len(near) == 0 {
		for _, r := range board.Top {
			if r.Rank >= board.Asker.Rank-1 && r.Rank <= board.Asker.Rank+1 {
				near = append(near, r)
			}
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "**Your place: #%d of %d**", board.Asker.Rank, board.Total)
	for _, r := range near {
		sb.WriteString("\n" + rankLine(r, daysWord))
		if r.UserID == board.Asker.UserID {
			sb.WriteString(" ← you")
		}
	}
	return sb.String()
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
		f := b.boardPicture(ctx, b.REST, i.GuildID, chartTitle, board)
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

// leaderboardEmbed renders a board's top places for everyone to read: no
// asker, no "you" (their place goes in askerPlace's follow-up).
func leaderboardEmbed(title, sub, daysWord string, board clubbot.Board) *discordgo.MessageEmbed {
	var sb strings.Builder
	sb.WriteString("-# " + sub + "\n")
	if len(board.Top) == 0 {
		sb.WriteString("\nNobody on the board yet. A `/checkin` puts a member on it.")
	}
	for _, r := range board.Top {
		sb.WriteString("\n" + rankLine(r, daysWord))
	}
	return &discordgo.MessageEmbed{
		Title:       title,
		Description: truncate(sb.String(), maxEmbedDesc),
		Color:       colourInfo,
		Footer:      &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("%d ranked", board.Total)},
	}
}

// rankLine is one place on a board: medal, rank, member, days, streak, minutes.
func rankLine(r clubbot.Ranked, daysWord string) string {
	medal := ""
	switch r.Rank {
	case 1:
		medal = "🥇 "
	case 2:
		medal = "🥈 "
	case 3:
		medal = "🥉 "
	}
	return fmt.Sprintf("%s**%d.** <@%s> · %s · 🔥 %d · %d min",
		medal, r.Rank, r.UserID, daysText(r.QualifyingDays, daysWord), r.CurrentStreak, r.TotalMinutes)
}

// daysText is "3 days" or "3 qualifying days".
func daysText(n int, word string) string {
	if word == "qualifying" {
		return plural(n, "qualifying day")
	}
	return plural(n, "day")
}

// leaderboardEntry is /leaderboard; its challenge option autocompletes.
func leaderboardEntry() command {
	return command{
		def: serverCommand(&discordgo.ApplicationCommand{
			Name:        "leaderboard",
			Description: "Who has been most consistent: this week, month, all time or in a challenge.",
			Options: []*discordgo.ApplicationCommandOption{
				choiceOption("period", "Which span to rank (default this week).", []string{"week", "month", "all"},
					map[string]string{"week": "This week", "month": "This month", "all": "All time"}),
				{
					Type: discordgo.ApplicationCommandOptionString, Name: "challenge", Autocomplete: true,
					Description: "Rank a challenge's participants instead.",
					MaxLength:   clubbot.MaxChallengeNameRunes,
				},
			},
		}),
		run:          (*Bot).leaderboard,
		autocomplete: (*Bot).challengeAutocomplete,
	}
}
