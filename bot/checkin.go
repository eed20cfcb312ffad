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
	"clubbot/bot/discordx"
)

// Modal text inputs of the daily post's "Other…" form.
const (
	inputMinutes = "minutes"
	inputTiming  = "timing"
	inputTool    = "tool"
	inputNote    = "note"
)

// checkin is /checkin minutes [timing] [tool] [sore-spot] [note] [day].
func (b *Bot) checkin(ctx context.Context, i *discordgo.Interaction) Reply {
	_, opts := commandOptions(i)
	c, day, r, ok := checkInFromOptions(opts)
	if !ok {
		return r
	}
	if opts.Has("member") || opts.Has("date") {
		return b.adminFix(ctx, i, opts, c, day)
	}
	today, err := b.localDay(ctx, i)
	if err != nil {
		return b.fail(ctx, "checkin: local day", err)
	}
	c.GuildID, c.UserID, c.EnteredBy, c.InteractionID = i.GuildID, userID(i), userID(i), i.ID
	c.Day = today
	if day == "yesterday" {
		c.Day = today - 1
	}
	return b.recordCheckIn(ctx, i, c, today)
}

// maxFixDays is how far back an admin fix may reach.
const maxFixDays = 366

// adminFix is /checkin with member or date: an admin records a session for
// another member or for a day older than yesterday (SPEC 4). The check-in
// keeps who entered it, so a fix is never mistaken for the member's own.
func (b *Bot) adminFix(ctx context.Context, i *discordgo.Interaction, opts options, c clubbot.CheckIn, day string) Reply {
	if !isAdmin(i) {
		return userError("Only members with **Manage Server** can record for another member or an older day. For yourself, use **day**: today or yesterday.")
	}
	if day != "" && opts.Has("date") {
		return userError("Choose a **day** or a **date**, not both.")
	}
	target := userID(i)
	if opts.Has("member") {
		id, ok := opts.User("member")
		if !ok {
			return userError("**member** must be a member of this server.")
		}
		if u, _ := resolvedUser(i, id); u != nil && u.Bot {
			return userError("Bots don't massage their feet: pick a person for **member**.")
		}
		target = id
	}
	today, err := b.memberDay(ctx, i.GuildID, target)
	if err != nil {
		return b.fail(ctx, "admin fix: member day", err)
	}
	c.Day = today
	if day == "yesterday" {
		c.Day = today - 1
	}
	if opts.Has("date") {
		s, _ := opts.String("date")
		d, err := clubbot.ParseDay(strings.TrimSpace(s))
		if err != nil {
			return userError("**date** must be a date like 2026-03-01.")
		}
		if d > today || d < today-maxFixDays {
			return userError("**date** must be within the last %d days and not in the future (the member's today is %s).", maxFixDays, today)
		}
		c.Day = d
	}
	c.GuildID, c.UserID, c.EnteredBy, c.InteractionID = i.GuildID, target, userID(i), i.ID
	if err := c.Validate(); err != nil {
		return invalidCheckIn(err)
	}
	res, err := b.Store.RecordCheckIn(ctx, c, today)
	if err != nil {
		return b.fail(ctx, "admin fix: record check-in", err)
	}
	if !res.Duplicate {
		b.Metrics.CheckIn()
		b.touchDailyPost(c.GuildID)
	}
	e := b.checkInEmbed(res, today)
	b.addCountsFor(ctx, e, res, today)
	e.Title = fmt.Sprintf("🛠️ Admin fix: %d min for <@%s>", c.Minutes, target)
	e.Footer = &discordgo.MessageEmbedFooter{Text: "Recorded as entered by you; it counts for the member like their own check-in. " +
		"They see it on their next /me. Only you can undo it."}
	return ephemeral("", e).withComponents(undoRow(res.CheckIn.ID))
}

