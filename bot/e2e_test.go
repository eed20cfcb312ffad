package bot

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/discordx"
	"clubbot/bot/fakediscord"
)

// newGatewayWorld is the world the gateway tests share: ann, ben, cat and
// boss (Manage Server), the bot on the fake's gateway.
func newGatewayWorld(t *testing.T) *world {
	t.Helper()
	return newWorld(t, "", time.Time{}, "ann", "ben", "cat", "boss").runGateway()
}

// do delivers an interaction and waits for its accepted callback and, for
// a message, the finished original.
func (w *world) do(i *discordgo.Interaction) (*fakediscord.Callback, *fakediscord.Message) {
	w.t.Helper()
	ex, err := w.srv.Deliver(w.ctx, i)
	if err != nil {
		w.t.Fatalf("deliver: %v", err)
	}
	cb, err := ex.Wait(w.ctx)
	if err != nil {
		w.t.Fatalf("callback: %v (%d callbacks)", err, len(ex.Callbacks()))
	}
	if cb.Latency > 2*time.Second {
		w.t.Errorf("acknowledged after %v", cb.Latency)
	}
	m, err := ex.WaitOriginal(w.ctx)
	if err != nil && err != fakediscord.ErrNoMessage {
		w.t.Fatalf("original: %v", err)
	}
	return cb, m
}

func (w *world) command(m *discordgo.Member, name string, opts ...*fakediscord.Opt) (*fakediscord.Callback, *fakediscord.Message) {
	w.t.Helper()
	return w.do(w.srv.Command(w.guild, m, name, opts...))
}

func (w *world) minutes(m *discordgo.Member) int {
	w.t.Helper()
	total, _ := w.totalMinutes(w.t, m.User.ID)
	return total
}

func msgText(m *fakediscord.Message) string {
	if m == nil || m.Message == nil {
		return ""
	}
	return dataText(m.Content, m.Embeds)
}

func TestE2ECheckInSlashYesterdayUndoAndRedelivery(t *testing.T) {
	t.Parallel()
	w := newGatewayWorld(t)
	cb, m := w.command(w.members["ann"], "checkin", fakediscord.Int("minutes", 15), fakediscord.Str("timing", "post-run"))
	if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || !cb.Data.Ephemeral() || !strings.Contains(msgText(m), "15 min") {
		t.Fatalf("check-in callback %d ephemeral %v %q", cb.Type, cb.Data.Ephemeral(), msgText(m))
	}
	w.command(w.members["ann"], "checkin", fakediscord.Int("minutes", 10), fakediscord.Str("day", "yesterday"))
	if got := w.minutes(w.members["ann"]); got != 25 {
		t.Fatalf("stored %d, want 25", got)
	}

	// Undo through the confirmation's button.
	undo := fakediscord.ButtonID(m.Message, "Undo")
	if undo == "" {
		t.Fatalf("no Undo button on %q", msgText(m))
	}
	cb, m = w.do(w.srv.Click(w.guild, w.members["ann"], m.Message, undo))
	if cb.Type != discordgo.InteractionResponseUpdateMessage || !strings.Contains(msgText(m), "Undone") {
		t.Errorf("undo callback %d %q", cb.Type, msgText(m))
	}
	if got := w.minutes(w.members["ann"]); got != 10 {
		t.Errorf("after undo %d, want 10", got)
	}

	// Discord delivers the same interaction twice: one row.
	i := w.srv.Command(w.guild, w.members["ben"], "checkin", fakediscord.Int("minutes", 20))
	w.do(i)
	ex, err := w.srv.Deliver(w.ctx, i)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.srv.WaitFor(w.ctx, func() bool { return len(ex.Callbacks()) >= 2 }); err != nil {
		t.Fatalf("second delivery not answered: %v", err)
	}
	if m, n := w.totalMinutes(t, w.members["ben"].User.ID); m != 20 || n != 1 {
		t.Errorf("redelivered interaction stored %d min in %d sessions", m, n)
	}
}

