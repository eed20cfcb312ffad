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

// breakCmd is /break plan and /break cancel (SPEC 3): a member's planned
// break, in their own local days. The rules are clubbot.PlanBreak and
// clubbot.CancelBreak; every reply is ephemeral, and the reason is shown
// to the member only.
func (b *Bot) breakCmd(ctx context.Context, i *discordgo.Interaction) Reply {
	sub, opts := commandOptions(i)
	user := userID(i)
	today, err := b.memberDay(ctx, i.GuildID, user)
	if err != nil {
		return b.fail(ctx, "break: member day", err)
	}
	switch sub {
	case "plan":
		fromText, _ := opts.String("from")
		toText, _ := opts.String("to")
		reason, _ := opts.String("reason")
		from, errFrom := clubbot.ParseDay(strings.TrimSpace(fromText))
		to, errTo := clubbot.ParseDay(strings.TrimSpace(toText))
		if errFrom != nil || errTo != nil {
			return userError("**from** and **to** are dates YYYY-MM-DD such as `%s`, in your own time zone.", today+1)
		}
		if utf8.RuneCountInString(reason) > clubbot.MaxBreakReasonRunes {
			return userError("The reason is longer than %d characters.", clubbot.MaxBreakReasonRunes)
		}
		br := clubbot.Break{From: from, To: to, Reason: strings.TrimSpace(reason)}
		if err := b.Store.PlanBreak(ctx, i.GuildID, user, br, today); err != nil {
			if errors.Is(err, clubbot.ErrInvalid) || errors.Is(err, clubbot.ErrConflict) {
				return userError("%s", breakRuleMessage(err))
			}
			return b.fail(ctx, "break: plan", err)
		}
		return ephemeral(fmt.Sprintf("🏖️ Break planned: %s to %s (%s). Those days neither extend nor break your streak, "+
			"you get no reminders then, and challenges that allow breaks excuse them. `/break cancel` ends it early.",
			br.From.Short(), br.To.Short(), plural(br.Days(), "day")))
	case "cancel":
		was, err := b.Store.CancelBreak(ctx, i.GuildID, user, today)
		switch {
		case errors.Is(err, clubbot.ErrNotFound):
			return b.nothingToCancel(ctx, i.GuildID, user, today)
		case err != nil:
			return b.fail(ctx, "break: cancel", err)
		case was.From > today:
			return ephemeral(fmt.Sprintf("Break of %s to %s cancelled.", was.From.Short(), was.To.Short()))
		}
		return ephemeral(fmt.Sprintf("Break of %s to %s ends today: from tomorrow your days count again.", was.From.Short(), was.To.Short()))
	}
	return userError("Use `/break plan` or `/break cancel`.")
}

// nothingToCancel is /break cancel's answer when no break runs past today
// and none is planned (clubbot.CurrentBreak). A member on the last day of a
// break (often one a first cancel ended today) hears that it ends today
// rather than that they have no break.
func (b *Bot) nothingToCancel(ctx context.Context, guildID, user string, today clubbot.Day) Reply {
	breaks, err := b.Store.Breaks(ctx, guildID, user)
	if err != nil {
		return b.fail(ctx, "break: cancel: breaks", err)
	}
	if clubbot.OnBreak(breaks, today) {
		return userError("Your break already ends today: from tomorrow your days count again. You have no other break planned.")
	}
	return userError("You have no break running or planned.")
}

// breakRuleMessage is PlanBreak's error as a sentence, without the error
// kind code needs.
func breakRuleMessage(err error) string {
	msg := strings.TrimSuffix(ruleText(err), ": "+clubbot.ErrConflict.Error())
	return strings.ToUpper(msg[:1]) + msg[1:] + "."
}

// breakEntry is /break.
func breakEntry() command {
	return command{
		def: serverCommand(&discordgo.ApplicationCommand{
			Name:        "break",
			Description: "Plan a break (holiday, illness) that neither extends nor breaks your streak.",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: "plan",
					Description: fmt.Sprintf("Plan a break of %d-%d days, starting tomorrow or later.", clubbot.MinBreakDays, clubbot.MaxBreakDays),
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionString, Name: "from", Required: true,
							Description: "First day off, YYYY-MM-DD (your time zone).", MinLength: intPtr(10), MaxLength: 10},
						{Type: discordgo.ApplicationCommandOptionString, Name: "to", Required: true,
							Description: "Last day off, YYYY-MM-DD.", MinLength: intPtr(10), MaxLength: 10},
						{Type: discordgo.ApplicationCommandOptionString, Name: "reason",
							Description: "Private note, only you see it.", MaxLength: clubbot.MaxBreakReasonRunes},
					},
				},
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: "cancel",
					Description: "End your running or next break from tomorrow on.",
				},
			},
		}),
		run: (*Bot).breakCmd,
	}
}
