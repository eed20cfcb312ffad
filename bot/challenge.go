package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"clubbot"
)

// maxStartAhead is how far ahead a challenge may be scheduled.
const maxStartAhead = 366

// statusAfterEnd is how many days after its end /challenge status (without
// a name) still shows a challenge's final result.
const statusAfterEnd = 7

// challenge handles /challenge create|join|leave|status|list|end.
func (b *Bot) challenge(ctx context.Context, i *discordgo.Interaction) Reply {
	if r, ok := guildOnly(i); !ok {
		return r
	}
	sub, opts := commandOptions(i)
	switch sub {
	case "create":
		return b.challengeCreate(ctx, i, opts)
	case "join":
		return b.challengeJoin(ctx, i, opts)
	case "leave":
		return b.challengeLeave(ctx, i, opts)
	case "status":
		return b.challengeStatus(ctx, i, opts)
	case "list":
		return b.challengeList(ctx, i)
	case "end":
		return b.challengeEnd(ctx, i, opts)
	}
	return userError("Use one of `/challenge create`, `join`, `leave`, `status`, `list` or `end`.")
}

// ruleText is a domain rule error as the member should read it: without
// the trailing ": invalid" that only code needs.
func ruleText(err error) string {
	return strings.TrimSuffix(err.Error(), ": "+clubbot.ErrInvalid.Error())
}

// ruleMessage turns a domain rule error into a sentence for the member.
func ruleMessage(err error) string {
	msg := ruleText(err)
	if msg == "" {
		return "That is not valid."
	}
	return strings.ToUpper(msg[:1]) + msg[1:] + "."
}

// parseStart reads the start option: "" or "tomorrow" (the default),
// "today", or a date YYYY-MM-DD, not in the past and at most a year ahead.
func parseStart(s string, today clubbot.Day) (clubbot.Day, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "tomorrow":
		return today + 1, nil
	case "today":
		return today, nil
	}
	d, err := clubbot.ParseDay(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("start %q: want YYYY-MM-DD, \"today\" or \"tomorrow\": %w", truncate(s, 20), clubbot.ErrInvalid)
	}
	if d < today {
		return 0, fmt.Errorf("start %s is in the past (today is %s): %w", d, today, clubbot.ErrInvalid)
	}
	if d > today+maxStartAhead {
		return 0, fmt.Errorf("start %s is more than a year ahead: %w", d, clubbot.ErrInvalid)
	}
	return d, nil
}

func (b *Bot) challengeCreate(ctx context.Context, i *discordgo.Interaction, opts options) Reply {
	if r, ok := adminOnly(i); !ok {
		return r
	}
	today, st, err := b.serverDay(ctx, i.GuildID)
	if err != nil {
		return b.fail(ctx, "challenge create", err)
	}
	name, _ := opts.String("name")
	desc, _ := opts.String("description")
	startText, _ := opts.String("start")
	days, okDays := opts.Int("days")
	minutes, okMinutes := opts.Int("daily-minutes")
	grace, okGrace := opts.Int("grace-days")
	if !okDays || !okMinutes {
		return userError("Give the challenge `days` and `daily-minutes` as whole numbers.")
	}
	if opts.Has("grace-days") && !okGrace {
		return userError("`grace-days` must be a whole number.")
	}
	allowBreaks, okBreaks := opts.Bool("allow-breaks")
	if opts.Has("allow-breaks") && !okBreaks {
		return userError("`allow-breaks` must be true or false.")
	}
	if utf8.RuneCountInString(startText) > 20 {
		return userError("`start` is a date like 2025-01-31, or today, or tomorrow.")
	}
	start, err := parseStart(startText, today)
	if err != nil {
		return userError("%s", ruleMessage(err))
	}
	// Bound the numbers before converting, so a huge value cannot wrap into range.
	clamp := func(n int64) int {
		if n < -1 || n > 100000 {
			return -1
		}
		return int(n)
	}
	c := clubbot.Challenge{
		GuildID:      i.GuildID,
		Name:         strings.TrimSpace(name),
		Description:  strings.TrimSpace(desc),
		Start:        start,
		Days:         clamp(days),
		DailyMinutes: clamp(minutes),
		GraceDays:    clamp(grace),
		NoBreaks:     okBreaks && !allowBreaks,
		CreatedBy:    userID(i),
		CreatedAt:    b.now(),
	}
	if strings.ContainsAny(c.Name, "\n\r") {
		return userError("The challenge name must be one line.")
	}
	if err := c.Validate(); err != nil {
		return userError("%s", ruleMessage(err))
	}
	created, err := b.Store.CreateChallenge(ctx, c)
	switch {
	case errors.Is(err, clubbot.ErrConflict):
		return userError("There is already a challenge called **%s** that is not over. Pick another name, or `/challenge end` it first.", escapeMarkdown(c.Name))
	case errors.Is(err, clubbot.ErrInvalid):
		return userError("%s", ruleMessage(err))
	case err != nil:
		return b.fail(ctx, "challenge create", err, "guild", i.GuildID)
	}
	c = created
	// Starting today, this reply is the start announcement: the scheduled
	// one is left out (challengeNews).
	when := "starts today"
	if c.Start > today {
		when = "starts on " + dateStamp(c.Start, st.Location())
	}
	text := fmt.Sprintf("🏁 New challenge: **%s** %s. Tap Join to take part.", escapeMarkdown(c.Name), when)
	return public(text, challengeEmbed(c.Name, c, st.Location())).withComponents(joinRow(c))
}

