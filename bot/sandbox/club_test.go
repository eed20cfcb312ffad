package sandbox

import (
	"regexp"
	"strings"
	"testing"
)

// block is one printed message: its header line and the lines under it.
type block struct {
	at     string // the "— Mon 30 Nov 07:00 GMT —" line before it, "" before any
	header string
	text   string // all its lines
}

// blocks splits sandbox output into messages. Lines starting with spaces
// belong to the message above them.
func blocks(out string) []block {
	var bs []block
	at := ""
	for _, l := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(l, "— "):
			at = l
		case strings.HasPrefix(l, "    ") && len(bs) > 0:
			bs[len(bs)-1].text += "\n" + l
			continue
		}
		bs = append(bs, block{at: at, header: l, text: l})
	}
	return bs
}

// public reports whether a block is a message in the channel.
func (b block) public() bool { return strings.HasPrefix(b.header, "[#general] ") }

var youWord = regexp.MustCompile(`(?i)\byou(r|rs|rself)?\b`)

// asked is the sandbox's note of whose command a reply answers ("<clubbot
// to zed's /leaderboard> "): Discord shows that line itself, it is not the
// bot's text.
var asked = regexp.MustCompile(`^\[#general\] <clubbot[^>]*> `)

// wantPublicSafe fails for any public message that says "you" or names the
// member who hid (SPEC 4 "Public and private"), and when fewer than min
// public messages were checked. /ask answers are left out of the "you"
// check: they quote the club's documents, which speak to every reader.
func wantPublicSafe(t *testing.T, out, hidden string, min int) {
	t.Helper()
	n := 0
	for _, b := range blocks(out) {
		if !b.public() {
			continue
		}
		n++
		text := asked.ReplaceAllString(b.text, "")
		if youWord.MatchString(text) && !strings.Contains(text, "**❓ ") {
			t.Errorf("a public message says %q:\n%s", youWord.FindString(text), b.text)
		}
		if hidden != "" && regexp.MustCompile(`(?i)\b`+hidden+`\b`).MatchString(text) {
			t.Errorf("a public message names %s, who hides:\n%s", hidden, b.text)
		}
	}
	if n < min {
		t.Errorf("only %d public messages checked", n)
	}
}

