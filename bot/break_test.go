package bot

import (
	"context"
	"strings"
	"testing"

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
