package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/bot/fakediscord"
	"clubbot/bot/faq"
)

func TestCheckInSlashCommand(t *testing.T) {
	tb := newTestBot(t)
	r := tb.handle(tb.cmd(alice, "checkin", fakediscord.Int("minutes", 15), fakediscord.Str("timing", "post-run"), fakediscord.Str("tool", "roller"),
		fakediscord.Str("note", "felt good @everyone")))
	wantOK(t, r)
	wantSafe(t, r)
	if !isEphemeral(r) {
		t.Error("confirmation is not ephemeral")
	}
	got := text(r)
	for _, want := range []string{"15 min", "today", "post-run", "roller", "1 session", "1 day"} {
		if !strings.Contains(got, want) {
			t.Errorf("confirmation %q lacks %q", got, want)
		}
	}
	ids := buttonIDs(r)
	if len(ids) != 1 || !strings.HasPrefix(ids[0], "v1:undo:") {
		t.Errorf("buttons %v, want one Undo", ids)
	}
	if m, n := tb.totalMinutes(t, alice); m != 15 || n != 1 {
		t.Errorf("stored %d min in %d sessions, want 15 in 1", m, n)
	}
	if tb.touches != 1 {
		t.Errorf("daily post touched %d times, want 1", tb.touches)
	}
	// A second session the same day adds up.
	r = tb.handle(tb.cmd(alice, "checkin", fakediscord.Int("minutes", 10), fakediscord.Str("timing", "pre-run")))
	wantOK(t, r)
	if !strings.Contains(text(r), "25 min in 2 sessions") {
		t.Errorf("second confirmation %q lacks the day's total", text(r))
	}
}

func TestCheckInYesterdayAndStreak(t *testing.T) {
	tb := newTestBot(t)
	wantOK(t, tb.handle(tb.cmd(alice, "checkin", fakediscord.Int("minutes", 10), fakediscord.Str("day", "yesterday"))))
	r := tb.handle(tb.cmd(alice, "checkin", fakediscord.Int("minutes", 10)))
	wantOK(t, r)
	if !strings.Contains(text(r), "🔥 2 days") {
		t.Errorf("confirmation %q lacks a 2-day streak", text(r))
	}
	h := tb.history(t, alice)
	if len(h) != 2 || h[0].Day != tb.today()-1 || h[1].Day != tb.today() {
		t.Errorf("history %+v, want yesterday and today", h)
	}
}

func TestCheckInUsesMemberZone(t *testing.T) {
	tb := newTestBot(t)
	// 12:00 UTC on Wednesday is already Thursday in Kiritimati (UTC+14).
	wantOK(t, tb.handle(tb.cmd(alice, "me", fakediscord.Str("timezone", "Pacific/Kiritimati"))))
	wantOK(t, tb.handle(tb.cmd(alice, "checkin", fakediscord.Int("minutes", 10))))
	ctx := context.Background()
	h, err := tb.Store.History(ctx, testGuild, alice, tb.today()-3, tb.today()+3)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 1 || h[0].Day != tb.today()+1 {
		t.Errorf("history %+v, want one check-in on %s", h, tb.today()+1)
	}
	// The server's zone applies to members without their own.
	wantOK(t, tb.handle(tb.cmd(adminID, "settings", fakediscord.Str("timezone", "America/New_York"))))
	tb.setNow(time.Date(2026, 3, 11, 2, 0, 0, 0, time.UTC)) // 22:00 on the 10th in New York
	wantOK(t, tb.handle(tb.cmd(bob, "checkin", fakediscord.Int("minutes", 10))))
	h, _ = tb.Store.History(ctx, testGuild, bob, tb.today()-3, tb.today()+3)
	if len(h) != 1 || h[0].Day != clubbot.DayFromDate(2026, 3, 10) {
		t.Errorf("bob's history %+v, want 2026-03-10", h)
	}
}

