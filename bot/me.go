package bot

import (
	"bytes"
	"clubbot/store"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
)

// zoneDefault is what /me timezone takes to go back to the club's zone.
const zoneDefault = "default"

// me is /me [timezone] [reminders] [reminder-time] [leaderboard]: personal
// settings, always ephemeral. With no options it shows them. It also tells
// the member, once, of admin fixes made for them (withFixNotices).
func (b *Bot) me(ctx context.Context, i *discordgo.Interaction) Reply {
	_, opts := commandOptions(i)
	m, err := b.Store.Member(ctx, i.GuildID, userID(i))
	if err != nil {
		return b.fail(ctx, "me: load", err)
	}
	m.GuildID, m.UserID = i.GuildID, userID(i)
	st, err := b.Store.Settings(ctx, i.GuildID)
	if err != nil {
		return b.fail(ctx, "me: server settings", err)
	}
	if len(opts) == 0 {
		r := ephemeral("", meEmbed("Your settings", m, st))
		if n := b.memberFreezeNotice(ctx, i.GuildID, m.UserID); n != "" {
			r.Response.Data.Embeds = append(r.Response.Data.Embeds, &discordgo.MessageEmbed{Description: n, Color: colourInfo})
		}
		return b.withFixNotices(ctx, i, r)
	}
	if opts.Has("timezone") {
		z, ok := opts.String("timezone")
		z = strings.TrimSpace(z)
		switch {
		case ok && strings.EqualFold(z, zoneDefault):
			m.TimeZone = ""
		case !ok || clubbot.ValidZone(z) != nil:
			return userError("**timezone** must be an IANA time zone such as `Europe/London` or `America/New_York` (or `default` for the club's); pick one from the list as you type.")
		default:
			m.TimeZone = z
		}
	}
	if opts.Has("reminders") {
		v, _ := opts.String("reminders")
		switch v {
		case "on":
			m.Reminders = true
		case "off":
			m.Reminders = false
		default:
			return userError("**reminders** must be on or off.")
		}
	}
	if opts.Has("reminder-time") {
		v, _ := opts.String("reminder-time")
		v = strings.TrimSpace(v)
		if strings.EqualFold(v, zoneDefault) {
			m.ReminderTime, m.OwnReminderTime = 0, false
		} else if t, err := clubbot.ParseClock(v); err == nil {
			m.ReminderTime, m.OwnReminderTime = t, true
		} else {
			return userError("**reminder-time** must be a time like `07:00` or `20:30` (24-hour, in your time zone), or `default` for the club's.")
		}
	}
	if opts.Has("leaderboard") {
		v, _ := opts.String("leaderboard")
		switch v {
		case "show":
			m.Hidden = false
		case "hide":
			m.Hidden = true
		default:
			return userError("**leaderboard** must be show or hide.")
		}
	}
	if err := b.Store.SaveMember(ctx, m); err != nil {
		return b.fail(ctx, "me: save", err)
	}
	return b.withFixNotices(ctx, i, ephemeral("", meEmbed("✅ Saved", m, st)))
}

func meEmbed(title string, m clubbot.Member, st clubbot.Settings) *discordgo.MessageEmbed {
	at := st.ReminderTime.String() + " your time (the club's default)"
	if m.OwnReminderTime {
		at = m.ReminderTime.String() + " your time"
	}
	reminders := "off (at " + at + " when on)"
	if m.Reminders {
		reminders = "on, at " + at + ", on days you have not checked in while in a challenge or with a streak of 2+ days at stake"
	}
	board := "shown"
	if m.Hidden {
		board = "hidden: you are left off leaderboards and others cannot see your streak"
	}
	return &discordgo.MessageEmbed{
		Title: title,
		Color: colourInfo,
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Time zone", Value: zoneNote(m.TimeZone)},
			{Name: "Reminders", Value: reminders},
			{Name: "Leaderboards", Value: board},
		},
	}
}

