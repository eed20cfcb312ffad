package bot

import (
	"strings"
	"testing"
	"time"
)

// feedbackButtons asks a question the documents answer and returns the
// answer's Helpful and Not helpful custom_ids.
func feedbackButtons(t *testing.T) (*testBot, []string) {
	t.Helper()
	e := newTestBotIn(t, testGuild, "UTC", time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)).withFAQ()
	_, w := e.askAs("bob", "How many minutes should I massage my feet after running?")
	btns := editButtons(w)
	if len(btns) != 2 {
		t.Fatalf("buttons = %v", btns)
	}
	return e, btns
}

func TestFeedbackButtons(t *testing.T) {
	e, btns := feedbackButtons(t)
	click := func(user, raw string) Reply {
		id, err := parseCustomID(raw)
		if err != nil {
			t.Fatalf("parse %q: %v", raw, err)
		}
		return e.Bot.clickFeedback(e.ctx, e.click(user, raw, ""), id)
	}
	helpful, notHelpful := btns[0], btns[1]
	if r := click("carol", helpful); isUserError(r) || !isEphemeral(r) || !strings.Contains(text(r), "Thanks") {
		t.Fatalf("helpful: %q", text(r))
	}
	// The last verdict of a member wins; another member adds one.
	click("dave", helpful)
	click("dave", notHelpful)
	id, _ := parseCustomID(helpful)
	h, n, err := e.db.FeedbackCounts(e.ctx, id.int(0))
	if err != nil {
		t.Fatal(err)
	}
	if h != 1 || n != 1 {
		t.Fatalf("feedback counts = %d helpful, %d not; want 1 and 1", h, n)
	}
}

// TestFeedbackOtherServer: a feedback custom_id names a question by id; one
// crafted in another server for this server's question is refused and
// records nothing, as the other buttons refuse crossing servers.
func TestFeedbackOtherServer(t *testing.T) {
	e, btns := feedbackButtons(t)
	id, err := parseCustomID(btns[0])
	if err != nil {
		t.Fatal(err)
	}
	i := e.click("mallory", btns[0], "")
	i.GuildID = "6666" // another server
	if r := e.Bot.clickFeedback(e.ctx, i, id); !isUserError(r) || !isEphemeral(r) {
		t.Errorf("feedback from another server: %q", text(r))
	}
	if h, n, err := e.db.FeedbackCounts(e.ctx, id.int(0)); err != nil || h+n != 0 {
		t.Errorf("feedback counts after a click from another server: %d/%d %v", h, n, err)
	}
}