func TestE2EButtonsAndModal(t *testing.T) {
	t.Parallel()
	w := newGatewayWorld(t)
	post, err := w.REST.ChannelMessageSendComplex(w.channel, &discordgo.MessageSend{
		Content: "Daily check-in",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "10 min", Style: discordgo.PrimaryButton, CustomID: checkInButtonID(10)},
			discordgo.Button{Label: "Other…", Style: discordgo.SecondaryButton, CustomID: otherButtonID()},
		}}},
		AllowedMentions: noMentions(),
	})
	if err != nil {
		t.Fatal(err)
	}
	_, m := w.do(w.srv.Click(w.guild, w.members["ann"], post, checkInButtonID(10)))
	if !m.Ephemeral() || !strings.Contains(msgText(m), "10 min") {
		t.Fatalf("click reply %q", msgText(m))
	}
	_, m = w.do(w.srv.Click(w.guild, w.members["ann"], post, checkInButtonID(10)))
	if !strings.Contains(msgText(m), "already checked in") || fakediscord.ButtonID(m.Message, "Undo") == "" {
		t.Errorf("second click %q", msgText(m))
	}
	if got := w.minutes(w.members["ann"]); got != 10 {
		t.Errorf("two clicks stored %d, want 10", got)
	}

	cb, _ := w.do(w.srv.Click(w.guild, w.members["ben"], post, otherButtonID()))
	if cb.Type != discordgo.InteractionResponseModal || cb.Data.CustomID != otherModalID(post.ID) {
		t.Fatalf("Other… callback %d %q", cb.Type, cb.Data.CustomID)
	}
	// The form is built of Label components; timing and tool are selects.
	var kinds []string
	for _, c := range cb.Data.Components {
		if l, ok := c.(discordx.Label); ok {
			kinds = append(kinds, fmt.Sprintf("%s:%d", l.Label, l.Component.Type()))
		}
	}
	if got := strings.Join(kinds, " "); got != "Minutes (1-240):4 Timing:3 Tool:3 Note:4" {
		t.Errorf("Other… form fields %q", got)
	}
	_, m = w.do(w.srv.Submit(w.guild, w.members["ben"], cb.Data.CustomID, map[string]string{"minutes": "abc"}))
	if !m.Ephemeral() || !strings.Contains(msgText(m), "Minutes") {
		t.Errorf("bad modal reply %q", msgText(m))
	}
	_, m = w.do(w.srv.Submit(w.guild, w.members["ben"], cb.Data.CustomID, map[string]string{"minutes": "25", "tool": "roller", "timing": "", "note": ""}))
	if !strings.Contains(msgText(m), "25 min") {
		t.Errorf("modal reply %q", msgText(m))
	}
	if got := w.minutes(w.members["ben"]); got != 25 {
		t.Errorf("modal stored %d, want 25", got)
	}
	// Other… then a button on the same post records once (issue 11: 25 +
	// 10 min): the second says so and offers Undo.
	_, m = w.do(w.srv.Click(w.guild, w.members["ben"], post, checkInButtonID(10)))
	if !strings.Contains(msgText(m), "already checked in") || fakediscord.ButtonID(m.Message, "Undo") == "" {
		t.Errorf("button after Other… %q", msgText(m))
	}
	cb, _ = w.do(w.srv.Click(w.guild, w.members["ben"], post, otherButtonID()))
	_, m = w.do(w.srv.Submit(w.guild, w.members["ben"], cb.Data.CustomID, map[string]string{"minutes": "40"}))
	if !strings.Contains(msgText(m), "already checked in") {
		t.Errorf("a second Other… on the same post %q", msgText(m))
	}
	if got := w.minutes(w.members["ben"]); got != 25 {
		t.Errorf("Other… and two more on one post stored %d, want 25", got)
	}
}

func TestE2EStreakAndContextMenu(t *testing.T) {
	t.Parallel()
	w := newGatewayWorld(t)
	w.command(w.members["ann"], "checkin", fakediscord.Int("minutes", 15))
	cb, m := w.command(w.members["ann"], "streak")
	if cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || !cb.Data.Ephemeral() {
		t.Fatalf("streak callback %d", cb.Type)
	}
	if !strings.Contains(msgText(m), "Current streak: 1 day") || len(m.Files) != 1 || m.Files[0].Name != "streak.png" ||
		!bytes.HasPrefix(m.Files[0].Data, []byte("\x89PNG")) {
		t.Errorf("streak card %q with %d files", msgText(m), len(m.Files))
	}
	_, m = w.do(w.srv.UserCommand(w.guild, w.members["ben"], streakCardName, w.members["ann"]))
	if !strings.Contains(msgText(m), "ann") || !strings.Contains(msgText(m), "1 day") {
		t.Errorf("context menu card %q", msgText(m))
	}
}

