package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/bot/fakediscord"
)

func TestSettingsShowAndSave(t *testing.T) {
	tb := newTestBot(t)
	r := tb.handle(tb.cmd(adminID, "settings"))
	wantOK(t, r)
	wantSafe(t, r)
	if got := text(r); !isEphemeral(r) || !strings.Contains(got, "07:00") || !strings.Contains(got, "Sunday 18:00") || !strings.Contains(got, "not set") {
		t.Fatalf("default settings %q", got)
	}
	i := tb.cmd(adminID, "settings", &fakediscord.Opt{Name: "channel", Type: discordgo.ApplicationCommandOptionChannel, Value: "3100"},
		fakediscord.Str("timezone", "Australia/Lord_Howe"), fakediscord.Str("checkin-time", "6:30"), fakediscord.Str("leaderboard-day", "monday"),
		fakediscord.Str("leaderboard-time", "19:05"), fakediscord.Str("reminder-time", "21:00"), fakediscord.Int("max-freezes", 3))
	i.Data = withResolvedChannel(i, &discordgo.Channel{ID: "3100", GuildID: testGuild, Type: discordgo.ChannelTypeGuildText})
	r = tb.handle(i)
	wantOK(t, r)
	if got := text(r); !strings.Contains(got, "<#3100>") || !strings.Contains(got, "Australia/Lord_Howe") || !strings.Contains(got, "Monday 19:05") {
		t.Errorf("saved settings %q", got)
	}
	s, err := tb.Store.Settings(context.Background(), testGuild)
	if err != nil {
		t.Fatal(err)
	}
	want := clubbot.Settings{GuildID: testGuild, ChannelID: "3100", TimeZone: "Australia/Lord_Howe", CheckinTime: 6*60 + 30,
		LeaderboardDay: time.Monday, LeaderboardTime: 19*60 + 5, ReminderTime: 21 * 60, MaxFreezes: 3}
	if s != want {
		t.Errorf("stored %+v, want %+v", s, want)
	}
	// One option changes only that one.
	wantOK(t, tb.handle(tb.cmd(adminID, "settings", fakediscord.Str("reminder-time", "20:15"))))
	s, _ = tb.Store.Settings(context.Background(), testGuild)
	want.ReminderTime = 20*60 + 15
	if s != want {
		t.Errorf("after one change %+v", s)
	}
}

func withResolvedChannel(i *discordgo.Interaction, ch *discordgo.Channel) discordgo.ApplicationCommandInteractionData {
	d := i.Data.(discordgo.ApplicationCommandInteractionData)
	d.Resolved = &discordgo.ApplicationCommandInteractionDataResolved{Channels: map[string]*discordgo.Channel{ch.ID: ch}}
	return d
}

func TestSettingsRefusedToMembers(t *testing.T) {
	tb := newTestBot(t)
	wantUserError(t, tb.handle(tb.cmd(alice, "settings")), "Manage Server")
	wantUserError(t, tb.handle(tb.cmd(alice, "settings", fakediscord.Str("timezone", "Europe/Paris"))), "Manage Server")
	s, _ := tb.Store.Settings(context.Background(), testGuild)
	if s.TimeZone != "" {
		t.Errorf("a member changed the zone to %q", s.TimeZone)
	}
	// Administrator also counts.
	i := tb.cmd(alice, "settings")
	i.Member.Permissions = discordgo.PermissionAdministrator
	wantOK(t, tb.handle(i))
}

func TestSettingsBadInput(t *testing.T) {
	tb := newTestBot(t)
	voice := tb.cmd(adminID, "settings", &fakediscord.Opt{Name: "channel", Type: discordgo.ApplicationCommandOptionChannel, Value: "3200"})
	voice.Data = withResolvedChannel(voice, &discordgo.Channel{ID: "3200", GuildID: testGuild, Type: discordgo.ChannelTypeGuildVoice})
	wantUserError(t, tb.handle(voice), "text channel")
	for _, c := range []struct {
		opts []*fakediscord.Opt
		want string
	}{
		{[]*fakediscord.Opt{&fakediscord.Opt{Name: "channel", Type: discordgo.ApplicationCommandOptionChannel, Value: "general"}}, "channel"},
		{[]*fakediscord.Opt{fakediscord.Str("timezone", "Mars/Olympus")}, "timezone"},
		{[]*fakediscord.Opt{fakediscord.Str("timezone", "Local")}, "timezone"},
		{[]*fakediscord.Opt{fakediscord.Str("timezone", "")}, "timezone"},
		{[]*fakediscord.Opt{fakediscord.Str("checkin-time", "25:00")}, "checkin-time"},
		{[]*fakediscord.Opt{fakediscord.Str("checkin-time", "7am")}, "checkin-time"},
		{[]*fakediscord.Opt{fakediscord.Str("leaderboard-time", "18:60")}, "leaderboard-time"},
		{[]*fakediscord.Opt{fakediscord.Str("reminder-time", "")}, "reminder-time"},
		{[]*fakediscord.Opt{fakediscord.Str("leaderboard-day", "someday")}, "leaderboard-day"},
		{[]*fakediscord.Opt{fakediscord.Str("timezone", "Europe/Paris"), fakediscord.Str("checkin-time", "bad")}, "checkin-time"},
	} {
		wantUserError(t, tb.handle(tb.cmd(adminID, "settings", c.opts...)), c.want)
	}
	s, _ := tb.Store.Settings(context.Background(), testGuild)
	if s != clubbot.DefaultSettings(testGuild) {
		t.Errorf("bad input changed settings: %+v", s)
	}
}
