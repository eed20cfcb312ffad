package bot

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/fakediscord"
	"clubbot/bot/faq"
)

// withFAQ gives the env's bot the engine on the bundled documents.
func (e *testBot) withFAQ() *testBot {
	e.t.Helper()
	eng, err := faq.New(e.ctx, faq.Config{Now: e.Now})
	if err != nil {
		e.t.Fatalf("faq engine: %v", err)
	}
	e.Bot.FAQ = eng
	return e
}

// askAs runs /ask like a transport: the deferred response, then its Later.
func (e *testBot) askAs(user, question string) (Reply, *discordgo.WebhookEdit) {
	e.t.Helper()
	r := e.Bot.ask(e.ctx, e.cmd(user, "ask", fakediscord.Str("question", question)))
	if r.Later == nil {
		return r, nil
	}
	if r.Response.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		e.t.Fatalf("ask with a follow-up answered with type %d, want deferred", r.Response.Type)
	}
	return r, r.Later(e.ctx)
}

func TestAsk(t *testing.T) {
	e := newTestBotIn(t, testGuild, "UTC", time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)).withFAQ()
	tests := []struct {
		name      string
		q         string
		answered  bool // logged as answered (not a gap)
		wantAny   []string
		wantNever []string
	}{
		{"answer", "How many minutes should I massage my feet after running?", true, []string{"15-20", "10-15"}, nil},
		{"decline", "What is the weather tomorrow?", false, []string{"not in the club"}, nil},
		{"redflag numb", "My feet are numb and tingling all the time. Is a massager safe?", true, []string{"doctor", "podiatrist"}, nil},
		{"redflag fracture", "I think I broke my toe, it is swollen and I cannot walk. Should I use the massager?", true, []string{"doctor", "podiatrist"}, nil},
		{"no pings", "@everyone how long after a run should I massage? <@123> <@&456>", true, []string{"min"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, w := e.askAs("bob", tt.q)
			if w == nil {
				t.Fatal("no follow-up")
			}
			// Answers are public; a red flag is the member's own health, so only they see it.
			if private := strings.HasPrefix(tt.name, "redflag"); isEphemeral(r) != private {
				t.Errorf("ephemeral = %v, want %v", isEphemeral(r), private)
			}
			text := editText(w)
			if !strings.Contains(text, "Not medical advice") {
				t.Errorf("no medical-advice line:\n%s", text)
			}
			found := false
			for _, s := range tt.wantAny {
				found = found || strings.Contains(strings.ToLower(text), strings.ToLower(s))
			}
			if !found {
				t.Errorf("answer has none of %q:\n%s", tt.wantAny, text)
			}
			if am := w.AllowedMentions; am == nil || len(am.Parse) != 0 || len(am.Users) != 0 || len(am.Roles) != 0 {
				t.Errorf("answer may ping: %+v", am)
			}
			btns := editButtons(w)
			if len(btns) != 2 {
				t.Fatalf("feedback buttons = %v", btns)
			}
			id, err := parseCustomID(btns[0])
			if err != nil || id.Kind != kindFeedback || !id.flag(1) {
				t.Fatalf("helpful button %q: %+v %v", btns[0], id, err)
			}
			gaps, err := e.Store.Gaps(e.ctx, e.guild, 50)
			if err != nil {
				t.Fatal(err)
			}
			isGap := false
			for _, g := range gaps {
				isGap = isGap || g.Question == strings.TrimSpace(tt.q)
			}
			if isGap == tt.answered {
				t.Errorf("question logged as gap = %v, want %v (gaps %+v)", isGap, !tt.answered, gaps)
			}
		})
	}
}

func TestAskLimits(t *testing.T) {
	e := newTestBotIn(t, testGuild, "UTC", time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)).withFAQ()
	for _, q := range []string{"", "   ", strings.Repeat("é", 301)} {
		r, w := e.askAs("bob", q)
		if w != nil || !isUserError(r) || !isEphemeral(r) {
			t.Errorf("ask %d runes: %q, want an ephemeral error and no answer", utf8.RuneCountInString(q), text(r))
		}
	}
	if r, _ := e.askAs("bob", strings.Repeat("é", 301)); !strings.Contains(text(r), "300") {
		t.Errorf("too long: %q does not say the limit", text(r))
	}
	if _, w := e.askAs("bob", strings.Repeat("feet ", 60)); w == nil {
		t.Errorf("a 300-character question was refused")
	}
}

