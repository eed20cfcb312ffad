package bot

import (
	"strings"
	"testing"
	"time"
)

func TestFeedbackButtons(t *testing.T) {
	e := ftNewEnv(t, "UTC", time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)).withFAQ()
	_, w := e.ftAsk("bob", "How many minutes should I massage my feet after running?")
	btns := ftEditButtons(w)
	if len(btns) != 2 {
		t.Fatalf("buttons = %v", btns)
	}
	click := func(user, raw string) Reply {
		id, err := parseCustomID(raw)
		if err != nil {
			t.Fatalf("parse %q: %v", raw, err)
		}
		return e.bot.clickFeedback(e.ctx, e.ftClick(user, raw), id)
	}
	helpful, notHelpful := btns[0], btns[1]
	if r := click("carol", helpful); ftIsError(r) || !ftEphemeral(r) || !strings.Contains(ftText(r), "Thanks") {
		t.Fatalf("helpful: %q", ftText(r))
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
