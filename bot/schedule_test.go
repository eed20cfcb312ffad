package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"clubbot"
	"clubbot/bot/fakediscord"
)

// id is a member's user id.
func (w *world) id(name string) string { return w.members[name].User.ID }

// local is a wall time in the server's zone.
func (w *world) local(y int, m time.Month, d, hh, mm int) time.Time {
	loc, err := time.LoadLocation(w.zone())
	if err != nil {
		w.t.Fatal(err)
	}
	return time.Date(y, m, d, hh, mm, 0, 0, loc)
}

func (w *world) tick(s *Scheduler) {
	w.t.Helper()
	if err := s.Tick(w.ctx); err != nil {
		w.t.Fatalf("tick at %s: %v", w.Now(), err)
	}
}

// ftKind classifies a channel message by how each scheduled post starts.
func ftKind(m *fakediscord.Message) string {
	switch c := m.Content; {
	case strings.HasPrefix(c, "🦶 **Foot-care check-in"):
		return postDaily
	case strings.HasPrefix(c, "🏆"):
		return postLeaderboard
	case strings.HasPrefix(c, "🏁 The **"):
		return postChallengeStart
	case strings.HasPrefix(c, "⛰️"):
		return postChallengeMid
	case strings.HasPrefix(c, "🎉"):
		return postChallengeEnd
	}
	return "other"
}

func (w *world) posts(kind string) []*fakediscord.Message {
	var out []*fakediscord.Message
	for _, m := range w.srv.Messages(w.channel) {
		if kind == "" || ftKind(m) == kind {
			out = append(out, m)
		}
	}
	return out
}

// press presses a button on a message as a member, through the router.
func (w *world) press(name string, msg *fakediscord.Message, customID string) Reply {
	w.t.Helper()
	r := w.Bot.Handle(w.ctx, w.srv.Click(w.guild, w.members[name], msg.Message, customID))
	if isUserError(r) {
		w.t.Fatalf("%s clicking %s: %s", name, customID, text(r))
	}
	return r
}

type ftSeen struct {
	kind string
	at   time.Time // the clock when the tick that sent it ran
	msg  *fakediscord.Message
}

