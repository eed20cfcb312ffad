package bot

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/fakediscord"
	"clubbot/bot/faq"
)

func TestFAQAddChangesAnswers(t *testing.T) {
	e := ftNewEnv(t, "UTC", time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)).withFAQ()
	b, ctx := e.bot, e.ctx
	faqCmd := func(user string, perms int64, sub string, opts ...*discordgo.ApplicationCommandInteractionDataOption) Reply {
		return b.faqCommand(ctx, e.ftCommand(user, perms, "faq", fakediscord.Sub(sub, opts...)))
	}
	const q = "Where does the club meet for group runs?"

	_, w := e.ftAsk("bob", q)
	if text := ftEditText(w); strings.Contains(text, "bandstand") {
		t.Fatalf("answered before the entry existed:\n%s", text)
	}

	// Members cannot change the FAQ, on the server side.
	if r := faqCmd("bob", 0, "add", fakediscord.Str("question", q), fakediscord.Str("answer", "At the bandstand.")); !ftIsError(r) || !strings.Contains(ftText(r), "Manage Server") {
		t.Fatalf("member add: %q", ftText(r))
	}
	if r := faqCmd("bob", 0, "gaps"); !ftIsError(r) {
		t.Fatalf("member gaps: %q", ftText(r))
	}

	// Limits.
	if r := faqCmd("alice", ftAdminPerms, "add", fakediscord.Str("question", strings.Repeat("q", 201)), fakediscord.Str("answer", "a")); !ftIsError(r) || !strings.Contains(ftText(r), "200") {
		t.Errorf("long question: %q", ftText(r))
	}
	if r := faqCmd("alice", ftAdminPerms, "add", fakediscord.Str("question", "ok?"), fakediscord.Str("answer", strings.Repeat("a", 1501))); !ftIsError(r) || !strings.Contains(ftText(r), "1500") {
		t.Errorf("long answer: %q", ftText(r))
	}
	if r := faqCmd("alice", ftAdminPerms, "add", fakediscord.Str("question", "  "), fakediscord.Str("answer", "a")); !ftIsError(r) {
		t.Errorf("empty question: %q", ftText(r))
	}

	// The gap shows up for the admin.
	r := faqCmd("alice", ftAdminPerms, "gaps")
	if !ftEphemeral(r) || !strings.Contains(ftText(r), "group runs") {
		t.Fatalf("gaps: %q", ftText(r))
	}

	// Adding the entry changes the answer at once.
	r = faqCmd("alice", ftAdminPerms, "add", fakediscord.Str("question", q), fakediscord.Str("answer", "Saturdays at 8:00 by the bandstand in the park."))
	if ftIsError(r) || !ftEphemeral(r) {
		t.Fatalf("add: %q", ftText(r))
	}
	m := regexp.MustCompile(`#(\d+)`).FindStringSubmatch(ftText(r))
	if m == nil {
		t.Fatalf("add reply has no entry number: %q", ftText(r))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	_, w = e.ftAsk("carol", "where does the club meet for runs")
	if text := ftEditText(w); !strings.Contains(text, "bandstand") {
		t.Fatalf("answer after /faq add:\n%s", text)
	}

	// A fresh engine (a restart) gets the entries from LoadFAQEntries, which
	// finds the server through its entries: it never set a channel.
	if st, _ := e.db.Settings(ctx, e.guild); st.ChannelID != "" {
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
	_, w = e.ftAsk("carol", q)
	if text := ftEditText(w); !strings.Contains(text, "bandstand") {
		t.Fatalf("answer after restart:\n%s", text)
	}

	// Removing it takes it out again; a wrong id is a clear error.
	if r := faqCmd("alice", ftAdminPerms, "remove", fakediscord.Int("id", id+50)); !ftIsError(r) || !strings.Contains(ftText(r), "no entry") {
		t.Fatalf("remove unknown: %q", ftText(r))
	}
	if r := faqCmd("alice", ftAdminPerms, "remove", fakediscord.Int("id", id)); ftIsError(r) {
		t.Fatalf("remove: %q", ftText(r))
	}
	_, w = e.ftAsk("carol", q)
	if text := ftEditText(w); strings.Contains(text, "bandstand") {
		t.Fatalf("answer after /faq remove still uses the entry:\n%s", text)
	}
}
