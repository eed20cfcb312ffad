package bot

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/store/sqlite"
)

// ---- helpers shared by the challenge, ask, faq, feedback and scheduler
// tests (prefixed ft, "feature test", to stay clear of other files' helpers).

// ftClock is a settable clock for the bot and the store.
type ftClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *ftClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *ftClock) Set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *ftClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// ftEnv is a bot on a real store in a temporary directory.
type ftEnv struct {
	t     *testing.T
	ctx   context.Context
	db    *sqlite.DB
	bot   *Bot
	clock *ftClock
	guild string
	path  string
}

const ftAdminPerms = discordgo.PermissionManageGuild

var ftSeq atomic.Int64

// ftNewEnv opens a store and a bot whose clock reads now; the server's zone is zone.
func ftNewEnv(t *testing.T, zone string, now time.Time) *ftEnv {
	t.Helper()
	return ftNewEnvIn(t, "9001", zone, now)
}

// ftNewEnvIn is ftNewEnv for the server guild.
func ftNewEnvIn(t *testing.T, guild, zone string, now time.Time) *ftEnv {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "clubbot.db")
	clock := &ftClock{t: now}
	db := ftOpen(t, path, clock)
	e := &ftEnv{t: t, ctx: ctx, db: db, clock: clock, guild: guild, path: path}
	e.bot = &Bot{Store: db, Now: clock.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	st := clubbot.DefaultSettings(e.guild)
	st.TimeZone = zone
	if err := db.SaveSettings(ctx, st); err != nil {
		t.Fatalf("save settings: %v", err)
	}
	return e
}

// ftOpen opens the store at path (another handle, like another process).
func ftOpen(t *testing.T, path string, clock *ftClock) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	db.Now = clock.Now
	t.Cleanup(func() { db.Close() })
	return db
}

func ftMember(user string, perms int64) *discordgo.Member {
	return &discordgo.Member{User: &discordgo.User{ID: user, Username: "user" + user}, Permissions: perms}
}

func ftStr(name, v string) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}
}

func ftInt(name string, v int64) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionInteger, Value: float64(v)}
}

func ftSub(name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionSubCommand, Options: opts}
}

func ftFocused(o *discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	o.Focused = true
	return o
}

// ftCommand builds a slash command from user with permissions perms.
func (e *ftEnv) ftCommand(user string, perms int64, name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	return &discordgo.Interaction{
		ID:      fmt.Sprintf("i%d", ftSeq.Add(1)),
		Type:    discordgo.InteractionApplicationCommand,
		GuildID: e.guild,
		Member:  ftMember(user, perms),
		Data:    discordgo.ApplicationCommandInteractionData{Name: name, CommandType: discordgo.ChatApplicationCommand, Options: opts},
	}
}

func (e *ftEnv) ftAutocomplete(user, name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	i := e.ftCommand(user, 0, name, opts...)
	i.Type = discordgo.InteractionApplicationCommandAutocomplete
	return i
}

func (e *ftEnv) ftClick(user, customID string) *discordgo.Interaction {
	return &discordgo.Interaction{
		ID:      fmt.Sprintf("i%d", ftSeq.Add(1)),
		Type:    discordgo.InteractionMessageComponent,
		GuildID: e.guild,
		Member:  ftMember(user, 0),
		Data:    discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: discordgo.ButtonComponent},
	}
}

// checkIn records minutes for user on the server's day now.
func (e *ftEnv) checkIn(user string, minutes int) {
	e.t.Helper()
	day := clubbot.LocalDay(e.clock.Now(), "", e.zone())
	_, err := e.db.RecordCheckIn(e.ctx, clubbot.CheckIn{
		GuildID: e.guild, UserID: user, Day: day, Minutes: minutes,
		InteractionID: fmt.Sprintf("ci%d", ftSeq.Add(1)), EnteredBy: user,
	}, day)
	if err != nil {
		e.t.Fatalf("check-in: %v", err)
	}
}

func (e *ftEnv) zone() string {
	st, err := e.db.Settings(e.ctx, e.guild)
	if err != nil {
		e.t.Fatalf("settings: %v", err)
	}
	return st.TimeZone
}

// ftText flattens what a reply shows: content, embed titles, descriptions,
// fields and footers.
func ftText(r Reply) string {
	if r.Response == nil || r.Response.Data == nil {
		return ""
	}
	d := r.Response.Data
	return ftMessageText(d.Content, d.Embeds)
}

func ftMessageText(content string, embeds []*discordgo.MessageEmbed) string {
	return dataText(content, embeds)
}

func ftEphemeral(r Reply) bool { return isEphemeral(r) }

func ftIsError(r Reply) bool { return strings.HasPrefix(ftText(r), "⚠️") }

