package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/bot/fakediscord"
)

// ---- challenge tests

func TestParseStart(t *testing.T) {
	today := clubbot.DayFromDate(2025, 6, 2)
	tests := []struct {
		in      string
		want    clubbot.Day
		wantErr string
	}{
		{"", today + 1, ""},
		{"tomorrow", today + 1, ""},
		{" Today ", today, ""},
		{"2025-06-02", today, ""},
		{"2025-07-01", clubbot.DayFromDate(2025, 7, 1), ""},
		{"2025-06-01", 0, "in the past"},
		{"2027-06-01", 0, "more than a year"},
		{"06/07/2025", 0, "YYYY-MM-DD"},
		{"2025-02-30", 0, "YYYY-MM-DD"},
		{"yesterday", 0, "YYYY-MM-DD"},
	}
	for _, tt := range tests {
		got, err := parseStart(tt.in, today)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseStart(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseStart(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

func TestChallengeLifecycle(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	// 23:30 in New York is already the next day in UTC: days must be local.
	e := newTestBotIn(t, testGuild, "America/New_York", time.Date(2025, 6, 2, 23, 30, 0, 0, ny))
	b, ctx := e.Bot, e.ctx
	create := func(user string, opts ...*fakediscord.Opt) Reply {
		return b.challenge(ctx, e.cmd(user, "challenge", fakediscord.Sub("create", opts...)))
	}
	sub := func(user string, name string, opts ...*fakediscord.Opt) Reply {
		return b.challenge(ctx, e.cmd(user, "challenge", fakediscord.Sub(name, opts...)))
	}

	// A member without Manage Server is refused on the server side.
	r := create("bob", fakediscord.Str("name", "June feet"), fakediscord.Int("days", 5), fakediscord.Int("daily-minutes", 10))
	if !isUserError(r) || !isEphemeral(r) || !strings.Contains(text(r), "Manage Server") {
		t.Fatalf("member create: %q", text(r))
	}
	if chs, _ := e.Store.Challenges(ctx, e.guild, clubbot.DayFromDate(2025, 6, 2), true); len(chs) != 0 {
		t.Fatalf("member created a challenge: %+v", chs)
	}

	// Bad input gets a clear ephemeral error.
	for _, tc := range []struct {
		opts []*fakediscord.Opt
		want string
	}{
		{[]*fakediscord.Opt{fakediscord.Str("name", "x"), fakediscord.Int("days", 0), fakediscord.Int("daily-minutes", 10)}, "Days must be"},
		{[]*fakediscord.Opt{fakediscord.Str("name", "x"), fakediscord.Int("days", 5), fakediscord.Int("daily-minutes", 500)}, "Daily minutes"},
		{[]*fakediscord.Opt{fakediscord.Str("name", "x"), fakediscord.Int("days", 5), fakediscord.Int("daily-minutes", 10), fakediscord.Str("start", "2025-06-01")}, "in the past"},
		{[]*fakediscord.Opt{fakediscord.Str("name", "x"), fakediscord.Int("days", 5), fakediscord.Int("daily-minutes", 10), fakediscord.Int("grace-days", 5)}, "Grace days"},
		{[]*fakediscord.Opt{fakediscord.Str("name", strings.Repeat("n", 51)), fakediscord.Int("days", 5), fakediscord.Int("daily-minutes", 10)}, "name must be"},
	} {
		r := create(adminID, tc.opts...)
		if !isUserError(r) || !isEphemeral(r) || !strings.Contains(text(r), tc.want) {
			t.Errorf("create %v: %q, want error with %q", tc.opts, text(r), tc.want)
		}
	}

	// The admin creates it, starting today (the server's local day, 2 June).
	r = create(adminID, fakediscord.Str("name", "June feet"), fakediscord.Int("days", 5), fakediscord.Int("daily-minutes", 10),
		fakediscord.Str("start", "today"), fakediscord.Int("grace-days", 1), fakediscord.Str("description", "Ten minutes a day @everyone"))
	if isUserError(r) || isEphemeral(r) {
		t.Fatalf("admin create: %q", text(r))
	}
	c, err := e.Store.Challenge(ctx, e.guild, "june FEET")
	if err != nil {
		t.Fatalf("stored challenge: %v", err)
	}
	if c.Start != clubbot.DayFromDate(2025, 6, 2) || c.Days != 5 || c.DailyMinutes != 10 || c.GraceDays != 1 || c.CreatedBy != adminID {
		t.Fatalf("stored challenge = %+v", c)
	}
	if got := componentIDs(r.Response.Data.Components); len(got) != 1 || got[0] != joinButtonID(c.ID) {
		t.Fatalf("announcement buttons = %v", got)
	}
	if am := r.Response.Data.AllowedMentions; am == nil || len(am.Parse) != 0 {
		t.Fatalf("announcement allowed mentions = %+v", am)
	}
	if r := create(adminID, fakediscord.Str("name", "June Feet"), fakediscord.Int("days", 5), fakediscord.Int("daily-minutes", 10)); !strings.Contains(text(r), "already a challenge") {
		t.Fatalf("duplicate name: %q", text(r))
	}

	// Joining: by command (the only challenge needs no name), by button, twice.
	if r := sub("bob", "join"); isUserError(r) || !isEphemeral(r) || !strings.Contains(text(r), "day 1 of 5") {
		t.Fatalf("bob join: %q", text(r))
	}
	if r := sub("bob", "join", fakediscord.Str("name", "June feet")); !strings.Contains(text(r), "already in") {
		t.Fatalf("bob join twice: %q", text(r))
	}
	if r := b.clickJoin(ctx, e.click("carol", joinButtonID(c.ID), ""), customID{Kind: kindJoin, Args: []string{fmt.Sprint(c.ID)}}); isUserError(r) || !strings.Contains(text(r), "You joined") {
		t.Fatalf("carol join button: %q", text(r))
	}
	if r := b.clickJoin(ctx, e.click("carol", joinButtonID(c.ID+100), ""), customID{Kind: kindJoin, Args: []string{fmt.Sprint(c.ID + 100)}}); !isUserError(r) {
		t.Fatalf("join button of a missing challenge: %q", text(r))
	}
	if r := sub("dave", "join", fakediscord.Str("name", "June feet")); isUserError(r) {
		t.Fatalf("dave join: %q", text(r))
	}
	if r := sub("dave", "leave", fakediscord.Str("name", "June feet")); isUserError(r) || !strings.Contains(text(r), "You left") {
		t.Fatalf("dave leave: %q", text(r))
	}
	if r := sub("dave", "leave"); !isUserError(r) || !strings.Contains(text(r), "not in") {
		t.Fatalf("dave leave twice: %q", text(r))
	}
	if r := sub("bob", "join", fakediscord.Str("name", "no such thing")); !isUserError(r) || !strings.Contains(text(r), "no challenge called") {
		t.Fatalf("join unknown: %q", text(r))
	}

	// Five days: bob qualifies every day, carol on two.
	for d := 0; d < 5; d++ {
		e.checkIn("bob", 10)
		if d == 1 || d == 3 {
			e.checkIn("carol", 12)
		} else {
			e.checkIn("carol", 4)
		}
		if d == 3 {
			r := sub("bob", "status")
			shown := text(r)
			if !isEphemeral(r) || !strings.Contains(shown, "Day: 4 of 5") || !strings.Contains(shown, "Qualifying days: 4") ||
				!strings.Contains(shown, "100%") || !strings.Contains(shown, "Streak: 4 day") {
				t.Fatalf("bob status on day 4:\n%s", shown)
			}
			r = sub("carol", "status", fakediscord.Str("name", "June feet"))
			if shown := text(r); !strings.Contains(shown, "Qualifying days: 2") || !strings.Contains(shown, "Out of reach") {
				t.Fatalf("carol status on day 4:\n%s", shown)
			}
			if r := sub("dave", "status"); !isUserError(r) {
				t.Fatalf("status of a non-participant: %q", text(r))
			}
			r = sub("erin", "list")
			if isEphemeral(r) || !strings.Contains(text(r), "June feet") || !strings.Contains(text(r), "2 taking part") {
				t.Fatalf("list: %q", text(r))
			}
		}
		if d < 4 {
			e.advance(24 * time.Hour)
		}
	}

	// Ending: refused to members, public for the admin, naming the finishers.
	if r := sub("bob", "end", fakediscord.Str("name", "June feet")); !isUserError(r) || !strings.Contains(text(r), "Manage Server") {
		t.Fatalf("member end: %q", text(r))
	}
	r = sub(adminID, "end", fakediscord.Str("name", "June feet"))
	shown := text(r)
	if isUserError(r) || isEphemeral(r) || !strings.Contains(shown, "<@bob>") || strings.Contains(shown, "<@carol>") || !strings.Contains(shown, "1 of 2") {
		t.Fatalf("end:\n%s", shown)
	}
	if am := r.Response.Data.AllowedMentions; am == nil || len(am.Parse) != 0 || len(am.Users) != 0 {
		t.Fatalf("end pings: %+v", am)
	}
	if c, _ := e.Store.ChallengeByID(ctx, c.ID); !c.Ended || c.EndedBy != adminID {
		t.Fatalf("ended challenge = %+v", c)
	}
	if r := sub(adminID, "end", fakediscord.Str("name", "June feet")); !isUserError(r) {
		t.Fatalf("end twice: %q", text(r))
	}
	if r := sub("bob", "join", fakediscord.Str("name", "June feet")); !isUserError(r) || !strings.Contains(text(r), "over") {
		t.Fatalf("join after end: %q", text(r))
	}
}

// TestChallengeStatusBlankName: a name of only spaces means "all my
// challenges", not a challenge called "   " the member is not in.
func TestChallengeStatusBlankName(t *testing.T) {
	e := newTestBotIn(t, testGuild, "UTC", time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC))
	for _, name := range []string{"June feet", "July feet"} {
		r := e.Bot.challenge(e.ctx, e.cmd(adminID, "challenge",
			fakediscord.Sub("create", fakediscord.Str("name", name), fakediscord.Int("days", 10), fakediscord.Int("daily-minutes", 10))))
		if isUserError(r) {
			t.Fatalf("create %s: %s", name, text(r))
		}
	}
	if r := e.Bot.challenge(e.ctx, e.cmd("bob", "challenge", fakediscord.Sub("join", fakediscord.Str("name", "June feet")))); isUserError(r) {
		t.Fatalf("join: %s", text(r))
	}
	r := e.Bot.challenge(e.ctx, e.cmd("bob", "challenge", fakediscord.Sub("status", fakediscord.Str("name", "   "))))
	if isUserError(r) || !strings.Contains(text(r), "June feet") || strings.Contains(text(r), "July feet") {
		t.Fatalf("status with a blank name: %q", text(r))
	}
}

func TestChallengeAutocomplete(t *testing.T) {
	e := newTestBotIn(t, testGuild, "UTC", time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC))
	for _, name := range []string{"June feet", "July feet", "Heel hero"} {
		r := e.Bot.challenge(e.ctx, e.cmd(adminID, "challenge",
			fakediscord.Sub("create", fakediscord.Str("name", name), fakediscord.Int("days", 10), fakediscord.Int("daily-minutes", 10))))
		if isUserError(r) {
			t.Fatalf("create %s: %s", name, text(r))
		}
	}
	r := e.Bot.challengeAutocomplete(e.ctx, e.autocomplete("bob", "challenge", fakediscord.Sub("join", fakediscord.Focused(fakediscord.Str("name", "FEET")))))
	if r.Response == nil || r.Response.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		t.Fatalf("autocomplete response = %+v", r.Response)
	}
	var got []string
	for _, c := range r.Response.Data.Choices {
		got = append(got, c.Name)
		if c.Value != c.Name {
			t.Errorf("choice %q has value %v", c.Name, c.Value)
		}
	}
	if strings.Join(got, ",") != "July feet,June feet" && strings.Join(got, ",") != "June feet,July feet" {
		t.Fatalf("choices for FEET = %v", got)
	}
}