// meData is /me-data export|delete: a member's own data as a file, or all of
// it deleted after a confirm button.
func (b *Bot) meData(ctx context.Context, i *discordgo.Interaction) Reply {
	sub, _ := commandOptions(i)
	switch sub {
	case "export":
		var buf bytes.Buffer
		if err := b.writeMemberJSON(ctx, i.GuildID, userID(i), &buf); err != nil {
			return b.fail(ctx, "me-data export", err)
		}
		return ephemeral("Here is everything clubbot stores about you in this server.").withFiles(&discordgo.File{
			Name: "clubbot-my-data.json", ContentType: "application/json", Reader: &buf,
		})
	case "delete":
		return ephemeral("", &discordgo.MessageEmbed{
			Title:       "Delete all your clubbot data in this server?",
			Description: "Your check-ins and their notes, streaks, breaks, challenge places, settings, questions asked, answer feedback and the record of reminders sent to you will be deleted. This cannot be undone.",
			Color:       colourWarn,
		}).withComponents(discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Delete everything", Style: discordgo.DangerButton, CustomID: deleteButtonID(true)},
			discordgo.Button{Label: "Cancel", Style: discordgo.SecondaryButton, CustomID: deleteButtonID(false)},
		}})
	}
	return userError("Use `/me-data export` or `/me-data delete`.")
}

// clickDelete is the /me-data delete confirmation's buttons. The clicking
// member's own data is what goes, whoever's message the button is on.
func (b *Bot) clickDelete(ctx context.Context, i *discordgo.Interaction, id customID) Reply {
	if !id.flag(0) {
		return update("Cancelled: nothing was deleted.", nil)
	}
	if err := b.Store.DeleteMember(ctx, i.GuildID, userID(i)); err != nil {
		return b.fail(ctx, "me-data delete", err)
	}
	b.touchDailyPost(i.GuildID)
	return update("🗑️ Done: everything clubbot stored about you in this server is deleted.", nil)
}

// meEntry is /me; its time zone autocompletes.
func meEntry() command {
	return command{
		def: serverCommand(&discordgo.ApplicationCommand{
			Name:        "me",
			Description: "Your own settings: time zone, reminders and their time, leaderboard visibility.",
			Options: []*discordgo.ApplicationCommandOption{
				zoneOption("Your time zone, e.g. America/New_York (default the club's)."),
				choiceOption("reminders", "A reminder on days you have not checked in (challenge or streak).", []string{"on", "off"},
					map[string]string{"on": "On", "off": "Off"}),
				{
					Type: discordgo.ApplicationCommandOptionString, Name: "reminder-time",
					Description: "When your reminder comes, HH:MM in your time zone; default for the club's.",
					MinLength:   intPtr(3), MaxLength: len(zoneDefault),
				},
				choiceOption("leaderboard", "Show or hide you on leaderboards.", []string{"show", "hide"},
					map[string]string{"show": "Show me", "hide": "Hide me"}),
			},
		}),
		run:          (*Bot).me,
		autocomplete: (*Bot).zoneAutocomplete,
	}
}

// meDataEntry is /me-data, with the delete confirmation's buttons.
func meDataEntry() command {
	return command{
		def: serverCommand(&discordgo.ApplicationCommand{
			Name:        "me-data",
			Description: "Your data in this server: get a copy, or delete it.",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "export", Description: "Get everything stored about you as a file."},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "delete", Description: "Delete everything stored about you (asks to confirm)."},
			},
		}),
		run:        (*Bot).meData,
		components: map[string]componentHandler{kindDelete: (*Bot).clickDelete},
	}
}

// MemberExport is the JSON /me-data export sends: everything the store
// keeps about the member in the server (store.MemberData), and nothing
// about other members.
type MemberExport struct {
	GuildID      string            `json:"guild_id"`
	UserID       string            `json:"user_id"`
	Settings     *memberJSON       `json:"settings"`
	Streak       *streakJSON       `json:"streak"`
	CheckIns     []checkInJSON     `json:"check_ins"`
	Breaks       []breakJSON       `json:"breaks"`
	Challenges   []participantJSON `json:"challenges"`
	Questions    []questionJSON    `json:"questions"`
	Feedback     []feedbackJSON    `json:"feedback"`
	Reminders    []reminderJSON    `json:"reminders_sent"`
	Admin        adminJSON         `json:"as_admin"`
	ExportedAt   time.Time         `json:"exported_at"`
	Explanations map[string]string `json:"about"`
}