// findChallenge resolves the name option: the named challenge, or when no
// name is given, the one challenge of the server that is not over. On false
// the Reply says why.
func (b *Bot) findChallenge(ctx context.Context, guildID, name string, today clubbot.Day) (clubbot.Challenge, Reply, bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		chs, err := b.Store.Challenges(ctx, guildID, today, false)
		if err != nil {
			return clubbot.Challenge{}, b.fail(ctx, "list challenges", err, "guild", guildID), false
		}
		switch len(chs) {
		case 0:
			return clubbot.Challenge{}, userError("There is no challenge running or coming up. An admin can start one with `/challenge create`."), false
		case 1:
			return chs[0], Reply{}, true
		}
		return clubbot.Challenge{}, userError("There are %d challenges; say which one with the `name` option.", len(chs)), false
	}
	if utf8.RuneCountInString(name) > clubbot.MaxChallengeNameRunes {
		return clubbot.Challenge{}, userError("Challenge names are at most %d characters.", clubbot.MaxChallengeNameRunes), false
	}
	c, err := b.Store.Challenge(ctx, guildID, name)
	if errors.Is(err, clubbot.ErrNotFound) {
		return clubbot.Challenge{}, userError("There is no challenge called **%s**. See `/challenge list`.", escapeMarkdown(name)), false
	}
	if err != nil {
		return clubbot.Challenge{}, b.fail(ctx, "find challenge", err, "guild", guildID), false
	}
	return c, Reply{}, true
}

func (b *Bot) challengeJoin(ctx context.Context, i *discordgo.Interaction, opts options) Reply {
	today, err := b.localDay(ctx, i)
	if err != nil {
		return b.fail(ctx, "challenge join", err)
	}
	name, _ := opts.String("name")
	c, r, ok := b.findChallenge(ctx, i.GuildID, name, today)
	if !ok {
		return r
	}
	return b.join(ctx, i, c, today)
}

// join adds the member to c and says what comes next.
func (b *Bot) join(ctx context.Context, i *discordgo.Interaction, c clubbot.Challenge, today clubbot.Day) Reply {
	if c.Over(today) {
		return userError("**%s** is over. See `/challenge list` for what is running.", escapeMarkdown(c.Name))
	}
	joined, err := b.Store.JoinChallenge(ctx, c.ID, userID(i), today)
	if err != nil {
		return b.fail(ctx, "challenge join", err, "challenge", c.ID)
	}
	if !joined {
		return ephemeral(fmt.Sprintf("You are already in **%s**. `/challenge status` shows your progress.", escapeMarkdown(c.Name)))
	}
	var when string
	if c.Start > today {
		st, err := b.Store.Settings(ctx, i.GuildID)
		if err != nil {
			return b.fail(ctx, "challenge join: settings", err)
		}
		when = fmt.Sprintf("It starts on %s.", dateStamp(c.Start, st.Location()))
	} else {
		when = fmt.Sprintf("Today is day %d of %d.", c.DayNumber(today), c.Days)
		// Days already earned (before leaving, or today's check-ins) count.
		if p, err := b.Store.Progress(ctx, c.ID, userID(i), today); err == nil && p.Progress.QualifyingDays > 0 {
			when += fmt.Sprintf(" You have %s so far.", plural(p.Progress.QualifyingDays, "qualifying day"))
		}
	}
	return ephemeral(fmt.Sprintf("✅ You joined **%s**. %s Do at least %s a day and check in with `/checkin` or the daily post's buttons.",
		escapeMarkdown(c.Name), when, plural(c.DailyMinutes, "minute")))
}

