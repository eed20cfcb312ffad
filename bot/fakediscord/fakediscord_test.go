package fakediscord_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/discordx"
	"clubbot/bot/fakediscord"
)

// TestGatewayInteractionRoundTrip: READY and GUILD_CREATE reach discordgo,
// an injected slash command arrives with its options, member permissions and
// resolved user, and the bot's InteractionRespond is captured.
func TestGatewayInteractionRoundTrip(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	got := make(chan *discordgo.Interaction, 1)
	guilds := make(chan string, 1)
	dg := w.open(t, func(s *discordgo.Session, gc *discordgo.GuildCreate) { guilds <- gc.Name }, func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		got <- ic.Interaction
		err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: "recorded 15 min", AllowedMentions: noPings()},
		})
		if err != nil {
			t.Errorf("respond: %v", err)
		}
	})
	if dg.State.User == nil || dg.State.User.ID != w.srv.AppID() {
		t.Fatalf("READY user = %+v, want app id %s", dg.State.User, w.srv.AppID())
	}
	select {
	case name := <-guilds:
		if name != "Runners" {
			t.Errorf("GUILD_CREATE for %q", name)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no GUILD_CREATE")
	}

	i := w.srv.Command(w.guild, w.admin, "challenge",
		fakediscord.Sub("create", fakediscord.Str("name", "Feet30"), fakediscord.Int("days", 30)),
	)
	ex, err := w.srv.Deliver(ctxT(t, 2*time.Second), i)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := ex.Wait(ctxT(t, 2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || cb.Data.Content != "recorded 15 min" || cb.Latency <= 0 {
		t.Errorf("callback = %+v", cb)
	}

	in := <-got
	if in.ID != i.ID || in.Token != i.Token || in.GuildID != w.guild || in.ChannelID != w.channel || in.AppID != w.srv.AppID() {
		t.Errorf("interaction header = %+v", in)
	}
	if in.Member == nil || in.Member.User.ID != w.admin.User.ID || in.Member.Permissions&discordgo.PermissionManageGuild == 0 {
		t.Errorf("member = %+v", in.Member)
	}
	data := in.ApplicationCommandData()
	if data.Name != "challenge" || len(data.Options) != 1 || data.Options[0].Name != "create" {
		t.Fatalf("data = %+v", data)
	}
	sub := data.Options[0].Options
	if len(sub) != 2 || sub[0].StringValue() != "Feet30" || sub[1].IntValue() != 30 {
		t.Errorf("sub-command options = %+v", sub)
	}

	msgs := w.srv.Messages(w.channel)
	if len(msgs) != 1 || msgs[0].Content != "recorded 15 min" || msgs[0].InteractionID != i.ID {
		t.Fatalf("channel messages = %+v", msgs)
	}
	if orig := ex.Original(); orig == nil || orig.ID != msgs[0].ID {
		t.Errorf("original = %+v", orig)
	}
	ps := w.srv.Payloads()
	if len(ps) != 1 || ps[0].Kind != "response" || !ps[0].SafeMentions() {
		t.Errorf("payloads = %+v", ps)
	}

	// A member without Manage Server gets their real (zero) permissions and
	// a user option comes resolved.
	i2 := w.srv.Command(w.guild, w.ann, "streak", fakediscord.User("member", w.admin.User.ID))
	if _, err := w.srv.Deliver(ctxT(t, 2*time.Second), i2); err != nil {
		t.Fatal(err)
	}
	in2 := <-got
	if in2.Member.Permissions&discordgo.PermissionManageGuild != 0 {
		t.Errorf("ann has Manage Server: %d", in2.Member.Permissions)
	}
	if u := in2.ApplicationCommandData().Options[0].UserValue(nil); u == nil || u.ID != w.admin.User.ID {
		t.Errorf("user option = %+v", u)
	}
	if r := in2.ApplicationCommandData().Resolved; r == nil || r.Users[w.admin.User.ID] == nil || r.Members[w.admin.User.ID] == nil {
		t.Errorf("resolved = %+v", r)
	}
}

// TestChannelMessagesAndFiles: send with a file, edit, drop the attachment,
// delete; DMs.
func TestChannelMessagesAndFiles(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	dg := newSession(t, w.srv, "tok")

	m, err := dg.ChannelMessageSendComplex(w.channel, &discordgo.MessageSend{
		Content:         "weekly board",
		AllowedMentions: noPings(),
		Files:           []*discordgo.File{{Name: "board.png", ContentType: "image/png", Reader: bytes.NewReader([]byte("PNGDATA"))}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Filename != "board.png" || m.Attachments[0].Size != 7 {
		t.Fatalf("returned attachments = %+v", m.Attachments)
	}
	content := "weekly board (updated)"
	if _, err := dg.ChannelMessageEditComplex(&discordgo.MessageEdit{ID: m.ID, Channel: w.channel, Content: &content, AllowedMentions: noPings()}); err != nil {
		t.Fatal(err)
	}
	msgs := w.srv.Messages(w.channel)
	if len(msgs) != 1 || msgs[0].Content != content || msgs[0].Edits != 1 || msgs[0].EditedTimestamp == nil {
		t.Fatalf("after edit: %+v", msgs)
	}
	if len(msgs[0].Files) != 1 || string(msgs[0].Files[0].Data) != "PNGDATA" || msgs[0].Files[0].ContentType != "image/png" {
		t.Errorf("file kept across edit: %+v", msgs[0].Files)
	}
	// The attachment is served at its URL.
	resp, err := http.Get(msgs[0].Attachments[0].URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "PNGDATA" {
		t.Errorf("attachment URL served %q", body)
	}
	// An empty attachments list removes the file.
	if _, err := dg.ChannelMessageEditComplex(&discordgo.MessageEdit{ID: m.ID, Channel: w.channel, Attachments: &[]*discordgo.MessageAttachment{}}); err != nil {
		t.Fatal(err)
	}
	if got := w.srv.Messages(w.channel)[0]; len(got.Files) != 0 || len(got.Attachments) != 0 || got.Content != content {
		t.Errorf("after clearing attachments: %+v", got)
	}
	if err := dg.ChannelMessageDelete(w.channel, m.ID); err != nil {
		t.Fatal(err)
	}
	if got := w.srv.Messages(w.channel); len(got) != 0 {
		t.Errorf("after delete: %+v", got)
	}

	// DMs.
	ch, err := dg.UserChannelCreate(w.ann.User.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dg.ChannelMessageSendComplex(ch.ID, &discordgo.MessageSend{Content: "time to massage", AllowedMentions: noPings()}); err != nil {
		t.Fatal(err)
	}
	if dms := w.srv.DMs(w.ann.User.ID); len(dms) != 1 || dms[0].Content != "time to massage" {
		t.Errorf("DMs = %+v", dms)
	}
	// Closed DMs: the channel opens, the message fails with 50007.
	w.srv.CloseDMs(w.ann.User.ID)
	if again, err := dg.UserChannelCreate(w.ann.User.ID); err != nil || again.ID != ch.ID {
		t.Fatalf("DM channel with closed DMs: %v %v", again, err)
	}
	if _, err := dg.ChannelMessageSendComplex(ch.ID, &discordgo.MessageSend{Content: "x", AllowedMentions: noPings()}); restCode(err) != 50007 {
		t.Errorf("DM to a member with closed DMs: %v, want 50007", err)
	}
	if dms := w.srv.DMs(w.ann.User.ID); len(dms) != 1 {
		t.Errorf("DMs after a refused one: %d, want 1", len(dms))
	}
	// The second payload left allowed mentions out; the record shows it.
	var unsafe int
	for _, p := range w.srv.Payloads() {
		if !p.SafeMentions() {
			unsafe++
		}
	}
	if unsafe != 1 {
		t.Errorf("payloads without allowed mentions = %d, want 1 (the attachment-only edit)", unsafe)
	}
}

// TestDeferredEditAndFollowups: type 5 ephemeral, then edit @original, a
// follow-up, and an edit of the follow-up.
func TestDeferredEditAndFollowups(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	dg := w.open(t)
	ex, err := w.srv.Deliver(ctxT(t, 2*time.Second), w.srv.Command(w.guild, w.ann, "ask", fakediscord.Str("question", "heel pain?")))
	if err != nil {
		t.Fatal(err)
	}
	i := ex.Interaction()
	// Before the callback there is no webhook for the token.
	if _, err := dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "early"}); restCode(err) != 10015 {
		t.Errorf("follow-up before ack: %v, want 10015", err)
	}
	if err := dg.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral},
	}); err != nil {
		t.Fatal(err)
	}
	if o := ex.Original(); o == nil || !o.Deferred || !o.Ephemeral() {
		t.Fatalf("deferred original = %+v", o)
	}
	if len(w.srv.Messages(w.channel)) != 0 {
		t.Error("an ephemeral original is listed in the channel")
	}
	// An edit that leaves the message empty is refused, as Discord does.
	if _, err := dg.InteractionResponseEdit(i, &discordgo.WebhookEdit{AllowedMentions: noPings()}); restCode(err) != 50006 {
		t.Errorf("empty edit: %v, want 50006", err)
	}
	answer := "Roll the arch gently."
	go func() {
		time.Sleep(20 * time.Millisecond)
		dg.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &answer, AllowedMentions: noPings(),
			Files: []*discordgo.File{{Name: "a.txt", Reader: strings.NewReader("x")}}})
	}()
	orig, err := ex.WaitOriginal(ctxT(t, 2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if orig.Content != answer || orig.Deferred || len(orig.Files) != 1 || orig.Files[0].Name != "a.txt" {
		t.Errorf("edited original = %+v", orig)
	}
	fm, err := dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "sources: Arch", AllowedMentions: noPings()})
	if err != nil {
		t.Fatal(err)
	}
	newText := "sources: Arch, Heel"
	if _, err := dg.FollowupMessageEdit(i, fm.ID, &discordgo.WebhookEdit{Content: &newText}); err != nil {
		t.Fatal(err)
	}
	fs, err := ex.WaitFollowups(ctxT(t, time.Second), 1)
	if err != nil {
		t.Fatal(err)
	}
	if fs[0].Content != newText || fs[0].Edits != 1 {
		t.Errorf("follow-up = %+v", fs[0])
	}
	// Followups of another interaction's token are not reachable.
	if _, err := dg.WebhookMessage(w.srv.AppID(), "not-a-token", fm.ID); restCode(err) != 10015 {
		t.Errorf("unknown token: %v", err)
	}
}

