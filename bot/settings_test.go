package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
)

func TestSettingsShowAndSave(t *testing.T) {
	tb := newTestBot(t)
	r := tb.handle(tb.cmd(adminID, "settings"))
	wantOK(t, r)
	wantSafe(t, r)
	if got := text(r); !isEphemeral(r) || !strings.Contains(got, "07:00") || !strings.Contains(got, "Sunday 18:00") || !strings.Contains(got, "not set") {
		t.Fatalf("default settings %q", got)
	}
	i := tb.cmd(adminID, "settings", &opt{Name: "channel", Type: discordgo.ApplicationCommandOptionChannel, Value: "3100"},
		str("timezone", "Australia/Lord_Howe"), str("checkin-time", "6:30"), str("leaderboard-day", "monday"),
		str("leaderboard-time", "19:05"), str("reminder-time", "21:00"))
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
		LeaderboardDay: time.Monday, LeaderboardTime: 19*60 + 5, ReminderTime: 21 * 60}
	if s != want {
		t.Errorf("stored %+v, want %+v", s, want)
	}
	// One option changes only that one.
	wantOK(t, tb.handle(tb.cmd(adminID, "settings", str("reminder-time", "20:15"))))
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
	wantUserError(t, tb.handle(tb.cmd(alice, "settings", str("timezone", "Europe/Paris"))), "Manage Server")
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
	voice := tb.cmd(adminID, "settings", &opt{Name: "channel", Type: discordgo.ApplicationCommandOptionChannel, Value: "3200"})
	voice.Data = withResolvedChannel(voice, &discordgo.Channel{ID: "3200", GuildID: testGuild, Type: discordgo.ChannelTypeGuildVoice})
	wantUserError(t, tb.handle(voice), "text channel")
	for _, c := range []struct {
		opts []*opt
		want string
	}{
		{[]*opt{&opt{Name: "channel", Type: discordgo.ApplicationCommandOptionChannel, Value: "general"}}, "channel"},
		{[]*opt{str("timezone", "Mars/Olympus")}, "timezone"},
		{[]*opt{str("timezone", "Local")}, "timezone"},
		{[]*opt{str("timezone", "")}, "timezone"},
		{[]*opt{str("checkin-time", "25:00")}, "checkin-time"},
		{[]*opt{str("checkin-time", "7am")}, "checkin-time"},
		{[]*opt{str("leaderboard-time", "18:60")}, "leaderboard-time"},
		{[]*opt{str("reminder-time", "")}, "reminder-time"},
		{[]*opt{str("leaderboard-day", "someday")}, "leaderboard-day"},
		{[]*opt{str("timezone", "Europe/Paris"), str("checkin-time", "bad")}, "checkin-time"},
	} {
		wantUserError(t, tb.handle(tb.cmd(adminID, "settings", c.opts...)), c.want)
	}
	s, _ := tb.Store.Settings(context.Background(), testGuild)
	if s != clubbot.DefaultSettings(testGuild) {
		t.Errorf("bad input changed settings: %+v", s)
	}
}
