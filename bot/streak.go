package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/bot/picture"
)

// streakCardName is the user context menu's name; user commands may have
// spaces and capitals.
const streakCardName = "Foot-care streak"

// calendarDays is how far back the streak calendar reaches: 12 weeks of
// columns starting on a Monday, so up to 6 days more than 84.
const calendarDays = 7*picture.CalendarWeeks + 6

// streak is /streak [member].
func (b *Bot) streak(ctx context.Context, i *discordgo.Interaction) Reply {
	_, opts := commandOptions(i)
	target := userID(i)
	if opts.Has("member") {
		id, ok := opts.User("member")
		if !ok {
			return userError("**member** must be a member of this server.")
		}
		target = id
	}
	return b.streakFor(ctx, i, target)
}

// streakCard is the "Foot-care streak" user context menu: the same card for
// the member it was used on.
func (b *Bot) streakCard(ctx context.Context, i *discordgo.Interaction) Reply {
	d, ok := commandData(i)
	if !ok || !isSnowflake(d.TargetID) {
		return userError("Use this on a member of this server.")
	}
	return b.streakFor(ctx, i, d.TargetID)
}

// streakFor shows target's streak card. About yourself it is ephemeral;
// about another member it is public unless they chose to hide, in which case
// it is not shown at all. The calendar picture is slow work, so the reply is
// deferred and the card edited in.
func (b *Bot) streakFor(ctx context.Context, i *discordgo.Interaction, target string) Reply {
	self := target == userID(i)
	u, m := resolvedUser(i, target)
	name := "you"
	if !self {
		if u != nil && u.Bot {
			return userError("Bots do not massage their feet.")
		}
		name = displayName(m, u)
		if u == nil && m == nil {
			name = "<@" + target + ">"
		}
		mem, err := b.Store.Member(ctx, i.GuildID, target)
		if err != nil {
			return b.fail(ctx, "streak: member settings", err)
		}
		if mem.Hidden {
			return userError("%s keeps their streak private.", escapeMarkdown(name))
		}
	}
	guildID := i.GuildID
	return deferred(self, func(ctx context.Context) *discordgo.WebhookEdit {
		e, f, err := b.streakCardEmbed(ctx, guildID, target, name, self)
		if err != nil {
			return b.failLater(ctx, "streak card", err)
		}
		w := edit("", e)
		if f != nil {
			w.Files = []*discordgo.File{f}
		}
		return w
	})
}

// streakCardEmbed builds the card: streak, this week and month, totals and
// the calendar picture (nil when it could not be drawn). A card about
// another member is public: figures only, never their notes or anything
// said to them.
func (b *Bot) streakCardEmbed(ctx context.Context, guildID, target, name string, self bool) (*discordgo.MessageEmbed, *discordgo.File, error) {
	today, err := b.memberDay(ctx, guildID, target)
	if err != nil {
		return nil, nil, err
	}
	st, err := b.Store.Stats(ctx, guildID, target, today)
	if err != nil {
		return nil, nil, fmt.Errorf("stats: %w", err)
	}
	hist, err := b.Store.History(ctx, guildID, target, today-calendarDays+1, today)
	if err != nil && !errors.Is(err, clubbot.ErrNotFound) {
		return nil, nil, fmt.Errorf("history: %w", err)
	}
	title := "Your foot-care streak"
	if !self {
		title = truncate("Foot-care streak: "+name, maxEmbedTitle)
	}
	e := &discordgo.MessageEmbed{
		Title:       title,
		Description: fmt.Sprintf("%s\n-# As of %s", streakText(st.Streak), dayLabel(today, today)),
		Color:       colourInfo,
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Current streak", Value: plural(st.Streak.Current, "day"), Inline: true},
			{Name: "Longest streak", Value: plural(st.Streak.Longest, "day"), Inline: true},
			{Name: "This week", Value: fmt.Sprintf("%s, %d min", plural(st.WeekDays, "day"), st.WeekMinutes), Inline: true},
			{Name: "This month", Value: fmt.Sprintf("%s, %d min", plural(st.MonthDays, "day"), st.MonthMinutes), Inline: true},
			{Name: "All time", Value: fmt.Sprintf("%s, %d min", plural(st.TotalDays, "day"), st.TotalMinutes), Inline: true},
		},
	}
	if st.MaxFreezes > 0 {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "🧊 Freezes", Inline: true,
			Value: fmt.Sprintf("%d of %d held; %s", st.State.Freezes, st.MaxFreezes, daysNamed("frozen", st.State.Frozen))})
	}
	if len(st.State.BreakDays) > 0 {
		// Break days, never the reason: the card about another member is public.
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "🏖️ Break days", Inline: true,
			Value: daysNamed("on a break", st.State.BreakDays)})
	}
	if self {
		if n := b.freezeNotice(ctx, guildID, target, st); n != "" {
			e.Description = n + "\n" + e.Description
		}
	}
	switch {
	case st.TotalDays == 0 && !self:
		e.Description = "No check-ins yet."
	case st.TotalDays == 0:
		e.Description = "No check-ins yet. Use `/checkin` or a button on the daily post to start a streak."
	}
	f := calendarPicture(hist, picture.Marks{Frozen: st.State.Frozen, Break: st.State.BreakDays}, today)
	if f != nil {
		e.Image = &discordgo.MessageEmbedImage{URL: "attachment://" + f.Name}
	}
	return e, f, nil
}