// TestAcknowledgeOnceAndInTime: a second callback is 40060, also on
// redelivery; a late first callback is 10062.
func TestAcknowledgeOnceAndInTime(t *testing.T) {
	t.Parallel()
	w := newWorld(t, fakediscord.WithAckDeadline(time.Second))
	dg := w.open(t)
	ctx := ctxT(t, 5*time.Second)
	i := w.srv.Command(w.guild, w.ann, "checkin", fakediscord.Int("minutes", 10))
	ex, err := w.srv.Deliver(ctx, i)
	if err != nil {
		t.Fatal(err)
	}
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "ok", AllowedMentions: noPings()}}
	if err := dg.InteractionRespond(i, resp); err != nil {
		t.Fatal(err)
	}
	if err := dg.InteractionRespond(i, resp); restCode(err) != 40060 {
		t.Errorf("second callback: %v, want 40060", err)
	}
	ex2, err := w.srv.Deliver(ctx, i)
	if err != nil {
		t.Fatal(err)
	}
	if ex2 != ex || ex.Deliveries() != 2 {
		t.Errorf("redelivery: same exchange %v, deliveries %d", ex2 == ex, ex.Deliveries())
	}
	if err := dg.InteractionRespond(i, resp); restCode(err) != 40060 {
		t.Errorf("callback after redelivery: %v, want 40060", err)
	}
	cbs := ex.Callbacks()
	if len(cbs) != 3 || cbs[0].Code != 0 || cbs[1].Code != 40060 || cbs[2].Code != 40060 {
		t.Errorf("callbacks = %+v", cbs)
	}
	if n := len(w.srv.Messages(w.channel)); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}

	late := w.srv.Command(w.guild, w.ann, "checkin", fakediscord.Int("minutes", 10))
	lex, err := w.srv.Deliver(ctx, late)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond)
	if err := dg.InteractionRespond(late, resp); restCode(err) != 10062 {
		t.Errorf("late callback: %v, want 10062", err)
	}
	if _, err := lex.Wait(ctxT(t, 50*time.Millisecond)); err == nil {
		t.Error("a late callback counted as accepted")
	}
}