func (b *Bot) challengeLeave(ctx context.Context, i *discordgo.Interaction, opts options) Reply {
	today, err := b.localDay(ctx, i)
	if err != nil {
		return b.fail(ctx, "challenge leave", err)
	}
	name, _ := opts.String("name")
	c, r, ok := b.findChallenge(ctx, i.GuildID, name, today)
	if !ok {
		return r
	}
	err = b.Store.LeaveChallenge(ctx, c.ID, userID(i), today)
	if errors.Is(err, clubbot.ErrNotFound) {
		return userError("You are not in **%s**.", escapeMarkdown(c.Name))
	}
	if err != nil {
		return b.fail(ctx, "challenge leave", err, "challenge", c.ID)
	}
	return ephemeral(fmt.Sprintf("You left **%s**. Your check-ins and qualifying days stay; join again any time it runs to pick up where you left off.", escapeMarkdown(c.Name)))
}

func (b *Bot) challengeStatus(ctx context.Context, i *discordgo.Interaction, opts options) Reply {
	today, err := b.localDay(ctx, i)
	if err != nil {
		return b.fail(ctx, "challenge status", err)
	}
	st, err := b.Store.Settings(ctx, i.GuildID)
	if err != nil {
		return b.fail(ctx, "challenge status: settings", err)
	}
	name, _ := opts.String("name")
	name = strings.TrimSpace(name)
	var chs []clubbot.Challenge
	if name != "" {
		c, r, ok := b.findChallenge(ctx, i.GuildID, name, today)
		if !ok {
			return r
		}
		chs = []clubbot.Challenge{c}
	} else {
		chs, err = b.Store.Challenges(ctx, i.GuildID, today, true)
		if err != nil {
			return b.fail(ctx, "challenge status", err)
		}
		// Running and coming ones, and those over in the last week: after
		// the end, status shows the final result.
		chs = slices.DeleteFunc(chs, func(c clubbot.Challenge) bool { return c.Over(today) && today-c.End() > statusAfterEnd })
	}
	var embeds []*discordgo.MessageEmbed
	for _, c := range chs {
		p, err := b.Store.Progress(ctx, c.ID, userID(i), today)
		if errors.Is(err, clubbot.ErrNotFound) {
			if name != "" {
				return userError("You are not in **%s**. `/challenge join` to take part.", escapeMarkdown(c.Name))
			}
			continue
		}
		if err != nil {
			return b.fail(ctx, "challenge status", err, "challenge", c.ID)
		}
		embeds = append(embeds, statusEmbed(c, p, today, st.Location()))
		if len(embeds) == 10 { // Discord's limit per message
			break
		}
	}
	if len(embeds) == 0 {
		return userError("You are not in a challenge. See `/challenge list` and `/challenge join`.")
	}
	return ephemeral("", embeds...)
}

// statusEmbed is one member's progress in a challenge (dates as Discord
// timestamps of the server's days, loc).
func statusEmbed(c clubbot.Challenge, p clubbot.Participant, today clubbot.Day, loc *time.Location) *discordgo.MessageEmbed {
	var day string
	switch {
	case today < c.Start:
		day = fmt.Sprintf("Starts on %s", dateStamp(c.Start, loc))
	case c.Over(today):
		day = fmt.Sprintf("Over: final result after %s", plural(c.Days, "day"))
	default:
		day = fmt.Sprintf("%d of %d", c.DayNumber(today), c.Days)
	}
	pr := p.Progress
	finisher := "Not yet"
	switch {
	case pr.Finisher:
		finisher = "Yes 🎉"
	case c.Over(today):
		finisher = "No"
	case pr.OutOfReach:
		finisher = fmt.Sprintf("Out of reach: %s needed, %s left", more(pr.Needed(c), "qualifying day"), plural(pr.DaysLeft, "day"))
	default:
		finisher = fmt.Sprintf("On track: %s needed, %s left", more(pr.Needed(c), "qualifying day"), plural(pr.DaysLeft, "day"))
	}
	consistency := fmt.Sprintf("%.0f%% of %s", 100*pr.Consistency, plural(pr.Elapsed, "day"))
	if pr.Elapsed == 0 {
		consistency = "from the first day"
	}
	return &discordgo.MessageEmbed{
		Title: truncate(c.Name, maxEmbedTitle),
		Color: colourInfo,
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Day", Value: day, Inline: true},
			{Name: "Qualifying days", Value: fmt.Sprintf("%d (%d+ min)", pr.QualifyingDays, c.DailyMinutes), Inline: true},
			{Name: "Consistency", Value: consistency, Inline: true},
			{Name: "Streak", Value: plural(pr.Streak, "day"), Inline: true},
			{Name: "Minutes", Value: fmt.Sprint(pr.Minutes), Inline: true},
			{Name: "Finisher", Value: finisher, Inline: true},
		},
	}
}