type memberJSON struct {
	DisplayName  string    `json:"display_name"`
	TimeZone     string    `json:"time_zone"`
	Reminders    bool      `json:"reminders"`
	ReminderTime string    `json:"reminder_time,omitempty"`
	Hidden       bool      `json:"hidden_from_leaderboards"`
	JoinedAt     time.Time `json:"joined_at"`
}

type streakJSON struct {
	TotalDays    int    `json:"total_days"`
	TotalMinutes int    `json:"total_minutes"`
	LastDate     string `json:"last_date,omitempty"`
	RunStart     string `json:"current_streak_start,omitempty"`
	RunDays      int    `json:"current_streak_days"`
	Longest      int    `json:"longest_streak_days"`
	Freezes      int    `json:"freezes_held"`
	FreezeTold   string `json:"freezes_told_through,omitempty"`
}

type checkInJSON struct {
	ID            int64     `json:"id"`
	Date          string    `json:"date"`
	Minutes       int       `json:"minutes"`
	Timing        string    `json:"timing,omitempty"`
	Tool          string    `json:"tool,omitempty"`
	SoreSpot      string    `json:"sore_spot,omitempty"`
	Note          string    `json:"note,omitempty"`
	InteractionID string    `json:"interaction_id,omitempty"`
	Source        string    `json:"source,omitempty"`
	EnteredBy     string    `json:"entered_by"`
	FixNotShown   bool      `json:"admin_fix_not_yet_shown,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
}

type breakJSON struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Reason string `json:"reason,omitempty"`
}

type participantJSON struct {
	ChallengeID    int64     `json:"challenge_id"`
	Name           string    `json:"name"`
	JoinedDate     string    `json:"joined_date"`
	JoinedAt       time.Time `json:"joined_at"`
	LeftDate       string    `json:"left_date,omitempty"`
	Minutes        int       `json:"minutes"`
	QualifyingDays int       `json:"qualifying_days"`
}

type questionJSON struct {
	ID       int64     `json:"id"`
	Question string    `json:"question"`
	Answered bool      `json:"answered"`
	AskedAt  time.Time `json:"asked_at"`
}

type feedbackJSON struct {
	QuestionID int64     `json:"question_id"`
	Helpful    bool      `json:"helpful"`
	At         time.Time `json:"at"`
}

type reminderJSON struct {
	Date      string    `json:"date"`
	ChannelID string    `json:"channel_id,omitempty"`
	At        time.Time `json:"at"`
}

type adminJSON struct {
	ChallengesCreated []adminChallengeJSON `json:"challenges_created"`
	ChallengesEnded   []adminChallengeJSON `json:"challenges_ended"`
	FAQEntries        []faqEntryJSON       `json:"faq_entries"`
	FixesForOthers    int                  `json:"check_ins_entered_for_others"`
}

type adminChallengeJSON struct {
	ID   int64     `json:"id"`
	Name string    `json:"name"`
	At   time.Time `json:"at"`
}

type faqEntryJSON struct {
	ID        int64     `json:"id"`
	Question  string    `json:"question"`
	Answer    string    `json:"answer"`
	CreatedAt time.Time `json:"created_at"`
}

// dayJSON is a day as the export writes it, "" for none (day 0).
func dayJSON(d clubbot.Day) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

// memberExport shapes what the store holds about a member as the export's
// JSON.
func memberExport(guildID, userID string, d store.MemberData, now time.Time) MemberExport {
	out := MemberExport{
		GuildID: guildID, UserID: userID, ExportedAt: now.UTC(),
		CheckIns: []checkInJSON{}, Breaks: []breakJSON{}, Challenges: []participantJSON{}, Questions: []questionJSON{},
		Feedback: []feedbackJSON{}, Reminders: []reminderJSON{},
		Admin: adminJSON{ChallengesCreated: []adminChallengeJSON{}, ChallengesEnded: []adminChallengeJSON{}, FAQEntries: []faqEntryJSON{}},
		Explanations: map[string]string{
			"date":          "the local calendar day a session counts for",
			"source":        "where a check-in came from (post:ID is a daily post's button)",
			"reminder_time": "your own reminder time in your zone; absent: the club's",
			"streak":        "the running totals kept from your check-ins, as of your latest one",
			"as_admin":      "records of the server you made as an admin; check-ins you entered for others are only counted",
		},
	}
	if m := d.Member; m != nil {
		out.Settings = &memberJSON{DisplayName: d.DisplayName, TimeZone: m.TimeZone, Reminders: m.Reminders,
			Hidden: m.Hidden, JoinedAt: m.JoinedAt}
		if m.OwnReminderTime {
			out.Settings.ReminderTime = m.ReminderTime.String()
		}
	}
	if t := d.Totals; t != nil {
		out.Streak = &streakJSON{TotalDays: t.TotalDays, TotalMinutes: t.TotalMinutes, LastDate: dayJSON(t.Run.LastDay),
			RunStart: dayJSON(t.Run.RunStart), RunDays: t.Run.Current, Longest: t.Run.Longest, Freezes: t.Run.Freezes,
			FreezeTold: dayJSON(t.FreezeTold)}
	}
	for _, c := range d.CheckIns {
		out.CheckIns = append(out.CheckIns, checkInJSON{
			ID: c.ID, Date: c.Day.String(), Minutes: c.Minutes, Timing: c.Timing, Tool: c.Tool,
			SoreSpot: c.SoreSpot, Note: c.Note, InteractionID: c.InteractionID, Source: c.Source,
			EnteredBy: c.EnteredBy, FixNotShown: slices.Contains(d.UnseenFixes, c.ID), CreatedAt: c.CreatedAt,
		})
	}
	for _, br := range d.Breaks {
		out.Breaks = append(out.Breaks, breakJSON{From: br.From.String(), To: br.To.String(), Reason: br.Reason})
	}
	for _, p := range d.Challenges {
		out.Challenges = append(out.Challenges, participantJSON{ChallengeID: p.ChallengeID, Name: p.Name,
			JoinedDate: p.Joined.String(), JoinedAt: p.JoinedAt, LeftDate: dayJSON(p.Left),
			Minutes: p.Minutes, QualifyingDays: p.QualifyingDays})
	}
	for _, q := range d.Questions {
		out.Questions = append(out.Questions, questionJSON{ID: q.ID, Question: q.Question, Answered: q.Answered, AskedAt: q.AskedAt})
	}
	for _, f := range d.Feedback {
		out.Feedback = append(out.Feedback, feedbackJSON{QuestionID: f.QuestionID, Helpful: f.Helpful, At: f.At})
	}
	for _, r := range d.Reminders {
		out.Reminders = append(out.Reminders, reminderJSON{Date: r.Day.String(), ChannelID: r.ChannelID, At: r.ClaimedAt})
	}
	for _, c := range d.Admin.ChallengesCreated {
		out.Admin.ChallengesCreated = append(out.Admin.ChallengesCreated, adminChallengeJSON(c))
	}
	for _, c := range d.Admin.ChallengesEnded {
		out.Admin.ChallengesEnded = append(out.Admin.ChallengesEnded, adminChallengeJSON(c))
	}
	for _, e := range d.Admin.FAQEntries {
		out.Admin.FAQEntries = append(out.Admin.FAQEntries, faqEntryJSON{ID: e.ID, Question: e.Question, Answer: e.Answer, CreatedAt: e.CreatedAt})
	}
	out.Admin.FixesForOthers = d.Admin.FixesForOthers
	return out
}

// writeMemberJSON writes everything stored about one member as indented
// JSON.
func (b *Bot) writeMemberJSON(ctx context.Context, guildID, userID string, w io.Writer) error {
	d, err := b.Store.MemberData(ctx, guildID, userID)
	if err != nil {
		return fmt.Errorf("export member: %w", err)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(memberExport(guildID, userID, d, b.now())); err != nil {
		return fmt.Errorf("export member: %w", err)
	}
	return nil
}
