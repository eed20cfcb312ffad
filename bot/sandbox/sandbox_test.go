package sandbox

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// thursday is the scripts' start: Thursday 26 November 2026, 09:30 UTC.
var thursday = time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)

// run runs script through the sandbox and returns its output and error.
func run(t *testing.T, script string, interactive bool) (string, error) {
	t.Helper()
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	err := Run(ctx, Config{
		In: strings.NewReader(script), Out: &out, Interactive: interactive,
		DBPath: filepath.Join(t.TempDir(), "sandbox.db"), Now: thursday,
	})
	return out.String(), err
}

func runFile(t *testing.T, name string) string {
	t.Helper()
	script, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	out, err := run(t, string(script), false)
	if err != nil {
		t.Fatalf("Run: %v\noutput:\n%s", err, out)
	}
	if testing.Verbose() {
		t.Log("\n" + out)
	}
	return out
}

// mustContain checks that each want appears in out, in order.
func mustContain(t *testing.T, out string, wants ...string) {
	t.Helper()
	rest := out
	for _, w := range wants {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Fatalf("output lacks %q (after the earlier expectations)\noutput:\n%s", w, out)
		}
		rest = rest[i+len(w):]
	}
}

func TestDemoScript(t *testing.T) {
	out := runFile(t, "demo.txt")
	mustContain(t, out,
		"admin › /settings channel:#general timezone:Europe/London",
		"[admin, only you] ", "#general", "Europe/London",
		"ann › /checkin minutes:15 timing:post-run tool:roller",
		"[ann, only you] ", "15 min", "[Undo]",
		`bob › /checkin minutes:20 sore-spot:arch note:"after the long run"`,
		"[bob, only you] ", "20 min", "after the long run",
		"bob › /ask question:",
		"[#general] <clubbot to bob's /ask> ", "Sources:", "[Helpful] [Not helpful]",
		"ann › click [Helpful]",
		"ann › /leaderboard period:week",
		"[#general] <clubbot to ann's /leaderboard> ", "@bob", "@ann",
		`ann › Foot-care streak on bob`,
		"(picture: streak.png ",
		"admin (Manage Server) id ", "ann id ", "bob id ",
		"[#general] <clubbot> ", // show
	)
	// Nothing pings: mentions print as names, and no raw ids are left.
	if regexp.MustCompile(`<[@#]!?\d+>`).MatchString(out) {
		t.Errorf("raw mentions left in the output:\n%s", out)
	}
	if strings.Contains(out, "\n! ") {
		t.Errorf("a line failed:\n%s", out)
	}
}

func TestWeekScript(t *testing.T) {
	out := runFile(t, "week.txt")
	lines := strings.Split(out, "\n")
	var posts, pictures, edits2 int
	leaderboardAt := ""
	at := ""
	scheduled := false // inside output of a scheduled post, not a member's command
	for _, l := range lines {
		if strings.HasPrefix(l, "— ") {
			at = l
		}
		if !strings.HasPrefix(l, " ") {
			scheduled = strings.HasPrefix(l, "[#general] <clubbot> ")
		}
		if strings.HasPrefix(l, "[#general] <clubbot> ") && strings.Contains(l, "Foot-care check-in:") {
			posts++
		}
		if scheduled && strings.Contains(l, "(picture: leaderboard.png ") {
			pictures++
			leaderboardAt = at
		}
		if strings.HasPrefix(l, "[#general] ✎ edited: ") && strings.Contains(l, "2 checked in") {
			edits2++
		}
	}
	if posts != 7 {
		t.Errorf("%d daily posts, want 7 (Thursday late, then Friday to Wednesday)", posts)
	}
	if pictures != 1 || leaderboardAt != "— Sun 29 Nov 18:00 GMT —" {
		t.Errorf("%d weekly leaderboard pictures, the last at %q; want one at Sunday 18:00", pictures, leaderboardAt)
	}
	if edits2 < 4 {
		t.Errorf("the daily post's count was edited to 2 on %d days, want at least 4", edits2)
	}
	mustContain(t, out,
		"— Thu 26 Nov 09:31 GMT —", "Thursday 26 November 2026",
		"bob › click [15 min]", "bob › click [15 min]", "[bob, only you] ", "already",
		"— Fri 27 Nov 07:00 GMT —", "Happy feet week", "day 1 of 7",
		"cat › click [Other…]", `[cat, only you] a form opens: "Check in"`,
		`cat › submit "Check in" minutes:12 note:"rolled the arch"`, "12 min",
		"— Sat 28 Nov 20:00 GMT —", "[DM to bob] <clubbot> ",
		"The bot's clock now reads Wed 2 Dec 2026 09:40 GMT.",
	)
}

