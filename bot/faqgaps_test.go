package bot

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"clubbot/bot/fakediscord"
)

// TestFAQListAndGaps: /faq list shows ids for /faq remove; /faq gaps lists
// unanswered questions and answers rated not helpful with counts, and a
// question a later /faq add answers drops out of the unanswered list.
func TestFAQListAndGaps(t *testing.T) {
	e := newTestBotIn(t, testGuild, "UTC", time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)).withFAQ()
	faqCmd := func(user string, sub string, opts ...*fakediscord.Opt) Reply {
		return e.Bot.faqCommand(e.ctx, e.cmd(user, "faq", fakediscord.Sub(sub, opts...)))
	}

	if r := faqCmd("bob", "list"); !isUserError(r) || !strings.Contains(text(r), "Manage Server") {
		t.Errorf("member /faq list: %q", text(r))
	}
	if r := faqCmd(adminID, "list"); !isEphemeral(r) || !strings.Contains(text(r), "no entries yet") {
		t.Errorf("empty list: %q", text(r))
	}

	const meet = "Where does the club meet for group runs?"
	e.askAs("bob", meet)
	e.askAs("carol", "where does the club meet for group runs")
	_, w := e.askAs("bob", "how long should I massage my feet after a long run?")
	btns := editButtons(w)
	if len(btns) != 2 {
		t.Fatalf("answer buttons %v", btns)
	}
	for _, u := range []string{"bob", "carol", "dan"} {
		e.Bot.clickFeedback(e.ctx, e.click(u, btns[1], ""), mustParse(t, btns[1]))
	}
	e.Bot.clickFeedback(e.ctx, e.click("erin", btns[0], ""), mustParse(t, btns[0]))

	gaps := text(faqCmd(adminID, "gaps"))
	for _, want := range []string{
		"Questions the notes could not answer", "group runs? (asked 2 times, last 2025-06-02)",
		"Answers rated not helpful", "after a long run? (not helpful 3 times, helpful 1 time)",
	} {
		if !strings.Contains(gaps, want) {
			t.Errorf("gaps lack %q:\n%s", want, gaps)
		}
	}

	r := faqCmd(adminID, "add", fakediscord.Str("question", meet), fakediscord.Str("answer", "Saturdays at 8:00 by the bandstand in the park, rain or shine."))
	id := regexp.MustCompile(`#(\d+)`).FindStringSubmatch(text(r))
	if id == nil {
		t.Fatalf("add: %q", text(r))
	}
	gaps = text(faqCmd(adminID, "gaps"))
	if strings.Contains(gaps, "group runs") || !strings.Contains(gaps, "after a long run?") {
		t.Errorf("gaps after /faq add still list the answered question:\n%s", gaps)
	}

	list := text(faqCmd(adminID, "list"))
	for _, want := range []string{"(1 entry)", "**#" + id[1] + "** " + meet, "Saturdays at 8:00 by the bandstand in the park, rain or shi…", "/faq remove id:N"} {
		if !strings.Contains(list, want) {
			t.Errorf("list lacks %q:\n%s", want, list)
		}
	}
}