func TestCheckInSameInteractionTwice(t *testing.T) {
	tb := newTestBot(t)
	i := tb.cmd(alice, "checkin", fakediscord.Int("minutes", 20))
	first := tb.handle(i)
	second := tb.handle(i) // Discord retried the delivery
	wantOK(t, first)
	if o := second.outcome(); o != OutcomeReplay {
		t.Errorf("redelivery outcome %s, want %s", o, OutcomeReplay)
	}
	if m, n := tb.totalMinutes(t, alice); m != 20 || n != 1 {
		t.Errorf("stored %d min in %d sessions, want 20 in 1", m, n)
	}
	if buttonIDs(first)[0] != buttonIDs(second)[0] {
		t.Errorf("redelivery offers a different Undo: %v vs %v", buttonIDs(first), buttonIDs(second))
	}
	if tb.touches != 1 {
		t.Errorf("touched %d times, want 1", tb.touches)
	}
}

func TestCheckInBadInput(t *testing.T) {
	cases := []struct {
		name string
		opts []*fakediscord.Opt
		want string
	}{
		{"no minutes", nil, "minutes"},
		{"zero minutes", []*fakediscord.Opt{fakediscord.Int("minutes", 0)}, "minutes"},
		{"too many minutes", []*fakediscord.Opt{fakediscord.Int("minutes", 241)}, "minutes"},
		{"negative minutes", []*fakediscord.Opt{fakediscord.Int("minutes", -5)}, "minutes"},
		{"fractional minutes", []*fakediscord.Opt{fakediscord.Num("minutes", 10.5)}, "minutes"},
		{"minutes as text", []*fakediscord.Opt{fakediscord.Str("minutes", "ten")}, "minutes"},
		{"huge minutes", []*fakediscord.Opt{fakediscord.Num("minutes", 1e300)}, "minutes"},
		{"bad timing", []*fakediscord.Opt{fakediscord.Int("minutes", 10), fakediscord.Str("timing", "mid-run")}, "timing"},
		{"bad tool", []*fakediscord.Opt{fakediscord.Int("minutes", 10), fakediscord.Str("tool", "hammer")}, "tool"},
		{"bad sore spot", []*fakediscord.Opt{fakediscord.Int("minutes", 10), fakediscord.Str("sore-spot", "knee")}, "sore-spot"},
		{"bad day", []*fakediscord.Opt{fakediscord.Int("minutes", 10), fakediscord.Str("day", "last-week")}, "day"},
		{"tool as number", []*fakediscord.Opt{fakediscord.Int("minutes", 10), fakediscord.Int("tool", 3)}, "tool"},
		{"long note", []*fakediscord.Opt{fakediscord.Int("minutes", 10), fakediscord.Str("note", strings.Repeat("x", 201))}, "note"},
		{"invalid utf8 note", []*fakediscord.Opt{fakediscord.Int("minutes", 10), fakediscord.Str("note", "\xff\xfe")}, "note"},
	}
	tb := newTestBot(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := tb.handle(tb.cmd(alice, "checkin", c.opts...))
			wantUserError(t, r, c.want)
			wantSafe(t, r)
		})
	}
	if m, _ := tb.totalMinutes(t, alice); m != 0 {
		t.Errorf("bad input stored %d minutes", m)
	}
	// 200 characters exactly is fine.
	wantOK(t, tb.handle(tb.cmd(alice, "checkin", fakediscord.Int("minutes", 10), fakediscord.Str("note", strings.Repeat("é", 200)))))
}

