package bot

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"clubbot"
	"clubbot/bot/fakediscord"
)

// recapPosts are the channel's monthly recaps.
func (w *world) recapPosts() []*fakediscord.Message {
	var out []*fakediscord.Message
	for _, m := range w.srv.Messages(w.channel) {
		if strings.HasPrefix(m.Content, "📅") {
			out = append(out, m)
		}
	}
	return out
}

// checkInOn records a check-in on a member's day straight in the store.
func (w *world) checkInOn(name string, day clubbot.Day, minutes int) {
	w.t.Helper()
	if _, err := w.Store.RecordCheckIn(w.ctx, clubbot.CheckIn{GuildID: w.guild, UserID: w.id(name), Day: day,
		Minutes: minutes, InteractionID: "ci" + w.nextID(), EnteredBy: w.id(name)}, day); err != nil {
		w.t.Fatal(err)
	}
}

// youWord finds "you" as a word, in any case.
var youWord = regexp.MustCompile(`(?i)\byou\b`)

// TestMonthlyRecap: the recap of June goes out once on 1 July at the
// leaderboard time in the server's zone, through restarts and a second
// process, with the month's figures from clubbot.MonthlyRecap, the
// challenge's consistency over the month, the longest runs without the
// member who hid, and the club calendar picture; never "you".
func TestMonthlyRecap(t *testing.T) {
	w := newWorld(t, "Europe/Berlin", time.Time{}, "alice", "bob", "carol")
	w.setNow(w.local(2025, 6, 1, 0, 0))
	ctx, db := w.ctx, w.Store
	if err := db.SaveMember(ctx, clubbot.Member{GuildID: w.guild, UserID: w.id("carol"), Hidden: true}); err != nil {
		t.Fatal(err)
	}
	june := clubbot.DayFromDate(2025, 6, 1)
	c, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: w.guild, Name: "June feet", Start: june, Days: 30,
		DailyMinutes: 10, CreatedBy: w.id("alice"), CreatedAt: w.Now()})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"alice", "bob"} {
		if _, err := db.JoinChallenge(ctx, c.ID, w.id(n), june); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 10 {
		w.checkInOn("alice", june+clubbot.Day(i), 15) // 1-10 June: 10 days, all qualify
	}
	w.checkInOn("alice", june-1, 30) // 31 May: not June's
	for _, d := range []int{4, 5, 6, 19} {
		w.checkInOn("bob", june+clubbot.Day(d), 20) // 5-7 June and 20 June
	}
	for i := range 20 {
		w.checkInOn("carol", june+clubbot.Day(i), 10) // the longest run, hidden
	}

	// 30 June at 18:00 and 1 July before 18:00: nothing yet.
	for _, at := range []time.Time{w.local(2025, 6, 30, 18, 0), w.local(2025, 7, 1, 7, 0), w.local(2025, 7, 1, 17, 59)} {
		w.setNow(at)
		w.tick(w.sched)
	}
	if n := len(w.recapPosts()); n != 0 {
		t.Fatalf("%d recaps before 1 July 18:00", n)
	}
	// From 18:00: once, whoever ticks.
	w.setNow(w.local(2025, 7, 1, 18, 0))
	other := w.newScheduler(&Bot{Store: w.openStore(t), REST: w.Bot.REST, Now: w.Now, Log: w.Bot.Log})
	done := make(chan struct{})
	go func() { defer close(done); _ = other.Tick(w.ctx) }()
	w.tick(w.sched)
	<-done
	for _, at := range []time.Time{w.local(2025, 7, 1, 18, 1), w.local(2025, 7, 1, 23, 59), w.local(2025, 7, 2, 18, 0)} {
		w.setNow(at)
		restarted := w.newScheduler(&Bot{Store: w.openStore(t), REST: w.Bot.REST, Now: w.Now, Log: w.Bot.Log})
		w.tick(restarted)
		w.tick(w.sched)
	}
	recaps := w.recapPosts()
	if len(recaps) != 1 {
		t.Fatalf("%d recaps, want 1", len(recaps))
	}
	m := recaps[0]
	text := dataText(m.Content, m.Embeds)
	for _, want := range []string{
		"The club's June 2025",
		"2025-06-01 to 2025-06-30",
		"**34 sessions** · **430 min** · **3 members** active", // carol counted, not named
		"**June feet**: group consistency this month 23%",      // 14 of 60 member-days
		"<@" + w.id("alice") + "> · 10 days\n<@" + w.id("bob") + "> · 3 days",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("recap without %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, w.id("carol")) {
		t.Errorf("recap names the hidden member:\n%s", text)
	}
	if youWord.MatchString(text) {
		t.Errorf("a public recap says \"you\":\n%s", text)
	}
	if len(m.Files) != 1 || m.Files[0].Name != "recap.png" || len(m.Embeds) != 1 || m.Embeds[0].Image == nil ||
		m.Embeds[0].Image.URL != "attachment://recap.png" {
		t.Errorf("recap without its calendar picture: files %+v", m.Files)
	}
	// Sent through the scheduler's send: with its post's nonce.
	for _, p := range w.srv.Payloads() {
		if p.Route == "POST channels/"+w.channel+"/messages" && strings.HasPrefix(p.Data.Content, "📅") &&
			(!p.Data.EnforceNonce || p.Data.Nonce == "") {
			t.Errorf("recap sent without a nonce: %q, enforce %v", p.Data.Nonce, p.Data.EnforceNonce)
		}
	}
	if p, err := db.GetPost(ctx, w.guild, postRecap, "2025-06"); err != nil || p.MessageID != m.ID {
		t.Errorf("recap claim %+v (%v), want message %s", p, err, m.ID)
	}
}

// TestMonthlyRecapWhen: a recap missed at its time goes out late the same
// local day only, at the server's own leaderboard time; a month without
// check-ins gets none.
func TestMonthlyRecapWhen(t *testing.T) {
	may := clubbot.DayFromDate(2025, 5, 1)
	t.Run("late the same day", func(t *testing.T) {
		w := newWorld(t, "America/New_York", time.Time{}, "alice")
		w.checkInOn("alice", may+30, 10)
		w.setNow(w.local(2025, 6, 1, 23, 30)) // down from 17:00 to 23:30
		w.tick(w.sched)
		if got := w.recapPosts(); len(got) != 1 || !strings.Contains(got[0].Content, "May 2025") {
			t.Fatalf("recaps after downtime: %d, want May's", len(got))
		}
	})
	t.Run("not on a later day", func(t *testing.T) {
		w := newWorld(t, "America/New_York", time.Time{}, "alice")
		w.checkInOn("alice", may+30, 10)
		w.setNow(w.local(2025, 6, 1, 17, 0))
		w.tick(w.sched)
		for _, at := range []time.Time{w.local(2025, 6, 2, 0, 30), w.local(2025, 6, 2, 18, 0), w.local(2025, 6, 15, 18, 0)} {
			w.setNow(at) // down over the whole of 1 June's recap time
			w.tick(w.sched)
		}
		if n := len(w.recapPosts()); n != 0 {
			t.Fatalf("%d recaps sent after 1 June", n)
		}
	})
	t.Run("the server's time", func(t *testing.T) {
		w := newWorld(t, "Asia/Tokyo", time.Time{}, "alice")
		st, err := w.Store.Settings(w.ctx, w.guild)
		if err != nil {
			t.Fatal(err)
		}
		st.LeaderboardTime, err = clubbot.ParseClock("09:30")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Store.SaveSettings(w.ctx, st); err != nil {
			t.Fatal(err)
		}
		w.checkInOn("alice", may+30, 10)
		w.setNow(w.local(2025, 6, 1, 9, 29))
		w.tick(w.sched)
		if n := len(w.recapPosts()); n != 0 {
			t.Fatalf("a recap before 09:30")
		}
		w.setNow(w.local(2025, 6, 1, 9, 30))
		w.tick(w.sched)
		if n := len(w.recapPosts()); n != 1 {
			t.Fatalf("%d recaps at 09:30, want 1", n)
		}
	})
	t.Run("a month without check-ins", func(t *testing.T) {
		w := newWorld(t, "UTC", time.Time{}, "alice")
		w.checkInOn("alice", may+30, 10) // 31 May: June is empty
		w.setNow(w.local(2025, 7, 1, 18, 0))
		w.tick(w.sched)
		w.setNow(w.local(2025, 7, 1, 19, 0))
		w.tick(w.sched)
		if n := len(w.recapPosts()); n != 0 {
			t.Fatalf("%d recaps for an empty June", n)
		}
		// The claim is kept: no later tick looks again.
		if p, err := w.Store.GetPost(w.ctx, w.guild, postRecap, "2025-06"); err != nil || p.MessageID != "" {
			t.Errorf("empty month's claim %+v, %v", p, err)
		}
	})
}