// TestSchedulerTwoWeeks runs a server through two weeks in New York: daily
// posts at 07:00 local, button check-ins updating the count, a leaderboard
// each Sunday at 18:00, challenge start, midway and end posts with the right
// finishers, and reminders only to the member who needs one.
func TestSchedulerTwoWeeks(t *testing.T) {
	w := newWorld(t, "America/New_York", time.Time{}, "alice", "bob", "carol")
	start := w.local(2025, 6, 2, 0, 0) // a Monday
	w.setNow(start)
	ctx, db := w.ctx, w.Store
	for _, n := range []string{"alice", "bob", "carol"} {
		if err := db.SaveMember(ctx, clubbot.Member{GuildID: w.guild, UserID: w.id(n), Reminders: true}); err != nil {
			t.Fatal(err)
		}
	}
	day0 := clubbot.DayFromDate(2025, 6, 2)
	c, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: w.guild, Name: "June feet", Start: day0 + 1, Days: 10,
		DailyMinutes: 10, GraceDays: 1, CreatedBy: w.id("alice"), CreatedAt: start})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"alice", "bob"} {
		if _, err := db.JoinChallenge(ctx, c.ID, w.id(n), day0); err != nil {
			t.Fatal(err)
		}
	}

	var seen []ftSeen
	known := 0
	for now := start; now.Before(start.AddDate(0, 0, 14)); now = now.Add(15 * time.Minute) {
		w.setNow(now)
		w.tick(w.sched)
		msgs := w.srv.Messages(w.channel)
		for _, m := range msgs[known:] {
			seen = append(seen, ftSeen{ftKind(m), now, m})
		}
		known = len(msgs)

		local := now.In(start.Location())
		if local.Hour() != 8 || local.Minute() != 0 {
			continue
		}
		// 08:00: members tap the day's post.
		today := clubbot.DayOf(now, start.Location())
		n := int(today - day0)
		daily := w.posts(postDaily)
		post := daily[len(daily)-1]
		want := 0
		w.press("alice", post, checkInButtonID(10))
		want++
		if n >= 1 && n <= 7 {
			w.press("bob", post, checkInButtonID(15))
			want++
		}
		if n%2 == 0 {
			w.press("carol", post, checkInButtonID(20))
			want++
		}
		// A second tap records nothing new.
		w.Bot.Handle(ctx, w.srv.Click(w.guild, w.members["alice"], post.Message, checkInButtonID(15)))
		w.sched.WaitEdits()
		got := w.posts(postDaily)
		if text := got[len(got)-1].Content; !strings.Contains(text, fmt.Sprintf("✅ %d checked in", want)) {
			t.Fatalf("%s: daily post after %d check-ins:\n%s", today, want, text)
		}
	}

	count := map[string]int{}
	for _, s := range seen {
		count[s.kind]++
		local := s.at.In(start.Location())
		day := clubbot.DayOf(s.at, start.Location())
		switch s.kind {
		case postDaily, postChallengeStart, postChallengeMid, postChallengeEnd:
			if local.Hour() != 7 || local.Minute() != 0 {
				t.Errorf("%s post at %s, want 07:00", s.kind, local)
			}
		case postLeaderboard:
			if local.Weekday() != time.Sunday || local.Hour() != 18 || local.Minute() != 0 {
				t.Errorf("leaderboard at %s, want Sunday 18:00", local)
			}
		default:
			t.Errorf("unexpected channel message at %s: %q", local, s.msg.Content)
		}
		switch s.kind {
		case postChallengeStart:
			if day != c.Start || len(componentIDs(s.msg.Components)) != 1 || componentIDs(s.msg.Components)[0] != joinButtonID(c.ID) {
				t.Errorf("start post on %s with buttons %v", day, componentIDs(s.msg.Components))
			}
		case postChallengeMid:
			if day != c.Start+5 {
				t.Errorf("midway post on %s", day)
			}
		case postChallengeEnd:
			text := dataText(s.msg.Content, s.msg.Embeds)
			if day != c.End()+1 || !strings.Contains(text, "<@"+w.id("alice")+">") || strings.Contains(text, "<@"+w.id("bob")+">") {
				t.Errorf("end post on %s:\n%s", day, text)
			}
		case postLeaderboard:
			if len(s.msg.Files) != 1 || !strings.HasSuffix(s.msg.Files[0].Name, ".png") {
				t.Errorf("leaderboard without its picture: %+v", s.msg.Files)
			}
			if text := dataText(s.msg.Content, s.msg.Embeds); !strings.Contains(text, "<@"+w.id("alice")+">") {
				t.Errorf("leaderboard without alice:\n%s", text)
			}
		}
	}
	want := map[string]int{postDaily: 14, postLeaderboard: 2, postChallengeStart: 1, postChallengeMid: 1, postChallengeEnd: 1}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("%d %s posts, want %d", count[k], k, n)
		}
	}
	// The daily post of the challenge's third day says so, with the group's
	// consistency of the day before (alice and bob both qualified).
	for _, s := range seen {
		if s.kind == postDaily && clubbot.DayOf(s.at, start.Location()) == c.Start+2 {
			if !strings.Contains(s.msg.Content, "day 3 of 10") || !strings.Contains(s.msg.Content, "Yesterday 2 of 2 qualified (100%)") {
				t.Errorf("daily post of day 3:\n%s", s.msg.Content)
			}
		}
	}

	// Reminders: bob missed the challenge's last three days (one each);
	// alice always checked in; carol is not in the challenge.
	bobDMs := w.srv.DMs(w.id("bob"))
	if len(bobDMs) != 3 {
		t.Errorf("bob got %d reminders, want 3", len(bobDMs))
	}
	for _, m := range bobDMs {
		if am := m.AllowedMentions; am == nil || len(am.Parse) != 0 || len(am.Users) != 1 || am.Users[0] != w.id("bob") {
			t.Errorf("reminder mentions %+v", am)
		}
	}
	for _, n := range []string{"alice", "carol"} {
		if dms := w.srv.DMs(w.id(n)); len(dms) != 0 {
			t.Errorf("%s got %d reminders", n, len(dms))
		}
	}
}