func TestE2ELeaderboardSettingsMe(t *testing.T) {
	t.Parallel()
	w := newGatewayWorld(t)
	w.command(w.members["ann"], "checkin", fakediscord.Int("minutes", 30))
	w.command(w.members["ben"], "checkin", fakediscord.Int("minutes", 20))
	w.command(w.members["cat"], "checkin", fakediscord.Int("minutes", 10))
	w.command(w.members["ben"], "me", fakediscord.Str("leaderboard", "hide"))
	_, m := w.command(w.members["cat"], "leaderboard", fakediscord.Str("period", "week"))
	got := msgText(m)
	if m.Ephemeral() || !strings.Contains(got, "**1.** <@"+w.members["ann"].User.ID+">") || strings.Contains(got, w.members["ben"].User.ID) ||
		!strings.Contains(got, "**2.** <@"+w.members["cat"].User.ID+">") {
		t.Errorf("leaderboard %q (ephemeral %v)", got, m.Ephemeral())
	}

	_, m = w.command(w.members["ann"], "settings", fakediscord.Str("timezone", "Europe/Paris"))
	if !strings.Contains(msgText(m), "Manage Server") {
		t.Errorf("member got %q from /settings", msgText(m))
	}
	_, m = w.command(w.members["boss"], "export")
	// An admin gets the file, not the refusal.
	if strings.Contains(msgText(m), "Manage Server") || len(m.Files) != 1 ||
		!strings.Contains(m.Files[0].Name, ".csv") || len(m.Files[0].Data) == 0 {
		t.Errorf("admin export %q with %d files", msgText(m), len(m.Files))
	}
	_, m = w.command(w.members["ann"], "export")
	if !strings.Contains(msgText(m), "Manage Server") || len(m.Files) != 0 {
		t.Errorf("member export %q", msgText(m))
	}
	_, m = w.command(w.members["boss"], "settings", fakediscord.Str("timezone", "Europe/Paris"), fakediscord.Str("checkin-time", "06:45"))
	if !strings.Contains(msgText(m), "Europe/Paris") || !strings.Contains(msgText(m), "06:45") {
		t.Errorf("admin settings %q", msgText(m))
	}
	_, m = w.command(w.members["ann"], "me", fakediscord.Str("timezone", "Asia/Kathmandu"), fakediscord.Str("reminders", "on"))
	if !m.Ephemeral() || !strings.Contains(msgText(m), "Asia/Kathmandu") {
		t.Errorf("/me %q", msgText(m))
	}

	cb, _ := w.do(w.srv.Autocomplete(w.guild, w.members["ann"], "me", fakediscord.Focused(fakediscord.Str("timezone", "a"))))
	if cb.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(cb.Data.Choices) == 0 || len(cb.Data.Choices) > 25 {
		t.Errorf("autocomplete %d with %d choices", cb.Type, len(cb.Data.Choices))
	}
}

func TestE2EMeData(t *testing.T) {
	t.Parallel()
	w := newGatewayWorld(t)
	w.command(w.members["ann"], "checkin", fakediscord.Int("minutes", 30))
	_, m := w.command(w.members["ann"], "me-data", fakediscord.Sub("export"))
	if !m.Ephemeral() || len(m.Files) != 1 || !bytes.Contains(m.Files[0].Data, []byte(w.members["ann"].User.ID)) {
		t.Fatalf("export %q with %d files", msgText(m), len(m.Files))
	}
	_, m = w.command(w.members["ann"], "me-data", fakediscord.Sub("delete"))
	confirm := fakediscord.ButtonID(m.Message, "Delete everything")
	if confirm == "" {
		t.Fatalf("no confirm button on %q", msgText(m))
	}
	if w.minutes(w.members["ann"]) != 30 {
		t.Fatal("deleted before the confirm")
	}
	_, m = w.do(w.srv.Click(w.guild, w.members["ann"], m.Message, confirm))
	if !strings.Contains(msgText(m), "deleted") || w.minutes(w.members["ann"]) != 0 {
		t.Errorf("after confirm %q, %d minutes", msgText(m), w.minutes(w.members["ann"]))
	}
}