func TestScriptErrors(t *testing.T) {
	script := strings.Join([]string{
		"as ann /checkin minutes:0",
		"as ann /checkin minutes:ten",
		"as ann /checkin",
		"as ann /checkin minutes:10 tool:spoon",
		"as ann /checkin minutes:10 mood:great",
		"as ann /challenge",
		"as ann /challenge dance",
		"as ann /dance",
		"as ann /settings channel:#random",
		"click ann 10 min",
		"submit ann minutes:10",
		"dance",
		"as bob /settings timezone:Europe/Paris", // the bot refuses: not Manage Server
		"admin bob",
		"as bob /settings timezone:Europe/Paris",
	}, "\n")
	out, err := run(t, script, false)
	if err == nil || !strings.Contains(err.Error(), "12 script line(s)") {
		t.Errorf("Run error = %v, want 12 failed lines", err)
	}
	mustContain(t, out,
		"! /checkin minutes: 0 is below the minimum 1",
		`! /checkin minutes: "ten" is not a whole number`,
		"! /checkin needs minutes:…",
		`! /checkin tool: "spoon" is not a choice; pick one of: shiatsu, roller`,
		`! /checkin has no option "mood"; it takes: minutes (required), timing`,
		"! /challenge needs a subcommand: create, join",
		`! /challenge has no subcommand "dance"`,
		"! no command /dance; the bot has /ask",
		"! /settings channel: no channel #random; the sandbox has #general",
		`! ann sees no button "10 min"`,
		"! ann has no form open",
		`! unknown line "dance"`,
		"bob › /settings timezone:Europe/Paris", "[bob, only you] ",
		"bob has Manage Server.",
		"bob › /settings timezone:Europe/Paris", "[bob, only you] ", "Europe/Paris",
	)
	// The first /settings by bob is refused by the bot, server-side.
	first := out[strings.Index(out, "bob › /settings"):strings.Index(out, "bob has Manage Server.")]
	if strings.Contains(first, "Europe/Paris\n") && !strings.Contains(strings.ToLower(first), "manage server") {
		t.Errorf("bob's /settings without Manage Server was not refused:\n%s", first)
	}
}

func TestInteractivePrompt(t *testing.T) {
	out, err := run(t, "as ann /checkin minutes:12\nadvance 1h\n", true)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "ann › /checkin") {
		t.Errorf("interactive mode echoed the typed line:\n%s", out)
	}
	if n := strings.Count(out, "> "); n != 3 {
		t.Errorf("%d prompts, want 3 (two lines and the EOF):\n%s", n, out)
	}
	mustContain(t, out, "> [ann, only you] ", "12 min", "> The bot's clock now reads Thu 26 Nov 2026 10:30 UTC.")
}

func TestAdvanceFiresLateSameDayOnly(t *testing.T) {
	// The channel is set at 09:30, after the 07:00 post time: today's post
	// goes out late; advancing past midnight gives tomorrow's at 07:00 and
	// never a second one for today.
	out, err := run(t, "as admin /settings channel:#general\nadvance 1d\nshow\n", false)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	mustContain(t, out, "— Thu 26 Nov 09:31 UTC —", "Thursday 26 November", "— Fri 27 Nov 07:00 UTC —", "Friday 27 November")
	if n := strings.Count(out, "<clubbot> 🦶"); n != 4 { // two posts, twice (as they go out, and show)
		t.Errorf("%d daily posts printed, want 2 posts each printed twice:\n%s", n, out)
	}
}

