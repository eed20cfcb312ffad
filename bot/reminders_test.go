package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"clubbot"
)

// TestRemindersOwnZoneAndTime: through the fake Discord, each member is
// reminded at their own reminder time in their own zone, about their own
// day; a member with a streak at stake is reminded without a challenge
// (issue 11: a member in Kathmandu was reminded at 01:45 of their next
// day, judged by the club's day).
func TestRemindersOwnZoneAndTime(t *testing.T) {
	day := clubbot.DayFromDate(2026, 6, 2)
	w := newWorld(t, "Europe/London", time.Date(2026, 6, 2, 12, 0, 0, 0, time.UTC), "alice", "ann", "bob", "cat", "dan")
	ctx, db := w.ctx, w.Store
	c, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: w.guild, Name: "Feet", Start: day, Days: 5, DailyMinutes: 10,
		CreatedBy: w.id("alice"), CreatedAt: w.Now()})
	if err != nil {
		t.Fatal(err)
	}
	members := []clubbot.Member{
		{UserID: w.id("ann"), TimeZone: "Asia/Kathmandu", Reminders: true},                      // challenge, her 20:00
		{UserID: w.id("bob"), Reminders: true, ReminderTime: 21*60 + 30, OwnReminderTime: true}, // challenge, 21:30
		{UserID: w.id("cat"), Reminders: true},                                                  // no challenge, a 3-day streak at stake
		{UserID: w.id("dan"), Reminders: true},                                                  // no challenge, a 1-day streak
	}
	for _, m := range members {
		m.GuildID = w.guild
		if err := db.SaveMember(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"ann", "bob"} {
		if _, err := db.JoinChallenge(ctx, c.ID, w.id(n), day); err != nil {
			t.Fatal(err)
		}
	}
	checkInOn := func(name string, d clubbot.Day) {
		t.Helper()
		if _, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: w.guild, UserID: w.id(name), EnteredBy: w.id(name),
			Day: d, Minutes: 10, InteractionID: "r" + w.nextID()}, d); err != nil {
			t.Fatal(err)
		}
	}
	for d := day - 3; d < day; d++ {
		checkInOn("cat", d)
	}
	checkInOn("dan", day-1)

	dms := func() map[string]int {
		out := map[string]int{}
		for _, n := range []string{"ann", "bob", "cat", "dan"} {
			out[n] = len(w.srv.DMs(w.id(n)))
		}
		return out
	}
	steps := []struct {
		at   time.Time
		want map[string]int
	}{
		{time.Date(2026, 6, 2, 14, 14, 0, 0, time.UTC), map[string]int{}},                  // Kathmandu 19:59
		{time.Date(2026, 6, 2, 14, 15, 0, 0, time.UTC), map[string]int{"ann": 1}},          // Kathmandu 20:00
		{time.Date(2026, 6, 2, 19, 0, 0, 0, time.UTC), map[string]int{"ann": 1, "cat": 1}}, // London 20:00: Kathmandu is on its next day
		{time.Date(2026, 6, 2, 20, 29, 0, 0, time.UTC), map[string]int{"ann": 1, "cat": 1}},
		{time.Date(2026, 6, 2, 20, 30, 0, 0, time.UTC), map[string]int{"ann": 1, "bob": 1, "cat": 1}}, // bob's own 21:30
		{time.Date(2026, 6, 2, 22, 50, 0, 0, time.UTC), map[string]int{"ann": 1, "bob": 1, "cat": 1}}, // once a day each
	}
	for _, s := range steps {
		w.setNow(s.at)
		w.tick(w.sched)
		w.tick(w.sched)
		got := dms()
		for _, n := range []string{"ann", "bob", "cat", "dan"} {
			if got[n] != s.want[n] {
				t.Errorf("at %s: %s has %d reminders, want %d", s.at.Format(time.RFC3339), n, got[n], s.want[n])
			}
		}
	}
	// Ann's next day: she checks in on it in the afternoon, so her 20:00
	// brings nothing; bob, who has not, is reminded at his 21:30.
	w.setNow(time.Date(2026, 6, 3, 10, 0, 0, 0, time.UTC))
	checkInOn("ann", day+1)
	for _, at := range []time.Time{time.Date(2026, 6, 3, 14, 15, 0, 0, time.UTC), time.Date(2026, 6, 3, 20, 30, 0, 0, time.UTC)} {
		w.setNow(at)
		w.tick(w.sched)
	}
	if got := dms(); got["ann"] != 1 || got["bob"] != 2 {
		t.Errorf("next day: ann %d, bob %d reminders; want 1 and 2", got["ann"], got["bob"])
	}
	if n := len(w.posts("other")); n != 0 {
		t.Errorf("%d reminders in the channel, want none", n)
	}
}