// TestRateLimitRetried: 429 with retry_after makes discordgo wait and retry.
func TestRateLimitRetried(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	dg := newSession(t, w.srv, "tok")
	w.srv.RateLimitNext("POST channels/", 2, 150*time.Millisecond)
	start := time.Now()
	if _, err := dg.ChannelMessageSendComplex(w.channel, &discordgo.MessageSend{Content: "hi", AllowedMentions: noPings()}); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Errorf("two 429s of 150ms passed in %v", took)
	}
	if n := w.srv.Requests("POST channels/"); n != 3 {
		t.Errorf("requests = %d, want 3 (two limited, one through)", n)
	}
	if len(w.srv.Messages(w.channel)) != 1 {
		t.Error("message not stored after retries")
	}
	// Without retry, the caller sees a RateLimitError.
	w.srv.RateLimitNext("channels/", 1, 10*time.Millisecond)
	_, err := dg.ChannelMessageSendComplex(w.channel, &discordgo.MessageSend{Content: "hi"}, discordgo.WithRetryOnRatelimit(false))
	var rle *discordgo.RateLimitError
	if !errors.As(err, &rle) || rle.RetryAfter != 10*time.Millisecond {
		t.Errorf("err = %v, want RateLimitError with 10ms", err)
	}
}

// TestServerErrors: 502 is retried by discordgo; 500 reaches the caller.
func TestServerErrors(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	dg := newSession(t, w.srv, "tok")
	send := func() error {
		_, err := dg.ChannelMessageSendComplex(w.channel, &discordgo.MessageSend{Content: "x", AllowedMentions: noPings()})
		return err
	}
	w.srv.FailNext("POST channels/", 2, http.StatusBadGateway)
	if err := send(); err != nil {
		t.Fatalf("502 twice then ok: %v", err)
	}
	if n := w.srv.Requests("POST channels/"); n != 3 {
		t.Errorf("requests = %d, want 3", n)
	}
	w.srv.FailNext("POST channels/", 1, http.StatusInternalServerError)
	var re *discordgo.RESTError
	if err := send(); !errors.As(err, &re) || re.Response.StatusCode != 500 {
		t.Fatalf("500: %v", err)
	}
	if err := send(); err != nil {
		t.Fatalf("after the fault: %v", err)
	}
	if n := len(w.srv.Messages(w.channel)); n != 2 {
		t.Errorf("%d messages, want 2", n)
	}
}