// ftButtons lists the custom ids of a reply's buttons.
func ftButtons(comps []discordgo.MessageComponent) []string { return componentIDs(comps) }

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
	e := ftNewEnv(t, "America/New_York", time.Date(2025, 6, 2, 23, 30, 0, 0, ny))
	b, ctx := e.bot, e.ctx
	create := func(user string, perms int64, opts ...*discordgo.ApplicationCommandInteractionDataOption) Reply {
		return b.challenge(ctx, e.ftCommand(user, perms, "challenge", ftSub("create", opts...)))
	}
	sub := func(user string, perms int64, name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) Reply {
		return b.challenge(ctx, e.ftCommand(user, perms, "challenge", ftSub(name, opts...)))
	}

	// A member without Manage Server is refused on the server side.
	r := create("bob", 0, ftStr("name", "June feet"), ftInt("days", 5), ftInt("daily-minutes", 10))
	if !ftIsError(r) || !ftEphemeral(r) || !strings.Contains(ftText(r), "Manage Server") {
		t.Fatalf("member create: %q", ftText(r))
	}
	if chs, _ := e.db.Challenges(ctx, e.guild, clubbot.DayFromDate(2025, 6, 2), true); len(chs) != 0 {
		t.Fatalf("member created a challenge: %+v", chs)
	}

	// Bad input gets a clear ephemeral error.
	for _, tc := range []struct {
		opts []*discordgo.ApplicationCommandInteractionDataOption
		want string
	}{
		{[]*discordgo.ApplicationCommandInteractionDataOption{ftStr("name", "x"), ftInt("days", 0), ftInt("daily-minutes", 10)}, "Days must be"},
		{[]*discordgo.ApplicationCommandInteractionDataOption{ftStr("name", "x"), ftInt("days", 5), ftInt("daily-minutes", 500)}, "Daily minutes"},
		{[]*discordgo.ApplicationCommandInteractionDataOption{ftStr("name", "x"), ftInt("days", 5), ftInt("daily-minutes", 10), ftStr("start", "2025-06-01")}, "in the past"},
		{[]*discordgo.ApplicationCommandInteractionDataOption{ftStr("name", "x"), ftInt("days", 5), ftInt("daily-minutes", 10), ftInt("grace-days", 5)}, "Grace days"},
		{[]*discordgo.ApplicationCommandInteractionDataOption{ftStr("name", strings.Repeat("n", 51)), ftInt("days", 5), ftInt("daily-minutes", 10)}, "name must be"},
	} {
		r := create("alice", ftAdminPerms, tc.opts...)
		if !ftIsError(r) || !ftEphemeral(r) || !strings.Contains(ftText(r), tc.want) {
			t.Errorf("create %v: %q, want error with %q", tc.opts, ftText(r), tc.want)
		}
	}

	// The admin creates it, starting today (the server's local day, 2 June).
	r = create("alice", ftAdminPerms, ftStr("name", "June feet"), ftInt("days", 5), ftInt("daily-minutes", 10),
		ftStr("start", "today"), ftInt("grace-days", 1), ftStr("description", "Ten minutes a day @everyone"))
	if ftIsError(r) || ftEphemeral(r) {
		t.Fatalf("admin create: %q", ftText(r))
	}
	c, err := e.db.Challenge(ctx, e.guild, "june FEET")
	if err != nil {
		t.Fatalf("stored challenge: %v", err)
	}
	if c.Start != clubbot.DayFromDate(2025, 6, 2) || c.Days != 5 || c.DailyMinutes != 10 || c.GraceDays != 1 || c.CreatedBy != "alice" {
		t.Fatalf("stored challenge = %+v", c)
	}
	if got := ftButtons(r.Response.Data.Components); len(got) != 1 || got[0] != joinButtonID(c.ID) {
		t.Fatalf("announcement buttons = %v", got)
	}
	if am := r.Response.Data.AllowedMentions; am == nil || len(am.Parse) != 0 {
		t.Fatalf("announcement allowed mentions = %+v", am)
	}
	if r := create("alice", ftAdminPerms, ftStr("name", "June Feet"), ftInt("days", 5), ftInt("daily-minutes", 10)); !strings.Contains(ftText(r), "already a challenge") {
		t.Fatalf("duplicate name: %q", ftText(r))
	}

	// Joining: by command (the only challenge needs no name), by button, twice.
	if r := sub("bob", 0, "join"); ftIsError(r) || !ftEphemeral(r) || !strings.Contains(ftText(r), "day 1 of 5") {
		t.Fatalf("bob join: %q", ftText(r))
	}
	if r := sub("bob", 0, "join", ftStr("name", "June feet")); !strings.Contains(ftText(r), "already in") {
		t.Fatalf("bob join twice: %q", ftText(r))
	}
	if r := b.clickJoin(ctx, e.ftClick("carol", joinButtonID(c.ID)), customID{Kind: kindJoin, Args: []string{fmt.Sprint(c.ID)}}); ftIsError(r) || !strings.Contains(ftText(r), "You joined") {
		t.Fatalf("carol join button: %q", ftText(r))
	}
	if r := b.clickJoin(ctx, e.ftClick("carol", joinButtonID(c.ID+100)), customID{Kind: kindJoin, Args: []string{fmt.Sprint(c.ID + 100)}}); !ftIsError(r) {
		t.Fatalf("join button of a missing challenge: %q", ftText(r))
	}
	if r := sub("dave", 0, "join", ftStr("name", "June feet")); ftIsError(r) {
		t.Fatalf("dave join: %q", ftText(r))
	}
	if r := sub("dave", 0, "leave", ftStr("name", "June feet")); ftIsError(r) || !strings.Contains(ftText(r), "You left") {
		t.Fatalf("dave leave: %q", ftText(r))
	}
	if r := sub("dave", 0, "leave"); !ftIsError(r) || !strings.Contains(ftText(r), "not in") {
		t.Fatalf("dave leave twice: %q", ftText(r))
	}
	if r := sub("bob", 0, "join", ftStr("name", "no such thing")); !ftIsError(r) || !strings.Contains(ftText(r), "no challenge called") {
		t.Fatalf("join unknown: %q", ftText(r))
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
			r := sub("bob", 0, "status")
			text := ftText(r)
			if !ftEphemeral(r) || !strings.Contains(text, "Day: 4 of 5") || !strings.Contains(text, "Qualifying days: 4") ||
				!strings.Contains(text, "100%") || !strings.Contains(text, "Streak: 4 day") {
				t.Fatalf("bob status on day 4:\n%s", text)
			}
			r = sub("carol", 0, "status", ftStr("name", "June feet"))
			if text := ftText(r); !strings.Contains(text, "Qualifying days: 2") || !strings.Contains(text, "Out of reach") {
				t.Fatalf("carol status on day 4:\n%s", text)
			}
			if r := sub("dave", 0, "status"); !ftIsError(r) {
				t.Fatalf("status of a non-participant: %q", ftText(r))
			}
			r = sub("erin", 0, "list")
			if ftEphemeral(r) || !strings.Contains(ftText(r), "June feet") || !strings.Contains(ftText(r), "2 taking part") {
				t.Fatalf("list: %q", ftText(r))
			}
		}
		if d < 4 {
			e.clock.Add(24 * time.Hour)
		}
	}

	// Ending: refused to members, public for the admin, naming the finishers.
	if r := sub("bob", 0, "end", ftStr("name", "June feet")); !ftIsError(r) || !strings.Contains(ftText(r), "Manage Server") {
		t.Fatalf("member end: %q", ftText(r))
	}
	r = sub("alice", ftAdminPerms, "end", ftStr("name", "June feet"))
	text := ftText(r)
	if ftIsError(r) || ftEphemeral(r) || !strings.Contains(text, "<@bob>") || strings.Contains(text, "<@carol>") || !strings.Contains(text, "1 of 2") {
		t.Fatalf("end:\n%s", text)
	}
	if am := r.Response.Data.AllowedMentions; am == nil || len(am.Parse) != 0 || len(am.Users) != 0 {
		t.Fatalf("end pings: %+v", am)
	}
	if c, _ := e.db.ChallengeByID(ctx, c.ID); !c.Ended || c.EndedBy != "alice" {
		t.Fatalf("ended challenge = %+v", c)
	}
	if r := sub("alice", ftAdminPerms, "end", ftStr("name", "June feet")); !ftIsError(r) {
		t.Fatalf("end twice: %q", ftText(r))
	}
	if r := sub("bob", 0, "join", ftStr("name", "June feet")); !ftIsError(r) || !strings.Contains(ftText(r), "over") {
		t.Fatalf("join after end: %q", ftText(r))
	}
}

