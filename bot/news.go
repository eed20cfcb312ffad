package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
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
			if clubbot.DayOf(c.CreatedAt, st.Location()) == c.Start {
				// Created on its first day: /challenge create's public
				// reply was the start announcement (one each, SPEC 6).
				continue
			}
			errs = append(errs, s.post(ctx, st.GuildID, postChallengeStart, key, func(ctx context.Context) (sent, error) {
				return s.send(ctx, st.ChannelID, challengeStartMessage(c, st.Location()))
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
// The dates are Discord timestamps of the server's days (loc).
func challengeEmbed(title string, c clubbot.Challenge, loc *time.Location) *discordgo.MessageEmbed {
	desc := fmt.Sprintf("%s a day for %s, %s to %s.", plural(c.DailyMinutes, "minute"), plural(c.Days, "day"), dateStamp(c.Start, loc), dateStamp(c.End(), loc))
	if c.GraceDays > 0 {
		desc += fmt.Sprintf(" Missing up to %s still finishes.", plural(c.GraceDays, "day"))
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

func challengeStartMessage(c clubbot.Challenge, loc *time.Location) *discordgo.MessageSend {
	return &discordgo.MessageSend{
		Content:    fmt.Sprintf("🏁 The **%s** challenge starts today! Join in and check in each day.", escapeMarkdown(c.Name)),
		Embeds:     []*discordgo.MessageEmbed{challengeEmbed(c.Name, c, loc)},
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
		if !p.Progress.OutOfReach {
			onTrack++
		}
	}
	text := fmt.Sprintf("⛰️ Halfway through **%s**: day %d of %d. %d of %s on track to finish.",
		escapeMarkdown(c.Name), c.DayNumber(today), c.Days, onTrack, plural(len(ps), "participant"))
	return &discordgo.MessageSend{Content: text, Components: []discordgo.MessageComponent{joinRow(c)}}, nil
}

// challengeEndMessage names the finishers. Mentions render as names but ping
// nobody (send sets no allowed mentions).
func challengeEndMessage(c clubbot.Challenge, ps []clubbot.Participant) *discordgo.MessageSend {
	return &discordgo.MessageSend{
		Content: fmt.Sprintf("🎉 The **%s** challenge is over!", escapeMarkdown(c.Name)),
		Embeds:  []*discordgo.MessageEmbed{finishersEmbed(c, ps)},
	}
}

// finishersEmbed lists who finished a challenge and the group's figures.
// It is public: members who chose to hide are counted but not named
// ("and 2 more").
func finishersEmbed(c clubbot.Challenge, ps []clubbot.Participant) *discordgo.MessageEmbed {
	var fin []string
	finished, unnamed := 0, 0
	for _, p := range ps {
		switch {
		case !p.Progress.Finisher:
		case p.Hidden:
			finished++
			unnamed++
		default:
			finished++
			fin = append(fin, fmt.Sprintf("<@%s> (%d/%d days)", p.UserID, p.Progress.QualifyingDays, c.Days))
		}
	}
	desc := fmt.Sprintf("%d of %s finished.", finished, plural(len(ps), "participant"))
	if len(ps) == 0 {
		desc = "Nobody took part."
	}
	switch {
	case unnamed > 0 && len(fin) == 0:
		fin = append(fin, plural(unnamed, "member")+" (not named)")
	case unnamed > 0:
		fin = append(fin, fmt.Sprintf("and %d more", unnamed))
	}
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
		if len(board.Top) == 0 {
			return sent{}, nil // a week with no (visible) check-ins gets no board (SPEC 6)
		}
		title, sub := periodHeading(clubbot.Week, today)
		embed := leaderboardEmbed(title, sub, "days", board)
		from, _ := clubbot.Week.Range(today)
		if line := s.weekConsistency(ctx, st.GuildID, from, today); line != "" {
			embed.Description += "\n\n" + line
		}
		m := &discordgo.MessageSend{
			Content: "🏆 **This week's foot-care leaderboard**",
			Embeds:  []*discordgo.MessageEmbed{embed},
		}
		rest, err := s.rest() // the names are looked up at the send rate too
		if err != nil {
			return sent{}, err
		}
		if f := s.Bot.boardPicture(ctx, rest, st.GuildID, "Days with a check-in this week", board); f != nil {
			m.Files = []*discordgo.File{f}
			m.Embeds[0].Image = &discordgo.MessageEmbedImage{URL: "attachment://" + f.Name}
		}
		return s.send(ctx, st.ChannelID, m)
	})
}

// weekConsistency is the running challenge's group consistency over the
// week so far (the mean of each day's share of participants who qualified),
// or "" when no challenge runs.
func (s *Scheduler) weekConsistency(ctx context.Context, guildID string, from, today clubbot.Day) string {
	cs, err := s.Bot.Store.Challenges(ctx, guildID, today, false)
	if err != nil {
		s.log().Warn("week consistency: challenges", "guild", guildID, "err", err)
		return ""
	}
	var lines []string
	for _, c := range cs {
		if !c.Running(today) {
			continue
		}
		sum, days := 0.0, 0
		for d := max(from, c.Start); d <= today; d++ {
			q, n, err := s.Bot.Store.GroupConsistency(ctx, c.ID, d)
			if err != nil {
				s.log().Warn("week consistency", "challenge", c.ID, "err", err)
				return ""
			}
			sum += clubbot.GroupConsistency(q, n)
			days++
		}
		if days > 0 {
			lines = append(lines, fmt.Sprintf("**%s**: group consistency this week %.0f%%", escapeMarkdown(c.Name), 100*sum/float64(days)))
		}
	}
	return strings.Join(lines, "\n")
}