// TestDropGatewayResumes: after an abrupt drop discordgo reconnects with
// RESUME, gets the interaction sent while it was away, and answers it.
func TestDropGatewayResumes(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	respond := func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: "pong " + ic.ApplicationCommandData().Name, AllowedMentions: noPings()},
		})
	}
	w.open(t, respond)
	ctx := ctxT(t, 8*time.Second)
	ex, err := w.srv.Deliver(ctx, w.srv.Command(w.guild, w.ann, "first"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ex.Wait(ctx); err != nil {
		t.Fatal(err)
	}

	w.srv.DropGateway()
	ex2, err := w.srv.Deliver(ctx, w.srv.Command(w.guild, w.ann, "second"))
	if err != nil {
		t.Fatal(err)
	}
	cb, err := ex2.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cb.Data.Content != "pong second" {
		t.Errorf("answer after resume = %q", cb.Data.Content)
	}
	st := w.srv.GatewayStats()
	if st.Identifies != 1 || st.Resumes != 1 || st.Connections != 2 || st.Heartbeats == 0 {
		t.Errorf("gateway stats = %+v", st)
	}
	// And it keeps answering on the resumed connection.
	ex3, err := w.srv.Deliver(ctx, w.srv.Command(w.guild, w.ann, "third"))
	if err != nil {
		t.Fatal(err)
	}
	if cb, err := ex3.Wait(ctx); err != nil || cb.Data.Content != "pong third" {
		t.Errorf("third: %+v %v", cb, err)
	}
}

// TestComponentsAndModals: a click carries the message and UPDATE_MESSAGE
// edits it; a modal submit carries its fields; autocomplete choices.
func TestComponentsAndModals(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	got := make(chan *discordgo.Interaction, 4)
	// discordgo v0.29 cannot decode a modal submit of Labels: those are
	// decoded from the raw event, as the bot does.
	dg := w.open(t, func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		if ic.Type != discordgo.InteractionModalSubmit {
			got <- ic.Interaction
		}
	}, func(s *discordgo.Session, e *discordgo.Event) {
		if e.Type != "INTERACTION_CREATE" {
			return
		}
		if i, err := discordx.DecodeInteraction(e.RawData); err != nil {
			t.Error(err)
		} else if i.Type == discordgo.InteractionModalSubmit {
			got <- i
		}
	})
	ctx := ctxT(t, 3*time.Second)

	post, err := dg.ChannelMessageSendComplex(w.channel, &discordgo.MessageSend{
		Content: "Daily check-in", AllowedMentions: noPings(),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "10 min", CustomID: "ci:10", Style: discordgo.PrimaryButton},
			discordgo.Button{Label: "Other…", CustomID: "ci:other", Style: discordgo.SecondaryButton},
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	msg := w.srv.Messages(w.channel)[0]
	if len(msg.Components) != 1 {
		t.Fatalf("components stored: %+v", msg.Components)
	}
	ex, err := w.srv.Deliver(ctx, w.srv.Click(w.guild, w.ann, msg.Message, "ci:10"))
	if err != nil {
		t.Fatal(err)
	}
	in := <-got
	if in.MessageComponentData().CustomID != "ci:10" || in.Message == nil || in.Message.ID != post.ID {
		t.Fatalf("click = %+v", in)
	}
	if err := dg.InteractionRespond(in, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Content: "Daily check-in — 1 checked in", AllowedMentions: noPings()}}); err != nil {
		t.Fatal(err)
	}
	if o, err := ex.WaitOriginal(ctx); err != nil || o.ID != post.ID || o.Content != "Daily check-in — 1 checked in" || len(o.Components) != 1 {
		t.Errorf("updated message = %+v, %v", o, err)
	}

	// A modal in answer to a click, then its submit.
	ex, _ = w.srv.Deliver(ctx, w.srv.Click(w.guild, w.ann, msg.Message, "ci:other"))
	in = <-got
	modal := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: &discordgo.InteractionResponseData{
		CustomID: "ci:modal", Title: strings.Repeat("T", 46),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{CustomID: "minutes", Label: "Minutes", Style: discordgo.TextInputShort},
		}}},
	}}
	if err := dg.InteractionRespond(in, modal); restCode(err) != 50035 {
		t.Errorf("46-character modal title: %v, want 50035", err)
	}
	modal.Data.Title = "Other session"
	if err := dg.InteractionRespond(in, modal); err != nil {
		t.Fatal(err)
	}
	if cb, _ := ex.Wait(ctx); cb.Type != discordgo.InteractionResponseModal || cb.Data.Title != "Other session" {
		t.Errorf("modal callback = %+v", cb)
	}
	if _, err := ex.WaitOriginal(ctx); !errors.Is(err, fakediscord.ErrNoMessage) {
		t.Errorf("WaitOriginal on a modal: %v", err)
	}
	w.srv.Deliver(ctx, w.srv.Submit(w.guild, w.ann, "ci:modal", map[string]string{"minutes": "25", "note": "after long run"}))
	in = <-got
	md := in.ModalSubmitData()
	if md.CustomID != "ci:modal" || len(md.Components) != 1 {
		t.Fatalf("modal submit = %+v", md)
	}
	// The submit comes in Label form, shaped like the modal shown (here in
	// the deprecated row form): its one text input with the value typed; the
	// "note" the modal lacked is not sent.
	label, ok := md.Components[0].(*discordx.Label)
	if !ok {
		t.Fatalf("submit component = %T, want a Label", md.Components[0])
	}
	if f, ok := label.Component.(*discordx.Field); !ok || f.Kind != discordgo.TextInputComponent || f.CustomID != "minutes" || f.Value != "25" {
		t.Errorf("label component = %+v", label.Component)
	}
	if values := discordx.Values(md.Components); values["minutes"] != "25" || len(values) != 1 {
		t.Errorf("modal values = %v", values)
	}

	// Autocomplete: at most 25 choices.
	ex, _ = w.srv.Deliver(ctx, w.srv.Autocomplete(w.guild, w.ann, "ask", fakediscord.Focused(fakediscord.Str("question", "hee"))))
	in = <-got
	if !in.ApplicationCommandData().Options[0].Focused {
		t.Error("focused flag lost")
	}
	var choices []*discordgo.ApplicationCommandOptionChoice
	for range 26 {
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: "heel", Value: "heel"})
	}
	ac := &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{Choices: choices}}
	if err := dg.InteractionRespond(in, ac); restCode(err) != 50035 {
		t.Errorf("26 choices: %v", err)
	}
	ac.Data.Choices = choices[:3]
	if err := dg.InteractionRespond(in, ac); err != nil {
		t.Fatal(err)
	}
	if cb, _ := ex.Wait(ctx); len(cb.Data.Choices) != 3 {
		t.Errorf("choices = %+v", cb.Data.Choices)
	}
}

