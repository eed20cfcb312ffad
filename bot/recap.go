package bot

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/bot/picture"
)

// postRecap is the monthly recap's post kind; its key is the month it
// recaps ("2025-06"), so each month's recap is claimed once.
const postRecap = "recap"

// recapTop is how many of the month's longest runs the recap names.
const recapTop = 5

// monthlyRecap posts the club's month that ended yesterday (SPEC 6): its
// sessions, minutes and active members, each running challenge's group
// consistency over the month, the longest runs of days and the club
// calendar picture. It goes out on the 1st, claimed like every post; a
// month without check-ins gets no recap. The post is public: it names
// only members who did not hide, and says "the club", never "you".
func (s *Scheduler) monthlyRecap(ctx context.Context, st clubbot.Settings, today clubbot.Day) error {
	month := today - 1
	from, to := clubbot.Month.Range(month)
	key := from.String()[:7]
	return s.post(ctx, st.GuildID, postRecap, key, func(ctx context.Context) (sent, error) {
		tally := clubbot.NewRecapTally(month, recapTop)
		if err := s.Bot.Store.MonthDays(ctx, st.GuildID, from, to, tally.Add); err != nil {
			return sent{}, fmt.Errorf("monthly recap: %w", err)
		}
		r := tally.Recap()
		if r.ActiveMembers == 0 {
			return sent{}, nil // a month with no check-ins gets no recap (SPEC 6)
		}
		consistency, err := s.recapConsistency(ctx, st.GuildID, from, to)
		if err != nil {
			return sent{}, fmt.Errorf("monthly recap: %w", err)
		}
		m := &discordgo.MessageSend{
			Content: fmt.Sprintf("📅 **The club's %s**", monthName(from)),
			Embeds:  []*discordgo.MessageEmbed{recapEmbed(r, consistency)},
		}
		if png, err := picture.Month(r.From, r.DayShare, r.ActiveMembers); err != nil {
			s.log().Warn("recap picture", "guild", st.GuildID, "err", err)
		} else {
			f := &discordgo.File{Name: "recap.png", ContentType: "image/png", Reader: bytes.NewReader(png)}
			m.Files = []*discordgo.File{f}
			m.Embeds[0].Image = &discordgo.MessageEmbedImage{URL: "attachment://" + f.Name}
		}
		return s.send(ctx, st.ChannelID, m)
	})
}

// monthName is "June 2025".
func monthName(d clubbot.Day) string {
	y, m, _ := d.Date()
	return fmt.Sprintf("%s %d", m, y)
}

// recapConsistency is one line per challenge that ran in from..to with
// participants: its group consistency over the month's days it ran
// (clubbot.PeriodConsistency).
func (s *Scheduler) recapConsistency(ctx context.Context, guildID string, from, to clubbot.Day) ([]string, error) {
	cs, err := s.Bot.Store.Challenges(ctx, guildID, from, false)
	if err != nil {
		return nil, fmt.Errorf("challenges: %w", err)
	}
	var lines []string
	for _, c := range cs {
		if c.Start > to {
			continue // starts after the month
		}
		ps, err := s.Bot.Store.Participations(ctx, c)
		if err != nil {
			return nil, err
		}
		if len(ps) == 0 {
			continue
		}
		lines = append(lines, fmt.Sprintf("**%s**: group consistency this month %.0f%%",
			escapeMarkdown(c.Name), 100*clubbot.PeriodConsistency(c, ps, from, to)))
	}
	return lines, nil
}

// recapEmbed renders a month's figures for everyone to read.
func recapEmbed(r clubbot.MonthRecap, consistency []string) *discordgo.MessageEmbed {
	var sb strings.Builder
	fmt.Fprintf(&sb, "-# %s to %s\n\n", r.From, r.To)
	fmt.Fprintf(&sb, "**%s** · **%d min** · **%s** active", plural(r.Sessions, "session"), r.Minutes, plural(r.ActiveMembers, "member"))
	for _, line := range consistency {
		sb.WriteString("\n" + line)
	}
	if len(r.Longest) > 0 {
		sb.WriteString("\n\n🔥 **Longest runs of days**")
		for _, l := range r.Longest {
			fmt.Fprintf(&sb, "\n<@%s> · %s", l.UserID, plural(l.Days, "day"))
		}
	}
	return &discordgo.MessageEmbed{
		Title:       "📅 " + monthName(r.From),
		Description: truncate(sb.String(), maxEmbedDesc),
		Color:       colourInfo,
		Footer:      &discordgo.MessageEmbedFooter{Text: "The calendar shades each day by the share of active members who checked in."},
	}
}