// checkInFromOptions reads and checks /checkin's options; on bad input it
// returns the reply to send and false.
func checkInFromOptions(opts options) (c clubbot.CheckIn, day string, r Reply, ok bool) {
	minutes, ok := opts.Int("minutes")
	if !ok || minutes < clubbot.MinMinutes || minutes > clubbot.MaxMinutes {
		return c, "", userError("**minutes** must be a whole number from %d to %d.", clubbot.MinMinutes, clubbot.MaxMinutes), false
	}
	c.Minutes = int(minutes)
	for _, f := range []struct {
		name string
		set  []string
		dst  *string
	}{
		{"timing", clubbot.Timings, &c.Timing},
		{"tool", clubbot.Tools, &c.Tool},
		{"sore-spot", clubbot.SoreSpots, &c.SoreSpot},
		{"day", []string{"today", "yesterday"}, &day},
	} {
		if !opts.Has(f.name) {
			continue
		}
		v, isString := opts.String(f.name)
		if !isString || !slices.Contains(f.set, v) {
			return c, "", userError("**%s** must be one of: %s.", f.name, strings.Join(f.set, ", ")), false
		}
		*f.dst = v
	}
	if opts.Has("note") {
		note, isString := opts.String("note")
		if !isString || !utf8.ValidString(note) || utf8.RuneCountInString(note) > clubbot.MaxNoteRunes {
			return c, "", userError("**note** can be at most %d characters.", clubbot.MaxNoteRunes), false
		}
		c.Note = strings.TrimSpace(note)
	}
	return c, day, Reply{}, true
}

// clickCheckIn is a daily post's "10 min" / "15 min" / "20 min" button. The
// post's message id is the check-in's source, so a member's clicks on one
// post record once.
func (b *Bot) clickCheckIn(ctx context.Context, i *discordgo.Interaction, id customID) Reply {
	if i.Message == nil || !isSnowflake(i.Message.ID) {
		return userError("This button is not on a check-in post. Use `/checkin` instead.")
	}
	today, err := b.localDay(ctx, i)
	if err != nil {
		return b.fail(ctx, "button check-in: local day", err)
	}
	day, r, ok := b.postDay(ctx, i.Message.ID, today)
	if !ok {
		return r
	}
	c := clubbot.CheckIn{
		GuildID: i.GuildID, UserID: userID(i), EnteredBy: userID(i),
		Day: day, Minutes: int(id.int(0)),
		InteractionID: i.ID, Source: postSource(i.Message.ID),
	}
	return b.recordCheckIn(ctx, i, c, today)
}

// postSource is the check-in source of a daily post's clicks and forms: one
// record per member and post (SPEC 4).
func postSource(messageID string) string { return "post:" + messageID }

// postDay is the day a click on a daily post counts for: the post's own date
// (a member tapping Friday's post after midnight did Friday's massage), or the
// member's today when their zone has not reached the post's date yet. A post
// older than yesterday is refused, as /checkin refuses older days. Messages
// that are not a recorded daily post count for today.
func (b *Bot) postDay(ctx context.Context, messageID string, today clubbot.Day) (clubbot.Day, Reply, bool) {
	p, err := b.Store.PostByMessage(ctx, messageID)
	if err != nil || p.Kind != postDaily {
		if err != nil && !errors.Is(err, clubbot.ErrNotFound) {
			b.logger().WarnContext(ctx, "daily post lookup", "message", messageID, "err", err)
		}
		return today, Reply{}, true
	}
	day, err := clubbot.ParseDay(p.Key)
	switch {
	case err != nil || day > today:
		return today, Reply{}, true
	case day < today-1:
		return 0, userError("That check-in post is for %s, too long ago. Use today's post or `/checkin`.", dayLabel(day, today)), false
	}
	return day, Reply{}, true
}

// clickOther opens the "Other…" form: minutes, timing, tool, note. The
// form's custom_id carries the daily post it was opened from, so its submit
// records as that post's click whatever the submit carries.
func (b *Bot) clickOther(ctx context.Context, i *discordgo.Interaction, id customID) Reply {
	post := ""
	if i.Message != nil && isSnowflake(i.Message.ID) {
		post = i.Message.ID
	}
	return modal(otherModalID(post), "Check in",
		discordx.Label{Label: "Minutes (1-240)", Component: discordx.TextInput{CustomID: inputMinutes,
			Style: discordgo.TextInputShort, Placeholder: "25", Required: true, MinLength: 1, MaxLength: 3}},
		discordx.Label{Label: "Timing", Description: "Optional.", Component: choiceSelect(inputTiming, timingOption())},
		discordx.Label{Label: "Tool", Description: "Optional.", Component: choiceSelect(inputTool, toolOption())},
		discordx.Label{Label: "Note", Description: "Optional, for yourself.", Component: discordx.TextInput{CustomID: inputNote,
			Style: discordgo.TextInputParagraph, MaxLength: clubbot.MaxNoteRunes}},
	)
}