// TestDMChannelsBounded: the DM channel cache never holds more than
// maxDMChannels ids, and forgets one on request.
func TestDMChannelsBounded(t *testing.T) {
	var c dmChannels
	for n := range maxDMChannels + 50 {
		c.put(fmt.Sprint(n), fmt.Sprint("ch", n))
	}
	if len(c.ids) != maxDMChannels {
		t.Errorf("cache holds %d, want %d", len(c.ids), maxDMChannels)
	}
	last := fmt.Sprint(maxDMChannels + 49)
	if id, ok := c.get(last); !ok || id != "ch"+last {
		t.Errorf("newest entry %q %v", id, ok)
	}
	c.forget(last)
	if _, ok := c.get(last); ok {
		t.Error("forgotten entry still cached")
	}
}

// TestReminderRateLimitedDMStaysPrivate: a reminder DM answered with 429 is
// waited out and sent as a DM, never turned into a channel ping (issue 9).
func TestReminderRateLimitedDMStaysPrivate(t *testing.T) {
	day := clubbot.DayFromDate(2025, 6, 2)
	w := newWorld(t, "UTC", time.Date(2025, 6, 2, 7, 0, 0, 0, time.UTC), "alice", "bob")
	ctx, db := w.ctx, w.Store
	c, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: w.guild, Name: "Feet", Start: day, Days: 5, DailyMinutes: 10,
		CreatedBy: w.id("alice"), CreatedAt: w.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveMember(ctx, clubbot.Member{GuildID: w.guild, UserID: w.id("bob"), Reminders: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.JoinChallenge(ctx, c.ID, w.id("bob"), day); err != nil {
		t.Fatal(err)
	}
	w.tick(w.sched) // 07:00: the day's posts
	dm, err := w.Bot.REST.UserChannelCreate(w.id("bob"))
	if err != nil {
		t.Fatal(err)
	}
	w.srv.RateLimitNext("POST channels/"+dm.ID+"/messages", 1, 50*time.Millisecond)
	w.setNow(time.Date(2025, 6, 2, 20, 0, 0, 0, time.UTC))
	w.tick(w.sched)
	w.tick(w.sched)
	if n := len(w.srv.DMs(w.id("bob"))); n != 1 {
		t.Errorf("bob got %d reminder DMs after a 429, want 1", n)
	}
	if n := len(w.posts("other")); n != 0 {
		t.Errorf("a rate-limited DM became %d channel message(s)", n)
	}
	if n := w.srv.Requests("POST channels/" + dm.ID + "/messages"); n != 2 {
		t.Errorf("%d DM sends, want 2 (the 429 and its retry)", n)
	}
}

// TestReminderStakesAndBreaks: through the fake Discord, a reminder names
// the streak at stake and the freezes left (clubbot.ReminderText), and a
// member on a planned break gets none (SPEC 4, 6).
func TestReminderStakesAndBreaks(t *testing.T) {
	day := clubbot.DayFromDate(2026, 6, 10)
	w := newWorld(t, "UTC", time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC), "alice", "ann", "bob")
	ctx, db := w.ctx, w.Store
	for _, n := range []string{"ann", "bob"} {
		if err := db.SaveMember(ctx, clubbot.Member{GuildID: w.guild, UserID: w.id(n), Reminders: true}); err != nil {
			t.Fatal(err)
		}
		// Eight days up to yesterday: a freeze held, an 8-day streak at stake.
		for d := day - 8; d < day; d++ {
			if _, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: w.guild, UserID: w.id(n), EnteredBy: w.id(n),
				Day: d, Minutes: 10, InteractionID: "r" + w.nextID()}, d); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Bob planned today off yesterday.
	if err := db.PlanBreak(ctx, w.guild, w.id("bob"), clubbot.Break{From: day, To: day + 2, Reason: "trip"}, day-1); err != nil {
		t.Fatal(err)
	}
	w.setNow(time.Date(2026, 6, 10, 20, 0, 0, 0, time.UTC))
	w.tick(w.sched)
	w.tick(w.sched)
	ann := w.srv.DMs(w.id("ann"))
	if len(ann) != 1 || !strings.Contains(ann[0].Content, "Your 8-day streak is at stake") || !strings.Contains(ann[0].Content, "(1 left)") {
		t.Fatalf("ann's reminders: %+v", ann)
	}
	if n := len(w.srv.DMs(w.id("bob"))); n != 0 {
		t.Errorf("bob on a break got %d reminders", n)
	}
}
