package bot

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/store/sqlite"
)

// Test world: one server, plain members and an admin.
const (
	testGuild = "1000"
	alice     = "2001"
	bob       = "2002"
	carol     = "2003"
	adminID   = "2900"
	postMsgID = "5555"
)

// testBot is a Bot on a real store in t.TempDir() with a settable clock.
type testBot struct {
	*Bot
	t       *testing.T
	mu      sync.Mutex
	now     time.Time
	seq     int
	touches int
}

func (tb *testBot) Touch(guildID string) {
	tb.mu.Lock()
	tb.touches++
	tb.mu.Unlock()
}

// newTestBot opens a fresh database; the clock starts on Wednesday
// 2026-03-11 at 12:00 UTC.
func newTestBot(t testing.TB) *testBot {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "clubbot.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	tb := &testBot{now: time.Date(2026, 3, 11, 12, 0, 0, 0, time.UTC)}
	if tt, ok := t.(*testing.T); ok {
		tb.t = tt
	}
	clock := func() time.Time { tb.mu.Lock(); defer tb.mu.Unlock(); return tb.now }
	db.Now = clock
	tb.Bot = &Bot{Store: db, Now: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	tb.Bot.DailyPost = tb
	return tb
}

func (tb *testBot) setNow(t time.Time) { tb.mu.Lock(); tb.now = t; tb.mu.Unlock() }

func (tb *testBot) today() clubbot.Day { return clubbot.DayOf(tb.Now(), time.UTC) }

func (tb *testBot) nextID() string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.seq++
	return fmt.Sprintf("%d", 900000+tb.seq)
}

// member builds the guild member for a user id; adminID gets Manage Server.
func member(id string) *discordgo.Member {
	m := &discordgo.Member{User: &discordgo.User{ID: id, Username: "user" + id}}
	if id == adminID {
		m.Permissions = discordgo.PermissionManageGuild
	}
	return m
}

type opt = discordgo.ApplicationCommandInteractionDataOption

func str(name, v string) *opt {
	return &opt{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}
}

// num is an integer option as JSON brings it: a float64.
func num(name string, v float64) *opt {
	return &opt{Name: name, Type: discordgo.ApplicationCommandOptionInteger, Value: v}
}

func userOpt(name, id string) *opt {
	return &opt{Name: name, Type: discordgo.ApplicationCommandOptionUser, Value: id}
}

func sub(name string, opts ...*opt) *opt {
	return &opt{Name: name, Type: discordgo.ApplicationCommandOptionSubCommand, Options: opts}
}

func focused(o *opt) *opt { o.Focused = true; return o }

// cmd is a slash command by user in the test server.
func (tb *testBot) cmd(user, name string, opts ...*opt) *discordgo.Interaction {
	return &discordgo.Interaction{
		ID: tb.nextID(), AppID: "42", Type: discordgo.InteractionApplicationCommand,
		GuildID: testGuild, ChannelID: "3000", Member: member(user), Token: "tok",
		Data: discordgo.ApplicationCommandInteractionData{ID: "77", Name: name, Options: opts,
			CommandType: discordgo.ChatApplicationCommand},
	}
}

func (tb *testBot) autocomplete(user, name string, opts ...*opt) *discordgo.Interaction {
	i := tb.cmd(user, name, opts...)
	i.Type = discordgo.InteractionApplicationCommandAutocomplete
	return i
}

// click is a button click by user on message msgID.
func (tb *testBot) click(user, customID, msgID string) *discordgo.Interaction {
	return &discordgo.Interaction{
		ID: tb.nextID(), AppID: "42", Type: discordgo.InteractionMessageComponent,
		GuildID: testGuild, ChannelID: "3000", Member: member(user), Token: "tok",
		Message: &discordgo.Message{ID: msgID, ChannelID: "3000"},
		Data:    discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: discordgo.ButtonComponent},
	}
}

// submit is a modal submit with text input values.
func (tb *testBot) submit(user, customID, msgID string, fields map[string]string) *discordgo.Interaction {
	var rows []discordgo.MessageComponent
	for k, v := range fields {
		rows = append(rows, &discordgo.ActionsRow{Components: []discordgo.MessageComponent{&discordgo.TextInput{CustomID: k, Value: v}}})
	}
	i := &discordgo.Interaction{
		ID: tb.nextID(), AppID: "42", Type: discordgo.InteractionModalSubmit,
		GuildID: testGuild, ChannelID: "3000", Member: member(user), Token: "tok",
		Data: discordgo.ModalSubmitInteractionData{CustomID: customID, Components: rows},
	}
	if msgID != "" {
		i.Message = &discordgo.Message{ID: msgID}
	}
	return i
}

func (tb *testBot) handle(i *discordgo.Interaction) Reply {
	return tb.Handle(context.Background(), i)
}