func (b *Bot) challengeList(ctx context.Context, i *discordgo.Interaction) Reply {
	today, st, err := b.serverDay(ctx, i.GuildID)
	if err != nil {
		return b.fail(ctx, "challenge list", err)
	}
	chs, err := b.Store.Challenges(ctx, i.GuildID, today, false)
	if err != nil {
		return b.fail(ctx, "challenge list", err)
	}
	if len(chs) == 0 {
		return public("No challenges are running or coming up. An admin can start one with `/challenge create`.")
	}
	var lines []string
	for _, c := range chs {
		ps, err := b.Store.Participants(ctx, c.ID, today)
		if err != nil {
			return b.fail(ctx, "challenge list", err, "challenge", c.ID)
		}
		state := fmt.Sprintf("day %d of %d", c.DayNumber(today), c.Days)
		if today < c.Start {
			state = fmt.Sprintf("starts %s, %s", dateStamp(c.Start, st.Location()), plural(c.Days, "day"))
		}
		lines = append(lines, fmt.Sprintf("**%s**: %s, %d min a day, %d taking part",
			escapeMarkdown(c.Name), state, c.DailyMinutes, len(ps)))
	}
	return public("", &discordgo.MessageEmbed{
		Title:       "Challenges",
		Description: truncate(strings.Join(lines, "\n"), maxEmbedDesc),
		Color:       colourInfo,
	})
}

func (b *Bot) challengeEnd(ctx context.Context, i *discordgo.Interaction, opts options) Reply {
	if r, ok := adminOnly(i); !ok {
		return r
	}
	today, _, err := b.serverDay(ctx, i.GuildID)
	if err != nil {
		return b.fail(ctx, "challenge end", err)
	}
	name, _ := opts.String("name")
	c, r, ok := b.findChallenge(ctx, i.GuildID, name, today)
	if !ok {
		return r
	}
	if c.Over(today) {
		return userError("**%s** is already over.", escapeMarkdown(c.Name))
	}
	// Ending makes today the challenge's last day; the finishers are those
	// who made it over the days it ran.
	if err := b.Store.EndChallenge(ctx, c.ID, userID(i), today); err != nil {
		return b.fail(ctx, "challenge end", err, "challenge", c.ID)
	}
	if c, err = b.Store.ChallengeByID(ctx, c.ID); err != nil {
		return b.fail(ctx, "challenge end", err)
	}
	ps, err := b.Store.Participants(ctx, c.ID, today)
	if err != nil {
		return b.fail(ctx, "challenge end", err, "challenge", c.ID)
	}
	return public(fmt.Sprintf("🏁 **%s** was ended early.", escapeMarkdown(c.Name)), finishersEmbed(c, ps))
}

// challengeAutocomplete suggests the server's challenges for /challenge's
// name option and /leaderboard's challenge option: those not over, and for
// status and leaderboards also finished ones.
func (b *Bot) challengeAutocomplete(ctx context.Context, i *discordgo.Interaction) Reply {
	sub, opts := commandOptions(i)
	_, typed, ok := opts.focused()
	if !ok || i.GuildID == "" {
		return autocomplete()
	}
	today, _, err := b.serverDay(ctx, i.GuildID)
	if err != nil {
		return autocomplete()
	}
	includeOver := sub == "status" || sub == ""
	chs, err := b.Store.Challenges(ctx, i.GuildID, today, includeOver)
	if err != nil {
		b.logger().Warn("challenge autocomplete", "err", err)
		return autocomplete()
	}
	typed = strings.ToLower(strings.TrimSpace(typed))
	var names []string
	for _, c := range chs {
		if typed != "" && !strings.Contains(strings.ToLower(c.Name), typed) {
			continue
		}
		names = append(names, c.Name)
		if len(names) == maxChoices {
			break
		}
	}
	return autocomplete(stringChoices(names...)...)
}