// submitOther records the "Other…" form. Typed text is checked like the
// slash command's options; anything off gets a clear reply and nothing is stored.
func (b *Bot) submitOther(ctx context.Context, i *discordgo.Interaction, id customID) Reply {
	v := modalValues(i)
	c, r, ok := checkInFromModal(v)
	if !ok {
		return r
	}
	today, err := b.localDay(ctx, i)
	if err != nil {
		return b.fail(ctx, "modal check-in: local day", err)
	}
	c.GuildID, c.UserID, c.EnteredBy, c.InteractionID, c.Day = i.GuildID, userID(i), userID(i), i.ID, today
	if post := id.post(); post != "" {
		// The form was opened from a daily post: it counts as that post's
		// click, under the same source as its buttons.
		c.Source = postSource(post)
		day, r, ok := b.postDay(ctx, post, today)
		if !ok {
			return r
		}
		c.Day = day
	}
	return b.recordCheckIn(ctx, i, c, today)
}

// checkInFromModal reads the "Other…" form's text inputs.
func checkInFromModal(v map[string]string) (clubbot.CheckIn, Reply, bool) {
	var c clubbot.CheckIn
	m, err := parseMinutes(v[inputMinutes])
	if err != nil {
		return c, userError("**Minutes** must be a whole number from %d to %d.", clubbot.MinMinutes, clubbot.MaxMinutes), false
	}
	c.Minutes = m
	var ok bool
	if c.Timing, ok = parseChoice(v[inputTiming], clubbot.Timings); !ok {
		return c, userError("**Timing** must be one of: %s (or empty).", strings.Join(clubbot.Timings, ", ")), false
	}
	if c.Tool, ok = parseChoice(v[inputTool], clubbot.Tools); !ok {
		return c, userError("**Tool** must be one of: %s (or empty).", strings.Join(clubbot.Tools, ", ")), false
	}
	note := strings.TrimSpace(v[inputNote])
	if !utf8.ValidString(note) || utf8.RuneCountInString(note) > clubbot.MaxNoteRunes {
		return c, userError("**Note** can be at most %d characters.", clubbot.MaxNoteRunes), false
	}
	c.Note = note
	return c, Reply{}, true
}

// notSavedText answers a check-in the store refused (a full disk): nothing
// was stored, so the member is asked to try again rather than confirmed.
const notSavedText = "❌ Couldn't save that, please try again."

// invalidCheckIn is the reply to a check-in the domain rules refuse.
func invalidCheckIn(err error) Reply {
	return userError("That check-in is not valid: %s.", ruleText(err))
}

// touchDailyPost tells the day's check-in post that its count changed.
func (b *Bot) touchDailyPost(guildID string) {
	if b.DailyPost != nil {
		b.DailyPost.Touch(guildID)
	}
}

// recordCheckIn stores c and builds the confirmation every way of checking
// in shares.
func (b *Bot) recordCheckIn(ctx context.Context, i *discordgo.Interaction, c clubbot.CheckIn, today clubbot.Day) Reply {
	if !clubbot.AllowedDay(c.Day, today) {
		return userError("You can check in for today or yesterday only. Ask an admin to fix older days.")
	}
	if err := c.Validate(); err != nil {
		return invalidCheckIn(err)
	}
	res, err := b.Store.RecordCheckIn(ctx, c, today)
	switch {
	case errors.Is(err, clubbot.ErrInvalid):
		return invalidCheckIn(err)
	case err != nil:
		b.logger().ErrorContext(ctx, "record check-in", "guild", c.GuildID, "err", err)
		return ephemeral(notSavedText).as(OutcomeError)
	}
	if res.Duplicate && res.CheckIn.InteractionID != c.InteractionID {
		// A second click on the same daily post.
		prev := res.CheckIn
		e := &discordgo.MessageEmbed{
			Title:       "You already checked in from this post",
			Description: fmt.Sprintf("%d min for %s is recorded. To log another session, use `/checkin`.", prev.Minutes, dayLabel(prev.Day, today)),
			Color:       colourWarn,
		}
		return ephemeral("", e).withComponents(undoRow(prev.ID))
	}
	if !res.Duplicate {
		b.Metrics.CheckIn()
		b.touchDailyPost(c.GuildID)
	}
	e := b.checkInEmbed(res, today)
	b.addCountsFor(ctx, e, res, today)
	return ephemeral("", e).withComponents(undoRow(res.CheckIn.ID))
}