func TestE2EBadInputEveryOption(t *testing.T) {
	t.Parallel()
	w := newGatewayWorld(t)
	cases := []struct {
		member *discordgo.Member
		name   string
		opts   []*fakediscord.Opt
	}{
		{w.members["ann"], "checkin", []*fakediscord.Opt{fakediscord.Int("minutes", 0)}},
		{w.members["ann"], "checkin", []*fakediscord.Opt{fakediscord.Int("minutes", 500)}},
		{w.members["ann"], "checkin", []*fakediscord.Opt{fakediscord.Num("minutes", 2.5)}},
		{w.members["ann"], "checkin", []*fakediscord.Opt{fakediscord.Int("minutes", 10), fakediscord.Str("timing", "noon")}},
		{w.members["ann"], "checkin", []*fakediscord.Opt{fakediscord.Int("minutes", 10), fakediscord.Str("tool", "brick")}},
		{w.members["ann"], "checkin", []*fakediscord.Opt{fakediscord.Int("minutes", 10), fakediscord.Str("sore-spot", "nose")}},
		{w.members["ann"], "checkin", []*fakediscord.Opt{fakediscord.Int("minutes", 10), fakediscord.Str("note", strings.Repeat("n", 201))}},
		{w.members["ann"], "checkin", []*fakediscord.Opt{fakediscord.Int("minutes", 10), fakediscord.Str("day", "tomorrow")}},
		{w.members["ann"], "leaderboard", []*fakediscord.Opt{fakediscord.Str("period", "decade")}},
		{w.members["ann"], "leaderboard", []*fakediscord.Opt{fakediscord.Str("challenge", "missing")}},
		{w.members["ann"], "streak", []*fakediscord.Opt{fakediscord.Str("member", "ann")}},
		{w.members["ann"], "me", []*fakediscord.Opt{fakediscord.Str("timezone", "Moon/Base")}},
		{w.members["ann"], "me", []*fakediscord.Opt{fakediscord.Str("reminders", "sometimes")}},
		{w.members["ann"], "me", []*fakediscord.Opt{fakediscord.Str("leaderboard", "maybe")}},
		{w.members["boss"], "settings", []*fakediscord.Opt{fakediscord.Str("timezone", "Mars/Base")}},
		{w.members["boss"], "settings", []*fakediscord.Opt{fakediscord.Str("checkin-time", "7pm")}},
		{w.members["boss"], "settings", []*fakediscord.Opt{fakediscord.Str("leaderboard-day", "funday")}},
		{w.members["boss"], "settings", []*fakediscord.Opt{fakediscord.Str("leaderboard-time", "24:00")}},
		{w.members["boss"], "settings", []*fakediscord.Opt{fakediscord.Str("reminder-time", "-1:00")}},
		{w.members["ann"], "settings", nil},
		{w.members["ann"], "export", nil},
	}
	for _, c := range cases {
		cb, m := w.command(c.member, c.name, c.opts...)
		if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || !m.Ephemeral() || !strings.HasPrefix(m.Content, "⚠️") {
			t.Errorf("/%s %v: callback %d ephemeral %v %q", c.name, c.opts, cb.Type, m.Ephemeral(), msgText(m))
		}
	}
	if got := w.minutes(w.members["ann"]); got != 0 {
		t.Errorf("bad input stored %d minutes", got)
	}
	s, _ := w.Store.Settings(w.ctx, w.guild)
	if s.TimeZone != "" || s.CheckinTime != 7*60 {
		t.Errorf("bad input changed settings %+v", s)
	}
	m, _ := w.Store.Member(w.ctx, w.guild, w.members["ann"].User.ID)
	if m.TimeZone != "" || m.Reminders || m.Hidden {
		t.Errorf("bad input changed /me %+v", m)
	}
}