func TestCheckInButton(t *testing.T) {
	tb := newTestBot(t)
	r := tb.handle(tb.click(alice, checkInButtonID(15), postMsgID))
	wantOK(t, r)
	wantSafe(t, r)
	if !isEphemeral(r) || !strings.Contains(text(r), "15 min") {
		t.Fatalf("button confirmation %q (ephemeral %v)", text(r), isEphemeral(r))
	}
	// A second click on the same post records nothing and says so, with Undo.
	r2 := tb.handle(tb.click(alice, checkInButtonID(10), postMsgID))
	if !isEphemeral(r2) || !strings.Contains(text(r2), "already checked in") || !strings.Contains(text(r2), "/checkin") {
		t.Fatalf("second click reply %q", text(r2))
	}
	if ids := buttonIDs(r2); len(ids) != 1 || ids[0] != buttonIDs(r)[0] {
		t.Errorf("second click buttons %v, want the first check-in's Undo %v", ids, buttonIDs(r))
	}
	if m, n := tb.totalMinutes(t, alice); m != 15 || n != 1 {
		t.Errorf("stored %d min in %d sessions, want 15 in 1", m, n)
	}
	// Another member's click on the same post counts for them.
	wantOK(t, tb.handle(tb.click(bob, checkInButtonID(20), postMsgID)))
	if m, _ := tb.totalMinutes(t, bob); m != 20 {
		t.Errorf("bob stored %d, want 20", m)
	}
	// A click on another day's post counts again.
	wantOK(t, tb.handle(tb.click(alice, checkInButtonID(10), "5556")))
	if m, n := tb.totalMinutes(t, alice); m != 25 || n != 2 {
		t.Errorf("stored %d min in %d sessions, want 25 in 2", m, n)
	}
}

func TestCheckInModal(t *testing.T) {
	tb := newTestBot(t)
	r := tb.handle(tb.click(alice, otherButtonID(), postMsgID))
	if r.Response.Type != discordgo.InteractionResponseModal || r.Response.Data.CustomID != otherModalID(postMsgID) {
		t.Fatalf("Other… gave response type %d, custom id %q", r.Response.Type, r.Response.Data.CustomID)
	}
	if n := len(r.Response.Data.Components); n != 4 {
		t.Errorf("modal has %d rows, want 4", n)
	}
	bad := []struct {
		fields map[string]string
		want   string
	}{
		{map[string]string{"minutes": ""}, "minutes"},
		{map[string]string{"minutes": "abc"}, "minutes"},
		{map[string]string{"minutes": "0"}, "minutes"},
		{map[string]string{"minutes": "999"}, "minutes"},
		{map[string]string{"minutes": "-3"}, "minutes"},
		{map[string]string{"minutes": "12", "timing": "lunch"}, "timing"},
		{map[string]string{"minutes": "12", "tool": "spoon"}, "tool"},
		{map[string]string{"minutes": "12", "note": strings.Repeat("n", 201)}, "note"},
	}
	for _, c := range bad {
		r := tb.handle(tb.submit(alice, otherModalID(postMsgID), postMsgID, c.fields))
		wantUserError(t, r, c.want)
	}
	if m, _ := tb.totalMinutes(t, alice); m != 0 {
		t.Fatalf("bad modal input stored %d minutes", m)
	}
	r = tb.handle(tb.submit(alice, otherModalID(postMsgID), postMsgID, map[string]string{
		"minutes": " 35 min ", "timing": "Rest-Day", "tool": "ball", "note": "arch tight"}))
	wantOK(t, r)
	wantSafe(t, r)
	if got := text(r); !strings.Contains(got, "35 min") || !strings.Contains(got, "rest-day") || !strings.Contains(got, "arch tight") {
		t.Errorf("modal confirmation %q", got)
	}
	// It was this post's check-in: a button click on the post now records nothing.
	r = tb.handle(tb.click(alice, checkInButtonID(10), postMsgID))
	if !strings.Contains(text(r), "already checked in") {
		t.Errorf("click after modal: %q", text(r))
	}
	if m, n := tb.totalMinutes(t, alice); m != 35 || n != 1 {
		t.Errorf("stored %d min in %d sessions, want 35 in 1", m, n)
	}
}

