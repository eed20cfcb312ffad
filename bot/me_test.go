package bot

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"clubbot"
	"clubbot/bot/fakediscord"
	"clubbot/store"
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

// TestMeDataExportHasEverything: the export holds every kind of row kept
// about the member (it lacked the display name, own reminder time, breaks,
// totals, unseen admin fixes, challenge leaving, reminders sent and admin
// records), nothing about another member, and none of it after the delete.
func TestMeDataExportHasEverything(t *testing.T) {
	tb := newTestBot(t)
	ctx := context.Background()
	today := tb.today()
	wantOK(t, tb.handle(tb.cmd(alice, "me", fakediscord.Str("reminders", "on"), fakediscord.Str("reminder-time", "21:15"))))
	tb.checkInDaysAgo(t, alice, 1, 12)
	tb.checkInDaysAgo(t, alice, 0, 8)
	for _, who := range []struct{ id, reason string }{{alice, "beach week"}, {bob, "bob-secret"}} {
		wantOK(t, tb.handle(tb.cmd(who.id, "break", fakediscord.Sub("plan", fakediscord.Str("from", (today+2).String()),
			fakediscord.Str("to", (today+4).String()), fakediscord.Str("reason", who.reason)))))
	}
	fix, err := tb.Store.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: testGuild, UserID: alice, EnteredBy: adminID, Day: today - 3, Minutes: 20}, today)
	if err != nil {
		t.Fatal(err)
	}
	c, err := tb.Store.CreateChallenge(ctx, clubbot.Challenge{GuildID: testGuild, Name: "Spring feet", Start: today - 1, Days: 10, DailyMinutes: 5, CreatedBy: alice})
	if err != nil {
		t.Fatal(err)
	}
	wantOK(t, tb.handle(tb.cmd(alice, "challenge", fakediscord.Sub("join", fakediscord.Str("name", "Spring feet")))))
	wantOK(t, tb.handle(tb.cmd(alice, "challenge", fakediscord.Sub("leave", fakediscord.Str("name", "Spring feet")))))
	for _, who := range []string{alice, bob} {
		if ok, err := tb.Store.ClaimPost(ctx, testGuild, postReminder, store.ReminderPostKey(today, who)); err != nil || !ok {
			t.Fatalf("claim reminder: %v %v", ok, err)
		}
	}
	tb.checkInDaysAgo(t, bob, 0, 7)

	export := func() (MemberExport, string) {
		t.Helper()
		r := tb.handle(tb.cmd(alice, "me-data", fakediscord.Sub("export")))
		wantOK(t, r)
		if len(r.Response.Data.Files) != 1 {
			t.Fatalf("export reply %q with %d files", text(r), len(r.Response.Data.Files))
		}
		data, _ := io.ReadAll(r.Response.Data.Files[0].Reader)
		var ex MemberExport
		if err := json.Unmarshal(data, &ex); err != nil {
			t.Fatalf("export %s: %v", data, err)
		}
		return ex, string(data)
	}
	ex, raw := export()
	if st := ex.Settings; st == nil || st.DisplayName != "user"+alice || st.ReminderTime != "21:15" || !st.Reminders {
		t.Errorf("settings %+v", st)
	}
	if sk := ex.Streak; sk == nil || sk.TotalDays != 3 || sk.TotalMinutes != 40 || sk.LastDate != today.String() ||
		sk.RunDays != 2 || sk.RunStart != (today-1).String() {
		t.Errorf("streak %+v", sk)
	}
	if len(ex.Breaks) != 1 || ex.Breaks[0] != (breakJSON{From: (today + 2).String(), To: (today + 4).String(), Reason: "beach week"}) {
		t.Errorf("breaks %+v", ex.Breaks)
	}
	fixes := 0
	for _, ci := range ex.CheckIns {
		if ci.FixNotShown {
			fixes++
			if ci.ID != fix.CheckIn.ID || ci.EnteredBy != adminID {
				t.Errorf("unseen fix %+v", ci)
			}
		}
	}
	if len(ex.CheckIns) != 3 || fixes != 1 {
		t.Errorf("%d check-ins, %d unseen fixes; want 3, 1", len(ex.CheckIns), fixes)
	}
	if len(ex.Challenges) != 1 || ex.Challenges[0].LeftDate != today.String() {
		t.Errorf("challenges %+v", ex.Challenges)
	}
	if len(ex.Reminders) != 1 || ex.Reminders[0].Date != today.String() {
		t.Errorf("reminders %+v", ex.Reminders)
	}
	if a := ex.Admin; len(a.ChallengesCreated) != 1 || a.ChallengesCreated[0].ID != c.ID {
		t.Errorf("admin records %+v", a)
	}
	for _, other := range []string{"user" + bob, "bob-secret", store.ReminderPostKey(today, bob)} {
		if strings.Contains(raw, other) {
			t.Errorf("export holds %q, another member's", other)
		}
	}

	tb.handle(tb.cmd(alice, "me-data", fakediscord.Sub("delete")))
	wantOK(t, tb.handle(tb.click(alice, deleteButtonID(true), "8000")))
	ex, _ = export()
	// The export itself records the name again (any interaction does), so
	// a members row is back, with nothing in it.
	if (ex.Streak != nil && *ex.Streak != streakJSON{}) || len(ex.CheckIns)+len(ex.Breaks)+len(ex.Challenges)+len(ex.Reminders)+len(ex.Admin.ChallengesCreated) != 0 {
		t.Errorf("after delete %+v", ex)
	}
	if bs, _ := tb.Store.Breaks(ctx, testGuild, bob); len(bs) != 1 {
		t.Errorf("bob's breaks after alice's delete: %v", bs)
	}
}