// TestSchedulerExactlyOnce: restarts around the post time, two schedulers on
// one database and downtime each give exactly one daily post; downtime past
// midnight gives none for the missed day.
func TestSchedulerExactlyOnce(t *testing.T) {
	t.Run("restarts", func(t *testing.T) {
		w := newWorld(t, "Europe/London", time.Time{})
		w.setNow(w.local(2025, 6, 2, 6, 58))
		for i := 0; i < 6; i++ { // a new process every minute, each ticking twice
			s := w.newScheduler(&Bot{Store: w.openStore(t), REST: w.Bot.REST, Now: w.Now, Log: w.Bot.Log})
			w.tick(s)
			w.tick(s)
			w.advance(time.Minute)
		}
		if n := len(w.posts(postDaily)); n != 1 {
			t.Fatalf("%d daily posts, want 1", n)
		}
	})
	t.Run("two schedulers", func(t *testing.T) {
		w := newWorld(t, "Asia/Kathmandu", time.Time{})
		w.setNow(w.local(2025, 6, 2, 7, 0))
		other := w.newScheduler(&Bot{Store: w.openStore(t), REST: w.Bot.REST, Now: w.Now, Log: w.Bot.Log})
		for i := 0; i < 5; i++ {
			done := make(chan struct{})
			go func() { defer close(done); other.Tick(w.ctx) }()
			w.tick(w.sched)
			<-done
			w.advance(20 * time.Second)
		}
		if n := len(w.posts(postDaily)); n != 1 {
			t.Fatalf("%d daily posts, want 1", n)
		}
	})
	t.Run("three hours down", func(t *testing.T) {
		w := newWorld(t, "America/New_York", time.Time{})
		w.setNow(w.local(2025, 6, 2, 6, 0))
		w.tick(w.sched)
		w.setNow(w.local(2025, 6, 2, 9, 0)) // down 06:00-09:00
		if n := len(w.posts(postDaily)); n != 0 {
			t.Fatalf("posted before its time")
		}
		for i := 0; i < 5; i++ {
			w.tick(w.sched)
			w.advance(time.Minute)
		}
		if n := len(w.posts(postDaily)); n != 1 {
			t.Fatalf("%d daily posts after downtime, want 1 late post", n)
		}
	})
	t.Run("down past midnight", func(t *testing.T) {
		w := newWorld(t, "America/New_York", time.Time{})
		w.setNow(w.local(2025, 6, 2, 6, 0))
		w.tick(w.sched)
		w.setNow(w.local(2025, 6, 3, 0, 30)) // the whole of 2 June's post time missed
		w.tick(w.sched)
		if n := len(w.posts(postDaily)); n != 0 {
			t.Fatalf("a post for the missed day was sent on the next day")
		}
		w.setNow(w.local(2025, 6, 3, 7, 0))
		w.tick(w.sched)
		got := w.posts(postDaily)
		if len(got) != 1 || !strings.Contains(got[0].Content, "3 June 2025") {
			t.Fatalf("posts after midnight downtime: %d", len(got))
		}
	})
	t.Run("send fails then retries", func(t *testing.T) {
		w := newWorld(t, "UTC", time.Date(2025, 6, 2, 7, 0, 0, 0, time.UTC))
		w.srv.FailNext("POST channels/", 1, 500)
		if err := w.sched.Tick(w.ctx); err == nil {
			t.Fatalf("a failed send was not reported")
		}
		if n := len(w.posts(postDaily)); n != 0 {
			t.Fatalf("posted despite the failure")
		}
		// A second process does not take over the claim; this one retries it.
		other := w.newScheduler(&Bot{Store: w.openStore(t), REST: w.Bot.REST, Now: w.Now, Log: w.Bot.Log})
		w.tick(other)
		w.advance(30 * time.Second)
		w.tick(w.sched)
		w.tick(w.sched)
		if n := len(w.posts(postDaily)); n != 1 {
			t.Fatalf("%d daily posts after a retry, want 1", n)
		}
	})
}

