package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/bot/picture"
	"clubbot/store"
)

// challengeNews posts, at the server's check-in time, each challenge's start
// announcement (on its first day, with a Join button), its midway update (on
// the middle day of challenges of 4 days or more) and its end announcement
// naming the finishers (the day after its last day). A challenge an admin
// ended early was announced by /challenge end itself.
func (s *Scheduler) challengeNews(ctx context.Context, st clubbot.Settings, today clubbot.Day) error {
	chs, err := s.Bot.Store.Challenges(ctx, st.GuildID, today, true)
	if err != nil {
		return fmt.Errorf("challenge news: %w", err)
	}
	var errs []error
	for _, c := range chs {
		if c.Ended {
			continue
		}
		key := strconv.FormatInt(c.ID, 10)
		switch today {
		case c.Start:
			errs = append(errs, s.post(ctx, st.GuildID, postChallengeStart, key, func(ctx context.Context) (sent, error) {
				return s.send(ctx, st.ChannelID, challengeStartMessage(c))
			}))
		case midway(c):
			errs = append(errs, s.post(ctx, st.GuildID, postChallengeMid, key, func(ctx context.Context) (sent, error) {
				m, err := s.challengeMidMessage(ctx, c, today)
				if err != nil {
					return sent{}, err
				}
				return s.send(ctx, st.ChannelID, m)
			}))
		case c.End() + 1:
			errs = append(errs, s.post(ctx, st.GuildID, postChallengeEnd, key, func(ctx context.Context) (sent, error) {
				ps, err := s.Bot.Store.Participants(ctx, c.ID, c.End())
				if err != nil {
					return sent{}, fmt.Errorf("finishers: %w", err)
				}
				return s.send(ctx, st.ChannelID, challengeEndMessage(c, ps))
			}))
		}
	}
	return errors.Join(errs...)
}

// midway is the day of a challenge's midway update; -1 for short challenges.
func midway(c clubbot.Challenge) clubbot.Day {
	if c.Days < 4 {
		return -1
	}
	return c.Start + clubbot.Day(c.Days/2)
}

// joinRow is the Join button under a challenge announcement.
func joinRow(c clubbot.Challenge) discordgo.MessageComponent {
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Join", Style: discordgo.SuccessButton, CustomID: joinButtonID(c.ID)},
	}}
}

// challengeEmbed describes a challenge: its rules and dates.
func challengeEmbed(title string, c clubbot.Challenge) *discordgo.MessageEmbed {
	desc := fmt.Sprintf("%d minutes a day for %d days, %s to %s.", c.DailyMinutes, c.Days, c.Start, c.End())
	if c.GraceDays > 0 {
		desc += fmt.Sprintf(" Up to %d missed day(s) still finish.", c.GraceDays)
	}
	if c.Description != "" {
		desc = escapeMarkdown(c.Description) + "\n\n" + desc
	}
	return &discordgo.MessageEmbed{
		Title:       truncate(title, maxEmbedTitle),
		Description: truncate(desc, maxEmbedDesc),
		Color:       colourInfo,
	}
}

func challengeStartMessage(c clubbot.Challenge) *discordgo.MessageSend {
	return &discordgo.MessageSend{
		Content:    fmt.Sprintf("🏁 The **%s** challenge starts today! Join in and check in each day.", escapeMarkdown(c.Name)),
		Embeds:     []*discordgo.MessageEmbed{challengeEmbed(c.Name, c)},
		Components: []discordgo.MessageComponent{joinRow(c)},
	}
}

func (s *Scheduler) challengeMidMessage(ctx context.Context, c clubbot.Challenge, today clubbot.Day) (*discordgo.MessageSend, error) {
	ps, err := s.Bot.Store.Participants(ctx, c.ID, today-1)
	if err != nil {
		return nil, fmt.Errorf("midway participants: %w", err)
	}
	onTrack := 0
	for _, p := range ps {
		if p.Progress.Missed <= c.GraceDays {
			onTrack++
		}
	}
	text := fmt.Sprintf("⛰️ Halfway through **%s**: day %d of %d. %d of %d participant(s) are on track to finish.",
		escapeMarkdown(c.Name), c.DayNumber(today), c.Days, onTrack, len(ps))
	return &discordgo.MessageSend{Content: text, Components: []discordgo.MessageComponent{joinRow(c)}}, nil
}

