package bot

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"clubbot/bot/fakediscord"
	"clubbot/bot/faq"
)

func TestFAQAddChangesAnswers(t *testing.T) {
	e := newTestBotIn(t, testGuild, "UTC", time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)).withFAQ()
	b, ctx := e.Bot, e.ctx
	faqCmd := func(user string, sub string, opts ...*fakediscord.Opt) Reply {
		return b.faqCommand(ctx, e.cmd(user, "faq", fakediscord.Sub(sub, opts...)))
	}
	const q = "Where does the club meet for group runs?"

	_, w := e.askAs("bob", q)
	if text := editText(w); strings.Contains(text, "bandstand") {
		t.Fatalf("answered before the entry existed:\n%s", text)
	}

	// Members cannot change the FAQ, on the server side.
	if r := faqCmd("bob", "add", fakediscord.Str("question", q), fakediscord.Str("answer", "At the bandstand.")); !isUserError(r) || !strings.Contains(text(r), "Manage Server") {
		t.Fatalf("member add: %q", text(r))
	}
	if r := faqCmd("bob", "gaps"); !isUserError(r) {
		t.Fatalf("member gaps: %q", text(r))
	}

	// Limits.
	if r := faqCmd(adminID, "add", fakediscord.Str("question", strings.Repeat("q", 201)), fakediscord.Str("answer", "a")); !isUserError(r) || !strings.Contains(text(r), "200") {
		t.Errorf("long question: %q", text(r))
	}
	if r := faqCmd(adminID, "add", fakediscord.Str("question", "ok?"), fakediscord.Str("answer", strings.Repeat("a", 1501))); !isUserError(r) || !strings.Contains(text(r), "1500") {
		t.Errorf("long answer: %q", text(r))
	}
	if r := faqCmd(adminID, "add", fakediscord.Str("question", "  "), fakediscord.Str("answer", "a")); !isUserError(r) {
		t.Errorf("empty question: %q", text(r))
	}

	// The gap shows up for the admin.
	r := faqCmd(adminID, "gaps")
	if !isEphemeral(r) || !strings.Contains(text(r), "group runs") {
		t.Fatalf("gaps: %q", text(r))
	}

	// Adding the entry changes the answer at once.
	r = faqCmd(adminID, "add", fakediscord.Str("question", q), fakediscord.Str("answer", "Saturdays at 8:00 by the bandstand in the park."))
	if isUserError(r) || !isEphemeral(r) {
		t.Fatalf("add: %q", text(r))
	}
	m := regexp.MustCompile(`#(\d+)`).FindStringSubmatch(text(r))
	if m == nil {
		t.Fatalf("add reply has no entry number: %q", text(r))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	_, w = e.askAs("carol", "where does the club meet for runs")
	if text := editText(w); !strings.Contains(text, "bandstand") {
		t.Fatalf("answer after /faq add:\n%s", text)
	}

	// A fresh engine (a restart) gets the entries from LoadFAQEntries, which
	// finds the server through its entries: it never set a channel.
	if st, _ := e.Store.Settings(ctx, e.guild); st.ChannelID != "" {
		t.Fatalf("the server has a channel %q; this checks one without", st.ChannelID)
	}
	fresh, err := faq.New(ctx, faq.Config{})
	if err != nil {
		t.Fatal(err)
	}
	b.FAQ = fresh
	if err := b.LoadFAQEntries(ctx); err != nil {
		t.Fatalf("LoadFAQEntries: %v", err)
	}
	_, w = e.askAs("carol", q)
	if text := editText(w); !strings.Contains(text, "bandstand") {
		t.Fatalf("answer after restart:\n%s", text)
	}

	// Removing it takes it out again; a wrong id is a clear error.
	if r := faqCmd(adminID, "remove", fakediscord.Int("id", id+50)); !isUserError(r) || !strings.Contains(text(r), "no entry") {
		t.Fatalf("remove unknown: %q", text(r))
	}
	if r := faqCmd(adminID, "remove", fakediscord.Int("id", id)); isUserError(r) {
		t.Fatalf("remove: %q", text(r))
	}
	_, w = e.askAs("carol", q)
	if text := editText(w); strings.Contains(text, "bandstand") {
		t.Fatalf("answer after /faq remove still uses the entry:\n%s", text)
	}
}