// TestMessageLimits: Discord's limits are enforced with 400s.
func TestMessageLimits(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	dg := newSession(t, w.srv, "tok")
	embed := func(mod func(*discordgo.MessageEmbed)) []*discordgo.MessageEmbed {
		e := &discordgo.MessageEmbed{Title: "t", Description: "d"}
		mod(e)
		return []*discordgo.MessageEmbed{e}
	}
	button := func(id string) discordgo.MessageComponent {
		return discordgo.Button{Label: "b", CustomID: id, Style: discordgo.PrimaryButton}
	}
	row := func(cs ...discordgo.MessageComponent) discordgo.MessageComponent {
		return discordgo.ActionsRow{Components: cs}
	}
	var fields []*discordgo.MessageEmbedField
	for range 26 {
		fields = append(fields, &discordgo.MessageEmbedField{Name: "n", Value: "v"})
	}
	var rows []discordgo.MessageComponent
	for i := range 6 {
		rows = append(rows, row(button(strings.Repeat("x", i+1))))
	}
	tests := []struct {
		name string
		msg  discordgo.MessageSend
		code int
	}{
		{"fits", discordgo.MessageSend{Content: strings.Repeat("é", 2000)}, 0},
		{"content 2001", discordgo.MessageSend{Content: strings.Repeat("a", 2001)}, 50035},
		{"empty", discordgo.MessageSend{}, 50006},
		{"11 embeds", discordgo.MessageSend{Embeds: make11()}, 50035},
		{"title 257", discordgo.MessageSend{Embeds: embed(func(e *discordgo.MessageEmbed) { e.Title = strings.Repeat("a", 257) })}, 50035},
		{"description 4097", discordgo.MessageSend{Embeds: embed(func(e *discordgo.MessageEmbed) { e.Description = strings.Repeat("a", 4097) })}, 50035},
		{"26 fields", discordgo.MessageSend{Embeds: embed(func(e *discordgo.MessageEmbed) { e.Fields = fields })}, 50035},
		{"empty field value", discordgo.MessageSend{Embeds: embed(func(e *discordgo.MessageEmbed) {
			e.Fields = []*discordgo.MessageEmbedField{{Name: "n"}}
		})}, 50035},
		{"embeds total 6001", discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{
			{Description: strings.Repeat("a", 4000)}, {Description: strings.Repeat("a", 2001)}}}, 50035},
		{"6 rows", discordgo.MessageSend{Components: rows}, 50035},
		{"5 rows", discordgo.MessageSend{Components: rows[:5]}, 0},
		{"duplicate custom id", discordgo.MessageSend{Components: []discordgo.MessageComponent{row(button("a"), button("a"))}}, 50035},
		{"custom id 101", discordgo.MessageSend{Components: []discordgo.MessageComponent{row(button(strings.Repeat("a", 101)))}}, 50035},
		{"allowed mentions users twice", discordgo.MessageSend{Content: "x", AllowedMentions: &discordgo.MessageAllowedMentions{
			Parse: []discordgo.AllowedMentionType{discordgo.AllowedMentionTypeUsers}, Users: []string{"1"}}}, 50035},
	}
	for _, tt := range tests {
		_, err := dg.ChannelMessageSendComplex(w.channel, &tt.msg)
		if got := restCode(err); (tt.code == 0 && err != nil) || (tt.code != 0 && got != tt.code) {
			t.Errorf("%s: err %v (code %d), want code %d", tt.name, err, got, tt.code)
		}
	}
	if n := len(w.srv.Messages(w.channel)); n != 2 {
		t.Errorf("%d messages stored, want the 2 valid ones", n)
	}
}