// TestSchedulerNonce: the same post sent twice makes one message, through
// Discord's nonce: a retry after an answer lost once Discord had made the
// message, and a second process taking over the claim of one that sent
// and died before recording it.
func TestSchedulerNonce(t *testing.T) {
	t.Run("answer lost, then retried", func(t *testing.T) {
		w := newWorld(t, "UTC", time.Date(2025, 6, 2, 7, 0, 0, 0, time.UTC))
		w.srv.LoseNext("POST channels/", 1, 500)
		if err := w.sched.Tick(w.ctx); err == nil {
			t.Fatal("the lost answer was not reported")
		}
		w.advance(30 * time.Second)
		w.tick(w.sched)
		if n := len(w.srv.Messages(w.channel)); n != 1 {
			t.Fatalf("%d messages after the retry, want 1", n)
		}
		var nonces []string
		for _, p := range w.srv.Payloads() {
			if p.Route == "POST channels/"+w.channel+"/messages" {
				if !p.Data.EnforceNonce || p.Data.Nonce == "" || len(p.Data.Nonce) > 25 {
					t.Errorf("post sent with nonce %q, enforce %v", p.Data.Nonce, p.Data.EnforceNonce)
				}
				nonces = append(nonces, p.Data.Nonce)
			}
		}
		if len(nonces) != 2 || nonces[0] != nonces[1] {
			t.Errorf("nonces of the two sends: %q", nonces)
		}
	})
	t.Run("sender died, another process takes over", func(t *testing.T) {
		w := newWorld(t, "UTC", time.Date(2025, 6, 2, 7, 0, 0, 0, time.UTC))
		w.srv.LoseNext("POST channels/", 1, 500)
		_ = w.sched.Tick(w.ctx) // sent, never recorded; this process is gone
		other := w.newScheduler(&Bot{Store: w.openStore(t), REST: w.Bot.REST, Now: w.Now, Log: w.Bot.Log})
		w.advance(DefaultPostLease + time.Second)
		w.tick(other)
		if n := len(w.srv.Messages(w.channel)); n != 1 {
			t.Fatalf("%d messages after the takeover, want 1", n)
		}
		p, err := other.Bot.Store.GetPost(w.ctx, w.guild, postDaily, "2025-06-02")
		if err != nil || p.MessageID != w.srv.Messages(w.channel)[0].ID {
			t.Errorf("recorded post %+v (%v), want the first message", p, err)
		}
	})
}

// TestSchedulerReclaimsUnsentClaim: a process that claimed the daily post
// and died before sending it leaves a claim without a message. A restarted
// process waits out the claim's lease, then sends the post late the same
// day, once, even with two processes racing to take the claim over.
func TestSchedulerReclaimsUnsentClaim(t *testing.T) {
	for _, racers := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d schedulers", racers), func(t *testing.T) {
			w := newWorld(t, "Europe/Berlin", time.Time{})
			w.setNow(w.local(2025, 6, 2, 7, 0))
			key := clubbot.DayOf(w.Now(), time.UTC).String() // 2 June in Berlin and UTC alike
			dead := w.openStore(t)
			if ok, err := dead.ClaimPost(w.ctx, w.guild, postDaily, key); !ok || err != nil {
				t.Fatalf("claim: %v %v", ok, err)
			}
			dead.Close() // crashed before sending
			var scheds []*Scheduler
			for range racers {
				scheds = append(scheds, w.newScheduler(&Bot{Store: w.openStore(t), REST: w.Bot.REST, Now: w.Now, Log: w.Bot.Log}))
			}
			tickAll := func() {
				done := make(chan struct{}, len(scheds))
				for _, s := range scheds {
					go func() {
						defer func() { done <- struct{}{} }()
						if err := s.Tick(w.ctx); err != nil {
							t.Errorf("tick: %v", err)
						}
					}()
				}
				for range scheds {
					<-done
				}
			}
			// Within the lease the claim is the dead process's.
			for range 5 {
				w.advance(20 * time.Second)
				tickAll()
			}
			if n := len(w.posts(postDaily)); n != 0 {
				t.Fatalf("%d daily posts within the lease, want 0", n)
			}
			// After it, one late post, and no more on later ticks.
			for range 10 {
				w.advance(20 * time.Second)
				tickAll()
			}
			got := w.posts(postDaily)
			if len(got) != 1 || !strings.Contains(got[0].Content, "2 June 2025") {
				t.Fatalf("%d daily posts after the lease, want 1 for 2 June", len(got))
			}
			p, err := w.Store.GetPost(w.ctx, w.guild, postDaily, key)
			if err != nil || p.MessageID != got[0].ID {
				t.Fatalf("stored post %+v %v, want message %s", p, err, got[0].ID)
			}
		})
	}
}