func TestAskAutocomplete(t *testing.T) {
	e := newTestBotIn(t, testGuild, "UTC", time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)).withFAQ()
	long := "Is it fine to use a " + strings.Repeat("really ", 22) + "long question with the massager"
	e.Bot.FAQ.SetEntries(e.guild, []faq.Entry{{ID: 1, Question: long, Answer: "Yes."}})
	for _, typed := range []string{"", "mass", "is it", "ðŸ\xff"} {
		r := e.Bot.askAutocomplete(e.ctx, e.autocomplete("bob", "ask", fakediscord.Focused(fakediscord.Str("question", typed))))
		if r.Response == nil || r.Response.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
			t.Fatalf("autocomplete %q: %+v", typed, r.Response)
		}
		if len(r.Response.Data.Choices) > 25 {
			t.Errorf("autocomplete %q: %d choices", typed, len(r.Response.Data.Choices))
		}
		for _, c := range r.Response.Data.Choices {
			v, _ := c.Value.(string)
			if utf8.RuneCountInString(c.Name) > 100 || len(v) > 100 || v == "" || !utf8.ValidString(v) {
				t.Errorf("choice %q = %q breaks Discord's limits", c.Name, v)
			}
		}
		if typed == "is it" && len(r.Response.Data.Choices) == 0 {
			t.Errorf("the server's long entry was not suggested for %q", typed)
		}
	}
}

// FuzzAskQuestion: any question text gets either a clear error or an answer
// that cannot ping, and never a panic.
func FuzzAskQuestion(f *testing.F) {
	for _, s := range []string{"how long after a run?", "", "\"unbalanced AND (", "NEAR/3 * OR -", "@everyone", strings.Repeat("x", 301), "\x00\xff"} {
		f.Add(s)
	}
	ctx := context.Background()
	eng, err := faq.New(ctx, faq.Config{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		e := newTestBotIn(t, testGuild, "UTC", time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC))
		e.Bot.FAQ = eng
		r, w := e.askAs("bob", q)
		if w == nil {
			if !isUserError(r) {
				t.Fatalf("question %q: neither an answer nor an error: %+v", q, r.Response)
			}
			return
		}
		if am := w.AllowedMentions; am == nil || len(am.Parse) != 0 {
			t.Fatalf("answer may ping: %+v", am)
		}
	})
}

// TestE2EAskFaces runs /ask through the fake Discord with the real discordgo
// client and checks SPEC 5's wording in each of the reply's faces: an
// answer leads with its answering sentence and lists its sources, with the
// "not medical advice" line; a club entry is shown as written, without that
// line when it is not about health; a decline says "not in the club's
// notes" with topics to try and no "?."; a red flag says not to massage and
// to see a professional, urgently where that fits, to the asker only.
func TestE2EAskFaces(t *testing.T) {
	w := newGatewayWorld(t)
	eng, err := faq.New(w.ctx, faq.Config{})
	if err != nil {
		t.Fatal(err)
	}
	eng.SetEntries(w.guild, []faq.Entry{{ID: 1, Question: "Who organises the Thursday social run?",
		Answer: "Ask <@456> or @everyone in the social channel."}})
	w.FAQ = eng
	ask := func(q string) (*fakediscord.Callback, *discordgo.MessageEmbed) {
		t.Helper()
		cb, m := w.command(w.members["ann"], "ask", fakediscord.Str("question", q))
		if m == nil || len(m.Embeds) != 1 {
			t.Fatalf("%q: no answer embed: %+v", q, m)
		}
		return cb, m.Embeds[0]
	}
	fields := func(em *discordgo.MessageEmbed) map[string]string {
		out := map[string]string{}
		for _, f := range em.Fields {
			out[f.Name] = f.Value
		}
		return out
	}

	_, em := ask("How many minutes should I massage my feet after running?")
	lead, _, _ := strings.Cut(em.Description, "\n")
	i := strings.Index(em.Description, "15-20")
	if j := strings.Index(em.Description, "10-15"); i < 0 || j >= 0 && j < i {
		i = j
	}
	if i < 0 || i > 300 || !strings.HasSuffix(em.Description, faq.Disclaimer) {
		t.Errorf("answer does not lead with its fact or lacks the advice line:\n%s", em.Description)
	}
	if utf8.RuneCountInString(lead) > 500 || fields(em)["Sources"] == "" {
		t.Errorf("answer: lead %d runes, sources %q", utf8.RuneCountInString(lead), fields(em)["Sources"])
	}

	_, em = ask("Who organises the Thursday social run?")
	if em.Description != "Ask <@456> or @everyone in the social channel." || em.Footer != nil {
		t.Errorf("club entry not shown as written, or with an advice line: %q footer %+v", em.Description, em.Footer)
	}

	_, em = ask("What is the capital of Peru?")
	if !strings.Contains(em.Description, "not in the club's notes") || strings.Contains(em.Description, "?.") ||
		fields(em)["Sources"] != "" || !strings.Contains(em.Description, "Related topics to try") {
		t.Errorf("decline wording:\n%s", em.Description)
	}

	cb, em := ask("My calf is hot and swollen after a long flight, can I use the massage gun?")
	d := strings.ToLower(em.Description)
	if !strings.Contains(d, "don't massage") || !strings.Contains(d, "urgent") || !strings.Contains(d, "doctor") {
		t.Errorf("red flag wording:\n%s", em.Description)
	}
	if cb.Data == nil || cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("red flag answered in public: %+v", cb.Data)
	}
}
