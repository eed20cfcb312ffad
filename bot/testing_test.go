package bot

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/bot/fakediscord"
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

// testBot is a Bot on a real store in t.TempDir() with a settable clock,
// in one server. It builds interactions as Discord sends them and hands them
// to the router or a handler; world (e2e_test.go) puts it behind the fake
// Discord.
type testBot struct {
	*Bot
	db      *sqlite.DB // the Bot's Store, for what tests read beyond the Store interface
	t       *testing.T
	ctx     context.Context
	guild   string
	path    string // the database file, for a second handle (another process)
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

// newTestBot opens a fresh database for testGuild; the clock starts on
// Wednesday 2026-03-11 at 12:00 UTC.
func newTestBot(t testing.TB) *testBot {
	t.Helper()
	tb := &testBot{ctx: context.Background(), guild: testGuild, path: filepath.Join(t.TempDir(), "clubbot.db"),
		now: time.Date(2026, 3, 11, 12, 0, 0, 0, time.UTC)}
	if tt, ok := t.(*testing.T); ok {
		tb.t = tt
	}
	clock := func() time.Time { tb.mu.Lock(); defer tb.mu.Unlock(); return tb.now }
	tb.db = tb.openStore(t)
	tb.Bot = &Bot{Store: tb.db, Now: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	tb.Bot.DailyPost = tb
	return tb
}

// newTestBotIn is newTestBot for server guild, whose time zone is zone,
// with the clock at now.
func newTestBotIn(t testing.TB, guild, zone string, now time.Time) *testBot {
	t.Helper()
	tb := newTestBot(t)
	tb.guild = guild
	tb.setNow(now)
	st := clubbot.DefaultSettings(guild)
	st.TimeZone = zone
	if err := tb.Store.SaveSettings(tb.ctx, st); err != nil {
		t.Fatalf("save settings: %v", err)
	}
	return tb
}

// openStore opens another handle on the bot's database (like another
// process), on the bot's clock.
func (tb *testBot) openStore(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), tb.path)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	db.Now = func() time.Time { tb.mu.Lock(); defer tb.mu.Unlock(); return tb.now }
	t.Cleanup(func() { db.Close() })
	return db
}

func (tb *testBot) setNow(t time.Time) { tb.mu.Lock(); tb.now = t; tb.mu.Unlock() }

func (tb *testBot) advance(d time.Duration) { tb.mu.Lock(); tb.now = tb.now.Add(d); tb.mu.Unlock() }

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

// cmd is a slash command by user in the test server.
func (tb *testBot) cmd(user, name string, opts ...*fakediscord.Opt) *discordgo.Interaction {
	return &discordgo.Interaction{
		ID: tb.nextID(), AppID: "42", Type: discordgo.InteractionApplicationCommand,
		GuildID: tb.guild, ChannelID: "3000", Member: member(user), Token: "tok",
		Data: discordgo.ApplicationCommandInteractionData{ID: "77", Name: name, Options: opts,
			CommandType: discordgo.ChatApplicationCommand},
	}
}

func (tb *testBot) autocomplete(user, name string, opts ...*fakediscord.Opt) *discordgo.Interaction {
	i := tb.cmd(user, name, opts...)
	i.Type = discordgo.InteractionApplicationCommandAutocomplete
	return i
}

// click is a button click by user on message msgID ("": an ephemeral
// message, which the interaction does not carry here).
func (tb *testBot) click(user, customID, msgID string) *discordgo.Interaction {
	i := &discordgo.Interaction{
		ID: tb.nextID(), AppID: "42", Type: discordgo.InteractionMessageComponent,
		GuildID: tb.guild, ChannelID: "3000", Member: member(user), Token: "tok",
		Data: discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: discordgo.ButtonComponent},
	}
	if msgID != "" {
		i.Message = &discordgo.Message{ID: msgID, ChannelID: "3000"}
	}
	return i
}