func TestE2ERecoversFrom429And5xx(t *testing.T) {
	t.Parallel()
	w := newGatewayWorld(t)
	w.srv.RateLimitNext("POST interactions", 1, 150*time.Millisecond)
	cb, _ := w.command(w.members["ann"], "checkin", fakediscord.Int("minutes", 10))
	if n := w.srv.Requests("POST interactions"); n != 2 {
		t.Errorf("%d callback requests around a 429, want 2", n)
	}
	if cb.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Errorf("after 429: callback %d", cb.Type)
	}
	before := w.srv.Requests("POST interactions")
	w.srv.FailNext("POST interactions", 1, http.StatusInternalServerError)
	ex, err := w.srv.Deliver(w.ctx, w.srv.Command(w.guild, w.members["ann"], "checkin", fakediscord.Int("minutes", 5)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ex.Wait(w.ctx); err != nil {
		t.Fatalf("no answer after a 500: %v", err)
	}
	if n := w.srv.Requests("POST interactions") - before; n != 2 {
		t.Errorf("%d callback requests around a 500, want 2 (failed, retried)", n)
	}
	before = w.srv.Requests("PATCH webhooks")
	w.srv.FailNext("PATCH webhooks", 1, http.StatusServiceUnavailable)
	_, m := w.command(w.members["ann"], "streak")
	if n := w.srv.Requests("PATCH webhooks") - before; n != 2 {
		t.Errorf("%d edit requests around a 503, want 2", n)
	}
	if !strings.Contains(msgText(m), "Current streak") {
		t.Errorf("streak after a 503 edit: %q", msgText(m))
	}
	if got := w.minutes(w.members["ann"]); got != 15 {
		t.Errorf("stored %d, want 15", got)
	}
}

func TestE2EHTTPMode(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "", time.Time{}, "ann")
	srv, guild, ann, tb := w.srv, w.guild, w.members["ann"], w.testBot
	url, priv := w.serveHTTP()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	ex, err := srv.DeliverHTTP(ctx, url, priv, srv.Ping())
	if err != nil {
		t.Fatalf("PING: %v", err)
	}
	if cb, _ := ex.Wait(ctx); cb.Type != discordgo.InteractionResponsePong {
		t.Errorf("PING answered %d", cb.Type)
	}
	ex, err = srv.DeliverHTTP(ctx, url, priv, srv.Command(guild, ann, "checkin", fakediscord.Int("minutes", 15)))
	if err != nil {
		t.Fatalf("command: %v", err)
	}
	if m, err := ex.WaitOriginal(ctx); err != nil || !strings.Contains(msgText(m), "15 min") {
		t.Errorf("HTTP check-in %q %v", msgText(m), err)
	}
	// Deferred work edits the original through REST.
	ex, err = srv.DeliverHTTP(ctx, url, priv, srv.Command(guild, ann, "streak"))
	if err != nil {
		t.Fatalf("streak: %v", err)
	}
	if m, err := ex.WaitOriginal(ctx); err != nil || !strings.Contains(msgText(m), "Current streak: 1 day") || len(m.Files) != 1 {
		t.Errorf("HTTP streak %q %v", msgText(m), err)
	}
	// A modal submit in Label form (the fake's form) is read over HTTP too.
	ex, err = srv.DeliverHTTP(ctx, url, priv, srv.Submit(guild, ann, otherModalID(""), map[string]string{"minutes": "20", "tool": "ball"}))
	if err != nil {
		t.Fatalf("modal submit: %v", err)
	}
	if m, err := ex.WaitOriginal(ctx); err != nil || !strings.Contains(msgText(m), "20 min") || !strings.Contains(msgText(m), "Tool: ball") {
		t.Errorf("HTTP modal check-in %q %v", msgText(m), err)
	}
	tb.Wait(5 * time.Second)

	// Unsigned and tampered requests: 401, nothing stored.
	_, otherPriv, _ := ed25519.GenerateKey(nil)
	if _, err := srv.DeliverHTTP(ctx, url, otherPriv, srv.Command(guild, ann, "checkin", fakediscord.Int("minutes", 99))); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("wrong key: %v", err)
	}
	body := []byte(`{"id":"1","type":1}`)
	for name, sig := range map[string]string{"unsigned": "", "tampered": hex.EncodeToString(ed25519.Sign(priv, []byte("1"+`{"id":"2","type":1}`)))} {
		req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
		req.Header.Set("X-Signature-Timestamp", "1")
		if sig != "" {
			req.Header.Set("X-Signature-Ed25519", sig)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: %d, want 401", name, resp.StatusCode)
		}
	}
	if got, _ := tb.totalMinutes(t, ann.User.ID); got != 35 {
		t.Errorf("stored %d, want 35", got)
	}
}

func TestE2EDroppedGateway(t *testing.T) {
	t.Parallel()
	w := newGatewayWorld(t)
	w.command(w.members["ann"], "checkin", fakediscord.Int("minutes", 10))
	w.srv.DropGateway()
	// Deliver waits for a live session; discordgo reconnects on its own.
	cb, _ := w.command(w.members["ann"], "checkin", fakediscord.Int("minutes", 5))
	if cb.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Errorf("after a dropped gateway: callback %d", cb.Type)
	}
	if st := w.srv.GatewayStats(); st.Connections < 2 {
		t.Errorf("gateway stats %+v: no reconnect", st)
	}
	if got := w.minutes(w.members["ann"]); got != 15 {
		t.Errorf("stored %d, want 15", got)
	}
}
