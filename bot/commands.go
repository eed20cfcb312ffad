package bot

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"clubbot"
)

// Command and option names the handlers and the command table share.
const (
	cmdCheckIn     = "checkin"
	cmdStreak      = "streak"
	cmdLeaderboard = "leaderboard"
	cmdSettings    = "settings"
	cmdMe          = "me"
	cmdMeData      = "me-data"
	cmdExport      = "export"
	cmdChallenge   = "challenge"
	cmdAsk         = "ask"
	cmdFAQ         = "faq"
	// cmdStreakCard is the user context menu; user commands may have spaces and capitals.
	cmdStreakCard = "Foot-care streak"
)

// Weekdays as /settings leaderboard-day offers them.
var weekdayNames = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// Commands is clubbot's command table (SPEC 3), what `clubbot commands`
// prints and RegisterCommands sends.
func Commands() []*discordgo.ApplicationCommand {
	manageGuild := int64(discordgo.PermissionManageGuild)
	admin := func(c *discordgo.ApplicationCommand) *discordgo.ApplicationCommand {
		c.DefaultMemberPermissions = &manageGuild
		return c
	}
	return []*discordgo.ApplicationCommand{
		serverCommand(&discordgo.ApplicationCommand{
			Name:        cmdAsk,
			Description: "Ask a foot-care question; answered from the club's documents.",
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: "question", Required: true, Autocomplete: true,
				Description: "Your question, e.g. how long should I roll my arch after a run?",
				MinLength:   intPtr(3), MaxLength: 300,
			}},
		}),
		serverCommand(&discordgo.ApplicationCommand{
			Name:        cmdCheckIn,
			Description: "Record a foot-massage session.",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type: discordgo.ApplicationCommandOptionInteger, Name: "minutes", Required: true,
					Description: fmt.Sprintf("How many minutes (%d-%d).", clubbot.MinMinutes, clubbot.MaxMinutes),
					MinValue:    floatPtr(clubbot.MinMinutes), MaxValue: clubbot.MaxMinutes,
				},
				choiceOption("timing", "When you did it.", clubbot.Timings, map[string]string{
					"pre-run": "Pre-run", "post-run": "Post-run", "rest-day": "Rest day", "other": "Other"}),
				choiceOption("tool", "What you used.", clubbot.Tools, map[string]string{
					"shiatsu": "Shiatsu massager", "roller": "Foam or foot roller", "percussive": "Percussive gun",
					"spa": "Foot spa", "ball": "Massage ball", "hands": "Hands", "other": "Other"}),
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
		serverCommand(&discordgo.ApplicationCommand{
			Name:        cmdStreak,
			Description: "Your streak, this week and month, and a calendar of the last 12 weeks.",
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionUser, Name: "member",
				Description: "Whose streak to show (default you).",
			}},
		}),
		serverCommand(&discordgo.ApplicationCommand{
			Name:        cmdLeaderboard,
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
		serverCommand(&discordgo.ApplicationCommand{
			// Open to everyone: join, leave, status and list are for members; create
			// and end are checked on the server side.
			Name:        cmdChallenge,
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
		admin(serverCommand(&discordgo.ApplicationCommand{
			Name:        cmdSettings,
			Description: "The club's settings (Manage Server); no options shows them.",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionChannel, Name: "channel",
					Description:  "Where the daily check-in post and leaderboards go.",
					ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews}},
				zoneOption("The club's time zone, e.g. Europe/London."),
				clockOption("checkin-time", "Daily check-in post time, HH:MM 24-hour (default 07:00)."),
				choiceOption("leaderboard-day", "Day of the weekly leaderboard post (default Sunday).", weekdayNames, nil),
				clockOption("leaderboard-time", "Time of the weekly leaderboard post, HH:MM (default 18:00)."),
				clockOption("reminder-time", "Time of the opt-in reminder, HH:MM (default 20:00)."),
			},
		})),
		serverCommand(&discordgo.ApplicationCommand{
			Name:        cmdMe,
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
		serverCommand(&discordgo.ApplicationCommand{
			Name:        cmdMeData,
			Description: "Your data in this server: get a copy, or delete it.",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "export", Description: "Get everything stored about you as a file."},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "delete", Description: "Delete everything stored about you (asks to confirm)."},
			},
		}),
		admin(serverCommand(&discordgo.ApplicationCommand{
			Name:        cmdFAQ,
			Description: "The club's own questions and answers (Manage Server).",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "add", Description: "Add a question and its answer.",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionString, Name: "question", Required: true,
							Description: "The question as members would ask it.", MinLength: intPtr(3), MaxLength: 200},
						{Type: discordgo.ApplicationCommandOptionString, Name: "answer", Required: true,
							Description: "The club's answer.", MinLength: intPtr(1), MaxLength: 1500},
					}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "remove", Description: "Remove an entry by its number.",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionInteger, Name: "id", Required: true,
							Description: "The entry's number, as /faq list shows it.", MinValue: floatPtr(1)},
					}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "The club's entries with their numbers."},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "gaps", Description: "Questions the notes could not answer and answers rated not helpful."},
			},
		})),
		admin(serverCommand(&discordgo.ApplicationCommand{
			Name:        cmdExport,
			Description: "The server's check-ins as a CSV file (Manage Server).",
		})),
		serverCommand(&discordgo.ApplicationCommand{
			Type: discordgo.UserApplicationCommand,
			Name: cmdStreakCard,
		}),
	}
}

// serverCommand marks a command usable only in servers: clubbot's data is per
// club, so a DM has nothing to record into.
func serverCommand(c *discordgo.ApplicationCommand) *discordgo.ApplicationCommand {
	no := false
	//lint:ignore SA1019 older Discord clients still read dm_permission; Contexts below is the current field.
	c.DMPermission = &no
	c.Contexts = &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	if c.Type == 0 {
		c.Type = discordgo.ChatApplicationCommand
	}
	return c
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

func choiceOption(name, desc string, values []string, labels map[string]string) *discordgo.ApplicationCommandOption {
	o := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: name, Description: desc}
	for _, v := range values {
		label := labels[v]
		if label == "" {
			label = v
		}
		o.Choices = append(o.Choices, &discordgo.ApplicationCommandOptionChoice{Name: label, Value: v})
	}
	return o
}

func zoneOption(desc string) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: "timezone", Autocomplete: true,
		Description: desc, MaxLength: 64,
	}
}

func clockOption(name, desc string) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: name, Description: desc,
		MinLength: intPtr(3), MaxLength: 5,
	}
}

func intPtr(n int) *int           { return &n }
func floatPtr(f float64) *float64 { return &f }

// commandRegistrar is the part of a session RegisterCommands needs.
type commandRegistrar interface {
	ApplicationCommandBulkOverwrite(appID, guildID string, cmds []*discordgo.ApplicationCommand, options ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error)
}

// RegisterCommands replaces the application's commands with Commands(): in
// one server when guildID is set (instant, for testing), else globally.
func RegisterCommands(ctx context.Context, s *discordgo.Session, appID, guildID string) error {
	return registerCommands(ctx, s, appID, guildID)
}

func registerCommands(ctx context.Context, s commandRegistrar, appID, guildID string) error {
	if appID == "" {
		return fmt.Errorf("register commands: no application id")
	}
	if _, err := s.ApplicationCommandBulkOverwrite(appID, guildID, Commands(), discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("register commands: %w", err)
	}
	return nil
}
