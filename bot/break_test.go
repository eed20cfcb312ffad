package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"clubbot"
	"clubbot/bot/fakediscord"
)

func TestBreakPlanAndCancel(t *testing.T) {
	tb := newTestBot(t)
	today := tb.today()
	plan := func(from, to clubbot.Day, extra ...*fakediscord.Opt) Reply {
		opts := append([]*fakediscord.Opt{fakediscord.Str("from", from.String()), fakediscord.Str("to", to.String())}, extra...)
		return tb.handle(tb.cmd(alice, "break", fakediscord.Sub("plan", opts...)))
	}
	r := plan(today+1, today+7, fakediscord.Str("reason", "beach week"))
	wantOK(t, r)
	wantSafe(t, r)
	if got := text(r); !isEphemeral(r) || !strings.Contains(got, "Break planned") || !strings.Contains(got, "7 days") {
		t.Fatalf("plan reply %q", got)
	}
	bs, err := tb.Store.Breaks(context.Background(), testGuild, alice)
	if err != nil || len(bs) != 1 || bs[0].Reason != "beach week" || bs[0].From != today+1 {
		t.Fatalf("stored %v %v", bs, err)
	}
	for _, tt := range []struct {
		name string
		r    Reply
		want string
	}{
		{"overlap", plan(today+7, today+9), "overlaps"},
		{"today", plan(today, today+2), "at least one day ahead"},
		{"too long", plan(today+10, today+40), "1-21 days"},
		{"backwards", plan(today+12, today+11), "before it starts"},
		{"not a date", tb.handle(tb.cmd(alice, "break", fakediscord.Sub("plan", fakediscord.Str("from", "next week"), fakediscord.Str("to", "2026-13-01")))), "YYYY-MM-DD"},
		{"long reason", plan(today+30, today+31, fakediscord.Str("reason", strings.Repeat("x", 101))), "longer than 100"},
	} {
		if !isUserError(tt.r) || !isEphemeral(tt.r) || !strings.Contains(text(tt.r), tt.want) {
			t.Errorf("%s: %q (user error %v), want ephemeral error with %q", tt.name, text(tt.r), isUserError(tt.r), tt.want)
		}
	}
	r = tb.handle(tb.cmd(alice, "break", fakediscord.Sub("cancel")))
	wantOK(t, r)
	if got := text(r); !isEphemeral(r) || !strings.Contains(got, "cancelled") || strings.Contains(got, "beach") {
		t.Fatalf("cancel reply %q", got)
	}
	if r := tb.handle(tb.cmd(alice, "break", fakediscord.Sub("cancel"))); !isUserError(r) || !strings.Contains(text(r), "no break") {
		t.Fatalf("second cancel %q", text(r))
	}
}

// TestBreakCancelTwiceOneDay: a first /break cancel ends the running break
// today; a second one the same day cancels the next planned break (it used
// to end the same running break again), and a third says the break already
// ends today.
func TestBreakCancelTwiceOneDay(t *testing.T) {
	tb := newTestBot(t)
	ctx := context.Background()
	first := tb.today()
	running := clubbot.Break{From: first + 1, To: first + 5, Reason: "beach"}
	later := clubbot.Break{From: first + 10, To: first + 12, Reason: "race taper"}
	for _, br := range []clubbot.Break{running, later} {
		if err := tb.Store.PlanBreak(ctx, testGuild, alice, br, first); err != nil {
			t.Fatal(err)
		}
	}
	tb.advance(48 * time.Hour) // the running break's second day
	today := tb.today()
	cancel := func() Reply { return tb.handle(tb.cmd(alice, "break", fakediscord.Sub("cancel"))) }

	r := cancel()
	wantOK(t, r)
	if got := text(r); !isEphemeral(r) || !strings.Contains(got, "ends today") || !strings.Contains(got, running.From.Short()) {
		t.Fatalf("first cancel %q", got)
	}
	r = cancel()
	wantOK(t, r)
	if got := text(r); !isEphemeral(r) || !strings.Contains(got, "cancelled") || !strings.Contains(got, later.From.Short()) ||
		strings.Contains(got, "race") {
		t.Fatalf("second cancel %q, want the later break cancelled", got)
	}
	r = cancel()
	if got := text(r); !isUserError(r) || !isEphemeral(r) || !strings.Contains(got, "already ends today") {
		t.Fatalf("third cancel %q (user error %v)", got, isUserError(r))
	}
	bs, err := tb.Store.Breaks(ctx, testGuild, alice)
	if want := []clubbot.Break{{From: running.From, To: today, Reason: "beach"}}; err != nil || fmt.Sprint(bs) != fmt.Sprint(want) {
		t.Fatalf("breaks %v %v, want %v", bs, err, want)
	}
}

func TestStreakShowsFreezesAndBreaks(t *testing.T) {
	tb := newTestBot(t)
	ctx := context.Background()
	today := tb.today()
	// Eight days in a row, then yesterday missed: a freeze covers it.
	for d := today - 9; d <= today-2; d++ {
		if _, err := tb.Store.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: testGuild, UserID: alice, Day: d, Minutes: 10, InteractionID: tb.nextID()}, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := tb.Store.PlanBreak(ctx, testGuild, alice, clubbot.Break{From: today + 1, To: today + 3, Reason: "private"}, today); err != nil {
		t.Fatal(err)
	}
	e, _, err := tb.streakCardEmbed(ctx, testGuild, alice, "you", true)
	if err != nil {
		t.Fatal(err)
	}
	all := e.Description
	for _, f := range e.Fields {
		all += "\n" + f.Name + ": " + f.Value
	}
	if !strings.Contains(all, "🧊 a freeze covered "+(today-1).Short()+", 0 left") || !strings.Contains(all, "0 of 2 held") ||
		!strings.Contains(all, "1 day frozen") || strings.Contains(all, "private") {
		t.Fatalf("card %q", all)
	}
	// Told once: the next card has no notice.
	e, _, _ = tb.streakCardEmbed(ctx, testGuild, alice, "you", true)
	if strings.Contains(e.Description, "freeze covered") {
		t.Fatalf("told twice: %q", e.Description)
	}
}

// TestChallengeAllowBreaksOption: /challenge create allow-breaks:false is
// stored as NoBreaks; without the option a challenge allows breaks.
func TestChallengeAllowBreaksOption(t *testing.T) {
	tb := newTestBot(t)
	ctx := context.Background()
	for _, tt := range []struct {
		name     string
		opt      []*fakediscord.Opt
		noBreaks bool
	}{
		{"Default feet", nil, false},
		{"Strict feet", []*fakediscord.Opt{fakediscord.Bool("allow-breaks", false)}, true},
		{"Easy feet", []*fakediscord.Opt{fakediscord.Bool("allow-breaks", true)}, false},
	} {
		opts := append([]*fakediscord.Opt{fakediscord.Str("name", tt.name), fakediscord.Int("days", 30), fakediscord.Int("daily-minutes", 10)}, tt.opt...)
		wantOK(t, tb.handle(tb.cmd(adminID, "challenge", fakediscord.Sub("create", opts...))))
		c, err := tb.Store.Challenge(ctx, testGuild, tt.name)
		if err != nil {
			t.Fatal(err)
		}
		if c.NoBreaks != tt.noBreaks {
			t.Errorf("%s: NoBreaks %v, want %v", tt.name, c.NoBreaks, tt.noBreaks)
		}
	}
}