func make11() []*discordgo.MessageEmbed {
	var es []*discordgo.MessageEmbed
	for range 11 {
		es = append(es, &discordgo.MessageEmbed{Title: "t"})
	}
	return es
}

// TestCommandRegistration: bulk overwrite keeps ids, validates names and
// descriptions, and the builders use the registered id.
func TestCommandRegistration(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	dg := newSession(t, w.srv, "tok")
	cmds := []*discordgo.ApplicationCommand{
		{Name: "checkin", Description: "Record a foot massage", Options: []*discordgo.ApplicationCommandOption{
			{Name: "minutes", Description: "How long", Type: discordgo.ApplicationCommandOptionInteger, Required: true},
		}},
		{Name: "Foot-care streak", Type: discordgo.UserApplicationCommand},
	}
	out, err := dg.ApplicationCommandBulkOverwrite(w.srv.AppID(), w.guild, cmds)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || out[0].ID == "" {
		t.Fatalf("registered = %+v", out)
	}
	again, err := dg.ApplicationCommandBulkOverwrite(w.srv.AppID(), w.guild, cmds)
	if err != nil || again[0].ID != out[0].ID {
		t.Errorf("re-register changed id: %v %v", again, err)
	}
	if got := w.srv.Commands(w.guild); len(got) != 2 || got[1].Type != discordgo.UserApplicationCommand {
		t.Errorf("Commands = %+v", got)
	}
	if len(w.srv.Commands("")) != 0 {
		t.Error("guild commands leaked to global")
	}
	i := w.srv.Command(w.guild, w.ann, "checkin", fakediscord.Int("minutes", 5))
	if i.ApplicationCommandData().ID != out[0].ID {
		t.Errorf("interaction command id %s, want %s", i.ApplicationCommandData().ID, out[0].ID)
	}
	u := w.srv.UserCommand(w.guild, w.ann, "Foot-care streak", w.admin)
	if d := u.ApplicationCommandData(); d.ID != out[1].ID || d.TargetID != w.admin.User.ID || d.Resolved.Users[w.admin.User.ID] == nil {
		t.Errorf("user command data = %+v", d)
	}

	bad := []*discordgo.ApplicationCommand{
		{Name: "CheckIn", Description: "upper case"},
		{Name: "checkin", Description: ""},
		{Name: "checkin", Description: strings.Repeat("d", 101)},
		{Name: "checkin", Description: "ok", Options: []*discordgo.ApplicationCommandOption{
			{Name: "minutes", Type: discordgo.ApplicationCommandOptionInteger}}},
		{Name: "checkin", Description: "ok", Options: []*discordgo.ApplicationCommandOption{
			{Name: "a", Description: "x", Type: discordgo.ApplicationCommandOptionString},
			{Name: "b", Description: "x", Type: discordgo.ApplicationCommandOptionString, Required: true}}},
	}
	for _, c := range bad {
		if _, err := dg.ApplicationCommandBulkOverwrite(w.srv.AppID(), w.guild, []*discordgo.ApplicationCommand{c}); restCode(err) != 50035 {
			t.Errorf("%+v accepted: %v", c, err)
		}
	}
	if len(w.srv.Commands(w.guild)) != 2 {
		t.Error("a refused overwrite changed the commands")
	}
}