// TestSchedulerDST: posts at a time skipped or repeated by a DST change go
// out once, at the first valid instant.
func TestSchedulerDST(t *testing.T) {
	tests := []struct {
		zone    string
		checkin string
		from    time.Time // UTC, a few hours before
		want    time.Time // UTC instant of the post
	}{
		// New York springs forward at 02:00 on 9 March: 02:30 does not exist.
		{"America/New_York", "02:30", time.Date(2025, 3, 9, 5, 0, 0, 0, time.UTC), time.Date(2025, 3, 9, 7, 0, 0, 0, time.UTC)},
		// It falls back at 02:00 on 2 November: 01:30 happens twice; the first is 05:30 UTC.
		{"America/New_York", "01:30", time.Date(2025, 11, 2, 3, 0, 0, 0, time.UTC), time.Date(2025, 11, 2, 5, 30, 0, 0, time.UTC)},
		// Lord Howe moves by half an hour: 02:00 -> 02:30 on 5 October (02:15 skipped)...
		{"Australia/Lord_Howe", "02:15", time.Date(2025, 10, 4, 13, 0, 0, 0, time.UTC), time.Date(2025, 10, 4, 15, 30, 0, 0, time.UTC)},
		// ...and 02:00 -> 01:30 on 6 April (01:45 twice; the first is 14:45 UTC the day before).
		{"Australia/Lord_Howe", "01:45", time.Date(2025, 4, 5, 12, 0, 0, 0, time.UTC), time.Date(2025, 4, 5, 14, 45, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.zone+" "+tt.checkin, func(t *testing.T) {
			w := newWorld(t, tt.zone, tt.from)
			st, _ := w.Store.Settings(w.ctx, w.guild)
			st.CheckinTime, _ = clubbot.ParseClock(tt.checkin)
			st.ReminderTime, _ = clubbot.ParseClock("23:59")
			if err := w.Store.SaveSettings(w.ctx, st); err != nil {
				t.Fatal(err)
			}
			// The first tick sends the day before's post, late (its day is
			// not over); only posts after that count.
			w.tick(w.sched)
			base := len(w.posts(postDaily))
			var at []time.Time
			for now := tt.from; now.Before(tt.from.Add(6 * time.Hour)); now = now.Add(time.Minute) {
				w.setNow(now)
				w.tick(w.sched)
				if n := len(w.posts(postDaily)) - base; n > len(at) {
					at = append(at, now)
				}
			}
			if len(at) != 1 || !at[0].Equal(tt.want) {
				t.Fatalf("daily posts at %v, want one at %s", at, tt.want)
			}
		})
	}
}

// TestTouchCoalesces: a burst of check-ins becomes a few edits, the last
// showing the full count.
func TestTouchCoalesces(t *testing.T) {
	w := newWorld(t, "UTC", time.Date(2025, 6, 2, 7, 0, 0, 0, time.UTC))
	w.sched.EditDelay = 200 * time.Millisecond
	w.tick(w.sched)
	post := w.posts(postDaily)[0]
	for i := 0; i < 30; i++ {
		w.checkIn(fmt.Sprintf("%d", 100+i), 10)
		w.sched.Touch(w.guild)
	}
	w.sched.WaitEdits()
	got := w.posts(postDaily)[0]
	if !strings.Contains(got.Content, "✅ 30 checked in") {
		t.Fatalf("daily post after 30 check-ins:\n%s", got.Content)
	}
	if got.Edits < 1 || got.Edits > 3 {
		t.Fatalf("%d edits for a burst of 30 check-ins, want 1-3", got.Edits)
	}
	if got.ID != post.ID {
		t.Fatalf("a new message instead of an edit")
	}
	// After a restart the post is found in the database.
	fresh := w.newScheduler(&Bot{Store: w.openStore(t), REST: w.Bot.REST, Now: w.Now, Log: w.Bot.Log})
	w.checkIn("200", 10)
	if err := fresh.UpdateCount(w.ctx, w.guild); err != nil {
		t.Fatalf("update after restart: %v", err)
	}
	if got := w.posts(postDaily)[0]; !strings.Contains(got.Content, "✅ 31 checked in") {
		t.Fatalf("after restart:\n%s", got.Content)
	}
}

// TestReminders: only opted-in challenge members without a check-in today get
// one reminder each, mentioning only them; the channel is the fallback when
// their DMs fail.
func TestReminders(t *testing.T) {
	w := newWorld(t, "UTC", time.Date(2025, 6, 2, 19, 0, 0, 0, time.UTC), "alice", "bob", "carol", "dave", "erin")
	ctx, db := w.ctx, w.Store
	day := clubbot.DayFromDate(2025, 6, 2)
	c, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: w.guild, Name: "Feet", Start: day, Days: 5, DailyMinutes: 10, CreatedBy: w.id("alice"), CreatedAt: w.Now()})
	if err != nil {
		t.Fatal(err)
	}
	// alice: in, opted in, checked in. bob: in, opted in -> reminded.
	// carol: in, not opted in. dave: opted in, not in. erin: in, opted in -> reminded.
	for n, opts := range map[string]struct{ in, remind bool }{
		"alice": {true, true}, "bob": {true, true}, "carol": {true, false}, "dave": {false, true}, "erin": {true, true},
	} {
		if err := db.SaveMember(ctx, clubbot.Member{GuildID: w.guild, UserID: w.id(n), Reminders: opts.remind}); err != nil {
			t.Fatal(err)
		}
		if opts.in {
			if _, err := db.JoinChallenge(ctx, c.ID, w.id(n), day); err != nil {
				t.Fatal(err)
			}
		}
	}
	w.checkIn(w.id("alice"), 10)
	w.tick(w.sched) // 19:00: not yet
	if len(w.srv.DMs(w.id("bob"))) != 0 {
		t.Fatalf("reminded before reminder time")
	}
	w.setNow(time.Date(2025, 6, 2, 20, 0, 0, 0, time.UTC))
	for i := 0; i < 4; i++ {
		w.tick(w.sched)
		w.advance(10 * time.Minute)
	}
	for _, n := range []string{"bob", "erin"} {
		dms := w.srv.DMs(w.id(n))
		if len(dms) != 1 {
			t.Fatalf("%s got %d reminders, want 1", n, len(dms))
		}
		if am := dms[0].AllowedMentions; am == nil || len(am.Parse) != 0 || len(am.Users) != 1 || am.Users[0] != w.id(n) {
			t.Errorf("%s's reminder mentions %+v", n, am)
		}
	}
	for _, n := range []string{"alice", "carol", "dave"} {
		if dms := w.srv.DMs(w.id(n)); len(dms) != 0 {
			t.Errorf("%s got %d reminders", n, len(dms))
		}
	}
	if n := len(w.posts("other")); n != 0 { // the daily post and the challenge's start only
		t.Errorf("%d reminders in the channel, want none", n)
	}

	// Next day, the DM fails with a 500: no public ping in its place; the
	// reminder is retried by DM on a later tick.
	w.setNow(time.Date(2025, 6, 3, 20, 0, 0, 0, time.UTC))
	w.checkIn(w.id("alice"), 10)
	w.checkIn(w.id("erin"), 10)
	w.srv.FailNext("POST channels/"+w.srv.DMs(w.id("bob"))[0].ChannelID+"/messages", 1, 500)
	if err := w.sched.Tick(w.ctx); err == nil {
		t.Errorf("tick with a failing DM: no error")
	}
	if n := len(w.posts("other")); n != 0 {
		t.Fatalf("a failed DM became %d channel message(s)", n)
	}
	w.tick(w.sched)
	if n := len(w.srv.DMs(w.id("bob"))); n != 2 {
		t.Errorf("bob has %d DMs after the retry, want 2", n)
	}
	if n := len(w.posts("other")); n != 0 {
		t.Errorf("%d channel reminders after a retried DM, want none", n)
	}

	// The day after, bob's DMs are closed (Discord's 50007): the reminder
	// goes to the channel, mentioning only bob.
	w.setNow(time.Date(2025, 6, 4, 20, 0, 0, 0, time.UTC))
	w.checkIn(w.id("alice"), 10)
	w.checkIn(w.id("erin"), 10)
	w.srv.CloseDMs(w.id("bob"))
	w.tick(w.sched)
	w.tick(w.sched)
	reminders := w.posts("other")
	if len(reminders) != 1 || !strings.HasPrefix(reminders[0].Content, "<@"+w.id("bob")+">") {
		t.Fatalf("channel reminders: %d %v", len(reminders), reminders)
	}
	if am := reminders[0].AllowedMentions; am == nil || len(am.Users) != 1 || am.Users[0] != w.id("bob") || len(am.Parse) != 0 {
		t.Errorf("channel reminder mentions %+v", am)
	}
	if n := len(w.srv.DMs(w.id("bob"))); n != 2 {
		t.Errorf("bob has %d DMs after the channel fallback, want still 2", n)
	}
	if n := w.srv.Requests("POST users/@me/channels"); n != 2 {
		t.Errorf("DM channels opened %d times, want 2: bob's and erin's once each (cached)", n)
	}
}