// addCountsFor adds to a confirmation whether the day now counts for each
// challenge the member takes part in on it (SPEC 4 "Check-ins"): "Counts
// for Happy Feet: day 4 of 30 ✅" or "5 more minutes today to count for
// Happy Feet". A failure to look leaves the line out; the check-in stands.
func (b *Bot) addCountsFor(ctx context.Context, e *discordgo.MessageEmbed, res clubbot.CheckInResult, today clubbot.Day) {
	c := res.CheckIn
	parts, err := b.Store.MemberChallenges(ctx, c.GuildID, c.UserID, c.Day)
	if err != nil {
		b.logger().WarnContext(ctx, "check-in: member's challenges", "guild", c.GuildID, "err", err)
		return
	}
	when := "on " + c.Day.Start(time.UTC).Format("Mon 2 Jan")
	switch c.Day {
	case today:
		when = "today"
	case today - 1:
		when = "yesterday"
	}
	var lines []string
	for _, p := range parts {
		ch := p.Challenge
		if !p.Participation.TakesPart(ch, c.Day) {
			continue
		}
		if res.Day.Minutes >= ch.DailyMinutes {
			lines = append(lines, fmt.Sprintf("Counts for **%s**: day %d of %d ✅", escapeMarkdown(ch.Name), ch.DayNumber(c.Day), ch.Days))
		} else {
			lines = append(lines, fmt.Sprintf("%s %s to count for **%s**",
				more(ch.DailyMinutes-res.Day.Minutes, "minute"), when, escapeMarkdown(ch.Name)))
		}
	}
	if len(lines) > 0 {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Challenge", Value: truncate(strings.Join(lines, "\n"), maxFieldValue)})
	}
}

// checkInEmbed is the confirmation: the session, the day's total, the
// streak, and for a sore spot the matching passage from the documents.
func (b *Bot) checkInEmbed(res clubbot.CheckInResult, today clubbot.Day) *discordgo.MessageEmbed {
	c := res.CheckIn
	e := &discordgo.MessageEmbed{
		Title:       fmt.Sprintf("✅ Checked in: %d min", c.Minutes),
		Description: "For " + dayLabel(c.Day, today) + ".",
		Color:       colourOK,
	}
	var details []string
	for _, d := range []struct{ label, v string }{{"Timing", c.Timing}, {"Tool", c.Tool}, {"Sore spot", c.SoreSpot}} {
		if d.v != "" {
			details = append(details, d.label+": "+d.v)
		}
	}
	if len(details) > 0 {
		e.Description += "\n" + strings.Join(details, " · ")
	}
	if c.Note != "" {
		e.Description += "\n> " + escapeMarkdown(c.Note)
	}
	sessions := "session"
	if res.Day.Sessions != 1 {
		sessions = "sessions"
	}
	e.Fields = append(e.Fields,
		&discordgo.MessageEmbedField{Name: "That day", Value: fmt.Sprintf("%d min in %d %s", res.Day.Minutes, res.Day.Sessions, sessions), Inline: true},
		&discordgo.MessageEmbedField{Name: "Streak", Value: streakText(res.Streak), Inline: true},
	)
	// The freezes used since the member last heard from the bot: the store
	// marked them told with the check-in, so this is the one time.
	if n := clubbot.FreezeNotice(res.State, 0); n != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Freeze", Value: n})
	}
	if c.SoreSpot != "" && c.SoreSpot != "none" && b.FAQ != nil {
		if src, ok := b.FAQ.SoreSpot(c.SoreSpot); ok && src.Excerpt != "" {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
				Name:  truncate("For a sore "+soreSpotWord(c.SoreSpot)+": "+src.Title, maxFieldName),
				Value: truncate(src.Excerpt, maxFieldValue-40) + "\n-# Not medical advice.",
			})
		}
	}
	return e
}

func undoRow(checkInID int64) discordgo.ActionsRow {
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{
		Label: "Undo", Style: discordgo.SecondaryButton, CustomID: undoButtonID(checkInID),
		Emoji: &discordgo.ComponentEmoji{Name: "↩️"},
	}}}
}

// clickUndo deletes a check-in the clicking member entered, in this server
// only: their own session, or an admin's fix for another member, which only
// that admin can undo (the member it is for cannot).
func (b *Bot) clickUndo(ctx context.Context, i *discordgo.Interaction, id customID) Reply {
	c, err := b.Store.UndoEntered(ctx, i.GuildID, userID(i), id.int(0))
	switch {
	case errors.Is(err, clubbot.ErrNotFound):
		return userError("Nothing to undo: that check-in was already undone, or it is not yours (an admin's fix only that admin can undo).")
	case err != nil:
		return b.fail(ctx, "undo check-in", err)
	}
	b.touchDailyPost(i.GuildID)
	today, err := b.localDay(ctx, i)
	if err != nil {
		today = c.Day
	}
	return update("", []*discordgo.MessageEmbed{{
		Title:       fmt.Sprintf("↩️ Undone: %d min", c.Minutes),
		Description: "The session for " + dayLabel(c.Day, today) + " is removed. Use `/checkin` to record it again.",
		Color:       colourInfo,
	}})
}