// TestAuthorization: the bot token is required except on interaction and
// webhook routes; WithToken pins it.
func TestAuthorization(t *testing.T) {
	t.Parallel()
	w := newWorld(t, fakediscord.WithToken("right"))
	if _, err := newSession(t, w.srv, "wrong").User("@me"); restStatus(err) != 401 {
		t.Errorf("wrong token: %v", err)
	}
	u, err := newSession(t, w.srv, "right").User("@me")
	if err != nil || u.ID != w.srv.AppID() || !u.Bot {
		t.Errorf("users/@me = %+v %v", u, err)
	}
	if err := newSession(t, w.srv, "wrong").Open(); err == nil {
		t.Error("gateway accepted a wrong token")
	}
}

func restStatus(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) {
		return re.Response.StatusCode
	}
	return -1
}

// TestDeliverHTTP: signed delivery to an HTTP-mode endpoint, PONG, an
// inline response, and a follow-up through REST on the same token.
func TestDeliverHTTP(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	pub, priv, _ := ed25519.GenerateKey(nil)
	bot := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		sig, _ := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
		if !ed25519.Verify(pub, append([]byte(r.Header.Get("X-Signature-Timestamp")), body...), sig) {
			http.Error(rw, "bad signature", http.StatusUnauthorized)
			return
		}
		var i discordgo.Interaction
		if err := json.Unmarshal(body, &i); err != nil {
			http.Error(rw, err.Error(), 400)
			return
		}
		resp := discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}
		if i.Type == discordgo.InteractionApplicationCommand {
			resp = discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Content: "hello " + i.Member.User.Username, AllowedMentions: noPings()}}
		}
		rw.Header().Set("Content-Type", "application/json")
		json.NewEncoder(rw).Encode(resp)
	}))
	defer bot.Close()
	ctx := ctxT(t, 3*time.Second)

	ex, err := w.srv.DeliverHTTP(ctx, bot.URL, priv, w.srv.Ping())
	if err != nil {
		t.Fatal(err)
	}
	if cb, _ := ex.Wait(ctx); cb.Type != discordgo.InteractionResponsePong {
		t.Errorf("ping answered with %v", cb.Type)
	}
	i := w.srv.Command(w.guild, w.ann, "hello")
	ex, err = w.srv.DeliverHTTP(ctx, bot.URL, priv, i)
	if err != nil {
		t.Fatal(err)
	}
	if o, err := ex.WaitOriginal(ctx); err != nil || o.Content != "hello ann" {
		t.Errorf("inline response: %+v %v", o, err)
	}
	dg := newSession(t, w.srv, "tok")
	if _, err := dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "more", AllowedMentions: noPings()}); err != nil {
		t.Fatal(err)
	}
	if len(ex.Followups()) != 1 {
		t.Error("follow-up not recorded on the HTTP-delivered interaction")
	}
	// A key the bot does not know is refused by the bot.
	_, other, _ := ed25519.GenerateKey(nil)
	if _, err := w.srv.DeliverHTTP(ctx, bot.URL, other, w.srv.Ping()); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("wrong key: %v", err)
	}
}

