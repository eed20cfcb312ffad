package bot

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"clubbot/bot/fakediscord"
	"github.com/bwmarrin/discordgo"
)

func TestMeSettings(t *testing.T) {
	tb := newTestBot(t)
	r := tb.handle(tb.cmd(alice, "me"))
	wantOK(t, r)
	if !isEphemeral(r) || !strings.Contains(text(r), "the club's time zone") {
		t.Fatalf("default /me %q", text(r))
	}
	r = tb.handle(tb.cmd(alice, "me", fakediscord.Str("timezone", "Asia/Kathmandu"), fakediscord.Str("reminders", "on"), fakediscord.Str("leaderboard", "hide")))
	wantOK(t, r)
	wantSafe(t, r)
	m, err := tb.Store.Member(context.Background(), testGuild, alice)
	if err != nil {
		t.Fatal(err)
	}
	if m.TimeZone != "Asia/Kathmandu" || !m.Reminders || !m.Hidden {
		t.Errorf("stored %+v", m)
	}
	wantOK(t, tb.handle(tb.cmd(alice, "me", fakediscord.Str("timezone", "default"), fakediscord.Str("reminders", "off"), fakediscord.Str("leaderboard", "show"))))
	m, _ = tb.Store.Member(context.Background(), testGuild, alice)
	if m.TimeZone != "" || m.Reminders || m.Hidden {
		t.Errorf("after reset %+v", m)
	}
}

func TestMeBadInput(t *testing.T) {
	tb := newTestBot(t)
	for _, c := range []struct {
		opts []*fakediscord.Opt
		want string
	}{
		{[]*fakediscord.Opt{fakediscord.Str("timezone", "Nowhere/City")}, "timezone"},
		{[]*fakediscord.Opt{fakediscord.Str("timezone", strings.Repeat("A", 100))}, "timezone"},
		{[]*fakediscord.Opt{fakediscord.Str("reminders", "maybe")}, "reminders"},
		{[]*fakediscord.Opt{&fakediscord.Opt{Name: "reminders", Value: true}}, "reminders"},
		{[]*fakediscord.Opt{fakediscord.Str("leaderboard", "invisible")}, "leaderboard"},
		{[]*fakediscord.Opt{fakediscord.Str("reminders", "on"), fakediscord.Str("leaderboard", "x")}, "leaderboard"},
	} {
		wantUserError(t, tb.handle(tb.cmd(alice, "me", c.opts...)), c.want)
	}
	m, _ := tb.Store.Member(context.Background(), testGuild, alice)
	if m.TimeZone != "" || m.Reminders || m.Hidden {
		t.Errorf("bad input stored %+v", m)
	}
}

func TestMeDataExportAndDelete(t *testing.T) {
	tb := newTestBot(t)
	tb.checkInDaysAgo(t, alice, 0, 12)
	tb.checkInDaysAgo(t, bob, 0, 7)
	r := tb.handle(tb.cmd(alice, "me-data", fakediscord.Sub("export")))
	wantOK(t, r)
	wantSafe(t, r)
	if !isEphemeral(r) || len(r.Response.Data.Files) != 1 {
		t.Fatalf("export reply %q with %d files", text(r), len(r.Response.Data.Files))
	}
	data, _ := io.ReadAll(r.Response.Data.Files[0].Reader)
	if !json.Valid(data) || !strings.Contains(string(data), alice) || strings.Contains(string(data), bob) {
		t.Errorf("export file %s", data)
	}

	r = tb.handle(tb.cmd(alice, "me-data", fakediscord.Sub("delete")))
	ids := buttonIDs(r)
	if !isEphemeral(r) || len(ids) != 2 || ids[0] != deleteButtonID(true) || ids[1] != deleteButtonID(false) {
		t.Fatalf("delete confirm %q buttons %v", text(r), ids)
	}
	if m, _ := tb.totalMinutes(t, alice); m != 12 {
		t.Fatal("asking to delete deleted")
	}
	r = tb.handle(tb.click(alice, deleteButtonID(false), "8000"))
	if r.Response.Type != discordgo.InteractionResponseUpdateMessage || !strings.Contains(text(r), "nothing was deleted") {
		t.Errorf("cancel %q", text(r))
	}
	if m, _ := tb.totalMinutes(t, alice); m != 12 {
		t.Fatal("cancel deleted")
	}
	r = tb.handle(tb.click(alice, deleteButtonID(true), "8000"))
	wantSafe(t, r)
	if !strings.Contains(text(r), "deleted") || len(r.Response.Data.Components) != 0 {
		t.Errorf("delete %q", text(r))
	}
	if m, _ := tb.totalMinutes(t, alice); m != 0 {
		t.Errorf("after delete %d minutes remain", m)
	}
	if m, _ := tb.totalMinutes(t, bob); m != 7 {
		t.Errorf("bob's data went too: %d", m)
	}
	wantUserError(t, tb.handle(tb.cmd(alice, "me-data")), "export")
}