// submit is a modal submit with text input values.
func (tb *testBot) submit(user, customID, msgID string, fields map[string]string) *discordgo.Interaction {
	var rows []discordgo.MessageComponent
	for k, v := range fields {
		rows = append(rows, &discordgo.ActionsRow{Components: []discordgo.MessageComponent{&discordgo.TextInput{CustomID: k, Value: v}}})
	}
	i := &discordgo.Interaction{
		ID: tb.nextID(), AppID: "42", Type: discordgo.InteractionModalSubmit,
		GuildID: tb.guild, ChannelID: "3000", Member: member(user), Token: "tok",
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

// checkIn records minutes for user on the server's day now, straight in
// the store.
func (tb *testBot) checkIn(user string, minutes int) {
	tb.t.Helper()
	day := clubbot.LocalDay(tb.Now(), "", tb.zone())
	_, err := tb.Store.RecordCheckIn(tb.ctx, clubbot.CheckIn{
		GuildID: tb.guild, UserID: user, Day: day, Minutes: minutes,
		InteractionID: "ci" + tb.nextID(), EnteredBy: user,
	}, day)
	if err != nil {
		tb.t.Fatalf("check-in: %v", err)
	}
}

// zone is the server's time zone.
func (tb *testBot) zone() string {
	st, err := tb.Store.Settings(tb.ctx, tb.guild)
	if err != nil {
		tb.t.Fatalf("settings: %v", err)
	}
	return st.TimeZone
}

// history returns the member's stored minutes per day over the last weeks.
func (tb *testBot) history(t testing.TB, user string) []clubbot.DayTotal {
	t.Helper()
	today := tb.today()
	h, err := tb.Store.History(context.Background(), tb.guild, user, today-30, today+1)
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

func isUserError(r Reply) bool { return r.outcome() == OutcomeUserError }

// wantUserError asserts r is an ephemeral refusal mentioning want.
func wantUserError(t testing.TB, r Reply, want string) {
	t.Helper()
	if !isEphemeral(r) || !isUserError(r) {
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
	if o := r.outcome(); o != OutcomeOK {
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

// editButtons lists the custom ids of a follow-up edit's buttons.
func editButtons(e *discordgo.WebhookEdit) []string {
	if e.Components == nil {
		return nil
	}
	return componentIDs(*e.Components)
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

// world is a testBot behind the fake Discord, which it reaches with the real
// discordgo client: one server with its check-in channel (set in the
// server's settings), named members ("alice" and "boss" hold Manage Server)
// and a scheduler for the posts. When the test ends, every message body the
// bot sent must restrict mentions.
type world struct {
	*testBot
	srv     *fakediscord.Server
	channel string
	members map[string]*discordgo.Member
	sched   *Scheduler
}

// newWorld starts the fake Discord and a bot for its server in zone, the
// clock at now (zero: newTestBot's), with the named members.
func newWorld(t *testing.T, zone string, now time.Time, names ...string) *world {
	t.Helper()
	srv, err := fakediscord.Start(fakediscord.WithHeartbeatInterval(200 * time.Millisecond))
	if err != nil {
		t.Fatalf("fake discord: %v", err)
	}
	t.Cleanup(srv.Close)
	guild := srv.AddGuild("Happy Feet Club")
	w := &world{srv: srv, channel: srv.AddChannel(guild, "check-ins"), members: map[string]*discordgo.Member{}}
	w.testBot = newTestBot(t)
	w.guild = guild
	if !now.IsZero() {
		w.setNow(now)
	}
	st := clubbot.DefaultSettings(guild)
	st.TimeZone, st.ChannelID = zone, w.channel
	if err := w.Store.SaveSettings(w.ctx, st); err != nil {
		t.Fatalf("save settings: %v", err)
	}
	sess, err := NewSession("test-token", srv.APIURL())
	if err != nil {
		t.Fatal(err)
	}
	w.REST, w.AppID = sess, srv.AppID()
	w.sched = w.newScheduler(w.Bot)
	w.DailyPost = w.sched
	t.Cleanup(w.sched.WaitEdits) // before the store closes
	for _, n := range names {
		perms := int64(0)
		if n == "alice" || n == "boss" {
			perms = discordgo.PermissionManageGuild
		}
		w.members[n] = srv.AddMember(guild, n, perms)
	}
	t.Cleanup(func() {
		for _, p := range srv.Payloads() {
			if !p.SafeMentions() {
				t.Errorf("%s (%s) without safe allowed mentions: %+v", p.Route, p.Kind, p.Data.AllowedMentions)
			}
		}
	})
	return w
}

// newScheduler is a scheduler for b that edits the daily post quickly.
func (w *world) newScheduler(b *Bot) *Scheduler {
	return &Scheduler{Bot: b, EditDelay: 5 * time.Millisecond}
}

// runGateway runs the bot on the fake's gateway, as `clubbot run` does,
// until the test ends; w.ctx then bounds the test to 30 s.
func (w *world) runGateway() *world {
	t := w.t
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	w.ctx = ctx
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- w.RunGateway(runCtx, w.REST) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("RunGateway: %v", err)
		}
		cancel()
	})
	if err := w.srv.WaitReady(ctx); err != nil {
		t.Fatalf("gateway not ready: %v", err)
	}
	return w
}

// serveHTTP answers interactions over HTTP, as `clubbot serve` does, until
// the test ends: the URL to deliver them to and the key they are signed with.
func (w *world) serveHTTP() (url string, key ed25519.PrivateKey) {
	pub, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		w.t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/interactions", w.HTTPHandler(pub))
	hs := httptest.NewServer(mux)
	w.t.Cleanup(hs.Close)
	return hs.URL + "/interactions", key
}