func TestUndo(t *testing.T) {
	tb := newTestBot(t)
	r := tb.handle(tb.cmd(alice, "checkin", fakediscord.Int("minutes", 15)))
	undo := buttonIDs(r)[0]
	// Someone else's click cannot undo it.
	wantUserError(t, tb.handle(tb.click(bob, undo, "7000")), "nothing to undo")
	if m, _ := tb.totalMinutes(t, alice); m != 15 {
		t.Fatalf("bob's undo removed alice's check-in")
	}
	r = tb.handle(tb.click(alice, undo, "7000"))
	wantSafe(t, r)
	if r.Response.Type != discordgo.InteractionResponseUpdateMessage || !strings.Contains(text(r), "Undone") {
		t.Fatalf("undo reply type %d %q", r.Response.Type, text(r))
	}
	if len(r.Response.Data.Components) != 0 {
		t.Errorf("undo left buttons on the confirmation")
	}
	if m, _ := tb.totalMinutes(t, alice); m != 0 {
		t.Errorf("after undo %d minutes remain", m)
	}
	// Twice, or after a restart (nothing in memory): a clear stale reply.
	wantUserError(t, tb.handle(tb.click(alice, undo, "7000")), "nothing to undo")
	if tb.touches != 2 {
		t.Errorf("touches %d, want 2 (check-in and undo)", tb.touches)
	}
	// After an undo the same post can be clicked again.
	wantOK(t, tb.handle(tb.click(alice, checkInButtonID(10), postMsgID)))
	r = tb.handle(tb.click(alice, buttonIDs(tb.handle(tb.click(alice, checkInButtonID(10), postMsgID)))[0], "7001"))
	if !strings.Contains(text(r), "Undone") {
		t.Fatalf("undo from the duplicate reply: %q", text(r))
	}
	wantOK(t, tb.handle(tb.click(alice, checkInButtonID(20), postMsgID)))
	if m, n := tb.totalMinutes(t, alice); m != 20 || n != 1 {
		t.Errorf("stored %d min in %d sessions, want 20 in 1", m, n)
	}
}

func TestCheckInSoreSpotWithoutFAQ(t *testing.T) {
	tb := newTestBot(t) // b.FAQ is nil: the confirmation still works
	r := tb.handle(tb.cmd(alice, "checkin", fakediscord.Int("minutes", 10), fakediscord.Str("sore-spot", "heel")))
	wantOK(t, r)
	if !strings.Contains(text(r), "heel") {
		t.Errorf("confirmation %q lacks the sore spot", text(r))
	}
}

func TestCheckInSoreSpotPassage(t *testing.T) {
	tb := newTestBot(t)
	engine, err := faq.New(context.Background(), faq.Config{})
	if err != nil {
		t.Fatalf("faq engine: %v", err)
	}
	tb.FAQ = engine
	src, ok := engine.SoreSpot("arch")
	if !ok {
		t.Fatal("the bundled documents have nothing on a sore arch")
	}
	r := tb.handle(tb.cmd(alice, "checkin", fakediscord.Int("minutes", 10), fakediscord.Str("sore-spot", "arch")))
	wantOK(t, r)
	got := text(r)
	if !strings.Contains(got, "For a sore arch") || !strings.Contains(got, truncate(src.Excerpt, 40)[:20]) || !strings.Contains(got, "Not medical advice") {
		t.Errorf("confirmation %q lacks the arch passage %q", got, src.Excerpt)
	}
	for _, f := range r.Response.Data.Embeds[0].Fields {
		if len([]rune(f.Value)) > 1024 || len([]rune(f.Name)) > 256 {
			t.Errorf("field over Discord's limits: %q", f.Name)
		}
	}
	// "none" gets no passage.
	r = tb.handle(tb.cmd(alice, "checkin", fakediscord.Int("minutes", 10), fakediscord.Str("sore-spot", "none")))
	if strings.Contains(text(r), "For a sore") {
		t.Errorf("sore-spot none got a passage: %q", text(r))
	}
}

// TestConcurrentCheckIns: 200 members checking in at once through the
// router all get a confirmation and all are stored.
func TestConcurrentCheckIns(t *testing.T) {
	tb := newTestBot(t)
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan string, n)
	for k := 0; k < n; k++ {
		i := tb.cmd(fmt.Sprintf("%d", 40000+k), "checkin", fakediscord.Int("minutes", 10))
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := tb.handle(i); string(r.outcome()) != "ok" {
				errs <- text(r)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("check-in failed: %s", e)
	}
	count, err := tb.Store.CheckedInCount(context.Background(), testGuild, tb.today())
	if err != nil || count != n {
		t.Errorf("checked in %d, %v; want %d", count, err, n)
	}
}