// TestSchedulerLease: Scheduler.Lease sets how long a dead process's claim
// holds off the others. With a 10 s lease, a claim whose holder sent the
// post and died before recording it is left alone 5 s later and taken over
// after 11 s; the takeover's send repeats the nonce, so the one message is
// recorded and no second one is made.
func TestSchedulerLease(t *testing.T) {
	w := newWorld(t, "UTC", time.Date(2025, 6, 2, 7, 0, 0, 0, time.UTC))
	w.srv.LoseNext("POST channels/", 1, 500)
	_ = w.sched.Tick(w.ctx) // sent, never recorded; this process is gone
	other := w.newScheduler(&Bot{Store: w.openStore(t), REST: w.Bot.REST, Now: w.Now, Log: w.Bot.Log})
	other.Lease = 10 * time.Second
	record := func() string {
		p, err := other.Bot.Store.GetPost(w.ctx, w.guild, postDaily, "2025-06-02")
		if err != nil {
			t.Fatal(err)
		}
		return p.MessageID
	}
	w.advance(5 * time.Second)
	w.tick(other)
	if id := record(); id != "" {
		t.Fatalf("claim taken over within the lease (message %s recorded)", id)
	}
	w.advance(6 * time.Second)
	w.tick(other)
	msgs := w.srv.Messages(w.channel)
	if len(msgs) != 1 {
		t.Fatalf("%d messages after the takeover, want 1", len(msgs))
	}
	if id := record(); id != msgs[0].ID {
		t.Errorf("recorded message %q after the lease, want the first message %s", id, msgs[0].ID)
	}
}