// The Other… form's timing and tool are selects: a submit picks one of
// their options (any case), and anything else is refused with the list.
func TestFormSelects(t *testing.T) {
	script := strings.Join([]string{
		"as admin /settings channel:#general timezone:Europe/London",
		"advance 10m",
		"click ann Other…",
		"submit ann minutes:20 tool:hammer",
		"submit ann minutes:20 tool:Roller timing:post-run",
	}, "\n")
	out, _ := run(t, script, false)
	mustContain(t, out,
		`a form opens: "Check in" with fields minutes (required) = Minutes (1-240); timing [pre-run|post-run|rest-day|other]; tool [shiatsu|`,
		"! field tool: choose one of shiatsu, roller, percussive",
		`ann › submit "Check in" minutes:20 tool:Roller timing:post-run`, "Checked in: 20 min", "Timing: post-run · Tool: roller",
	)
}

// --pictures saves each PNG the bot sends, numbered in order, and says so.
func TestPicturesSaved(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pictures")
	script := strings.Join([]string{
		"as admin /settings channel:#general timezone:Europe/London",
		"as 李小龙 /checkin minutes:20",
		"as ann /checkin minutes:10",
		"as ann /streak",
		"as ann /leaderboard period:week",
	}, "\n")
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	err := Run(ctx, Config{In: strings.NewReader(script), Out: &out, DBPath: filepath.Join(t.TempDir(), "sandbox.db"), Now: thursday, Pictures: dir})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	want := []struct {
		name string
		w, h int
	}{{"001-streak.png", 600, 220}, {"002-leaderboard.png", 600, 116}}
	for _, w := range want {
		f, err := os.Open(filepath.Join(dir, w.name))
		if err != nil {
			t.Fatalf("%v\noutput:\n%s", err, out.String())
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != w.w || cfg.Height != w.h {
			t.Errorf("%s: %dx%d, %v; want %dx%d", w.name, cfg.Width, cfg.Height, err, w.w, w.h)
		}
	}
	if files, _ := os.ReadDir(dir); len(files) != len(want) {
		t.Errorf("%d files saved, want %d", len(files), len(want))
	}
	mustContain(t, out.String(), "(picture: streak.png 600x220)", "(saved "+filepath.Join(dir, "001-streak.png")+")",
		"(saved "+filepath.Join(dir, "002-leaderboard.png")+")")
}

func TestSafeFileName(t *testing.T) {
	for in, want := range map[string]string{"streak.png": "streak.png", "../../etc/passwd": "passwd.png", "": "picture.png", "a/b.PNG": "b.PNG"} {
		if got := safeFileName(in); got != want {
			t.Errorf("safeFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRecapScript: advancing to 1 December sends November's recap once, at
// 18:00 in the server's zone, with the month's figures and its calendar
// picture, naming the members who did not hide and never the one who did.
func TestRecapScript(t *testing.T) {
	out := runFile(t, "recap.txt")
	mustContain(t, out,
		"— Tue 1 Dec 18:00 GMT —",
		"[#general] <clubbot> 📅 **The club's November 2026**",
		"2026-11-01 to 2026-11-30",
		"**12 sessions** · **182 min** · **3 members** active",
		"**Late November**: group consistency this month 60%",
		"Longest runs of days", "@ann · 5 days", "@bob · 2 days",
		"(picture: recap.png 560x330)",
	)
	if n := strings.Count(out, "The club's November 2026"); n != 1 {
		t.Errorf("%d recaps, want 1", n)
	}
	i := strings.Index(out, "📅 **The club's November 2026**")
	recap := out[i:]
	if j := strings.Index(recap, "\n["); j >= 0 {
		recap = recap[:j]
	}
	if strings.Contains(recap, "zed") {
		t.Errorf("the recap names zed, who hid:\n%s", recap)
	}
	if regexp.MustCompile(`(?i)\byou\b`).MatchString(recap) {
		t.Errorf("the public recap says \"you\":\n%s", recap)
	}
}