// TestCommandLabelsCoverTable: every command in the table is routed and
// labelled by name in metrics.
func TestCommandLabelsCoverTable(t *testing.T) {
	for _, c := range Commands() {
		d := discordgo.ApplicationCommandInteractionData{Name: c.Name, CommandType: c.Type}
		i := &discordgo.Interaction{Type: discordgo.InteractionApplicationCommand, Data: d}
		if got := interactionLabel(i); got != c.Name {
			t.Errorf("%q is labelled %q", c.Name, got)
		}
		if e, ok := routes.command(d); !ok || e.run == nil {
			t.Errorf("%q has no handler", c.Name)
		}
	}
}

// TestRegistryOwnsEveryComponentKind: each custom_id kind the bot makes is
// answered by exactly one command's entry, and a name or kind registered
// twice is refused.
func TestRegistryOwnsEveryComponentKind(t *testing.T) {
	for kind := range customIDArgs {
		if routes.components[kind] == nil {
			t.Errorf("custom_id kind %q has no handler", kind)
		}
	}
	for kind := range routes.components {
		if _, ok := customIDArgs[kind]; !ok {
			t.Errorf("handler for kind %q, which parseCustomID never gives", kind)
		}
	}
	for name, entries := range map[string][]command{
		"name": {streakEntry(), streakEntry()},
		"kind": {checkinEntry(), {def: &discordgo.ApplicationCommand{Name: "other"}, components: map[string]componentHandler{kindUndo: (*Bot).clickUndo}}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("a %s registered twice was accepted", name)
				}
			}()
			newRoutes(entries)
		}()
	}
	// A user command may share a slash command's name, as on Discord.
	newRoutes([]command{streakEntry(), {def: &discordgo.ApplicationCommand{Name: "streak", Type: discordgo.UserApplicationCommand}}})
}

// BenchmarkHandleCheckIn: one /checkin through the router on a real store
// (each a new member and interaction, so every one is stored).
func BenchmarkHandleCheckIn(b *testing.B) {
	tb := newTestBot(b)
	b.ReportAllocs()
	for k := 0; b.Loop(); k++ {
		r := tb.handle(tb.cmd(fmt.Sprintf("%d", 50000+k%5000), "checkin", fakediscord.Int("minutes", 10)))
		if string(r.outcome()) != "ok" {
			b.Fatal(text(r))
		}
	}
}

// TestCheckInButtonCountsForThePostsDay: a daily post's buttons count for
// the post's date while it is today or yesterday for the member, and older
// posts are refused like older days.
func TestCheckInButtonCountsForThePostsDay(t *testing.T) {
	tb := newTestBot(t)
	ctx := context.Background()
	today := tb.today()
	post := func(day clubbot.Day, msgID string) {
		t.Helper()
		if ok, err := tb.Store.ClaimPost(ctx, testGuild, postDaily, day.String()); err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
		if err := tb.Store.SetPostMessage(ctx, testGuild, postDaily, day.String(), "777", msgID); err != nil {
			t.Fatal(err)
		}
	}
	post(today-1, "8001")
	post(today-2, "8002")
	post(today, "8003")

	wantOK(t, tb.handle(tb.click(alice, checkInButtonID(10), "8001")))
	wantUserError(t, tb.handle(tb.click(alice, checkInButtonID(15), "8002")), "too long ago")
	wantOK(t, tb.handle(tb.click(alice, checkInButtonID(20), "8003")))
	h := tb.history(t, alice)
	if len(h) != 2 || h[0].Day != today-1 || h[0].Minutes != 10 || h[1].Day != today || h[1].Minutes != 20 {
		t.Fatalf("history %+v: want 10 min yesterday (its post) and 20 min today", h)
	}
}