// TestLatencyAndClose: SetLatency slows REST; Close ends waits.
func TestLatencyAndClose(t *testing.T) {
	t.Parallel()
	srv, err := fakediscord.Start()
	if err != nil {
		t.Fatal(err)
	}
	dg := newSession(t, srv, "tok")
	srv.SetLatency(100 * time.Millisecond)
	start := time.Now()
	if _, err := dg.User("@me"); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 100*time.Millisecond {
		t.Errorf("latency 100ms, request took %v", took)
	}
	done := make(chan error, 1)
	go func() { done <- srv.WaitReady(ctxT(t, 5*time.Second)) }()
	time.Sleep(20 * time.Millisecond)
	srv.Close()
	select {
	case err := <-done:
		if !errors.Is(err, fakediscord.ErrClosed) {
			t.Errorf("WaitReady after Close: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Close did not end WaitReady")
	}
}

// TestEphemeralButtons: a button on an ephemeral reply (Undo, confirm) can
// be clicked and the reply updated through @original, as on Discord; the
// channel never lists it.
func TestEphemeralButtons(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	dg := w.open(t)
	ctx := ctxT(t, 3*time.Second)
	ex, err := w.srv.Deliver(ctx, w.srv.Command(w.guild, w.ann, "checkin", fakediscord.Int("minutes", 12)))
	if err != nil {
		t.Fatal(err)
	}
	i := ex.Interaction()
	if got := i.ApplicationCommandData().Options[0].IntValue(); got != 12 {
		t.Errorf("built option IntValue = %d", got)
	}
	err = dg.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "Recorded 12 min", Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noPings(),
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: "Undo", CustomID: "undo:42", Style: discordgo.DangerButton}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	orig := ex.Original()
	if orig == nil || !orig.Ephemeral() || len(w.srv.Messages(w.channel)) != 0 {
		t.Fatalf("ephemeral original %+v, channel %d", orig, len(w.srv.Messages(w.channel)))
	}
	id := fakediscord.ButtonID(orig.Message, "Undo")
	if id != "undo:42" {
		t.Fatalf("ButtonID = %q", id)
	}
	click := w.srv.Click(w.guild, w.ann, orig.Message, id)
	if click.ChannelID != w.channel || click.Message.ID != orig.ID || click.MessageComponentData().CustomID != id {
		t.Errorf("click = %+v", click)
	}
	cex, err := w.srv.Deliver(ctx, click)
	if err != nil {
		t.Fatal(err)
	}
	if err := dg.InteractionRespond(click, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}); err != nil {
		t.Fatal(err)
	}
	undone := "Undone."
	if _, err := dg.InteractionResponseEdit(click, &discordgo.WebhookEdit{Content: &undone, Components: &[]discordgo.MessageComponent{}, AllowedMentions: noPings()}); err != nil {
		t.Fatal(err)
	}
	got, err := cex.WaitOriginal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != orig.ID || got.Content != undone || len(got.Components) != 0 {
		t.Errorf("after undo: %+v", got)
	}
	// A channel edit of an ephemeral message is not possible.
	if _, err := dg.ChannelMessageEdit(w.channel, orig.ID, "x"); restCode(err) != 10008 {
		t.Errorf("channel edit of ephemeral: %v", err)
	}
}