// checkIns returns the member's stored minutes per day over the last weeks.
func (tb *testBot) history(t testing.TB, user string) []clubbot.DayTotal {
	t.Helper()
	today := tb.today()
	h, err := tb.Store.History(context.Background(), testGuild, user, today-30, today+1)
	if err != nil {
		t.Fatalf("history: %v", err)
	}
	return h
}

func (tb *testBot) totalMinutes(t testing.TB, user string) (minutes, sessions int) {
	for _, d := range tb.history(t, user) {
		minutes += d.Minutes
		sessions += d.Sessions
	}
	return minutes, sessions
}

// text flattens a reply's content and embeds for assertions.
func text(r Reply) string {
	if r.Response == nil || r.Response.Data == nil {
		return ""
	}
	return dataText(r.Response.Data.Content, r.Response.Data.Embeds)
}

func dataText(content string, embeds []*discordgo.MessageEmbed) string {
	var sb strings.Builder
	sb.WriteString(content)
	for _, e := range embeds {
		if e == nil {
			continue
		}
		sb.WriteString("\n" + e.Title + "\n" + e.Description)
		for _, f := range e.Fields {
			sb.WriteString("\n" + f.Name + ": " + f.Value)
		}
		if e.Footer != nil {
			sb.WriteString("\n" + e.Footer.Text)
		}
	}
	return sb.String()
}

func isEphemeral(r Reply) bool {
	return r.Response != nil && r.Response.Data != nil && r.Response.Data.Flags&discordgo.MessageFlagsEphemeral != 0
}

// wantUserError asserts r is an ephemeral refusal mentioning want.
func wantUserError(t testing.TB, r Reply, want string) {
	t.Helper()
	if !isEphemeral(r) || replyOutcome(r) != "user_error" {
		t.Fatalf("want an ephemeral user error, got %q (ephemeral %v)", text(r), isEphemeral(r))
	}
	if !strings.Contains(strings.ToLower(text(r)), strings.ToLower(want)) {
		t.Fatalf("error %q does not mention %q", text(r), want)
	}
}

// wantOK asserts r is a normal (not error) message reply.
func wantOK(t testing.TB, r Reply) {
	t.Helper()
	if r.Response == nil {
		t.Fatal("no response")
	}
	if o := replyOutcome(r); o != "ok" {
		t.Fatalf("want ok, got %s: %q", o, text(r))
	}
}

// wantSafe asserts every message reply sets allowed mentions with no
// @everyone/@here or roles.
func wantSafe(t testing.TB, r Reply) {
	t.Helper()
	if r.Response == nil {
		t.Fatal("no response")
	}
	switch r.Response.Type {
	case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseUpdateMessage,
		discordgo.InteractionResponseDeferredChannelMessageWithSource:
		am := r.Response.Data.AllowedMentions
		if am == nil || len(am.Roles) > 0 {
			t.Fatalf("allowed mentions not restricted: %+v", am)
		}
		if len(am.Parse) > 0 {
			t.Fatalf("allowed mentions parse %v", am.Parse)
		}
	}
}

// buttonIDs lists the custom ids of a reply's buttons.
func buttonIDs(r Reply) []string {
	if r.Response == nil || r.Response.Data == nil {
		return nil
	}
	return componentIDs(r.Response.Data.Components)
}

func componentIDs(rows []discordgo.MessageComponent) []string {
	var ids []string
	for _, row := range rows {
		var comps []discordgo.MessageComponent
		switch r := row.(type) {
		case discordgo.ActionsRow:
			comps = r.Components
		case *discordgo.ActionsRow:
			comps = r.Components
		}
		for _, c := range comps {
			switch b := c.(type) {
			case discordgo.Button:
				ids = append(ids, b.CustomID)
			case *discordgo.Button:
				ids = append(ids, b.CustomID)
			}
		}
	}
	return ids
}

// later runs a reply's follow-up: the edit after a deferred reply, or the
// edit that adds a picture to a message already sent.
func later(t testing.TB, tb *testBot, i *discordgo.Interaction, r Reply) *discordgo.WebhookEdit {
	t.Helper()
	if r.Later == nil {
		t.Fatalf("reply is not deferred: %q", text(r))
	}
	if typ := r.Response.Type; typ != discordgo.InteractionResponseDeferredChannelMessageWithSource &&
		typ != discordgo.InteractionResponseChannelMessageWithSource {
		t.Fatalf("reply with a follow-up has type %d", typ)
	}
	return tb.runLater(context.Background(), i, r.Later)
}

func editText(e *discordgo.WebhookEdit) string {
	var content string
	if e.Content != nil {
		content = *e.Content
	}
	var embeds []*discordgo.MessageEmbed
	if e.Embeds != nil {
		embeds = *e.Embeds
	}
	return dataText(content, embeds)
}