// TestChallengeStatusBlankName: a name of only spaces means "all my
// challenges", not a challenge called "   " the member is not in.
func TestChallengeStatusBlankName(t *testing.T) {
	e := ftNewEnv(t, "UTC", time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC))
	for _, name := range []string{"June feet", "July feet"} {
		r := e.bot.challenge(e.ctx, e.ftCommand("alice", ftAdminPerms, "challenge",
			ftSub("create", ftStr("name", name), ftInt("days", 10), ftInt("daily-minutes", 10))))
		if ftIsError(r) {
			t.Fatalf("create %s: %s", name, ftText(r))
		}
	}
	if r := e.bot.challenge(e.ctx, e.ftCommand("bob", 0, "challenge", ftSub("join", ftStr("name", "June feet")))); ftIsError(r) {
		t.Fatalf("join: %s", ftText(r))
	}
	r := e.bot.challenge(e.ctx, e.ftCommand("bob", 0, "challenge", ftSub("status", ftStr("name", "   "))))
	if ftIsError(r) || !strings.Contains(ftText(r), "June feet") || strings.Contains(ftText(r), "July feet") {
		t.Fatalf("status with a blank name: %q", ftText(r))
	}
}

func TestChallengeAutocomplete(t *testing.T) {
	e := ftNewEnv(t, "UTC", time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC))
	for _, name := range []string{"June feet", "July feet", "Heel hero"} {
		r := e.bot.challenge(e.ctx, e.ftCommand("alice", ftAdminPerms, "challenge",
			ftSub("create", ftStr("name", name), ftInt("days", 10), ftInt("daily-minutes", 10))))
		if ftIsError(r) {
			t.Fatalf("create %s: %s", name, ftText(r))
		}
	}
	r := e.bot.challengeAutocomplete(e.ctx, e.ftAutocomplete("bob", "challenge", ftSub("join", ftFocused(ftStr("name", "FEET")))))
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