// clickJoin joins the challenge of an announcement's Join button.
func (b *Bot) clickJoin(ctx context.Context, i *discordgo.Interaction, id customID) Reply {
	c, err := b.Store.ChallengeByID(ctx, id.int(0))
	if errors.Is(err, clubbot.ErrNotFound) || (err == nil && c.GuildID != i.GuildID) {
		return userError("That challenge no longer exists. See `/challenge list`.")
	}
	if err != nil {
		return b.fail(ctx, "join button", err)
	}
	today, err := b.localDay(ctx, i)
	if err != nil {
		return b.fail(ctx, "join button", err)
	}
	return b.join(ctx, i, c, today)
}

// challengeEntry is /challenge, with its name autocomplete and the
// announcement's Join button.
func challengeEntry() command {
	return command{
		def: serverCommand(&discordgo.ApplicationCommand{
			// Open to everyone: join, leave, status and list are for members; create
			// and end are checked on the server side.
			Name:        "challenge",
			Description: "Group consistency challenges: create, join, leave, status, list, end.",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: "create",
					Description: "Start a challenge (Manage Server).",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionString, Name: "name", Required: true,
							Description: "The challenge's name, e.g. 30 days of happy feet.",
							MinLength:   intPtr(1), MaxLength: clubbot.MaxChallengeNameRunes},
						{Type: discordgo.ApplicationCommandOptionInteger, Name: "days", Required: true,
							Description: fmt.Sprintf("How many days it runs (1-%d).", clubbot.MaxChallengeDays),
							MinValue:    floatPtr(1), MaxValue: clubbot.MaxChallengeDays},
						{Type: discordgo.ApplicationCommandOptionInteger, Name: "daily-minutes", Required: true,
							Description: fmt.Sprintf("Minutes a day that count as done (%d-%d).", clubbot.MinMinutes, clubbot.MaxMinutes),
							MinValue:    floatPtr(clubbot.MinMinutes), MaxValue: clubbot.MaxMinutes},
						{Type: discordgo.ApplicationCommandOptionString, Name: "start",
							Description: "First day, YYYY-MM-DD (default tomorrow).",
							MaxLength:   10},
						{Type: discordgo.ApplicationCommandOptionInteger, Name: "grace-days",
							Description: fmt.Sprintf("Missed days allowed without breaking the streak (0-%d).", clubbot.MaxGraceDays),
							MinValue:    floatPtr(0), MaxValue: clubbot.MaxGraceDays},
						{Type: discordgo.ApplicationCommandOptionBoolean, Name: "allow-breaks",
							Description: "Members' planned /break days are excused, up to a third of the days (default true)."},
						{Type: discordgo.ApplicationCommandOptionString, Name: "description",
							Description: "What it is about.",
							MaxLength:   clubbot.MaxDescriptionRunes},
					},
				},
				challengeSub("join", "Take part in a challenge.", false),
				challengeSub("leave", "Stop taking part in a challenge.", false),
				challengeSub("status", "Your progress and the group's in a challenge.", false),
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "The server's running and upcoming challenges."},
				challengeSub("end", "End a challenge early (Manage Server).", true),
			},
		}),
		run:          (*Bot).challenge,
		autocomplete: (*Bot).challengeAutocomplete,
		components:   map[string]componentHandler{kindJoin: (*Bot).clickJoin},
	}
}

func challengeSub(name, desc string, required bool) *discordgo.ApplicationCommandOption {
	nameDesc := "Which challenge (default the one running)."
	if required {
		nameDesc = "Which challenge."
	}
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionSubCommand, Name: name, Description: desc,
		Options: []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionString, Name: "name", Required: required, Autocomplete: true,
			Description: nameDesc, MaxLength: clubbot.MaxChallengeNameRunes,
		}},
	}
}
