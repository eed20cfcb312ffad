package bot

import (
	"strings"
	"testing"

	"clubbot/bot/fakediscord"
	"github.com/bwmarrin/discordgo"
)

// TestAdminFixUndoAndNotice: an admin's fix has an Undo for that admin only,
// in that server only, and the member's next /me tells them of it once
// (issue 11 item 12: fixes could not be undone and the member never heard).
func TestAdminFixUndoAndNotice(t *testing.T) {
	tb := newTestBot(t)
	fixFor := func(minutes float64, date string) Reply {
		t.Helper()
		i := tb.cmd(adminID, "checkin", fakediscord.Num("minutes", minutes), fakediscord.User("member", bob), fakediscord.Str("date", date))
		d := i.Data.(discordgo.ApplicationCommandInteractionData)
		d.Resolved = &discordgo.ApplicationCommandInteractionDataResolved{
			Users: map[string]*discordgo.User{bob: {ID: bob}}, Members: map[string]*discordgo.Member{bob: {}},
		}
		i.Data = d
		r := tb.handle(i)
		wantOK(t, r)
		return r
	}
	undoID := func(r Reply) string {
		t.Helper()
		for _, id := range buttonIDs(r) {
			if strings.HasPrefix(id, customIDVersion+":"+kindUndo+":") {
				return id
			}
		}
		t.Fatalf("no Undo on %q", text(r))
		return ""
	}
	tue := tb.today() - 8 // Tue 3 Mar 2026
	r := fixFor(30, tue.String())
	undo := undoID(r)

	// Others cannot undo it: the member, another admin, the admin in another server.
	otherAdmin := tb.click("2901", undo, "9999")
	otherAdmin.Member.Permissions = discordgo.PermissionManageGuild
	elsewhere := tb.click(adminID, undo, "9999")
	elsewhere.GuildID = "1001"
	for name, i := range map[string]*discordgo.Interaction{
		"the member": tb.click(bob, undo, "9999"), "another admin": otherAdmin, "another server": elsewhere,
	} {
		wantUserError(t, tb.handle(i), "Nothing to undo")
		if h := tb.history(t, bob); len(h) != 1 {
			t.Fatalf("after an undo by %s: %+v", name, h)
		}
	}

	// Bob's next /me tells him, once.
	if got := text(tb.handle(tb.cmd(bob, "me"))); !strings.Contains(got, "An admin added 30 min on Tue 3 Mar") {
		t.Errorf("bob's /me after the fix: %q", got)
	}
	if got := text(tb.handle(tb.cmd(bob, "me"))); strings.Contains(got, "An admin added") {
		t.Errorf("bob's second /me repeats the notice: %q", got)
	}

	// A fix the admin undoes is gone, and bob is never told of it.
	r = fixFor(20, (tue + 1).String())
	u := tb.handle(tb.click(adminID, undoID(r), "9999"))
	wantOK(t, u)
	if !strings.Contains(text(u), "Undone: 20 min") {
		t.Errorf("undo reply %q", text(u))
	}
	if h := tb.history(t, bob); len(h) != 1 || h[0].Minutes != 30 {
		t.Errorf("bob's history after the undo %+v", h)
	}
	if got := text(tb.handle(tb.cmd(bob, "me"))); strings.Contains(got, "An admin added") {
		t.Errorf("bob told of an undone fix: %q", got)
	}
}

// TestMeReminderTime: /me reminder-time takes HH:MM in the member's zone,
// or default for the server's; anything else is refused, ephemerally.
func TestMeReminderTime(t *testing.T) {
	tb := newTestBot(t)
	r := tb.handle(tb.cmd(alice, "me", fakediscord.Str("reminders", "on"), fakediscord.Str("reminder-time", "06:45")))
	wantOK(t, r)
	if !isEphemeral(r) || !strings.Contains(text(r), "06:45") {
		t.Errorf("/me reminder-time reply %q", text(r))
	}
	m, err := tb.Store.Member(t.Context(), testGuild, alice)
	if err != nil || !m.OwnReminderTime || m.ReminderTime != 6*60+45 || !m.Reminders {
		t.Fatalf("saved %+v %v", m, err)
	}
	for _, bad := range []string{"6", "25:00", "7pm", "07:60", "soon"} {
		wantUserError(t, tb.handle(tb.cmd(alice, "me", fakediscord.Str("reminder-time", bad))), "reminder-time")
	}
	if m, _ := tb.Store.Member(t.Context(), testGuild, alice); m.ReminderTime != 6*60+45 {
		t.Errorf("a refused time changed the setting: %+v", m)
	}
	r = tb.handle(tb.cmd(alice, "me", fakediscord.Str("reminder-time", "Default")))
	wantOK(t, r)
	if !strings.Contains(text(r), "20:00 your time (the club's default)") {
		t.Errorf("/me after default %q", text(r))
	}
	if m, _ := tb.Store.Member(t.Context(), testGuild, alice); m.OwnReminderTime {
		t.Errorf("default kept an own time: %+v", m)
	}
}