// daysNamed words a list of days: how many, and the last few by name.
func daysNamed(what string, days []clubbot.Day) string {
	if len(days) == 0 {
		return "none " + what
	}
	const shown = 3
	names := make([]string, 0, shown)
	for _, d := range days[max(0, len(days)-shown):] {
		names = append(names, d.Short())
	}
	return fmt.Sprintf("%s %s (latest %s)", plural(len(days), "day"), what, strings.Join(names, ", "))
}

// freezeNotice is the line telling the member about freezes used since
// they were last told (clubbot.FreezeNotice), marking them told; "" when
// there is none. A failure to mark is logged: telling twice is better
// than failing the reply.
func (b *Bot) freezeNotice(ctx context.Context, guildID, userID string, st clubbot.MemberStats) string {
	n := clubbot.FreezeNotice(st.State, st.FreezeTold+1)
	if n == "" {
		return ""
	}
	if err := b.Store.MarkFreezesTold(ctx, guildID, userID, st.State.Frozen[len(st.State.Frozen)-1]); err != nil {
		b.logger().Warn("mark freezes told", "guild", guildID, "user", userID, "err", err)
	}
	return n
}

// memberFreezeNotice is freezeNotice for a reply that has not read the
// member's stats (/me); "" when there is nothing to tell or reading failed.
func (b *Bot) memberFreezeNotice(ctx context.Context, guildID, userID string) string {
	today, err := b.memberDay(ctx, guildID, userID)
	if err != nil {
		return ""
	}
	st, err := b.Store.Stats(ctx, guildID, userID, today)
	if err != nil {
		b.logger().Warn("freeze notice: stats", "guild", guildID, "user", userID, "err", err)
		return ""
	}
	return b.freezeNotice(ctx, guildID, userID, st)
}

// calendarPicture draws the last 12 weeks as streak.png, frozen and break
// days marked; nil when it cannot.
func calendarPicture(hist []clubbot.DayTotal, marks picture.Marks, today clubbot.Day) *discordgo.File {
	png, err := picture.CalendarMarked(hist, marks, today, picture.DefaultTarget)
	if err != nil {
		return nil
	}
	return &discordgo.File{Name: "streak.png", ContentType: "image/png", Reader: bytes.NewReader(png)}
}

// streakEntry is /streak.
func streakEntry() command {
	return command{
		def: serverCommand(&discordgo.ApplicationCommand{
			Name:        "streak",
			Description: "Your streak, this week and month, and a calendar of the last 12 weeks.",
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionUser, Name: "member",
				Description: "Whose streak to show (default you).",
			}},
		}),
		run: (*Bot).streak,
	}
}

// streakCardEntry is the "Foot-care streak" user context menu.
func streakCardEntry() command {
	return command{
		def: serverCommand(&discordgo.ApplicationCommand{
			Type: discordgo.UserApplicationCommand,
			Name: streakCardName,
		}),
		run: (*Bot).streakCard,
	}
}
