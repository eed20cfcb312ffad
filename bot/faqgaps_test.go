package bot

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"clubbot/bot/fakediscord"
	"github.com/bwmarrin/discordgo"
)

// TestFAQListAndGaps: /faq list shows ids for /faq remove; /faq gaps lists
// unanswered questions and answers rated not helpful with counts, and a
// question a later /faq add answers drops out of the unanswered list.
func TestFAQListAndGaps(t *testing.T) {
	e := ftNewEnv(t, "UTC", time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)).withFAQ()
	faqCmd := func(user string, perms int64, sub string, opts ...*discordgo.ApplicationCommandInteractionDataOption) Reply {
		return e.bot.faqCommand(e.ctx, e.ftCommand(user, perms, "faq", fakediscord.Sub(sub, opts...)))
	}

	if r := faqCmd("bob", 0, "list"); !ftIsError(r) || !strings.Contains(ftText(r), "Manage Server") {
		t.Errorf("member /faq list: %q", ftText(r))
	}
	if r := faqCmd("alice", ftAdminPerms, "list"); !ftEphemeral(r) || !strings.Contains(ftText(r), "no entries yet") {
		t.Errorf("empty list: %q", ftText(r))
	}

	const meet = "Where does the club meet for group runs?"
	e.ftAsk("bob", meet)
	e.ftAsk("carol", "where does the club meet for group runs")
	_, w := e.ftAsk("bob", "how long should I massage my feet after a long run?")
	btns := ftEditButtons(w)
	if len(btns) != 2 {
		t.Fatalf("answer buttons %v", btns)
	}
	for _, u := range []string{"bob", "carol", "dan"} {
		e.bot.clickFeedback(e.ctx, e.ftClick(u, btns[1]), mustParse(t, btns[1]))
	}
	e.bot.clickFeedback(e.ctx, e.ftClick("erin", btns[0]), mustParse(t, btns[0]))

	gaps := ftText(faqCmd("alice", ftAdminPerms, "gaps"))
	for _, want := range []string{
		"Questions the notes could not answer", "group runs? (asked 2 times, last 2025-06-02)",
		"Answers rated not helpful", "after a long run? (not helpful 3 times, helpful 1 time)",
	} {
		if !strings.Contains(gaps, want) {
			t.Errorf("gaps lack %q:\n%s", want, gaps)
		}
	}

	r := faqCmd("alice", ftAdminPerms, "add", fakediscord.Str("question", meet), fakediscord.Str("answer", "Saturdays at 8:00 by the bandstand in the park, rain or shine."))
	id := regexp.MustCompile(`#(\d+)`).FindStringSubmatch(ftText(r))
	if id == nil {
		t.Fatalf("add: %q", ftText(r))
	}
	gaps = ftText(faqCmd("alice", ftAdminPerms, "gaps"))
	if strings.Contains(gaps, "group runs") || !strings.Contains(gaps, "after a long run?") {
		t.Errorf("gaps after /faq add still list the answered question:\n%s", gaps)
	}

	list := ftText(faqCmd("alice", ftAdminPerms, "list"))
	for _, want := range []string{"(1 entry)", "**#" + id[1] + "** " + meet, "Saturdays at 8:00 by the bandstand in the park, rain or shi…", "/faq remove id:N"} {
		if !strings.Contains(list, want) {
			t.Errorf("list lacks %q:\n%s", want, list)
		}
	}
}