// TestClubScript runs club.txt: a challenge with a member (zed) who hides,
// leaderboards, streak cards, an early end and two idle weeks.
func TestClubScript(t *testing.T) {
	out := runFile(t, "club.txt")
	wantPublicSafe(t, out, "zed", 40)
	bs := blocks(out)

	find := func(prefix string) (block, int) {
		t.Helper()
		for n, b := range bs {
			if strings.HasPrefix(b.header, prefix) {
				return b, n
			}
		}
		t.Fatalf("no message starting %q in:\n%s", prefix, out)
		return block{}, 0
	}

	// 1. The public board says nothing of the asker; their place follows
	// for them alone.
	_, n := find("ann › /leaderboard")
	board, next := bs[n+1], bs[n+2]
	if !board.public() || strings.Contains(board.text, "You are") || strings.Contains(board.text, "← you") {
		t.Errorf("ann's public board:\n%s", board.text)
	}
	if !strings.HasPrefix(next.header, "[ann, only you] **Your place: #1 of 2**") || !strings.Contains(next.text, "@ann · 3 days") {
		t.Errorf("ann's own place:\n%s", next.text)
	}
	_, n = find("zed › /leaderboard")
	if !bs[n+1].public() || !strings.HasPrefix(bs[n+2].header, "[zed, only you] 🙈 You are hidden") {
		t.Errorf("zed's board and note:\n%s\n%s", bs[n+1].text, bs[n+2].text)
	}
	_, n = find("bob › /leaderboard challenge:")
	if !strings.Contains(bs[n+2].text, "**Your place: #2 of 2**") || !strings.Contains(bs[n+2].text, "@bob · 1 qualifying day · 🔥 1 · 15 min ← you") {
		t.Errorf("bob's place on the challenge board:\n%s", bs[n+2].text)
	}

	// 2. Finishers: zed finished but is only counted.
	end, _ := find("[#general] <clubbot> 🎉 The **Three day** challenge is over!")
	for _, want := range []string{"2 of 3 participants finished.", "@ann (3/3 days)", "and 1 more"} {
		if !strings.Contains(end.text, want) {
			t.Errorf("end post lacks %q:\n%s", want, end.text)
		}
	}
	early, _ := find("[#general] <clubbot to admin's /challenge end>")
	if !strings.Contains(early.text, "2 of 2 participants finished.") || !strings.Contains(early.text, "@ann (1/1 days)\n    │ and 1 more") {
		t.Errorf("/challenge end reply:\n%s", early.text)
	}

	// 3. Another member's streak: refused for zed, public for ann.
	_, n = find("bob › Foot-care streak on zed")
	if !strings.HasPrefix(bs[n+1].header, "[bob, only you] ⚠️") {
		t.Errorf("zed's card for bob: %s", bs[n+1].text)
	}
	_, n = find("bob › /streak member:@zed")
	if !strings.HasPrefix(bs[n+1].header, "[bob, only you] ⚠️") {
		t.Errorf("/streak member:@zed for bob: %s", bs[n+1].text)
	}
	_, n = find("bob › Foot-care streak on ann")
	if !bs[n+1].public() || !strings.Contains(bs[n+1].text, "Foot-care streak: ann") {
		t.Errorf("ann's card for bob: %s", bs[n+1].text)
	}

	// 7. Created on their first day, "Three day" and "Today" are announced
	// by the create reply alone; "Later" (created ahead) by its start post.
	for _, name := range []string{"Three day", "Today", "Later"} {
		starts := strings.Count(out, "🏁 The **"+name+"** challenge starts today!")
		created := strings.Count(out, "🏁 New challenge: **"+name+"** starts today.")
		if starts+created != 1 {
			t.Errorf("%s announced as starting %d times (%d at creation)", name, starts+created, created)
		}
	}

	// 15. Wording.
	if strings.Contains(out, "(s)") {
		t.Errorf("the output has a (s) plural:\n%s", out)
	}
	for _, want := range []string{
		"Consistency: 100% of 1 day\n", "Finisher: On track: 1 more qualifying day needed",
		"For a sore toe: ",
		"Day: Over: final result after 3 days", "Finisher: Yes 🎉",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	_, n = find("ann › /challenge status name:Later")
	if s := bs[n+1].text; strings.Contains(s, "0%") || !strings.Contains(s, "Consistency: from the first day") {
		t.Errorf("status before the start:\n%s", s)
	}

	// 17. Dates are Discord timestamps.
	later, _ := find("[#general] <clubbot to admin's /challenge create> 🏁 New challenge: **Later**")
	// (The sandbox shows a timestamp as ⟨…⟩, in the server's zone.)
	mustContain(t, out, "ann › /challenge join name:Later", "It starts on ⟨1 December 2026⟩.",
		"ann › /challenge status name:Later", "Day: Starts on ⟨1 December 2026⟩")
	if !strings.Contains(later.header, "starts on ⟨1 December 2026⟩") || !strings.Contains(later.text, "5 days, ⟨1 December 2026⟩ to ⟨5 December 2026⟩") {
		t.Errorf("challenge dates are not timestamps:\n%s", later.text)
	}

	// 19. Weekly boards: Sunday 29 Nov and 6 Dec had check-ins; the idle
	// week to Sunday 13 Dec gets none.
	var boards []string
	for _, b := range bs {
		if strings.HasPrefix(b.header, "[#general] <clubbot> 🏆 **This week's foot-care leaderboard**") {
			boards = append(boards, b.at)
		}
	}
	if strings.Join(boards, ",") != "— Sun 29 Nov 18:00 GMT —,— Sun 6 Dec 18:00 GMT —" {
		t.Errorf("weekly boards at %q", boards)
	}
	mustContain(t, out, "— Mon 14 Dec 07:00 GMT —")
	mustContain(t, out, "Daily check-in post: 07:00, next ⟨in 22 hours⟩", "Weekly leaderboard: Sunday 18:00, next ⟨in 3 days⟩")
}

// TestScriptsPublicSafe scans the other scripts' public messages too.
func TestScriptsPublicSafe(t *testing.T) {
	for name, min := range map[string]int{"demo.txt": 4, "week.txt": 10} {
		t.Run(name, func(t *testing.T) { wantPublicSafe(t, runFile(t, name), "", min) })
	}
}

// TestLateClickKeepsYesterdaysCount: a click on yesterday's post after
// midnight counts for yesterday, and yesterday's post's count follows it.
func TestLateClickKeepsYesterdaysCount(t *testing.T) {
	script := strings.Join([]string{
		"as admin /settings channel:#general timezone:Europe/London",
		"advance 10m",
		"click ann 10 min",
		"advance 15h", // Friday 00:40: Thursday's post is the newest
		"click bob 10 min",
		"advance 6h",
		"click cat 10 min",
		"show",
	}, "\n")
	out, err := run(t, script, false)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	mustContain(t, out,
		"ann › click [10 min]", "[#general] ✎ edited: ✅ 1 checked in",
		"bob › click [10 min]", "For yesterday (Thu 26 Nov)", "[#general] ✎ edited: ✅ 2 checked in",
		"cat › click [10 min]", "[#general] ✎ edited: ✅ 3 checked in",
		"[#general] <clubbot> 🦶 **Foot-care check-in: Thursday 26 November 2026**\n    ✅ 3 checked in")
}