// challengeEndMessage names the finishers. Mentions render as names but ping
// nobody (send sets no allowed mentions).
func challengeEndMessage(c clubbot.Challenge, ps []store.Participant) *discordgo.MessageSend {
	return &discordgo.MessageSend{
		Content: fmt.Sprintf("🎉 The **%s** challenge is over!", escapeMarkdown(c.Name)),
		Embeds:  []*discordgo.MessageEmbed{finishersEmbed(c, ps)},
	}
}

// finishersEmbed lists who finished a challenge and the group's figures.
func finishersEmbed(c clubbot.Challenge, ps []store.Participant) *discordgo.MessageEmbed {
	var fin []string
	for _, p := range ps {
		if p.Progress.Finisher {
			fin = append(fin, fmt.Sprintf("<@%s> (%d/%d days)", p.UserID, p.Progress.QualifyingDays, c.Days))
		}
	}
	desc := fmt.Sprintf("%d of %d participant(s) finished.", len(fin), len(ps))
	if len(fin) > 0 {
		desc += "\n\n**Finishers**\n" + strings.Join(fin, "\n")
	}
	return &discordgo.MessageEmbed{
		Title:       truncate("Finishers: "+c.Name, maxEmbedTitle),
		Description: truncate(desc, maxEmbedDesc),
		Color:       colourOK,
	}
}

// weeklyLeaderboard posts the week's leaderboard (Monday to today) with a picture.
func (s *Scheduler) weeklyLeaderboard(ctx context.Context, st clubbot.Settings, today clubbot.Day) error {
	return s.post(ctx, st.GuildID, postLeaderboard, isoWeek(today), func(ctx context.Context) (sent, error) {
		board, err := s.Bot.Store.Leaderboard(ctx, st.GuildID, clubbot.Week, today, "")
		if err != nil {
			return sent{}, fmt.Errorf("weekly leaderboard: %w", err)
		}
		from, to := clubbot.Week.Range(today)
		m := &discordgo.MessageSend{
			Content: fmt.Sprintf("🏆 **This week's foot-care leaderboard** (%s to %s)", from, to),
			Embeds:  []*discordgo.MessageEmbed{boardEmbed(board)},
		}
		if f := s.leaderboardPicture(ctx, st.GuildID, board); f != nil {
			m.Files = []*discordgo.File{f}
			m.Embeds[0].Image = &discordgo.MessageEmbedImage{URL: "attachment://" + f.Name}
		}
		return s.send(ctx, st.ChannelID, m)
	})
}

// boardEmbed lists a board's top places.
func boardEmbed(b clubbot.Board) *discordgo.MessageEmbed {
	var lines []string
	for _, r := range b.Top {
		lines = append(lines, fmt.Sprintf("**%d.** <@%s>: %d day(s), %d min, streak %d",
			r.Rank, r.UserID, r.QualifyingDays, r.TotalMinutes, r.CurrentStreak))
	}
	desc := strings.Join(lines, "\n")
	if desc == "" {
		desc = "No check-ins this week yet. Tap a button on the daily post to get on the board!"
	}
	return &discordgo.MessageEmbed{Title: "Leaderboard", Description: truncate(desc, maxEmbedDesc), Color: colourInfo}
}

// leaderboardPicture draws the board's days as bars, labelled with member
// names looked up over REST (the user id when that fails); nil when there is
// nothing to draw or drawing failed (the post goes without it).
func (s *Scheduler) leaderboardPicture(ctx context.Context, guildID string, b clubbot.Board) *discordgo.File {
	if len(b.Top) == 0 {
		return nil
	}
	bars := make([]picture.Bar, 0, len(b.Top))
	for _, r := range b.Top {
		bars = append(bars, picture.Bar{Label: s.memberName(ctx, guildID, r.UserID), Value: r.QualifyingDays})
	}
	png, err := picture.Bars("Days with a check-in this week", bars)
	if err != nil {
		s.log().Warn("leaderboard picture", "guild", guildID, "err", err)
		return nil
	}
	return &discordgo.File{Name: "leaderboard.png", ContentType: "image/png", Reader: bytes.NewReader(png)}
}

// memberName is a member's display name, or their id when it cannot be read.
func (s *Scheduler) memberName(ctx context.Context, guildID, userID string) string {
	m, err := s.Bot.REST.GuildMember(guildID, userID, discordgo.WithContext(ctx))
	if err != nil || m == nil {
		return userID
	}
	return displayName(m, m.User)
}