// more formats "1 more minute" / "5 more minutes".
func more(n int, unit string) string { return strings.Replace(plural(n, unit), " ", " more ", 1) }

// dayLabel names a day relative to today: "today (Tue 3 Mar)".
func dayLabel(d, today clubbot.Day) string {
	t := d.Start(time.UTC)
	date := t.Format("Mon 2 Jan")
	switch d {
	case today:
		return "today (" + date + ")"
	case today - 1:
		return "yesterday (" + date + ")"
	}
	return t.Format("Mon 2 Jan 2006")
}

// streakText renders a streak for an embed field.
func streakText(s clubbot.Streak) string {
	switch {
	case s.Current == 0 && s.Longest == 0:
		return "none yet"
	case s.Current == 0:
		return fmt.Sprintf("0 days (longest %d)", s.Longest)
	}
	return fmt.Sprintf("🔥 %s (longest %d)", plural(s.Current, "day"), s.Longest)
}

// checkinEntry is /checkin: a session recorded by command, by the daily post's
// buttons and its "Other…" form, and undone by the confirmation's Undo.
func checkinEntry() command {
	return command{
		def: serverCommand(&discordgo.ApplicationCommand{
			Name:        "checkin",
			Description: "Record a foot-massage session.",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type: discordgo.ApplicationCommandOptionInteger, Name: "minutes", Required: true,
					Description: fmt.Sprintf("How many minutes (%d-%d).", clubbot.MinMinutes, clubbot.MaxMinutes),
					MinValue:    floatPtr(clubbot.MinMinutes), MaxValue: clubbot.MaxMinutes,
				},
				timingOption(),
				toolOption(),
				choiceOption("sore-spot", "Where it was sore; you get tips for that spot.", clubbot.SoreSpots, map[string]string{
					"none": "Nothing sore", "heel": "Heel", "arch": "Arch", "achilles": "Achilles",
					"toes": "Toes", "ankle": "Ankle", "calf": "Calf"}),
				{
					Type: discordgo.ApplicationCommandOptionString, Name: "note",
					Description: fmt.Sprintf("A short note for yourself (up to %d characters).", clubbot.MaxNoteRunes),
					MaxLength:   clubbot.MaxNoteRunes,
				},
				choiceOption("day", "Which day it counts for (default today).", []string{"today", "yesterday"},
					map[string]string{"today": "Today", "yesterday": "Yesterday"}),
				{
					Type: discordgo.ApplicationCommandOptionUser, Name: "member",
					Description: "Admins only: record it for this member (an admin fix, recorded with your name).",
				},
				{
					Type: discordgo.ApplicationCommandOptionString, Name: "date",
					Description: "Admins only: an older day, YYYY-MM-DD (an admin fix, recorded with your name).",
					MinLength:   intPtr(10), MaxLength: 10,
				},
			},
		}),
		run: (*Bot).checkin,
		components: map[string]componentHandler{
			kindCheckIn: (*Bot).clickCheckIn,
			kindOther:   (*Bot).clickOther,
			kindModal:   (*Bot).submitOther,
			kindUndo:    (*Bot).clickUndo,
		},
	}
}

// timingOption is /checkin's timing choice, also offered by the "Other…"
// form's select with the same labels.
func timingOption() *discordgo.ApplicationCommandOption {
	return choiceOption("timing", "When you did it.", clubbot.Timings, map[string]string{
		"pre-run": "Pre-run", "post-run": "Post-run", "rest-day": "Rest day", "other": "Other"})
}

// toolOption is /checkin's tool choice, also in the "Other…" form.
func toolOption() *discordgo.ApplicationCommandOption {
	return choiceOption("tool", "What you used.", clubbot.Tools, map[string]string{
		"shiatsu": "Shiatsu massager", "roller": "Foam or foot roller", "percussive": "Percussive gun",
		"spa": "Foot spa", "ball": "Massage ball", "hands": "Hands", "other": "Other"})
}
